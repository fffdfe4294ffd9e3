"""The derived organisation tables: name clean-up, and byte-identical rebuilds from ../shared."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from extract.affiliations.orgs.reference_tables import _names, build, ror_rows
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


def _gz_csv(path: Path, header: list[str], *rows: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])


def test_a_2021_name_matched_only_to_a_referenced_id_is_kept_with_that_id(tmp_path: Path) -> None:
    # organisations unchanged since 2022 have no full record: their 2021 row is all there is
    full = ["ror_id", "name", "aliases", "labels", "acronyms", "types", "country_code", "domains",
            "website_host", "parent_ids", "status"]  # fmt: skip
    _gz_csv(tmp_path / "organizations.csv.gz", full,
            ["01aaaaa01", "Stanford University", "", "", "", "education", "US", "stanford.edu", "", "", "active"])  # fmt: skip
    _gz_csv(tmp_path / "ror_2021_names_types.csv.gz", ["name", "country_code", "types", "matched_ror_id"],
            ["Stanford University", "US", "education", "01aaaaa01"],
            ["University of Antwerp", "BE", "education", "008x57b05"],
            ["Small Clinic", "BE", "healthcare", ""])  # fmt: skip
    rows = {r["name"]: r for r in ror_rows(tmp_path)}
    assert sorted(rows) == ["Small Clinic", "Stanford University", "University of Antwerp"]
    assert rows["Stanford University"]["source"] == "ror-v2.9"  # once, from its full record
    assert (rows["University of Antwerp"]["id"], rows["University of Antwerp"]["source"]) == (
        "008x57b05",
        "ror-2021",
    )
    assert rows["Small Clinic"]["id"] == ""
