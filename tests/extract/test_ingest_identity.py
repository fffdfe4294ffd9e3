"""Where ingest places a PDF: page 1's venue line, an acceptance note, the proceedings metadata, a
title match or the user - one test per form - and never a file time or the PDF's creation date."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from extract.affiliations.extractor import load_resources
from extract.affiliations.orgs.table import OrgIndex
from extract.ingest import (
    Placement,
    accepted_at,
    arxiv_stamp,
    identify,
    identify_text,
    ingest_file,
)
from extract.paperlists import import_into_store, read_paperlists
from paperscope.records import Paper
from paperscope.settings import DATA_DIR
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore

TITLE = "Sparse Widgets for Dense Gadgets"
BODY = "We train widgets on gadgets. Prior work (Kingma & Ba, ICLR 2015) used Adam; see also [3]."


def venue_of(text: str) -> tuple[str | None, int | None]:
    ident = identify_text(TITLE, "", text)
    return ident.venue, ident.year


# -- page 1's header and footer lines --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "venue", "year"),
    [
        ("35th Conference on Neural Information Processing Systems (NeurIPS 2021).", "neurips", 2021),
        ("30th Conference on Neural Information Processing Systems (NIPS 2016), Barcelona, Spain.", "neurips", 2016),
        (("35th Conference on Neural Information Processing Systems (NeurIPS 2021) Track on Datasets and\r\n"
         "Benchmarks."), "neurips", 2021),
    ],
)  # fmt: skip
def test_a_neurips_footer_places_the_paper(line: str, venue: str, year: int) -> None:
    ident = identify_text(TITLE, "", f"{TITLE}\r\nAbstract\r\n{BODY}\r\n{line}\r\n")
    assert (ident.venue, ident.year, ident.placed_by) == (venue, year, "page 1")


@pytest.mark.parametrize(
    ("footer", "year"),
    [
        ("Proceedings of the 38th International Conference on Machine Learning, PMLR 139, 2021.", 2021),
        (("Proceedings of the 37 th International Conference on Machine\r\nLearning, Vienna, Austria, PMLR 119, "
         "2020. Copyright 2020 by the author(s)."), 2020),
        # the line wraps before "Machine" and names no year before running text
        (("Proceedings of the 40 th International Conference on\r\nMachine Learning, Honolulu, Hawaii, USA. PMLR "
         "202.\r\n1. Introduction\r\nIn 2019 widgets were"), 2023),
        (("Appearing in Proceedings of the 29th International Conference on Machine Learning, Edinburgh, "
         "Scotland, UK, 2012."), 2012),
    ],
)  # fmt: skip
def test_an_icml_footer_places_the_paper_by_its_edition(footer: str, year: int) -> None:
    assert venue_of(f"{TITLE}\r\n{BODY}\r\n{footer}") == ("icml", year)


def test_an_iclr_header_places_the_paper() -> None:
    assert venue_of(f"Published as a conference paper at ICLR 2020\r\n{TITLE}\r\n{BODY}") == ("iclr", 2020)


@pytest.mark.parametrize(
    "line",
    [
        "Under review as a conference paper at ICLR 2020",
        "Submitted to 35th Conference on Neural Information Processing Systems (NeurIPS 2021). Do not distribute.",
        "Preliminary work. Under review by the International Conference on Machine Learning (ICML). Do not",
    ],
)
def test_a_submission_line_places_nothing_and_is_quoted(line: str) -> None:
    ident = identify_text(TITLE, "", f"{line}\r\n{TITLE}\r\n{BODY}")
    assert (ident.venue, ident.year) == (None, None)
    assert ident.not_placing
    assert ident.not_placing in " ".join(line.split())


@pytest.mark.parametrize(
    "line",
    [
        "Published as a workshop paper at ICLR 2021",
        "35th Conference on Neural Information Processing Systems (NeurIPS 2021), Workshop on Widgets.",
        "Accepted at the ICML 2021 Workshop on Gadgets",
        "Published as a Tiny Paper at ICLR 2023",
    ],
)
def test_a_workshop_line_places_nothing(line: str) -> None:
    assert venue_of(f"{line}\r\n{TITLE}\r\n{BODY}") == (None, None)


@pytest.mark.parametrize(
    "citation",
    [
        "[2] A. Vaswani, N. Shazeer, N. Parmar, et al. Attention is all you need. In NeurIPS, 2017.",
        "as shown by Kingma & Ba (ICLR 2015) and Brown et al. (NeurIPS 2020)",
        "a method that was published in ICML 2019 [12] and accepted at ICLR 2020 [13]",
        "[4] Advances in Neural Information Processing Systems 30, pages 5998-6008, 2017.",
        "International Conference on Machine Learning (ICML), 2019",
        "[5] A. Author. A title. In Proceedings of the 36th International Conference on Machine Learning, 2019.",
        "[6] B. Author. Another. In 35th Conference on Neural Information Processing Systems (NeurIPS 2021).",
    ],
)
def test_a_venue_cited_in_the_text_places_nothing(citation: str) -> None:
    assert venue_of(f"{TITLE}\r\n{BODY} {citation}\r\n") == (None, None)


# -- acceptance notes, as arXiv comments word them ---------------------------------------------------


@pytest.mark.parametrize(
    ("note", "venue", "year"),
    [
        ("Accepted at ICLR 2021", "iclr", 2021),
        ("NeurIPS 2020 camera-ready", "neurips", 2020),
        ("*This paper has been accepted to NeurIPS'20.", "neurips", 2020),
        ("To appear in ICML 2019.", "icml", 2019),
        ("1Camera-ready version for ICLR 2022", "iclr", 2022),
    ],
)
def test_an_acceptance_note_on_page_1_places_the_paper(note: str, venue: str, year: int) -> None:
    ident = identify_text(TITLE, "", f"{TITLE}\r\n{BODY}\r\n{note}\r\n")
    assert (ident.venue, ident.year, ident.placed_by) == (venue, year, "acceptance note")


def test_an_acceptance_note_in_the_metadata_places_the_paper() -> None:
    ident = identify_text(TITLE, "", f"{TITLE}\r\n{BODY}", metadata_notes=("", "Accepted at ICLR 2021"))
    assert (ident.venue, ident.year, ident.placed_by) == ("iclr", 2021, "acceptance note")
    # the ICML template's own Subject, kept in preprints and years off: not a note
    assert accepted_at("Proceedings of the International Conference on Machine Learning 2022") == (None, None)


# -- arXiv's stamp and the proceedings' metadata ---------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "arxiv_id", "year"),
    [
        ("arXiv:2106.09685v2 [cs.CL] 16 Oct 2021", "2106.09685", 2021),
        ("gen\ufffearXiv:1904.11238v2 [cs.CV] 5 Jun 2019", "1904.11238", 2019),
        ("arXiv:cs/0601001v1 [cs.LG] 1 Jan 2006", "cs/0601001", 2006),
        ("arXiv:1506.02117v4 [cs.LG] 6 Nov 2017", "1506.02117", 2015),  # submitted 2015, this version 2017
    ],
)
def test_the_arxiv_stamp_gives_an_id_and_a_submission_year_but_no_venue(
    stamp: str, arxiv_id: str, year: int
) -> None:
    ident = identify_text(TITLE, "", f"{TITLE}\r\n{stamp}\r\n{BODY}")
    assert (ident.arxiv_id, ident.arxiv_year) == (arxiv_id, year)
    assert (ident.venue, ident.year) == (None, None)
    assert arxiv_stamp("see arXiv:1706.03762 for details") == (None, None)  # a cited id is no stamp


def test_the_neurips_proceedings_metadata_places_the_paper() -> None:
    ident = identify_text(TITLE, "", BODY, proceedings="Advances in Neural Information Processing Systems 25")
    assert (ident.venue, ident.year, ident.placed_by) == ("neurips", 2012, "proceedings metadata")


# -- ingest: real PDFs into the store --------------------------------------------------------------


def pdf_of(path: Path, *lines: str, title: str = TITLE) -> Path:
    """A one-page PDF: the title in a large font, body lines, every date 2000-01-01 (invariant)."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=letter, invariant=1)
    width, height = letter
    c.setFont("Helvetica-Bold", 17)
    c.drawCentredString(width / 2, height - 90, title)
    c.setFont("Helvetica", 10)
    for i, line in enumerate((BODY, *lines)):
        c.drawString(72, height - 200 - 14 * i, line)
    c.showPage()
    c.save()
    path.write_bytes(out.getvalue())
    os.utime(path, (915_148_800, 915_148_800))  # file times of 1999
    return path


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, PdfStore]]:
    with Store.open(tmp_path / "s.sqlite") as store:
        yield store, PdfStore(tmp_path / "pdfs")


