"""Suite-wide fixtures: where ../shared is, and skipping tests that need what is absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()
LS_BIN = REPO_ROOT / ".venv-ls" / "bin" / "label-studio"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `shared`, `labelstudio` and `browser` tests cleanly when what they need is absent."""
    missing = {
        "shared": None if (SHARED_DIR / "corpus").is_dir() else f"{SHARED_DIR} is absent",
        "labelstudio": None if LS_BIN.exists() else "Label Studio is not installed in .venv-ls",
        "browser": None if Path(CHROMIUM).exists() else "chromium is not installed",
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder beside the checkout (tests using it carry the `shared` marker)."""
    return SHARED_DIR


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save artifacts people look at (screenshots, reports): ./artifacts, git-ignored."""
    path = REPO_ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path
