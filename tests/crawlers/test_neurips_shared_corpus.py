"""Every NeurIPS page object over the recorded responses in ../shared/corpus/html/neurips."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from web_poet import HttpResponse

from crawlers.items import IndexItem, PaperItem
from crawlers.pages.neurips.abstract import NeuripsAbstractPage
from crawlers.pages.neurips.index import NeuripsIndexPage

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
RECORDED = sorted((SHARED / "corpus" / "html" / "neurips").rglob("*.json"))


def recorded(path: Path) -> HttpResponse:
    data = json.loads(path.read_text())
    return HttpResponse(url=data["request"]["url"], body=data["response"]["text"].encode(),
                        status=data["response"]["status"], headers=data["response"]["headers"])  # fmt: skip


@pytest.mark.shared
def test_the_corpus_is_there():
    assert len(RECORDED) >= 11


@pytest.mark.shared
@pytest.mark.parametrize("path", RECORDED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_recorded_page_parses_without_layout_miss(path):
    response = recorded(path)
    if "abstract" in path.stem:
        item = asyncio.run(NeuripsAbstractPage(response=response).to_item())
        assert isinstance(item, PaperItem)
        assert item.title
        assert item.authors
        assert item.pdf_url
        assert item.pdf_url.endswith(".pdf")
        assert item.abstract
        assert item.layout == "AbstractPage2026"
        assert item.to_paper().key.startswith(f"neurips/{path.parent.name}/")
    else:
        item = asyncio.run(NeuripsIndexPage(response=response).to_item())
        assert isinstance(item, IndexItem)
        assert item.entries
        assert item.unparsed == 0
        assert item.year == int(path.parent.name)
        assert item.layout == ("IndexPage2020" if "db-host" in path.stem else "IndexPage2026")
        assert all(e.local_id and e.title and e.authors for e in item.entries)


@pytest.mark.shared
def test_recorded_bare_lt_abstract_keeps_its_text():
    path = next(p for p in RECORDED if p.stem == "abstract-bare-lt")
    item = asyncio.run(NeuripsAbstractPage(response=recorded(path)).to_item())
    assert item.abstract is not None
    for kept in ("$W<d$", "a<b and c>d", "<projektor>", "<human, action, object>", "<https://github.com/"):
        assert kept in item.abstract
    assert "<em>" not in item.abstract


@pytest.mark.shared
def test_recorded_2025_year_page_links_its_main_volume():
    path = next(p for p in RECORDED if p.parent.name == "2025" and p.stem == "year-index")
    item = asyncio.run(NeuripsIndexPage(response=recorded(path)).to_item())
    assert item.see_also == ("https://proceedings.neurips.cc/paper_files/paper/2025/vol38-main-conference",)
    assert {e.track for e in item.entries} == {"creative_ai"}