@pytest.fixture(scope="module")
def orgs() -> OrgIndex:
    return load_resources(DATA_DIR).orgs


def test_a_pdf_that_only_has_dates_is_unplaced_and_filed_as_no_paper(
    tmp_path: Path, stores: tuple[Store, PdfStore]
) -> None:
    store, pdfs = stores
    path = pdf_of(tmp_path / "dated.pdf")
    assert b"D:2000" in path.read_bytes()  # a creation date is there to be misread
    done = ingest_file(path, store, pdfs)
    assert (done.error, done.paper_keys, done.new_paper, done.placed_by) == ("", (), False, "")
    assert "give --venue and --year" in done.unplaced
    assert done.sha256 is not None
    assert pdfs.has(done.sha256)
    assert list(store.papers()) == []
    assert store.ingest_refusals() == [(str(path.resolve()), "unplaced", done.unplaced)]  # listed for status


def test_an_arxiv_copy_without_a_venue_is_unplaced_and_the_reason_names_its_submission(
    tmp_path: Path, stores: tuple[Store, PdfStore]
) -> None:
    store, pdfs = stores
    done = ingest_file(pdf_of(tmp_path / "a.pdf", "arXiv:2106.09685v2 [cs.CL] 16 Oct 2021"), store, pdfs)
    assert done.paper_keys == ()
    assert "arXiv stamp (2106.09685, submitted 2021) names no venue" in done.unplaced
    assert list(store.papers()) == []


