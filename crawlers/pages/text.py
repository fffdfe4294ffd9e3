"""Text clean-up shared by page objects: entities, whitespace, author lists, raw abstracts."""

from __future__ import annotations

import hashlib
import html
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Only real markup is parsed. Abstracts keep bare TeX/prose "<" ($W<d$, <projektor>, a<b and c>d),
# so a tag is only a known element name, bare or with quoted attributes; every other "<" is text.
_TAG = re.compile(
    r"</?(?:p|em|i|b|strong|br|sub|sup|span|div|a|code|tt|u|ul|ol|li|blockquote)"
    r"(?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*\s*/?>",
    re.IGNORECASE,
)
_MISSING_ABSTRACT = {"", "abstract missing"}


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of ``data`` (a response body)."""
    return hashlib.sha256(data).hexdigest()


def clean_text(text: str) -> str:
    """Collapse whitespace and undo (double) HTML escaping: ``&amp;quot;`` -> ``"``."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return " ".join(text.split())


def split_authors(text: str) -> tuple[str, ...]:
    """Split a comma-separated author line into names (empty parts dropped)."""
    return tuple(name for part in clean_text(text).split(",") if (name := part.strip()))


def html_text(fragment: str) -> str:
    """The text of an HTML fragment: known tags parsed away, entities decoded once, other ``<`` kept.

    Every ``<`` that does not open a known tag is escaped first, so the parser (BeautifulSoup's
    ``html.parser``) reads TeX such as ``$W<d$`` as text instead of swallowing it as a tag.
    """
    protected, pos = [], 0
    for m in _TAG.finditer(fragment):
        protected += [fragment[pos : m.start()].replace("<", "&lt;"), m.group()]
        pos = m.end()
    protected.append(fragment[pos:].replace("<", "&lt;"))
    with warnings.catch_warnings():  # a short fragment can look like a URL or a file name to bs4
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup("".join(protected), "html.parser")
    return soup.get_text(" ")


def abstract_from_raw(fragment: str) -> str | None:
    """Abstract text from a raw HTML slice; None for an empty or "Abstract Missing" abstract.

    2020 pages hold escaped HTML (``&lt;p&gt;``): what the first parse spells as markup is parsed
    again; a double-escaped entity is decoded once more. Every ``<`` that is not markup stays text.
    """
    text = html_text(fragment)
    if _TAG.search(text):
        text = html_text(text)
    elif _ENTITY.search(text):
        text = html.unescape(text)
    text = " ".join(text.split())
    return None if text.casefold() in _MISSING_ABSTRACT else text
