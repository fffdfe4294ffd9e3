"""The derived organisation tables: name clean-up, and byte-identical rebuilds from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.affiliations.reference_tables import _names, build
from paperscope.settings import DATA_DIR


def test_country_suffix_moves_to_the_aliases_and_other_scripts_are_dropped() -> None:
    name, aliases = _names("Google (United States)", ["Google Research", "グーグル", "Googleplex"])
    assert name == "Google"
    assert aliases == ["Google (United States)", "Google Research", "Googleplex"]


@pytest.mark.shared
@pytest.mark.slow
def test_committed_tables_rebuild_byte_for_byte(shared_dir: Path, tmp_path: Path) -> None:
    counts = build(shared_dir / "reference", tmp_path)
    assert counts["ror_orgs.csv.gz"] > 100_000
    for name in counts:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / "orgs" / name).read_bytes(), name
