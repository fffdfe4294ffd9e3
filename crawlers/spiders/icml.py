"""ICML on PMLR: volume page -> volume BibTeX (authors, abstracts) -> items; paper pages as fallback.

``scrapy crawl icml -a years=2018-2025 [-a limit=N] [-a site=URL]``; the year -> volume table is
``data/venues/pmlr_volumes.csv``. PDF links are read from the pages (ICML 2024 on: GitHub-hosted).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import scrapy

from crawlers.failures import listed_paper_failed
from crawlers.items import LayoutMissItem
from crawlers.options import parse_tracks, parse_years
from crawlers.pages.bibtex import parse_bibtex
from crawlers.pages.pmlr import (
    PmlrEntry,
    PmlrPaperPage,
    PmlrVolumeItem,
    PmlrVolumePage,
    bib_key,
    paper_from_volume,
    volume_problem,
)
from crawlers.pmlr_volumes import volumes_for
from crawlers.poet import parse_page

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawlers.venue_items import VenuePaperItem

PMLR_LIVE = "https://proceedings.mlr.press"


class IcmlSpider(scrapy.Spider):
    """Every paper of the chosen ICML volumes, from proceedings.mlr.press or a mirror."""

    name = "icml"

    def __init__(self, years: str = "2024", tracks: str = "main", limit: str = "", site: str = "",
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        parse_tracks(tracks, known=("main",))
        self.volumes = volumes_for(parse_years(years))
        self.limit = int(limit) if limit else None
        self.site = site
        self._listed: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per volume page."""
        base = (self.site or self.settings.get("PMLR_SITE") or PMLR_LIVE).rstrip("/")
        for year, volume in self.volumes.items():
            yield scrapy.Request(f"{base}/v{volume}/", self.parse_volume, dont_filter=True,
                                 cb_kwargs={"year": year, "volume": volume})  # fmt: skip

    async def parse_volume(self, response: Response, year: int, volume: int) -> AsyncIterator[Any]:
        """Listed papers -> the volume bibliography (or their own pages); layout misses."""
        page = await parse_page(PmlrVolumePage, response)
        if isinstance(page, LayoutMissItem):
            yield page
            return
        if problem := volume_problem(page, volume):
            yield LayoutMissItem(page.url, "icml", "volume", (page.layout,), page.body_sha256, problem)
            return
        if page.unparsed:
            yield LayoutMissItem(page.url, "icml", "volume", (page.layout,), page.body_sha256,
                                 f"{page.unparsed} div.paper blocks without a title or an abs link")  # fmt: skip
        page = self._on_site(page)
        entries = [e for e in page.entries if self._list(paper_from_volume(page, e, year).key)]
        if page.bib_url:
            yield scrapy.Request(page.bib_url, self.parse_bib, errback=self.bib_failed, dont_filter=True,
                                 cb_kwargs={"volume": page, "year": year, "entries": entries})  # fmt: skip
        else:
            for entry in entries:
                yield self._paper_page(page, entry, year)

    def _here(self, url: str | None) -> str | None:
        """A link to the live PMLR host, moved to the crawled site (a mirror keeps its crawl local)."""
        if not url or not self.site:
            return url
        parts, live = urlsplit(url), urlsplit(PMLR_LIVE)
        if parts.netloc != live.netloc:
            return url
        base = urlsplit(self.site)
        return urlunsplit(parts._replace(scheme=base.scheme, netloc=base.netloc))

    def _on_site(self, page: PmlrVolumeItem) -> PmlrVolumeItem:
        """The volume with its links resolved against the site actually crawled."""
        entries = tuple(
            replace(
                e,
                abs_url=self._here(e.abs_url) or e.abs_url,
                pdf_url=self._here(e.pdf_url),
                supplementary_urls=tuple(self._here(u) or u for u in e.supplementary_urls),
            )
            for e in page.entries
        )
        return replace(page, entries=entries, bib_url=self._here(page.bib_url))

    def _list(self, key: str) -> bool:
        if key in self._listed or (self.limit is not None and len(self._listed) >= self.limit):
            return False
        self._listed.add(key)
        self.crawler.stats.inc_value("paperscope/listed")
        return True

    async def parse_bib(self, response: Response, volume: PmlrVolumeItem, year: int,
                        entries: list[PmlrEntry]) -> AsyncIterator[Any]:  # fmt: skip
        """Papers whose bibliography record has authors; the others from their own pages."""
        records = parse_bibtex(response.text)
        for entry in entries:
            record = records.get(bib_key(volume.volume, entry.key))
            if record is not None and record.authors:
                yield paper_from_volume(volume, entry, year, record)
            else:
                yield self._paper_page(volume, entry, year)

    def bib_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Without a bibliography every paper's own page is read."""
        kw = failure.request.cb_kwargs  # type: ignore[attr-defined]
        self.logger.warning("no bibliography for volume %s (%s)", kw["volume"].volume, failure.value)
        for entry in kw["entries"]:
            yield self._paper_page(kw["volume"], entry, kw["year"])

    def _paper_page(self, volume: PmlrVolumeItem, entry: PmlrEntry, year: int) -> scrapy.Request:
        listed = paper_from_volume(volume, entry, year)
        return scrapy.Request(entry.abs_url, self.parse_paper, errback=self.paper_failed, dont_filter=True,
                              cb_kwargs={"listed": listed},
                              meta={"paper_key": listed.key, "skip_if_stored": True})  # fmt: skip

    async def parse_paper(self, response: Response, listed: VenuePaperItem) -> AsyncIterator[Any]:
        """The paper from its own page (identity as listed), or its miss."""
        page = await parse_page(PmlrPaperPage, response)
        if isinstance(page, LayoutMissItem):
            yield page
            yield self._from_volume(listed) or replace(
                listed, miss_reason="no_pdf_link", miss_detail="paper page: no known layout"
            )
            return
        yield replace(page, year=listed.year, local_id=listed.local_id,
                      pdf_url=self._here(page.pdf_url) or listed.pdf_url,
                      openreview_id=page.openreview_id or listed.openreview_id)  # fmt: skip

    def paper_failed(self, failure: Failure) -> Any:
        """The paper as the volume page lists it when that gives its PDF; else with the page's failure."""
        fallen = listed_paper_failed(failure, self.crawler.stats)
        if fallen is None:
            return None  # already stored
        return self._from_volume(failure.request.cb_kwargs["listed"]) or fallen  # type: ignore[attr-defined]

    def _from_volume(self, listed: VenuePaperItem) -> VenuePaperItem | None:
        """The listed paper (title, authors and PDF link from the volume page), if it has a PDF link."""
        if not listed.pdf_url:
            return None
        self.crawler.stats.inc_value("paperscope/paper_page_fallback")
        self.logger.warning(
            "%s: its paper page failed; using the volume page's title, authors and PDF", listed.key
        )
        return listed
