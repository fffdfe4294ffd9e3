"""One paper across sources: the store's index of source ids (migration 3) and its lookups."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawlers.venue_items import VenuePaperItem
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


# -- the papers pipeline: a listing of a stored paper by another source stays one paper -------------


@pytest.fixture
def pipeline(tmp_path):
    from scrapy.utils.test import get_crawler

    from crawlers.pipelines import PaperPipeline

    crawler = get_crawler(settings_dict={"PAPERSCOPE_HOME": str(tmp_path)})
    crawler.stats = StatsCollector(crawler)
    pipe = PaperPipeline.from_crawler(crawler)
    pipe.open_spider()
    yield pipe
    pipe.close_spider()


def listing(venue: str, local_id: str, url: str, **ids: str) -> VenuePaperItem:
    return VenuePaperItem(venue=venue, year=2024, track="main", local_id=local_id, title="A paper", landing_url=url,
                          pdf_url=url + ".pdf", **ids)  # fmt: skip


PMLR = listing("icml", "smith24a", "https://proceedings.mlr.press/v235/smith24a", pmlr_id="smith24a",
               openreview_id="AbC1")  # fmt: skip
OPENREVIEW = listing("icml", "AbC1", "https://openreview.net/forum?id=AbC1", openreview_id="AbC1",
                     arxiv_id="2401.00001")  # fmt: skip


def test_the_same_paper_from_pmlr_and_openreview_is_one_paper(pipeline):
    assert pipeline.process_item(PMLR) == PMLR
    passed = pipeline.process_item(OPENREVIEW)
    assert passed.key == PMLR.key  # the PDF pipeline works on the stored paper
    assert passed.pdf_url == OPENREVIEW.pdf_url  # with this source's PDF link, should it lack one
    assert pipeline.process_item(OPENREVIEW).key == PMLR.key  # a re-crawl: still one paper
    store = pipeline.store
    assert [p.key for p in store.papers()] == [PMLR.key]
    assert store.get_paper(PMLR.key) == PMLR.to_paper()  # the first source's record is kept
    assert store.key_for_id("key", OPENREVIEW.key) == PMLR.key  # the second source, recorded
    assert store.key_for_id("landing_url", OPENREVIEW.landing_url) == PMLR.key
    assert store.key_for_ids(SourceIds(arxiv_id="2401.00001")) == PMLR.key  # its ids too
    assert pipeline.crawler.stats.get_value("paperscope/second_source") == 2


def test_a_shared_id_across_venues_keeps_two_papers(pipeline, caplog):
    rejected = listing("iclr", "Xy9", "https://openreview.net/forum?id=Xy9", openreview_id="Xy9",
                       arxiv_id="2401.00001")  # fmt: skip
    pipeline.process_item(rejected)
    assert pipeline.process_item(OPENREVIEW).key == OPENREVIEW.key  # resubmitted to ICML: another paper
    assert sorted(p.key for p in pipeline.store.papers()) == sorted([rejected.key, OPENREVIEW.key])
    assert "another venue or year: kept apart" in caplog.text


def test_a_store_that_cannot_be_written_drops_the_item_loudly(pipeline):
    pipeline.store.close()  # as good as a damaged or vanished store
    with pytest.raises(DropItem, match=f"cannot store {PMLR.key}"):
        pipeline.process_item(PMLR)
    pipeline.store = Store.open(pipeline.store.path)  # for the fixture's close


def test_a_repeated_id_on_another_title_keeps_both_papers_and_records_the_clash(pipeline):
    first = listing("neurips", "a1", "https://proceedings.neurips.cc/a1", doi="10.52202/1-0001")
    second = replace(
        listing("neurips", "b2", "https://proceedings.neurips.cc/b2", doi="10.52202/1-0001"),
        title="Another paper altogether",
    )
    pipeline.process_item(first)
    assert pipeline.process_item(second).key == second.key  # not merged into the DOI's holder
    pipeline.process_item(second)  # a re-crawl records the clash once
    store = pipeline.store
    assert sorted(p.key for p in store.papers()) == sorted([first.key, second.key])
    clashes = [tuple(r) for r in store.id_conflicts()]
    assert clashes == [
        ("doi", "10.52202/1-0001", second.key, first.key, "Another paper altogether", "A paper")
    ]
    assert pipeline.crawler.stats.get_value("paperscope/id_conflict") == 1
    assert store.key_for_ids(SourceIds(doi="10.52202/1-0001")) == first.key  # the first holder keeps it


def test_a_shared_id_with_a_title_printed_slightly_differently_is_one_paper(pipeline):
    first = listing("icml", "smith24a", "https://proceedings.mlr.press/v235/smith24a", pmlr_id="smith24a")
    again = replace(
        listing("icml", "AbC1", "https://openreview.net/forum?id=AbC1", pmlr_id="smith24a"), title="A Paper."
    )
    pipeline.process_item(first)
    assert pipeline.process_item(again).key == first.key
    assert pipeline.store.id_conflicts() == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Deep Sets", "Deep sets.", True),
        ("Attention Is All You Need", "Attention is all you need", True),
        ("Generalization in Deep Networks", "Generalisation in Deep Networks", True),
        ("Deep Sets", "Set Transformer", False),
        ("Synthetic paper 2024.1", "Synthetic paper 2024.2", False),
        ("", "Anything", True),
    ],
)
def test_titles_agree_only_when_they_name_one_paper(a, b, same):
    from crawlers.pipelines import titles_agree

    assert titles_agree(a, b) is same


@pytest.mark.parametrize("twin_first", [False, True])
def test_a_withdrawn_twin_is_linked_to_its_paper_in_either_order(pipeline, twin_first):
    paper_item = replace(listing("iclr", "acc1", "https://openreview.net/forum?id=acc1", openreview_id="acc1"),
                         decision="accepted: Accept (Poster)")  # fmt: skip
    twin = replace(listing("iclr", "acc1w", "https://openreview.net/forum?id=acc1w", openreview_id="acc1w"),
                   decision="withdrawn")  # fmt: skip
    if twin_first:
        pipeline.process_item(twin)
        pipeline.process_item(paper_item)
    else:
        pipeline.process_item(paper_item)
        with pytest.raises(DropItem, match="a twin of iclr/2024/main/acc1"):
            pipeline.process_item(twin)
    store = pipeline.store
    assert [p.key for p in store.papers()] == [paper_item.key]
    assert store.key_for_id("key", twin.key) == paper_item.key
    assert store.key_for_ids(SourceIds(openreview_id="acc1w")) == paper_item.key
    assert pipeline.crawler.stats.get_value("paperscope/twin") == 1


def test_a_withdrawn_paper_of_another_title_stays_a_paper(pipeline):
    paper_item = replace(listing("iclr", "acc1", "u1", openreview_id="acc1"), decision="accepted: Poster")
    other = replace(
        listing("iclr", "w2", "u2", openreview_id="w2"), title="Something else", decision="withdrawn"
    )
    pipeline.process_item(paper_item)
    pipeline.process_item(other)
    assert sorted(p.key for p in pipeline.store.papers()) == sorted([paper_item.key, other.key])


@pytest.mark.parametrize("twin_first", [False, True])
def test_a_withdrawn_twin_with_its_papers_pdf_but_another_title_is_linked(pipeline, twin_first):
    digest = "590cfe03e44b84aea41c1961ad767027bc037dc4"  # OpenReview v1 names a PDF by its sha1
    paper_item = replace(listing("iclr", "acc1", "u1", openreview_id="acc1"), decision="accepted: Poster",
                         pdf_digest=digest)  # fmt: skip
    twin = replace(listing("iclr", "w1", "u2", openreview_id="w1"), title="An edited title",
                   decision="withdrawn", pdf_digest=digest)  # fmt: skip
    for item in (twin, paper_item) if twin_first else (paper_item,):
        pipeline.process_item(item)
    if not twin_first:
        with pytest.raises(DropItem, match="a twin of iclr/2024/main/acc1"):
            pipeline.process_item(twin)
    assert [p.key for p in pipeline.store.papers()] == [paper_item.key]
    assert pipeline.store.key_for_id("key", twin.key) == paper_item.key


def test_an_accepted_paper_never_absorbs_another_accepted_paper_with_its_pdf(pipeline):
    # two accepted listings of one PDF are not twins (neither is set aside): both stay
    a = replace(
        listing("iclr", "a1", "u1", openreview_id="a1"), decision="accepted: Poster", pdf_digest="f" * 40
    )
    b = replace(listing("iclr", "b1", "u2", openreview_id="b1"), title="Other", decision="accepted: Poster",
                pdf_digest="f" * 40)  # fmt: skip
    pipeline.process_item(a)
    pipeline.process_item(b)
    assert sorted(p.key for p in pipeline.store.papers()) == sorted([a.key, b.key])
