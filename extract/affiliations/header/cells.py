"""What a header cell holds (names, affiliation, emails, a note) and how to split it into parts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from extract.affiliations.header.lines import MARKER_SYMBOLS, Cell, char_width, is_marker, marker_labels
from extract.affiliations.names import split_camel
from extract.document import Word

CellKind = Literal["names", "affil", "email", "note", "other"]
OrgTest = Callable[[str], bool]


@cache
def org_words() -> re.Pattern[str]:
    """Words that mark an organisation ("universit", "institut", "lab", "inc"): ``data/orgs/words.json``."""
    from extract.affiliations.orgs.loader import load_org_words
    from paperscope.settings import DATA_DIR

    return load_org_words(DATA_DIR / "orgs" / "words.json").org_word_regex


_NOTE = re.compile(
    r"^\W*(equal|work\s*(was\s*|is\s*)?(done|performed|conducted)|correspond|contact|version|preprint|"
    r"under\s*review|anonymous|paper\s*under|all\s*authors|these\s*authors|denotes|project\s*lead|now\s*at|"
    r"currently|affiliated|authors?\s*(are\s*)?listed|order|alphabetical|senior|advis|code|steering|"
    r"https?:|www\.|\(?\d{1,2}\s*\w+\s*\d{4}\)?$|"
    r"(january|february|march|april|may|june|july|august|september|october|november|december)\b)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\d{4,}|\b(USA|U\.S\.A\.?|UK|U\.K\.|Canada|China|Germany|France|Japan|Korea|Israel|Switzerland|"
    r"Netherlands|Singapore|Australia|Italy|Spain|India|Sweden|Denmark|Austria|Belgium|Brazil|Russia|"
    r"CA|NY|MA|WA|PA|NJ|IL|TX|GA|MD|ON|QC|BC)\b",
)
_ALL_AUTHORS = re.compile(
    r"all\s*authors\s*(?:are\s*)?(?:from|at|with|affiliated\s*with)\s*(.+?)(?:[,;.]|$)", re.IGNORECASE
)
_EMAIL_CHARS = re.compile(r"@|^[{\[(]|^[a-z0-9._-]+(\s*[,;]\s*[a-z0-9._-]+)+\s*[,;]?$")
_NAME_SEPARATORS = {",", "and", "&", ";", "·", "•"}
_GLUED_MARKERS = re.compile(rf"[{re.escape(MARKER_SYMBOLS)}]+$")
# a superscript number glued after the comma that ends a name: "Yosinski,1" (names hold no digits)
_COMMA_MARKER = re.compile(r"(?<=[^\W\d_.)]),(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class NamePart:
    """One author name as printed, the markers after it and its words."""

    name: str
    markers: tuple[str, ...]
    words: tuple[Word, ...]
    closed: bool = True  # False when the name may continue on the next line (no comma or marker after it)


@dataclass(frozen=True, slots=True)
class AffPart:
    """One affiliation string with the marker labels that introduce it (empty if none)."""

    markers: tuple[str, ...]
    text: str
    words: tuple[Word, ...]


def starts_with_marker(cell: Cell) -> bool:
    """True when the cell opens with a superscript marker followed by text."""
    return (
        len(cell.words) > 1
        and is_marker(cell.words[0], cell.size)
        and not is_marker(cell.words[1], cell.size)
    )


def classify(cell: Cell, is_org: OrgTest, *, names_bold: bool | None) -> CellKind:
    """Decide what a header cell holds; ``names_bold`` says whether this paper prints names in bold."""
    text = cell.text()
    if not text.strip():
        return "other"
    if _EMAIL_CHARS.search(text) or text.rstrip(",").endswith("}"):
        return "email"
    if _NOTE.match(text):
        return "note"
    if starts_with_marker(cell) and not (names_bold and cell.bold):
        return "affil"
    has_org_word = bool(org_words().search(text))
    if names_bold and cell.bold and not has_org_word and looks_like_names(cell):
        return "names"
    if not has_org_word and (names_bold is None or cell.bold == names_bold) and _marked_name(cell):
        return "names"  # "Yale Song³" wrapped onto a line of its own: a name carries its mark after it
    org_like = has_org_word or names_org_like(cell, is_org)
    if names_bold is not None and cell.bold != names_bold:
        return "affil" if org_like or _ADDRESS.search(text) or not cell.bold else "other"
    if org_like or _ADDRESS.search(text):
        return "affil"
    return "names" if looks_like_names(cell) else "affil"


def _marked_name(cell: Cell) -> bool:
    """A person's name of two or more words with its superscript mark after it, none before."""
    if len(cell.words) < 3 or starts_with_marker(cell) or not is_marker(cell.words[-1], cell.size):
        return False
    parts = split_names(cell)
    return len(parts) == 1 and len(parts[0].name.split()) >= 2 and looks_like_names(cell)


