"""One paper across sources: the store's index of source ids (migration 3) and its lookups."""

from __future__ import annotations

import sqlite3

import pytest

from paperscope.records import Paper, SourceIds
from paperscope.store import SCHEMA_VERSION, Store


def paper(key: str, **ids: str) -> Paper:
    venue, year, track, _ = key.split("/")
    return Paper(
        key=key, venue=venue, year=int(year), track=track, title=f"Paper {key}", ids=SourceIds(**ids)
    )


def test_a_stored_papers_source_ids_find_it(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(
            paper("icml/2024/main/smith24a", pmlr_id="smith24a", openreview_id="AbC1", doi="10.1/X")
        )
        key = "icml/2024/main/smith24a"
        assert store.key_for_ids(SourceIds(openreview_id="AbC1")) == key
        assert store.key_for_ids(SourceIds(pmlr_id="smith24a")) == key
        assert store.key_for_ids(SourceIds(doi="10.1/x")) == key  # DOIs are case-insensitive
        assert store.key_for_ids(SourceIds(openreview_id="other", arxiv_id="2401.00001")) is None
        assert store.key_for_ids(SourceIds()) is None


def test_ids_added_by_a_later_update_are_found_and_the_first_holder_keeps_an_id(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(paper("iclr/2024/main/a1"))
        store.upsert_paper(paper("iclr/2024/main/a1", arxiv_id="2401.00001"))
        store.upsert_paper(paper("icml/2024/main/b24a", arxiv_id="2401.00001"))
        assert store.key_for_ids(SourceIds(arxiv_id="2401.00001")) == "iclr/2024/main/a1"


def test_a_proceedings_hash_is_not_an_identity_across_sources(tmp_path):
    # NeurIPS 2021 reuses a hash for different papers on the main and the D&B host
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(paper("neurips/2021/main/" + "a" * 32, proceedings_hash="a" * 32))
        assert store.key_for_ids(SourceIds(proceedings_hash="a" * 32)) is None


def test_another_sources_key_and_landing_page_point_to_the_paper(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(paper("icml/2024/main/smith24a"))
        store.add_paper_ids("icml/2024/main/smith24a", [("key", "icml/2024/main/AbC1"), ("landing_url", "u")])
        store.add_paper_ids("icml/2024/main/smith24a", [("key", "icml/2024/main/AbC1")])  # idempotent
        assert store.key_for_id("key", "icml/2024/main/AbC1") == "icml/2024/main/smith24a"
        assert store.key_for_id("landing_url", "u") == "icml/2024/main/smith24a"
        with pytest.raises(sqlite3.IntegrityError):
            store.add_paper_ids("icml/2024/main/smith24a", [("title", "x")])  # not a kind of identity
        with pytest.raises(sqlite3.IntegrityError):
            store.add_paper_ids("icml/2024/main/missing", [("key", "y")])  # only stored papers


def test_the_migration_indexes_the_ids_of_papers_stored_before_it(tmp_path):
    path = tmp_path / "old.sqlite"
    with Store.open(path, migrate_to=SCHEMA_VERSION - 1) as old:
        old.upsert_paper(paper("neurips/2024/main/" + "b" * 32, doi="10.52202/079017-0001"))
        old.upsert_paper(paper("neurips/2024/datasets/" + "c" * 32, doi="10.52202/079017-0001"))  # a twin
    with Store.open(path) as store:
        assert store.key_for_ids(SourceIds(doi="10.52202/079017-0001")) == "neurips/2024/main/" + "b" * 32
