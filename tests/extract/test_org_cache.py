"""The organisation index cache: same index as a fresh build, rebuilt on change, never fatal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.affiliations.orgs.cache import cached_org_index, index_key
from extract.affiliations.orgs.loader import load_org_index
from paperscope.settings import DATA_DIR

ORGS = DATA_DIR / "orgs"


@pytest.fixture(scope="module")
def fresh() -> object:
    return load_org_index(ORGS)


def test_cached_index_equals_a_fresh_build_and_is_read_back(tmp_path: Path, fresh: object) -> None:
    first = cached_org_index(ORGS, tmp_path)
    files = list(tmp_path.glob("org_index-*.pickle"))
    assert len(files) == 1
    assert first == fresh
    files[0].touch()
    assert cached_org_index(ORGS, tmp_path) == fresh


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path, fresh: object) -> None:
    (tmp_path / f"org_index-{index_key(ORGS)}.pickle").write_bytes(b"\x80\x05not a pickle")
    assert cached_org_index(ORGS, tmp_path) == fresh
    assert cached_org_index(ORGS, tmp_path) == fresh  # the rebuilt file reads back


def test_an_unwritable_cache_folder_still_gives_the_index(tmp_path: Path, fresh: object) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    assert cached_org_index(ORGS, blocked / "cache") == fresh


def test_the_key_changes_when_a_data_file_changes(tmp_path: Path) -> None:
    copy = tmp_path / "orgs"
    shutil.copytree(ORGS, copy)
    before = index_key(copy)
    with (copy / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert index_key(copy) != before


def test_a_new_cache_file_replaces_those_of_older_keys(tmp_path: Path, fresh: object) -> None:
    stale = tmp_path / "org_index-0000.pickle"
    stale.write_bytes(b"from an older data release")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("kept")
    assert cached_org_index(ORGS, tmp_path) == fresh
    assert [p.name for p in tmp_path.glob("org_index-*.pickle")] == [f"org_index-{index_key(ORGS)}.pickle"]
    assert unrelated.read_text() == "kept"


def test_the_cached_tables_give_the_organisations_the_builder_made(fresh: object) -> None:
    from extract.affiliations.orgs.table import OrgIndex

    assert isinstance(fresh, OrgIndex)
    google = fresh.names.get("google")
    assert google is not None
    assert google.kind == "exact"
    assert google.curated
    org = fresh.orgs[google.at]
    assert (org.name, org.org_type) == ("Google", "industry")
    assert fresh.by_id(org.id) == org
    assert fresh.names.get("no such organisation anywhere") is None
    assert "google" in fresh.names
    assert len(fresh.names) > 100_000
