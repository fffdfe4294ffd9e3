"""A crawl joins the papers an imported paper list created: by source id, else by title in the venue
and year - one paper, not two - and the paper's labels and verifications stay as they were."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler
from typer.testing import CliRunner

from crawlers.items import AuthorItem, PaperItem
from crawlers.pipelines import PaperPipeline
from crawlers.venue_items import VenuePaperItem
from paperscope.cli import app
from paperscope.records import SourceIds
from tests.core.factories import verification

TITLE = "Deep Widgets for Dense Gadgets"
HASH = "8b16ebc056e613024c057be590b542eb"


def import_list(home: Path, name: str, entries: list[dict[str, str]]) -> None:
    """``paperscope import paperlists`` of a small file shaped like papercopilot's."""
    path = home.parent / name
    path.write_text(json.dumps(entries), encoding="utf-8")
    done = CliRunner().invoke(app, ["import", "paperlists", str(path), "--home", str(home)])
    assert done.exit_code == 0, done.output


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[PaperPipeline]:
    from paperscope.store import Store

    home = tmp_path / "home"
    Store.open(home / "paperscope.sqlite").close()
    crawler = get_crawler(settings_dict={"PAPERSCOPE_HOME": str(home)})
    crawler.stats = StatsCollector(crawler)
    pipe = PaperPipeline.from_crawler(crawler)
    pipe.open_spider()
    yield pipe
    pipe.close_spider()


def home_of(pipeline: PaperPipeline) -> Path:
    return pipeline.store.path.parent


NIPS2021 = [  # as nips2021.json: an OpenReview id, one affiliation per author
    {"id": "AbCdEfGh12", "title": TITLE, "track": "main", "status": "Poster", "author": "Ada Lovelace;Alan Turing",
     "aff": "University of Oxford;DeepMind", "aff_domain": "ox.ac.uk;deepmind.com",
     "site": "https://nips.cc/virtual/2021/poster/27141", "openreview": "https://openreview.net/forum?id=AbCdEfGh12"},
]  # fmt: skip


def proceedings_item(year: int = 2021, title: str = "Deep widgets for dense gadgets.") -> PaperItem:
    """The NeurIPS proceedings' listing of the paper: its hash, no OpenReview id, a title printed its way."""
    base = f"https://proceedings.neurips.cc/paper/{year}"
    return PaperItem(venue="neurips", year=year, track="main", local_id=HASH, title=title,
                     landing_url=f"{base}/hash/{HASH}-Abstract.html", pdf_url=f"{base}/file/{HASH}-Paper.pdf",
                     authors=(AuthorItem("Ada Lovelace"), AuthorItem("Alan Turing")), abstract="We widget.",
                     proceedings_hash=HASH)  # fmt: skip


def test_a_crawled_paper_joins_the_listed_paper_of_its_title(pipeline: PaperPipeline) -> None:
    import_list(home_of(pipeline), "nips2021.json", NIPS2021)
    store = pipeline.store
    listed_key = "neurips/2021/main/AbCdEfGh12"
    labels = store.labels(paper_key=listed_key)
    assert len(labels) == 2  # one per author, from the list
    assert store.add_verification(verification(labels[0]))
    item = proceedings_item()
    passed = pipeline.process_item(item)
    assert passed.key == listed_key  # the PDF pipeline works on the listed paper
    assert passed.pdf_url == item.pdf_url
    assert [p.key for p in store.papers()] == [listed_key]  # one paper, not two
    assert store.key_for_id("key", item.key) == listed_key  # the crawl's listing, recorded as its source
    paper = store.get_paper(listed_key)
    assert paper is not None
    assert (paper.title, paper.landing_url, paper.pdf_url, paper.abstract) == (
        TITLE, item.landing_url, item.pdf_url, "We widget."
    )  # fmt: skip
    assert paper.source is not None
    assert paper.source.layout == "paperlists"  # the list's record, given the links it lacked
    assert paper.ids.openreview_id == "AbCdEfGh12"
    assert store.labels(paper_key=listed_key) == labels
    assert [v.label_id for v in store.verifications(paper_key=listed_key)] == [labels[0].id]
    assert pipeline.process_item(item).key == listed_key  # a re-crawl: still one paper
    assert [p.key for p in store.papers()] == [listed_key]
    assert pipeline.crawler.stats.get_value("paperscope/second_source") == 2


def test_a_crawled_paper_joins_the_listed_paper_of_its_id_whatever_its_title(pipeline: PaperPipeline) -> None:
    entry = {"id": "site_a08dd09ff1", "title": "Generalization in Deep Networks", "track": "main",
             "status": "Spotlight", "author": "Patrick Kidger, Terry Lyons",
             "site": "https://icml.cc/virtual/2021/poster/10271",
             "proceeding": "http://proceedings.mlr.press/v139/kidger21a.html"}  # fmt: skip
    import_list(home_of(pipeline), "icml2021.json", [entry])
    item = VenuePaperItem(venue="icml", year=2021, track="main", local_id="kidger21a",
                          title="Generalisation in Deep Networks", pmlr_id="kidger21a",
                          landing_url="https://proceedings.mlr.press/v139/kidger21a.html")  # fmt: skip
    assert pipeline.process_item(item).key == "icml/2021/main/site_a08dd09ff1"
    assert [p.key for p in pipeline.store.papers()] == ["icml/2021/main/site_a08dd09ff1"]


def test_a_namesake_of_another_year_or_with_another_id_stays_a_paper_of_its_own(
    pipeline: PaperPipeline,
) -> None:
    import_list(home_of(pipeline), "nips2021.json", NIPS2021)
    other_year = proceedings_item(year=2020)
    assert pipeline.process_item(other_year).key == other_year.key
    other_id = VenuePaperItem(venue="neurips", year=2021, track="main", local_id="ZzZzZzZz99", title=TITLE,
                              landing_url="https://openreview.net/forum?id=ZzZzZzZz99",
                              openreview_id="ZzZzZzZz99")  # fmt: skip
    assert pipeline.process_item(other_id).key == other_id.key
    keys = sorted(p.key for p in pipeline.store.papers())
    assert keys == sorted(["neurips/2021/main/AbCdEfGh12", other_year.key, other_id.key])
    assert pipeline.store.key_for_ids(SourceIds(openreview_id="AbCdEfGh12")) == "neurips/2021/main/AbCdEfGh12"


def test_a_crawled_paper_does_not_join_a_crawled_namesake_by_title(pipeline: PaperPipeline) -> None:
    # only papers a list created are joined by title: two crawled listings stay two papers
    first = proceedings_item()
    second = VenuePaperItem(venue="neurips", year=2021, track="main", local_id="AbCdEfGh12", title=TITLE,
                            landing_url="https://openreview.net/forum?id=AbCdEfGh12")  # fmt: skip
    pipeline.process_item(first)
    assert pipeline.process_item(second).key == second.key
    assert len(list(pipeline.store.papers())) == 2
