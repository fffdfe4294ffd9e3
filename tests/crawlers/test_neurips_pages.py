"""NeurIPS page objects: the traps of each layout era, the chooser, and layout misses.

Field-by-field outputs per layout live in tests/fixtures/pages/neurips (web-poet fixtures, run by
the web-poet pytest plugin); these tests pin the behaviours those fixtures exist for.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sitegen import SitePaper, era_a_paper, era_b_abstract, era_c_abstract, era_c_index
from web_poet import HttpResponse

from crawlers.items import PaperItem
from crawlers.pages.layouts import LayoutChanged
from crawlers.pages.neurips.abstract import AbstractPage2020, AbstractPage2026, NeuripsAbstractPage
from crawlers.pages.neurips.index import NeuripsIndexPage
from crawlers.pages.neurips.metadata import BibtexPage1987, MetadataPage2020, bibtex_fields, merge_metadata
from crawlers.pages.neurips.urls import paper_id
from crawlers.pages.text import abstract_from_raw, clean_text, split_authors

LIVE = "https://proceedings.neurips.cc"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "neurips"


def parse(page_cls, url: str, body: str):
    return asyncio.run(page_cls(response=HttpResponse(url=url, body=body.encode(), status=200)).to_item())


def test_bare_less_than_in_abstracts_stays_text_and_tags_go():
    raw = "<p>When $W<d$ and a<b and c>d, <projektor> predicts <human, object>; <em>x</em> <https://g.io/r>.</p>"
    assert abstract_from_raw(raw) == (
        "When $W<d$ and a<b and c>d, <projektor> predicts <human, object>; x <https://g.io/r>."
    )


def test_escaped_html_abstract_is_unescaped_then_stripped():
    assert abstract_from_raw("&lt;p&gt;Text &amp;lt; 3&lt;/p&gt;") == "Text < 3"


@pytest.mark.parametrize("raw", ["", "  ", "Abstract Missing", "<p>abstract missing</p>"])
def test_missing_abstracts_are_none(raw):
    assert abstract_from_raw(raw) is None


def test_double_escaped_names_are_unescaped_once_more():
    assert split_authors("Chenyue &amp;quot;xdd44&amp;quot; Dai, Bo  Li") == ('Chenyue "xdd44" Dai', "Bo Li")
    assert clean_text("Chenyue &quot;xdd44&quot; Dai") == 'Chenyue "xdd44" Dai'


@pytest.mark.parametrize(
    ("url", "year", "track", "local_id"),
    [
        (f"{LIVE}/paper_files/paper/2024/hash/{'a' * 32}-Abstract-Conference.html", 2024, "main", "a" * 32),
        (f"{LIVE}/paper_files/paper/2022/hash/{'b' * 32}-Abstract.html", 2022, "main", "b" * 32),
        (f"{LIVE}/paper_files/paper/2022/hash/{'c' * 32}-Abstract-Datasets_and_Benchmarks.html", 2022,
         "datasets", "c" * 32),
        (f"{LIVE}/paper_files/paper/2025/hash/{'d' * 32}-Abstract-Position_Paper_Track.html", 2025,
         "position", "d" * 32),
        ((f"https://datasets-benchmarks-proceedings.neurips.cc/paper_files/paper/2021/hash/{'e' * 32}"
         "-Abstract-round1.html"), 2021, "datasets", "e" * 32 + "-round1"),
        (f"https://papers.nips.cc/paper/2020/hash/{'f' * 32}-Abstract.html", 2020, "main", "f" * 32),
        ("https://papers.nips.cc/paper/6601-some-title", None, "main", "6601"),
    ],
)  # fmt: skip
def test_paper_identity_from_every_url_form(url, year, track, local_id):
    ident = paper_id(url)
    assert ident is not None
    assert (ident.year, ident.track, ident.local_id) == (year, track, local_id)


def test_chooser_falls_back_to_the_era_that_fits():
    p = SitePaper(2021, 1)
    url = LIVE + p.abstract_path()
    assert parse(NeuripsAbstractPage, url, era_c_abstract(p)).layout == "AbstractPage2026"
    assert parse(NeuripsAbstractPage, url, era_b_abstract(p)).layout == "AbstractPage2020"
    old = SitePaper(2017, 2, old_id=6601)
    assert parse(NeuripsAbstractPage, "https://papers.nips.cc" + old.old_slug, era_a_paper(old)).layout == (
        "AbstractPage1987"
    )


def test_a_changed_layout_is_a_layout_miss_with_url_layouts_and_hash():
    p = SitePaper(2024, 1, "Conference")
    body = era_c_abstract(p).replace("paper-detail", "paper-view").replace("paper-title", "paper-heading")
    with pytest.raises(LayoutChanged) as caught:
        parse(NeuripsAbstractPage, LIVE + p.abstract_path(), body)
    miss = caught.value.miss
    assert miss.url == LIVE + p.abstract_path()
    assert miss.layouts_tried == ("AbstractPage2026", "AbstractPage2020", "AbstractPage1987")
    assert len(miss.response_sha256) == 64
    assert miss.page_kind == "abstract"


def test_a_page_with_its_markup_but_no_title_is_a_miss_not_an_empty_item():
    p = SitePaper(2024, 1, "Conference")
    body = era_c_abstract(p).replace(
        f'<h1 class="paper-title">{p.name}</h1>', '<h1 class="paper-title"> </h1>'
    )
    with pytest.raises(LayoutChanged):
        parse(NeuripsAbstractPage, LIVE + p.abstract_path(), body)


def test_an_empty_listing_is_a_layout_miss():
    body = era_c_index(2024, []).replace('<ul class="paper-list">', '<ul class="papers">')
    with pytest.raises(LayoutChanged) as caught:
        parse(NeuripsIndexPage, LIVE + "/paper_files/paper/2024", body)
    assert caught.value.miss.page_kind == "index"


def test_an_error_page_asks_for_a_retry():
    from web_poet.exceptions import Retry

    body = "<html><head><title>503 Service Temporarily Unavailable</title></head><body></body></html>"
    with pytest.raises(Retry):
        parse(AbstractPage2026, LIVE + SitePaper(2024, 1).abstract_path(), body)


def test_era_b_title_is_the_first_heading_not_authors():
    p = SitePaper(2021, 3, title="Heading Title")
    item = parse(AbstractPage2020, LIVE + p.abstract_path(), era_b_abstract(p))
    assert item.title == "Heading Title"
    assert [a.name for a in item.authors] == ["Ann Author", "Bob Builder"]


def test_metadata_json_gives_institutions_and_bibtex_gives_names():
    md = parse(MetadataPage2020, LIVE + "/x-Metadata.json", json.dumps({
        "title": "T", "authors": [{"given_name": "Ann", "family_name": "Author", "institution": "Uni"},
                                  {"given_name": "Bo", "family_name": "Li", "institution": None}]}))  # fmt: skip
    assert [(a.name, a.affiliations) for a in md.authors] == [("Ann Author", ("Uni",)), ("Bo Li", ())]
    bib = parse(BibtexPage1987, LIVE + "/x-Bibtex.bib",
                "@inproceedings{K, author = {Zhang, Lijun and Zhou, Zhi-Hua}, title = {{T} x}, doi = {10.1/2}}")  # fmt: skip
    assert [a.name for a in bib.authors] == ["Lijun Zhang", "Zhi-Hua Zhou"]
    assert (bib.title, bib.doi) == ("T x", "10.1/2")
    assert bibtex_fields('@misc{k, title = "Quoted", pages = {}}') == {"title": "Quoted", "pages": ""}


def test_metadata_replaces_page_authors_and_fills_only_missing_fields():
    paper = PaperItem("neurips", 2019, "main", "h", "T", "u", abstract="page abstract")
    md = parse(MetadataPage2020, LIVE + "/x-Metadata.json", json.dumps({
        "abstract": "file abstract", "authors": [{"given_name": "A", "family_name": "B", "institution": "U"}]}))  # fmt: skip
    merged = merge_metadata(paper, md)
    assert [(a.name, a.affiliations) for a in merged.authors] == [("A B", ("U",))]
    assert merged.abstract == "page abstract"


def test_a_page_item_maps_onto_the_store_record():
    p = SitePaper(2024, 1, "Conference", doi="10.52202/079017-0001")
    paper = parse(NeuripsAbstractPage, LIVE + p.abstract_path(), era_c_abstract(p)).to_paper()
    assert paper.key == f"neurips/2024/main/{p.hash}"
    assert paper.ids.proceedings_hash == p.hash
    assert paper.ids.doi == "10.52202/079017-0001"
    assert paper.source is not None
    assert paper.source.layout == "AbstractPage2026"
    assert [a.position for a in paper.authors] == [0, 1]


def test_every_layout_has_fixture_cases():
    classes = {d.name.rsplit(".", 1)[1] for d in FIXTURES.iterdir() if d.is_dir()}
    assert classes >= {"AbstractPage2026", "AbstractPage2020", "AbstractPage1987", "IndexPage2026",
                       "IndexPage2020", "IndexPage1987", "MetadataPage2020", "BibtexPage1987"}  # fmt: skip
