"""The ICML year <-> PMLR volume table, kept as data (``data/venues/pmlr_volumes.csv``, sources there)."""

from __future__ import annotations

import csv
from pathlib import Path

from paperscope.errors import InputError
from paperscope.settings import DATA_DIR

TABLE = DATA_DIR / "venues" / "pmlr_volumes.csv"


def icml_volumes(path: Path = TABLE) -> dict[int, int]:
    """ICML year -> PMLR volume number, as the table lists them."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {int(row["year"]): int(row["volume"]) for row in csv.DictReader(fh) if row["venue"] == "icml"}


def volumes_for(years: tuple[int, ...], path: Path = TABLE) -> dict[int, int]:
    """The volume of each year asked for; InputError names the years PMLR does not hold."""
    table = icml_volumes(path)
    missing = [y for y in years if y not in table]
    if missing:
        span = f"{min(table)}-{max(table)}"
        raise InputError(
            f"ICML {', '.join(map(str, missing))}: not in the PMLR volume table ({span}; {path.name})"
        )
    return {y: table[y] for y in years}