def names_org_like(cell: Cell, is_org: OrgTest) -> bool:
    """Whether a cell names organisations; a cell of several person names is judged name by name."""
    parts = split_names(cell) if looks_like_names(cell) else []
    if len(parts) < 2:
        return _org_text(cell.text(), is_org)
    return _orgs_among(parts, is_org)


def _orgs_among(parts: list[NamePart], is_org: OrgTest) -> bool:
    """Whether name-shaped parts are organisations, not people named like one ("Yale Song", "Tom Brown").

    They are when one part is an organisation's one word ("Google, Microsoft") or every part names
    one ("DeepMind, Google Brain"). Words of an all-caps name are read as words, not acronyms:
    "NGUYỄN THỊ LAN ANH" holds no "LAN".
    """
    hits = [_org_text(p.name, is_org) for p in parts]
    one_word = any(hit and len(p.name.split()) == 1 for hit, p in zip(hits, parts, strict=True))
    return one_word or all(hits)


def _org_text(text: str, is_org: OrgTest) -> bool:
    words = text.split()
    if len(words) > 1 and text.isupper():  # an all-caps line: its capitals say nothing of acronyms
        return is_org(text.title())
    return is_org(text)


def looks_like_names(cell: Cell) -> bool:
    """Capitalised words, no digits beyond markers: a run of person names."""
    parts = split_names(cell)
    if not parts:
        return False
    return all(_name_ok(p.name) for p in parts)


def _name_ok(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 6 or any(ch.isdigit() for ch in name):
        return False
    caps = sum(1 for t in tokens if t[:1].isupper())
    return caps >= max(1, len(tokens) - 2) and len(name.replace(" ", "")) >= 3


def split_names(cell: Cell) -> list[NamePart]:
    """Split a names cell at commas, ``and``, wide gaps and after markers; keep each name's markers."""
    wide = 2.0 * char_width(cell.words)  # a gap this wide between two names means a new name
    parts: list[NamePart] = []
    words: list[Word] = []
    markers: list[str] = []

    def close(closed: bool = True) -> None:
        if words:
            name = " ".join(w.text for w in words).strip(" ,;")
            if " " not in name:
                name = split_camel(name)
            if name:
                parts.append(NamePart(name, tuple(markers), tuple(words), closed or bool(markers)))
        words.clear()
        markers.clear()

    prev: Word | None = None
    for word in cell.words:
        text = word.text
        if is_marker(word, cell.size):
            if not words and parts:
                last = parts[-1]
                parts[-1] = NamePart(
                    last.name, (*last.markers, *marker_labels(text)), last.words, last.closed
                )
            else:
                markers.extend(marker_labels(text))
            prev = word
            continue
        gap = word.x0 - prev.x1 if prev is not None else 0.0
        if markers or (words and gap > wide) or text.startswith(","):
            close()
        text = text.lstrip(",")
        if text.lower() in _NAME_SEPARATORS or not text:
            close()
            prev = word
            continue
        comma_marker = _COMMA_MARKER.search(text)
        if comma_marker:
            words.append(_with_text(word, text[: comma_marker.start()]))
            markers.extend(marker_labels(comma_marker.group(1)))
            close()
            prev = word
            continue
        glued = _GLUED_MARKERS.search(text.rstrip(","))
        ends = text.endswith((",", ";"))
        if glued:
            words.append(_with_text(word, text.rstrip(",;")[: glued.start()]))
            markers.extend(marker_labels(glued.group()))
        else:
            words.append(_with_text(word, text.rstrip(",;")))
        if ends:
            close()
        prev = word
    close(closed=False)
    return [p for p in parts if p.name]


def _with_text(word: Word, text: str) -> Word:
    return Word(text, word.page, word.x0, word.top, word.x1, word.bottom, word.font, word.size)


def split_affiliations(cell: Cell) -> list[AffPart]:
    """Split an affiliation cell at superscript markers: ``1CMU, 2Google`` -> two parts."""
    parts: list[AffPart] = []
    markers: list[str] = []
    words: list[Word] = []

    def close() -> None:
        text = " ".join(w.text for w in words).strip(" ,;")
        if text:
            parts.append(AffPart(tuple(markers), text, tuple(words)))
        markers.clear()
        words.clear()

    for word in cell.words:
        if is_marker(word, cell.size):
            if words:
                close()
            markers.extend(marker_labels(word.text))
        else:
            words.append(word)
    close()
    return parts


def all_authors_org(text: str) -> str | None:
    """The organisation of an ``All authors from X`` note, if the text is one."""
    match = _ALL_AUTHORS.search(" ".join(text.split()))
    return match.group(1).strip() if match else None
