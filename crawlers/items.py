"""Typed crawl items: what page objects return and pipelines store.

A :class:`PaperItem` maps 1:1 onto :class:`paperscope.records.Paper` (``to_paper``); a
:class:`LayoutMissItem` onto :class:`paperscope.records.LayoutMiss`. Items are frozen, slotted
dataclasses so they pickle into a ``JOBDIR`` queue and compare field by field in fixture tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from paperscope.records import Author, LayoutMiss, MissReason, PageSource, Paper, SourceIds


@dataclass(frozen=True, slots=True)
class AuthorItem:
    """One author as printed, with the institutions the source gives (often none)."""

    name: str
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaperItem:
    """A listed paper: identity, authors in order, where its PDF lives, and which page said so.

    ``miss_reason`` is set when the paper is known only from a listing (its landing page failed):
    the PDF pipeline then records that miss instead of fetching anything.
    """

    venue: str
    year: int
    track: str
    local_id: str
    title: str
    landing_url: str
    authors: tuple[AuthorItem, ...] = ()
    pdf_url: str | None = None
    pdf_alternates: tuple[str, ...] = ()  # other sources of the same PDF, tried in order when pdf_url fails
    abstract: str | None = None
    supplementary_urls: tuple[str, ...] = ()
    metadata_url: str | None = None
    bibtex_url: str | None = None
    proceedings_hash: str | None = None
    doi: str | None = None
    layout: str = ""
    source_url: str = ""
    body_sha256: str = ""
    miss_reason: MissReason | None = None
    miss_detail: str = ""

    @property
    def key(self) -> str:
        """The store key ``venue/year/track/local_id``."""
        return Paper.make_key(self.venue, self.year, self.track, self.local_id)

    def to_paper(self) -> Paper:
        """The store record (authors numbered in order)."""
        source = None
        if self.layout and self.body_sha256:
            source = PageSource(
                layout=self.layout, url=self.source_url or self.landing_url, body_sha256=self.body_sha256
            )
        return Paper(
            key=self.key,
            venue=self.venue,
            year=self.year,
            track=self.track,
            title=self.title,
            authors=tuple(
                Author(position=i, name=a.name, affiliations_raw=a.affiliations)
                for i, a in enumerate(self.authors)
            ),
            landing_url=self.landing_url,
            pdf_url=self.pdf_url,
            supplementary_urls=self.supplementary_urls,
            abstract=self.abstract,
            ids=SourceIds(proceedings_hash=self.proceedings_hash, doi=self.doi),
            source=source,
        )


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One paper in a year listing: its landing page, title and authors as the list prints them."""

    url: str
    title: str
    authors: tuple[str, ...]
    track: str
    local_id: str = ""
    proceedings_hash: str | None = None
    year: int | None = None

    def listed(self, *, venue: str, year: int, layout: str, source_url: str, body_sha256: str) -> PaperItem:
        """The paper as the listing knows it (the fallback when its landing page fails)."""
        return PaperItem(
            venue=venue,
            year=self.year or year,
            track=self.track,
            local_id=self.local_id,
            title=self.title,
            landing_url=self.url,
            authors=tuple(AuthorItem(name) for name in self.authors),
            proceedings_hash=self.proceedings_hash,
            layout=layout,
            source_url=source_url,
            body_sha256=body_sha256,
        )


@dataclass(frozen=True, slots=True)
class IndexItem:
    """A parsed year listing.

    ``paper_count`` is the count the page itself states (None when it states none); ``unparsed``
    counts list entries without a landing-page link, a sign of a partial layout change.
    """

    url: str
    year: int
    layout: str
    entries: tuple[IndexEntry, ...]
    paper_count: int | None = None
    see_also: tuple[str, ...] = ()
    unparsed: int = 0


@dataclass(frozen=True, slots=True)
class LayoutMissItem:
    """A page no known layout could parse: the URL, the layouts tried and the response hash."""

    url: str
    venue: str
    page_kind: str
    layouts_tried: tuple[str, ...]
    response_sha256: str
    detail: str = ""

    def to_record(self) -> LayoutMiss:
        """The store record, stamped now."""
        return LayoutMiss(
            url=self.url,
            venue=self.venue,
            page_kind=self.page_kind,
            layouts_tried=self.layouts_tried,
            response_sha256=self.response_sha256,
            detail=self.detail,
            at=datetime.now(UTC),
        )


@dataclass(frozen=True, slots=True)
class PaperMetadata:
    """What a per-paper metadata file (``-Metadata.json``, BibTeX) adds: authors with institutions."""

    layout: str
    title: str | None
    authors: tuple[AuthorItem, ...]
    abstract: str | None = None
    doi: str | None = None
