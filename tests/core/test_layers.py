"""The layers, checked on the source: the core imports no stage, and no stage imports another.

Stages (``crawlers``, ``extract``, ``annotate``, ``analysis``) talk to each other only through the
store. Inside the ``paperscope`` package only the app layer - the CLI, the Python API, the pipeline
and the demo, which drive the stages - may import them; every other core module (records, store, settings,
errors, status, export, ...) imports none.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STAGES = ("crawlers", "extract", "annotate", "analysis")
APP_LAYER = (
    "paperscope.cli",
    "paperscope.api",
    "paperscope.pipeline",
    "paperscope.pipeline_commands",
    "paperscope.demo",
)


def imports(path: Path) -> set[str]:
    """Absolute module names ``path`` imports (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> dict[str, Path]:
    return {".".join(p.relative_to(REPO).with_suffix("").parts): p for p in (REPO / package).rglob("*.py")}


def test_no_stage_imports_another_stage() -> None:
    crossings = [
        f"{mod} -> {name}"
        for stage in STAGES
        for mod, path in modules(stage).items()
        for name in imports(path)
        if name.split(".")[0] in STAGES and name.split(".")[0] != stage
    ]
    assert crossings == []


def test_the_core_imports_no_stage_outside_the_app_layer() -> None:
    core = {m: p for m, p in modules("paperscope").items() if not m.startswith(APP_LAYER)}
    assert "paperscope.store.sqlite" in core
    crossings = [
        f"{mod} -> {name}"
        for mod, path in core.items()
        for name in imports(path)
        if name.split(".")[0] in STAGES
    ]
    assert crossings == []
