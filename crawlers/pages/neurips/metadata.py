"""Per-paper metadata files next to a NeurIPS PDF: ``-Metadata.json`` and BibTeX."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import attrs
from web_poet import WebPage
from web_poet.exceptions import UseFallback

from crawlers.items import AuthorItem, PaperItem, PaperMetadata
from crawlers.pages.layouts import MultiLayoutPage
from crawlers.pages.text import abstract_from_raw, clean_text

_BIB_FIELD = re.compile(r"(\w+)\s*=\s*[{\"]")


@attrs.define
class MetadataPage2020(WebPage[PaperMetadata]):
    """``<hash>-Metadata.json`` of the hash site (offered for years up to 2019).

    ``{"title", "abstract", "authors": [{"given_name", "family_name", "institution"}], ...}``;
    ``institution`` may be empty or null.
    """

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        try:
            data = json.loads(self.response.text)
        except ValueError as exc:
            raise UseFallback(f"not JSON ({exc})") from exc
        authors = data.get("authors") if isinstance(data, dict) else None
        if not isinstance(authors, list) or not all(isinstance(a, dict) for a in authors):
            raise UseFallback("no authors list")

    async def to_item(self) -> PaperMetadata:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        data = json.loads(self.response.text)
        authors = []
        for a in data["authors"]:
            name = clean_text(f"{a.get('given_name') or ''} {a.get('family_name') or ''}")
            institution = clean_text(a.get("institution") or "")
            if name:
                authors.append(AuthorItem(name, (institution,) if institution else ()))
        abstract = data.get("abstract")
        return PaperMetadata(
            layout=type(self).__name__,
            title=clean_text(data["title"]) if data.get("title") else None,
            authors=tuple(authors),
            abstract=abstract_from_raw(abstract) if isinstance(abstract, str) else None,
        )


def bibtex_fields(text: str) -> dict[str, str]:
    """Fields of the first BibTeX entry in ``text`` (lower-cased names, braces kept balanced)."""
    fields: dict[str, str] = {}
    pos = 0
    while m := _BIB_FIELD.search(text, pos):
        opener = text[m.end() - 1]
        depth, i = 1, m.end()
        while i < len(text) and depth:
            ch = text[i]
            if opener == "{":
                depth += {"{": 1, "}": -1}.get(ch, 0)
            elif ch == '"':
                depth = 0
            i += 1
        fields.setdefault(m[1].lower(), text[m.end() : i - 1])
        pos = i
    return fields


def bibtex_name(name: str) -> str:
    """``"Family, Given"`` -> ``"Given Family"``; other forms unchanged (braces dropped)."""
    name = clean_text(name.replace("{", "").replace("}", ""))
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        return f"{given} {family}".strip()
    return name


@attrs.define
class BibtexPage1987(WebPage[PaperMetadata]):
    """A paper's BibTeX entry: authors as ``Family, Given and ...``, no institutions.

    Served as ``/paper/<id>/bibtex`` on papers.nips.cc, later ``-Bibtex.bib`` and
    ``/paper_files/paper/<n>-/bibtex``.
    """

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        if not re.search(r"@\w+\s*\{", self.response.text) or "author" not in bibtex_fields(
            self.response.text
        ):
            raise UseFallback("no BibTeX entry with authors")

    async def to_item(self) -> PaperMetadata:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        fields = bibtex_fields(self.response.text)
        names = re.split(r"\s+and\s+", fields["author"])
        title = fields.get("title")
        return PaperMetadata(
            layout=type(self).__name__,
            title=clean_text(title.replace("{", "").replace("}", "")) if title else None,
            authors=tuple(AuthorItem(n) for name in names if (n := bibtex_name(name))),
            doi=clean_text(fields["doi"]) if fields.get("doi") else None,
        )


@attrs.define
class NeuripsMetadataPage(MultiLayoutPage[PaperMetadata]):
    """A ``-Metadata.json`` file (one layout so far; a change is recorded as a layout miss)."""

    layouts = (MetadataPage2020,)
    venue = "neurips"
    page_kind = "metadata"


@attrs.define
class NeuripsBibtexPage(MultiLayoutPage[PaperMetadata]):
    """A paper's BibTeX entry."""

    layouts = (BibtexPage1987,)
    venue = "neurips"
    page_kind = "bibtex"


def merge_metadata(paper: PaperItem, details: PaperMetadata) -> PaperItem:
    """The paper with the metadata file's authors (with institutions), and its abstract/DOI if missing."""
    return replace(
        paper,
        authors=details.authors or paper.authors,
        abstract=paper.abstract or details.abstract,
        doi=paper.doi or details.doi,
    )
