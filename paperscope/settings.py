"""One Settings object, built by the CLI from options and the environment, and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
_PACKAGED_DATA = Path(__file__).resolve().parent / "data"  # where the wheel puts data/
# curated reference data shipped with paperscope: inside the installed package, else the checkout's
DATA_DIR = _PACKAGED_DATA if _PACKAGED_DATA.is_dir() else REPO_ROOT / "data"


DEMO_MARKER = ".paperscope-demo"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where paperscope keeps its working data and how it reaches Label Studio.

    ``work_dir`` holds the store (``paperscope.sqlite``), the PDF store (``pdfs/``), reports and
    Label Studio's data; it defaults to ``./paperscope-data`` or ``$PAPERSCOPE_HOME``.
    """

    work_dir: Path
    ls_url: str = "http://127.0.0.1:8080"
    ls_api_key: str | None = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        """The curated reference data (chip specs, lexicons, organisations) this installation ships."""
        return DATA_DIR

    @property
    def store_path(self) -> Path:
        """The SQLite store file."""
        return self.work_dir / "paperscope.sqlite"

    @property
    def pdf_dir(self) -> Path:
        """The content-addressed PDF store."""
        return self.work_dir / "pdfs"

    @property
    def demo_marker(self) -> Path:
        """The file ``paperscope demo`` leaves in a home it made: the store holds generated papers."""
        return self.work_dir / DEMO_MARKER

    @property
    def extract_marker(self) -> Path:
        """The marker of a running ``paperscope extract`` on this home (pid and start time)."""
        return self.work_dir / "extract.running"

    @property
    def report_dir(self) -> Path:
        """Where reports, figures and exported tables are written."""
        return self.work_dir / "report"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, work_dir: Path | None = None) -> Settings:
        """Build settings from ``env`` (default: the process environment) and an optional override."""
        env = os.environ if env is None else env
        home = work_dir or Path(env.get("PAPERSCOPE_HOME", "paperscope-data"))
        return cls(
            work_dir=home,
            ls_url=env.get("PAPERSCOPE_LS_URL", "http://127.0.0.1:8080"),
            ls_api_key=env.get("PAPERSCOPE_LS_API_KEY") or None,
        )
