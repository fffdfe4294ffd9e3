"""paperscope: ML proceedings to verified, evidence-backed data on who does compute-heavy research."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Workspace", "__version__", "open_workspace"]

if TYPE_CHECKING:
    from paperscope.workspace import Workspace, open_workspace


def __getattr__(name: str) -> Any:
    """``open_workspace`` and ``Workspace``, imported on first use (the CLI starts without them)."""
    if name in {"open_workspace", "Workspace"}:
        from paperscope import workspace

        return getattr(workspace, name)
    raise AttributeError(f"module 'paperscope' has no attribute {name!r}")
