"""What a NeurIPS proceedings URL says: year, proceedings hash, track token, paper identity."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Track tokens in file names (``-Abstract-<token>.html``) and ``data-track`` slugs -> our track names.
TRACK_OF_TOKEN: dict[str, str] = {
    "": "main",
    "none": "main",
    "conference": "main",
    "datasets_and_benchmarks": "datasets",
    "datasets_and_benchmarks_track": "datasets",
    "round1": "datasets",
    "round2": "datasets",
    "position_paper_track": "position",
    "creative_ai_track": "creative_ai",
}
TRACKS: tuple[str, ...] = ("main", "datasets", "position", "creative_ai")

_HASH_PAGE = re.compile(
    r"/paper(?:_files/paper)?/(?P<year>\d{4})/(?:hash|file)/(?P<hash>[0-9a-f]{32})"
    r"-(?:Abstract|Paper|Metadata|Bibtex)(?:-(?P<token>[A-Za-z0-9_]+))?\.(?:html|pdf|json|bib)$"
)
_BOOK_PAPER = re.compile(r"/paper/(?P<id>\d+)-[A-Za-z0-9_-]+$")
_YEAR_IN_TEXT = re.compile(r"\b(19[89]\d|20\d\d)\b")


def track_of(token: str | None) -> str:
    """Our track name for a file-name token or ``data-track`` slug (unknown ones kept, lower-cased)."""
    slug = (token or "").strip().lower()
    return TRACK_OF_TOKEN.get(slug, re.sub(r"[^a-z0-9_]+", "_", slug) or "main")


@dataclass(frozen=True, slots=True)
class PaperId:
    """A paper's identity from its URL: ``local_id`` is the hash (plus ``-round1/2`` on the D&B host)."""

    year: int | None
    track: str
    local_id: str
    proceedings_hash: str | None


def paper_id(url: str) -> PaperId | None:
    """Identity of a hash-era page/file URL or an old ``/paper/<id>-<slug>`` URL; None otherwise."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if m := _HASH_PAGE.search(path):
        token = m["token"] or ""
        local = m["hash"] + (f"-{token.lower()}" if token.lower() in {"round1", "round2"} else "")
        return PaperId(int(m["year"]), track_of(token), local, m["hash"])
    if m := _BOOK_PAPER.search(path):
        return PaperId(None, "main", m["id"], None)
    return None


def year_in(text: str) -> int | None:
    """The last plausible proceedings year (1987-2099) named in ``text``."""
    found = _YEAR_IN_TEXT.findall(text)
    return int(found[-1]) if found else None
