"""Local PDFs into the PDF store and the store, so a user with PDFs in hand needs no crawl.

Each PDF is checked and stored by content hash, then placed at its venue and year, from the PDF
itself and never from file times:

1. its printed title (or metadata title) matches a paper the store knows - crawled, or listed by
   an imported paper list - which it joins;
2. else page 1 names the venue and year ("35th Conference on Neural Information Processing
   Systems (NeurIPS 2021)", "Proceedings of the 38th International Conference on Machine Learning,
   PMLR 139, 2021", "Published as a conference paper at ICLR 2020"): a paper
   ``<venue>/<year>/local/<sha256[:16]>``;
3. else the proceedings' own metadata does ("Advances in Neural Information Processing Systems 25").

A PDF none of these places is kept as ``local/<year>/unplaced/<sha256[:16]>`` when it carries a
year of its own (an arXiv stamp, its creation date) and listed with the reason; without any year it
is refused with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from paperscope.errors import InputError
from paperscope.records import Paper
from paperscope.store import Store
from paperscope.store.pdfs import PdfRejected, PdfStore

_VENUE_YEAR = (
    (
        "neurips",
        re.compile(
            r"\b(?:NeurIPS|NIPS)\s*(?:\d{4}\s*)?\)?[^\n]{0,20}?((?:19|20)\d\d)|\((?:NeurIPS|NIPS) ((?:19|20)\d\d)\)"
        ),
    ),
    ("neurips", re.compile(r"Neural Information Processing Systems[^\n]{0,60}?((?:19|20)\d\d)")),
    ("iclr", re.compile(r"\bICLR\s*((?:19|20)\d\d)")),
    (
        "icml",
        re.compile(
            r"\bICML\s*((?:19|20)\d\d)|International Conference on Machine\s+Learning[^\n]{0,80}?((?:19|20)\d\d)"
        ),
    ),
)
_ARXIV = re.compile(r"arXiv:(\d\d)(\d\d)\.\d{4,5}")
_PDF_DATE = re.compile(r"D:((?:19|20)\d\d)")
# the NeurIPS proceedings' metadata: volume N of "Advances in NeurIPS" is the conference of 1987 + N
_NIPS_BOOK = re.compile(r"Advances in Neural Information Processing Systems (\d{1,2})\b")
_NIPS_VOLUME_ZERO = 1987


@dataclass(frozen=True, slots=True)
class Ingested:
    """What happened to one file: stored and linked to papers, or why it was refused."""

    path: Path
    sha256: str | None = None
    paper_keys: tuple[str, ...] = ()
    new_paper: bool = False
    error: str = ""
    reason: str = ""  # why it was refused: a MissReason ("encrypted", "truncated", ...) or "unreadable"
    placed_by: str = ""  # "title match", "page 1", "proceedings metadata"; "" when unplaced
    unplaced: str = ""  # why the venue and year could not be told


@dataclass(frozen=True, slots=True)
class Identity:
    """What page 1 and the PDF's metadata say about the paper.

    ``venue`` and ``year`` are set only when the PDF names the venue with its year (``placed_by``
    says where); ``version_year`` is the year of this copy (an arXiv stamp, the creation date).
    """

    title: str
    metadata_title: str
    year: int | None
    venue: str | None
    placed_by: str = ""
    version_year: int | None = None


def pdf_files(paths: Iterable[Path]) -> list[Path]:
    """The PDF files named, with folders searched recursively for ``*.pdf``; sorted, no duplicates."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        elif path.is_file():
            found.add(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return sorted(found)


def identify(data: bytes) -> Identity:
    """Title, year and venue of a PDF, read from its first page and metadata."""
    from extract.pdfium_reader import open_document, page_words
    from extract.title import title_words

    pdf = open_document(data, max_pages=100_000)
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        try:
            words = tuple(page_words(page, textpage, 0))
            first_page = textpage.get_text_range()
        finally:
            textpage.close()
            page.close()
        metadata = pdf.get_metadata_dict()
        proceedings = pdf.get_metadata_value("Book") or ""
    finally:
        pdf.close()
    title = " ".join(w.text for w in title_words(words))
    venue, year = _venue_year(first_page)
    placed_by = "page 1" if venue else ""
    if venue is None and (book := _NIPS_BOOK.search(proceedings)):
        venue, year, placed_by = "neurips", _NIPS_VOLUME_ZERO + int(book.group(1)), "proceedings metadata"
    stamp = _ARXIV.search(first_page)
    date = _PDF_DATE.search(metadata.get("CreationDate", ""))
    version_year = 2000 + int(stamp.group(1)) if stamp else (int(date.group(1)) if date else None)
    return Identity(title, metadata.get("Title", "").strip(), year, venue, placed_by, version_year)


def _venue_year(text: str) -> tuple[str | None, int | None]:
    for venue, pattern in _VENUE_YEAR:
        m = pattern.search(text)
        if m:
            year = next(g for g in m.groups() if g)
            return venue, int(year)
    return None, None


@dataclass(frozen=True, slots=True)
class Placement:
    """A venue and year the user gives for the PDFs (``ingest --venue V --year Y [--track T]``)."""

    venue: str
    year: int
    track: str = "local"


def ingest_file(path: Path, store: Store, pdf_store: PdfStore, given: Placement | None = None) -> Ingested:
    """Store one PDF and link it to its paper: the given venue and year, else found by title, else new."""
    where = str(path.resolve())
    try:
        data = path.read_bytes()
    except OSError as exc:
        refused = Ingested(path, error=f"cannot read ({exc.strerror})", reason="unreadable")
        store.record_ingest(where, (refused.reason, refused.error))
        return refused
    try:
        pdf = pdf_store.put(data)
    except PdfRejected as exc:
        store.record_ingest(where, (exc.reason, exc.detail))
        return Ingested(path, error=f"{exc.reason}: {exc.detail}", reason=exc.reason)
    store.add_pdf(pdf)
    ident = identify(data)
    keys: list[str] = []
    for title in (ident.title, ident.metadata_title):
        if title and not keys:
            keys = store.paper_keys_by_title(title)
    title = ident.title or ident.metadata_title or path.stem
    if given is not None:
        keys = [k for k in keys if k.split("/", 2)[:2] == [given.venue, str(given.year)]]
    if keys:
        placed_by, unplaced, new = "title match", "", False
    elif given is not None:
        placed_by, unplaced, new = "the venue and year given", "", True
        key = Paper.make_key(given.venue, given.year, given.track, pdf.sha256[:16])
        store.upsert_paper(Paper(key=key, venue=given.venue, year=given.year, track=given.track, title=title))
        keys = [key]
    elif ident.venue and ident.year:
        placed_by, unplaced, new = ident.placed_by, "", True
        key = Paper.make_key(ident.venue, ident.year, "local", pdf.sha256[:16])
        store.upsert_paper(Paper(key=key, venue=ident.venue, year=ident.year, track="local", title=title))
        keys = [key]
    else:
        placed_by, new = "", True
        unplaced = "no venue line on page 1, no proceedings metadata, no title match in the store (give --venue and --year)"
        if ident.version_year is None:
            store.record_ingest(where, ("unplaced", f"{unplaced}, and no year in the PDF"))
            return Ingested(path, pdf.sha256, error=f"unplaced: {unplaced}, and no year in the PDF",
                            reason="unplaced")  # fmt: skip
        key = Paper.make_key("local", ident.version_year, "unplaced", pdf.sha256[:16])
        store.upsert_paper(
            Paper(key=key, venue="local", year=ident.version_year, track="unplaced", title=title)
        )
        keys = [key]
    store.record_ingest(where, None)
    for key in keys:
        store.set_paper_pdf(key, pdf.sha256)
    return Ingested(path, pdf.sha256, tuple(keys), new, placed_by=placed_by, unplaced=unplaced)


def ingest_paths(
    paths: Iterable[Path], store: Store, pdf_store: PdfStore, given: Placement | None = None
) -> list[Ingested]:
    """Ingest every PDF under ``paths``; a bad file is refused (and recorded with its reason), not fatal."""
    return [ingest_file(path, store, pdf_store, given) for path in pdf_files(paths)]
