"""Text clean-up shared by page objects: entities, whitespace, author lists, raw abstracts."""

from __future__ import annotations

import hashlib
import html
import re

_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Only real markup is stripped. Abstracts keep bare TeX/prose "<" ($W<d$, <projektor>, a<b and c>d),
# so a tag is only a known element name, bare or with quoted attributes.
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


def abstract_from_raw(fragment: str) -> str | None:
    """Abstract text from a raw HTML slice; None for an empty or "Abstract Missing" abstract.

    Known tags are removed before and after unescaping (2020 pages hold escaped HTML), every other
    ``<`` stays text.
    """
    text = _TAG.sub(" ", fragment)
    text = _TAG.sub(" ", clean_text(text))
    text = " ".join(text.split())
    return None if text.casefold() in _MISSING_ABSTRACT else text
