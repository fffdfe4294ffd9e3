"""NeurIPS paper (abstract) pages, one page object per layout era, and the chooser among them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import attrs
from web_poet import WebPage
from web_poet.exceptions import Retry, UseFallback

from crawlers.items import AuthorItem, PaperItem
from crawlers.pages.layouts import MultiLayoutPage, response_sha256
from crawlers.pages.neurips.urls import paper_id, year_in
from crawlers.pages.text import abstract_from_raw, clean_text, split_authors

_ERROR_TITLES = ("502 bad gateway", "503 service", "504 gateway", "service unavailable", "too many requests")


@dataclass(frozen=True, slots=True)
class _Links:
    """The action links of a paper page, by what they point to."""

    pdf: str | None = None
    bibtex: str | None = None
    metadata: str | None = None
    supplementary: tuple[str, ...] = ()


class _AbstractBase(WebPage[PaperItem]):
    """Shared assembly; subclasses read title, authors, abstract, links and a year hint."""

    def _check_error_page(self) -> None:
        title = clean_text(" ".join(self.css("title ::text").getall())).casefold()
        if any(marker in title for marker in _ERROR_TITLES):
            raise Retry(f"error page served with status {self.response.status}: {title!r}")

    def _links(self, anchors_css: str) -> _Links:
        found: dict[str, list[str]] = {}
        for a in self.css(anchors_css):
            href = a.attrib.get("href")
            label = clean_text(" ".join(a.css("::text").getall())).strip("[]» ").casefold()
            if href:
                found.setdefault(label, []).append(str(self.urljoin(href)))
        first = {label: urls[0] for label, urls in found.items()}
        return _Links(
            pdf=first.get("paper") or first.get("pdf") or self._meta("citation_pdf_url"),
            bibtex=first.get("bibtex"),
            metadata=first.get("metadata"),
            supplementary=tuple(found.get("supplemental", [])),
        )

    def _meta(self, name: str) -> str | None:
        value = self.css(f'meta[name="{name}"]::attr(content)').get()
        return clean_text(value) if value else None

    def _meta_authors(self) -> tuple[str, ...]:
        return tuple(clean_text(v) for v in self.css('meta[name="citation_author"]::attr(content)').getall())

    def _raw(self, pattern: str) -> str | None:
        m = re.search(pattern, self.response.text, re.DOTALL | re.IGNORECASE)
        return m[1] if m else None

    def _item(
        self,
        *,
        title: str,
        authors: tuple[str, ...],
        abstract: str | None,
        links: _Links,
        year_hint: str,
        doi: str | None = None,
    ) -> PaperItem:
        url = str(self.response.url)
        if not title:
            raise UseFallback("no title")
        ident = paper_id(url) or (paper_id(links.pdf) if links.pdf else None)
        if ident is None:
            raise UseFallback(f"no paper id in {url}")
        year = ident.year or year_in(year_hint) or year_in(self._meta("citation_publication_date") or "")
        if year is None:
            raise UseFallback("no year")
        return PaperItem(
            venue="neurips",
            year=year,
            track=ident.track,
            local_id=ident.local_id,
            title=title,
            landing_url=url,
            authors=tuple(AuthorItem(name) for name in authors or self._meta_authors()),
            pdf_url=links.pdf,
            abstract=abstract,
            supplementary_urls=links.supplementary,
            metadata_url=links.metadata,
            bibtex_url=links.bibtex,
            proceedings_hash=ident.proceedings_hash,
            doi=doi or self._meta("citation_doi"),
            layout=type(self).__name__,
            source_url=url,
            body_sha256=response_sha256(self.response),
        )


@attrs.define
class AbstractPage2026(_AbstractBase):
    """The live "modern-theme" paper page (2026 redesign), used for every year 1987-2025.

    ``div.paper-detail > header``: ``h1.paper-title``, ``p.paper-authors``; ``div.paper-actions``
    buttons (Bibtex, Metadata, Paper, Reviews); ``p.paper-abstract`` is never closed and often
    opens its own ``<p>``, so the abstract is the raw slice up to ``</section>``.
    """

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        self._check_error_page()
        if not self.css("div.paper-detail h1.paper-title"):
            raise UseFallback("no div.paper-detail h1.paper-title")

    async def to_item(self) -> PaperItem:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        raw = self._raw(r'<p class="paper-abstract">(.*?)</section>')
        return self._item(
            title=clean_text(" ".join(self.css("h1.paper-title ::text").getall())),
            authors=split_authors(" ".join(self.css("header p.paper-authors ::text").getall())),
            abstract=abstract_from_raw(raw) if raw is not None else None,
            links=self._links("div.paper-actions a"),
            year_hint=" ".join(self.css("p.paper-meta ::text").getall()),
            doi=self.css("a.paper-doi::text").get(),
        )


@attrs.define
class AbstractPage2020(_AbstractBase):
    """The Bootstrap paper page of the hash site (Nov 2020 - mid 2026; archived copies).

    ``div.col > h4`` title, ``h4 "Authors"`` + ``p > i``, ``h4 "Abstract"`` + (nested) ``<p>``,
    buttons ``a.btn`` labelled "Paper »", "Bibtex »", "Metadata »", "Supplemental »".
    """

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        self._check_error_page()
        if self.css("div.paper-detail") or not self.xpath('//div[contains(@class,"col")]/h4'):
            raise UseFallback("no Bootstrap div.col > h4 paper page")
        if not self.xpath('//h4[normalize-space(.)="Abstract" or normalize-space(.)="Authors"]'):
            raise UseFallback("no Authors/Abstract headings")

    async def to_item(self) -> PaperItem:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        headings = [
            clean_text(" ".join(h.css("::text").getall()))
            for h in self.xpath('//div[contains(@class,"col")]/h4')
        ]
        title = next((h for h in headings if h not in {"Authors", "Abstract"}), "")
        authors = self.xpath('//h4[normalize-space(.)="Authors"]/following-sibling::p[1]//i//text()').getall()
        raw = self._raw(r"<h4>\s*Abstract\s*</h4>(.*?)(?:</div>|<h4)")
        return self._item(
            title=title,
            authors=split_authors(" ".join(authors)),
            abstract=abstract_from_raw(raw) if raw is not None else None,
            links=self._links("div.col a.btn"),
            year_hint=" ".join(self.xpath('//p[contains(., "Part of")]//text()').getall()),
        )


@attrs.define
class AbstractPage1987(_AbstractBase):
    """The old papers.nips.cc paper page (until Nov 2020; archived copies), years 1987-2019.

    ``h2.subtitle`` title, ``ul.authors > li.author > a``, ``p.abstract`` ("Abstract Missing" when
    absent), bracketed links ``[PDF]``, ``[BibTeX]``, ``[Supplemental]``; the year comes from the
    "Part of" back-link to the book.
    """

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        self._check_error_page()
        if not self.css("h2.subtitle") or not self.css("ul.authors, p.abstract"):
            raise UseFallback("no h2.subtitle + ul.authors/p.abstract paper page")

    async def to_item(self) -> PaperItem:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        authors = [clean_text(" ".join(a.css("::text").getall())) for a in self.css("ul.authors li.author a")]
        raw = self._raw(r'<p class="abstract">(.*?)</p>')
        part_of = self.xpath('//p[contains(., "Part of")]')
        year_hint = " ".join(part_of.css("a::attr(href)").getall() + part_of.css("::text").getall())
        return self._item(
            title=clean_text(" ".join(self.css("h2.subtitle ::text").getall())),
            authors=tuple(a for a in authors if a),
            abstract=abstract_from_raw(raw) if raw is not None else None,
            links=self._links("a"),
            year_hint=year_hint,
        )


@attrs.define
class NeuripsAbstractPage(MultiLayoutPage[PaperItem]):
    """A NeurIPS paper page in whichever era's layout it comes (live layout tried first)."""

    layouts = (AbstractPage2026, AbstractPage2020, AbstractPage1987)
    venue = "neurips"
    page_kind = "abstract"
