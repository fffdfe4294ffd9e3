"""A small BibTeX reader for proceedings bibliographies (PMLR ``assets/bib/bibliography.bib``).

Entries become :class:`BibEntry` with authors as "Given Family" display names in order. Only what
proceedings files use is handled: braced or quoted values, ``#``-free fields, ``and``-separated
author lists, TeX accents and escapes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ENTRY_HEAD = re.compile(r"@(\w+)\s*\{\s*([^,\s{}]+)\s*,")
_FIELD_NAME = re.compile(r"\s*([A-Za-z_][\w-]*)\s*=\s*")
_BRACE_OR_AND = re.compile(r"[{}]|\s+and\s+")
_BARE = re.compile(r"[^,}\s]+")
_SEP = re.compile(r"\s*,?")
# \"u, \'{e}, \v{s}, \c{c}, ... -> the base letter plus a combining mark
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
}
_ACCENT = re.compile(r"\\([\"'`^~=.]|[uvHck](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_LETTERS = {r"\o": "ø", r"\O": "Ø", r"\l": "ł", r"\L": "Ł", r"\ss": "ß", r"\ae": "æ", r"\AE": "Æ"}
_LETTER = re.compile(r"\\(o|O|l|L|ss|ae|AE)(?![A-Za-z])\s*")
_ESCAPED = re.compile(r"\\([&%$#_{}])")


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One bibliography entry: its citation key, type and fields (names lower-cased, values decoded)."""

    key: str
    kind: str
    fields: dict[str, str]

    @property
    def authors(self) -> tuple[str, ...]:
        """Author display names ("Given Family") in order; empty if the entry has none."""
        raw = self.fields.get("author", "")
        return tuple(name for part in split_names(raw) if (name := display_name(part)))

    @property
    def title(self) -> str | None:
        """The title with TeX braces removed."""
        return self.fields.get("title") or None


def decode_tex(text: str) -> str:
    """TeX accents and escapes to Unicode, grouping braces dropped, whitespace collapsed."""

    def accent(m: re.Match[str]) -> str:
        letter = (m[2] or m[3]).lstrip("\\")
        letter = {"i": "i", "j": "j"}.get(letter, letter)
        return unicodedata.normalize("NFC", letter + _ACCENTS[m[1]])

    text = _ACCENT.sub(accent, text)
    text = _LETTER.sub(lambda m: _LETTERS["\\" + m[1]], text)
    text = _ESCAPED.sub(lambda m: "\x00" + m[1], text)  # keep escaped braces through the brace strip
    text = text.replace("{", "").replace("}", "").replace("\x00", "").replace("~", " ")
    return " ".join(text.split())


def split_names(raw: str) -> list[str]:
    """Split a BibTeX author field on ``and`` at brace depth 0."""
    parts: list[str] = []
    depth, start = 0, 0
    for m in _BRACE_OR_AND.finditer(raw):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(raw[start : m.start()])
            start = m.end()
    parts.append(raw[start:])
    return [p.strip() for p in parts if p.strip()]


def display_name(name: str) -> str:
    """``Family, Given`` (or ``Family, Jr, Given``) -> ``Given Family [Jr]``; other forms kept."""
    pieces = [decode_tex(p) for p in _top_level_commas(name)]
    if len(pieces) == 2:
        family, given = pieces
        return f"{given} {family}".strip()
    if len(pieces) == 3:
        family, suffix, given = pieces
        return f"{given} {family} {suffix}".strip()
    return decode_tex(name)


def _top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _value(text: str, pos: int) -> tuple[str, int]:
    """Read one field value starting at ``pos``; return (raw value, position after it)."""
    if text[pos] == "{":
        depth = 0
        for i in range(pos, len(text)):
            depth += text[i] == "{"
            depth -= text[i] == "}"
            if depth == 0:
                return text[pos + 1 : i], i + 1
        raise ValueError(f"unbalanced braces in value at offset {pos}")
    if text[pos] == '"':
        end = text.index('"', pos + 1)
        return text[pos + 1 : end], end + 1
    m = _BARE.match(text, pos)
    if m is None:
        raise ValueError(f"no value at offset {pos}")
    return m.group(), m.end()


def parse_bibtex(text: str) -> dict[str, BibEntry]:
    """Every entry of a BibTeX file by citation key; entries that do not parse are skipped.

    ``author`` stays raw (use :attr:`BibEntry.authors`); other values are TeX-decoded.
    """
    entries: dict[str, BibEntry] = {}
    for head in _ENTRY_HEAD.finditer(text):
        fields: dict[str, str] = {}
        pos = head.end()
        try:
            while (m := _FIELD_NAME.match(text, pos)) is not None:
                raw, pos = _value(text, m.end())
                name = m[1].lower()
                fields[name] = raw if name == "author" else decode_tex(raw)
                pos = _SEP.match(text, pos).end()  # type: ignore[union-attr]
        except (ValueError, IndexError):
            continue
        entries[head[2]] = BibEntry(key=head[2], kind=head[1].lower(), fields=fields)
    return entries