def test_the_venue_and_year_given_place_an_unplaced_pdf_and_clear_its_listing(
    tmp_path: Path, stores: tuple[Store, PdfStore]
) -> None:
    store, pdfs = stores
    path = pdf_of(tmp_path / "a.pdf")
    ingest_file(path, store, pdfs)
    done = ingest_file(path, store, pdfs, Placement("icml", 2022))
    assert done.paper_keys == (f"icml/2022/local/{done.sha256[:16]}",)  # type: ignore[index]
    assert done.placed_by == "the venue and year given"
    assert store.ingest_refusals() == []
    assert store.paper_pdf(done.paper_keys[0]) == done.sha256


def test_a_page_1_footer_makes_a_paper_with_its_arxiv_id(
    tmp_path: Path, stores: tuple[Store, PdfStore]
) -> None:
    store, pdfs = stores
    path = pdf_of(
        tmp_path / "a.pdf",
        "arXiv:2109.08668v1 [cs.LG] 17 Sep 2021",
        "35th Conference on Neural Information Processing Systems (NeurIPS 2021).",
    )
    done = ingest_file(path, store, pdfs)
    (key,) = done.paper_keys
    paper = store.get_paper(key)
    assert paper is not None
    assert (paper.venue, paper.year, paper.track, paper.title) == ("neurips", 2021, "local", TITLE)
    assert paper.ids.arxiv_id == "2109.08668"
    assert done.placed_by == "page 1"


def test_a_title_listed_by_an_imported_paper_list_places_the_pdf(
    tmp_path: Path, stores: tuple[Store, PdfStore], orgs: OrgIndex
) -> None:
    store, pdfs = stores
    listing = tmp_path / "iclr2022.json"
    entry = {"id": "AbCd123", "title": TITLE.upper(), "status": "Poster", "author": "Ada Lovelace;Alan Turing",
             "aff": "University of Oxford;DeepMind"}  # fmt: skip
    listing.write_text(json.dumps([entry]), encoding="utf-8")
    import_into_store(store, read_paperlists(listing), orgs)
    done = ingest_file(pdf_of(tmp_path / "a.pdf", "arXiv:2106.09685v2 [cs.CL] 16 Oct 2021"), store, pdfs)
    assert (done.paper_keys, done.placed_by, done.new_paper) == (
        ("iclr/2022/main/AbCd123",),
        "title match",
        False,
    )
    assert [p.key for p in store.papers()] == ["iclr/2022/main/AbCd123"]


def test_page_1_outranks_a_namesake_at_another_venue_or_year(
    tmp_path: Path, stores: tuple[Store, PdfStore]
) -> None:
    store, pdfs = stores
    namesake = Paper(key="icml/2019/main/x1", venue="icml", year=2019, track="main", title=TITLE)
    store.upsert_paper(namesake)
    done = ingest_file(
        pdf_of(tmp_path / "a.pdf", "Published as a conference paper at ICLR 2020"), store, pdfs
    )
    assert done.paper_keys == (f"iclr/2020/local/{done.sha256[:16]}",)  # type: ignore[index]
    assert store.paper_pdf(namesake.key) is None
    at_its_venue = Paper(key="iclr/2020/main/y2", venue="iclr", year=2020, track="main", title=TITLE)
    store.upsert_paper(at_its_venue)
    again = ingest_file(tmp_path / "a.pdf", store, pdfs)
    assert "iclr/2020/main/y2" in again.paper_keys
    assert namesake.key not in again.paper_keys


def test_identify_reads_nothing_from_dates(tmp_path: Path) -> None:
    ident = identify(pdf_of(tmp_path / "a.pdf").read_bytes())
    assert (ident.title, ident.venue, ident.year, ident.arxiv_year) == (TITLE, None, None, None)
