"""Options every CLI command shares.

Kept apart from :mod:`paperscope.cli` so that a stage's ``commands`` module can be imported on its
own: the CLI imports the stages, never the other way round.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from paperscope.settings import Settings

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Working folder: store, PDFs, reports (default: $PAPERSCOPE_HOME or ./paperscope-data).",
        envvar="PAPERSCOPE_HOME",
        show_default=False,
    ),
]


def settings_for(home: Path | None) -> Settings:
    """Build the one Settings object for a command from its ``--home`` option and the environment."""
    from paperscope.settings import Settings

    return Settings.from_env(work_dir=home)
