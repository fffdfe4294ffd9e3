"""Local PDFs into the PDF store and the store, so a user with PDFs in hand needs no crawl.

Each PDF is checked and stored by content hash, then placed at its venue and year, from the PDF
itself or the user and never from file times (nor from the PDF's CreationDate or ModDate):

1. ``--venue``/``--year`` given by the user (joined to a paper of theirs by title, else a new paper);
2. its printed title (or metadata title) matches a paper the store knows - crawled, or listed by
   an imported paper list - which it joins (a title match at another venue or year than page 1
   names is not taken);
3. else page 1 names the venue and year in its header or footer ("35th Conference on Neural
   Information Processing Systems (NeurIPS 2021)", "Proceedings of the 38th International Conference
   on Machine Learning, PMLR 139, 2021", "Published as a conference paper at ICLR 2020"): a paper
   ``<venue>/<year>/local/<sha256[:16]>``;
4. else an acceptance note on page 1 or in the metadata, as authors copy their arXiv comment ("Accepted
   at ICLR 2021", "NeurIPS 2020 camera-ready"), does;
5. else the proceedings' own metadata does ("Advances in Neural Information Processing Systems 25").

A submission line ("Under review as a conference paper at ICLR 2020", "Submitted to ... (NeurIPS
2021)") and workshop lines place nothing. A PDF none of these places stays in the PDF store but is
filed as no paper: it is listed (and recorded for ``paperscope status``) with the reason, which names
its arXiv id and submission year when it has an arXiv stamp; that year is the arXiv submission's,
not a venue's, so it keys nothing. ``ingest --venue V --year Y`` places it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from paperscope.errors import InputError
from paperscope.records import Paper, SourceIds
from paperscope.store import Store
from paperscope.store.pdfs import PdfRejected, PdfStore

_YEAR = r"\b((?:19|20)\d\d)\b"
_ORDINAL = r"(\d{1,2})\s*(?:st|nd|rd|th)"
# NeurIPS footer: "35th Conference on Neural Information Processing Systems (NeurIPS 2021)."
_NEURIPS_LINE = re.compile(
    _ORDINAL + r"\s+Conference\s+on\s+Neural\s+Information\s+Processing\s+Systems\s*"
    r"\(\s*(?:NeurIPS|NIPS)\s*((?:19|20)\d\d)\s*\)"
)
# ICML footer: "Proceedings of the 38th International Conference on Machine Learning, PMLR 139, 2021."
_ICML_LINE = re.compile(
    r"Proceedings\s+of\s+the\s+" + _ORDINAL + r"\s+International\s+Conference\s+on\s+Machine\s+Learning"
)
# ICLR header: "Published as a conference paper at ICLR 2020"
_ICLR_LINE = re.compile(r"Published\s+as\s+a\s+conference\s+paper\s+at\s+ICLR\s*((?:19|20)\d\d)")
# ICML's edition -> its year: ICML 2021 is the 38th (the footer's year may wrap out of reach)
_ICML_EDITION_ZERO = 1983
_SUBMITTED = re.compile(
    r"(?:Under\s+review\s+as\s+a\s+conference\s+paper\s+at\s+ICLR\s*(?:19|20)\d\d"
    r"|Submitted\s+to\s+(?:the\s+)?" + _ORDINAL + r"\s+Conference\s+on\s+Neural\s+Information\s+Processing"
    r"\s+Systems\s*\(\s*(?:NeurIPS|NIPS)\s*(?:19|20)\d\d\s*\)"
    r"|Under\s+review\s+by\s+the\s+International\s+Conference\s+on\s+Machine\s+Learning)",
)
_SUBMITTED_TO = re.compile(r"submitted\s+to\s+(?:the\s+)?$", re.IGNORECASE)
_CITED = re.compile(r"\bIn:?\s+$")  # a reference: "In Proceedings of the 36th International Conference ..."
_VENUE_NAME = r"(NeurIPS|NIPS|ICML|ICLR)"
_NOTE_YEAR = r"\s*['\u2019]?\s*((?:19|20)\d\d|\d\d)\b"
# an acceptance note as arXiv comments word it, at the start of a line or a footnote (a citation in
# running text, "published in ICML 2019 [12]", is not one): "Accepted at ICLR 2021", "This paper has
# been accepted to NeurIPS 2020", "NeurIPS 2020 camera-ready"
_ACCEPTED = (
    re.compile(
        r"(?:^|\n)[^\S\n]*[*\u2020\u2021\u2217\u00a7\u00b6\d]*[^\S\n]*"
        r"(?:(?:this|the|our)\s+(?:paper|work|article|version)\s+(?:\w+\s+){0,3}?)?"
        r"(?:accepted|to\s+appear)\s+(?:at|in|to|by|for|as\s+an?\s+\w+(?:\s+paper)?\s+at)\s+"
        r"(?:the\s+)?(?:main\s+conference\s+(?:of\s+)?)?" + _VENUE_NAME + _NOTE_YEAR,
        re.IGNORECASE,
    ),
    re.compile(r"\b" + _VENUE_NAME + _NOTE_YEAR + r"[^\S\n]*[,(:-]?[^\S\n]*camera[\s-]*ready", re.IGNORECASE),
    re.compile(
        r"(?<![a-z])camera[\s-]*ready\s+(?:version\s+)?(?:for|of|at)\s+(?:the\s+)?"
        + _VENUE_NAME
        + _NOTE_YEAR,
        re.IGNORECASE,
    ),
)
# arXiv's stamp up the left margin of page 1: "arXiv:2106.09685v2 [cs.CL] 16 Oct 2021"
_ARXIV_STAMP = re.compile(
    r"arXiv:(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
    r"\s*\[[^\]\n]{1,20}\]\s*\d{1,2}\s+[A-Z][a-z]{2}\s+" + _YEAR
)
# the NeurIPS proceedings' metadata: volume N of "Advances in NeurIPS" is the conference of 1987 + N
_NIPS_BOOK = re.compile(r"Advances in Neural Information Processing Systems (\d{1,2})\b")
_NIPS_VOLUME_ZERO = 1987
_VENUE_OF = {"neurips": "neurips", "nips": "neurips", "icml": "icml", "iclr": "iclr"}


@dataclass(frozen=True, slots=True)
class Ingested:
    """What happened to one file: stored and linked to papers, left unplaced (why), or refused (why)."""

    path: Path
    sha256: str | None = None
    paper_keys: tuple[str, ...] = ()
    new_paper: bool = False
    error: str = ""
    reason: str = ""  # why it was refused: a MissReason ("encrypted", "truncated", ...) or "unreadable"
    placed_by: str = ""  # "title match", "page 1", "acceptance note", ...; "" when unplaced
    unplaced: str = ""  # why the venue and year could not be told (the PDF is stored, filed as no paper)


@dataclass(frozen=True, slots=True)
class Identity:
    """What page 1 and the PDF's metadata say about the paper.

    ``venue`` and ``year`` are set only when the PDF names the venue with its year (``placed_by``
    says where). ``arxiv_id`` and ``arxiv_year`` come from arXiv's page-1 stamp: the year is that of
    the arXiv submission (its id's), never a venue's. ``not_placing`` quotes what page 1 says that
    names a venue but does not place the paper (a submission line).
    """

    title: str
    metadata_title: str
    year: int | None
    venue: str | None
    placed_by: str = ""
    arxiv_id: str | None = None
    arxiv_year: int | None = None
    not_placing: str = ""


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
    """Title, venue and year of a PDF, read from its first page and metadata (never its dates)."""
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
    return identify_text(
        title,
        metadata.get("Title", "").strip(),
        first_page,
        (metadata.get("Subject", ""), metadata.get("Keywords", "")),
        proceedings,
    )


def identify_text(
    title: str,
    metadata_title: str,
    first_page: str,
    metadata_notes: Iterable[str] = (),
    proceedings: str = "",
) -> Identity:
    """:class:`Identity` from page 1's text, metadata that may hold a note, and the ``Book`` entry (pure)."""
    venue, year = _venue_year(first_page)
    placed_by = "page 1" if venue else ""
    if venue is None:
        for text in (first_page, *metadata_notes):
            venue, year = accepted_at(text)
            if venue is not None:
                placed_by = "acceptance note"
                break
    if venue is None and (book := _NIPS_BOOK.search(proceedings)):
        venue, year, placed_by = "neurips", _NIPS_VOLUME_ZERO + int(book.group(1)), "proceedings metadata"
    arxiv_id, arxiv_year = arxiv_stamp(first_page)
    submitted = _SUBMITTED.search(first_page)
    not_placing = " ".join(submitted.group(0).split()) if submitted else ""
    return Identity(title, metadata_title, year, venue, placed_by, arxiv_id, arxiv_year, not_placing)


def _venue_year(text: str) -> tuple[str | None, int | None]:
    """The venue and year page 1's header or footer line names; (None, None) when none does.

    A submission ("Submitted to ... (NeurIPS 2021)"), a workshop's line or a reference ("In
    Proceedings of the 36th International Conference on Machine Learning, ...") names none.
    """
    for m in _NEURIPS_LINE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if not _workshop(text, m) and not _SUBMITTED_TO.search(before) and not _CITED.search(before):
            return "neurips", int(m.group(2))
    for m in _ICML_LINE.finditer(text):
        if not _workshop(text, m) and not _CITED.search(text[max(0, m.start() - 10) : m.start()]):
            return "icml", _ICML_EDITION_ZERO + int(m.group(1))
    for m in _ICLR_LINE.finditer(text):
        if not _workshop(text, m):
            return "iclr", int(m.group(1))
    return None, None


def accepted_at(text: str) -> tuple[str | None, int | None]:
    """The venue and year an acceptance note in ``text`` names ("Accepted at ICLR 2021"), or (None, None)."""
    for pattern in _ACCEPTED:
        for m in pattern.finditer(text):
            if not _workshop(text, m):
                name, year = m.group(1), m.group(2)
                return _VENUE_OF[name.lower()], int(year) if len(year) == 4 else 2000 + int(year)
    return None, None


def arxiv_stamp(text: str) -> tuple[str | None, int | None]:
    """The arXiv id of arXiv's page-1 stamp and its submission year (from the id), or (None, None)."""
    m = _ARXIV_STAMP.search(text)
    if m is None:
        return None, None
    arxiv_id = m.group(1)
    yy = int(arxiv_id.rsplit("/", 1)[-1][:2])
    return arxiv_id, (1900 if yy >= 91 else 2000) + yy


def _workshop(text: str, m: re.Match[str]) -> bool:
    """True when the line(s) of a venue match name a workshop (a workshop paper is not the venue's)."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return "workshop" in text[start : len(text) if end < 0 else end].lower()


@dataclass(frozen=True, slots=True)
class Placement:
    """A venue and year the user gives for the PDFs (``ingest --venue V --year Y [--track T]``)."""

    venue: str
    year: int
    track: str = "local"


def _of(keys: Iterable[str], venue: str, year: int) -> list[str]:
    return [k for k in keys if k.split("/", 2)[:2] == [venue, str(year)]]


def unplaced_reason(ident: Identity) -> str:
    """Why a PDF could not be placed, naming what it does carry (a submission line, an arXiv stamp)."""
    parts = [
        "no venue line or acceptance note on page 1, no proceedings metadata, no title match in the store"
    ]
    if ident.not_placing:
        parts.append(f"page 1 has only a submission line ({ident.not_placing!r})")
    if ident.arxiv_id:
        parts.append(f"its arXiv stamp ({ident.arxiv_id}, submitted {ident.arxiv_year}) names no venue")
    return "; ".join(parts) + "; not filed (give --venue and --year)"


def ingest_file(path: Path, store: Store, pdf_store: PdfStore, given: Placement | None = None) -> Ingested:
    """Store one PDF and link it to its paper: the given venue and year, else found by title, else page 1.

    A PDF nothing places is kept in the PDF store and recorded as ``unplaced`` with the reason,
    linked to no paper: no year is taken from its file or creation dates.
    """
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
    ident = identify(data)
    keys: list[str] = []
    for title in (ident.title, ident.metadata_title):
        if title and not keys:
            keys = store.paper_keys_by_title(title)
    title = ident.title or ident.metadata_title or path.stem
    if given is not None:
        keys = _of(keys, given.venue, given.year)
    elif ident.venue and ident.year:
        # the PDF's own venue line outranks a namesake at another venue or year
        keys = _of(keys, ident.venue, ident.year)
    ids = SourceIds(arxiv_id=ident.arxiv_id)
    if keys:
        placed_by, new = "title match", False
    elif given is not None:
        placed_by, new = "the venue and year given", True
        key = Paper.make_key(given.venue, given.year, given.track, pdf.sha256[:16])
        store.upsert_paper(
            Paper(key=key, venue=given.venue, year=given.year, track=given.track, title=title, ids=ids)
        )
        keys = [key]
    elif ident.venue and ident.year:
        placed_by, new = ident.placed_by, True
        key = Paper.make_key(ident.venue, ident.year, "local", pdf.sha256[:16])
        store.upsert_paper(
            Paper(key=key, venue=ident.venue, year=ident.year, track="local", title=title, ids=ids)
        )
        keys = [key]
    else:
        unplaced = unplaced_reason(ident)
        store.record_ingest(where, ("unplaced", unplaced))
        return Ingested(path, pdf.sha256, unplaced=unplaced)
    store.add_pdf(pdf)
    store.record_ingest(where, None)
    for key in keys:
        store.set_paper_pdf(key, pdf.sha256)
    return Ingested(path, pdf.sha256, tuple(keys), new, placed_by=placed_by)


def ingest_paths(
    paths: Iterable[Path], store: Store, pdf_store: PdfStore, given: Placement | None = None
) -> list[Ingested]:
    """Ingest every PDF under ``paths``; a bad file is refused (and recorded with its reason), not fatal."""
    return [ingest_file(path, store, pdf_store, given) for path in pdf_files(paths)]
