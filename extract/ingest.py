"""Local PDFs into the PDF store and the store, so a user with PDFs in hand needs no crawl.

Each PDF is checked and stored by content hash, then matched by its printed title (or the PDF's
metadata title) to a paper the store already knows; without a match it becomes a paper of its
own, keyed ``local/<year>/<venue or unknown>/<sha256[:16]>``. The year is read from page 1 (a
venue line, an arXiv stamp), else the PDF's creation date, else the file's modification time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
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


@dataclass(frozen=True, slots=True)
class Ingested:
    """What happened to one file: stored and linked to papers, or why it was refused."""

    path: Path
    sha256: str | None = None
    paper_keys: tuple[str, ...] = ()
    new_paper: bool = False
    error: str = ""
    reason: str = ""  # why it was refused: a MissReason ("encrypted", "truncated", ...) or "unreadable"


@dataclass(frozen=True, slots=True)
class Identity:
    """What page 1 and the PDF's metadata say about the paper."""

    title: str
    metadata_title: str
    year: int | None
    venue: str | None


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
    finally:
        pdf.close()
    title = " ".join(w.text for w in title_words(words))
    venue, year = _venue_year(first_page)
    if year is None:
        stamp = _ARXIV.search(first_page)
        date = _PDF_DATE.search(metadata.get("CreationDate", ""))
        year = 2000 + int(stamp.group(1)) if stamp else (int(date.group(1)) if date else None)
    return Identity(title, metadata.get("Title", "").strip(), year, venue)


def _venue_year(text: str) -> tuple[str | None, int | None]:
    for venue, pattern in _VENUE_YEAR:
        m = pattern.search(text)
        if m:
            year = next(g for g in m.groups() if g)
            return venue, int(year)
    return None, None


def ingest_file(path: Path, store: Store, pdf_store: PdfStore) -> Ingested:
    """Store one PDF and link it to its paper (found by title, or new)."""
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
    store.record_ingest(where, None)
    ident = identify(data)
    keys: list[str] = []
    for title in (ident.title, ident.metadata_title):
        if title and not keys:
            keys = store.paper_keys_by_title(title)
    new = not keys
    if new:
        year = ident.year or datetime.fromtimestamp(path.stat().st_mtime, UTC).year
        key = Paper.make_key("local", year, ident.venue or "unknown", pdf.sha256[:16])
        title = ident.title or ident.metadata_title or path.stem
        store.upsert_paper(
            Paper(key=key, venue="local", year=year, track=ident.venue or "unknown", title=title)
        )
        keys = [key]
    for key in keys:
        store.set_paper_pdf(key, pdf.sha256)
    return Ingested(path, pdf.sha256, tuple(keys), new)


def ingest_paths(paths: Iterable[Path], store: Store, pdf_store: PdfStore) -> list[Ingested]:
    """Ingest every PDF under ``paths``; a bad file is refused (and recorded with its reason), not fatal."""
    return [ingest_file(path, store, pdf_store) for path in pdf_files(paths)]
