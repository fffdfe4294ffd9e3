"""NeurIPS proceedings: year listings -> paper pages (-> Metadata.json / BibTeX) -> items.

``scrapy crawl neurips -a years=2019-2021 -a tracks=main,datasets [-a limit=N] [-a site=URL]``
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from web_poet.exceptions import Retry

from crawlers.failures import listed_paper_failed
from crawlers.items import LayoutMissItem, PaperItem, PaperMetadata
from crawlers.options import NeuripsSite, parse_tracks, parse_years
from crawlers.pages.layouts import response_sha256
from crawlers.pages.neurips.abstract import NeuripsAbstractPage
from crawlers.pages.neurips.index import NeuripsIndexPage
from crawlers.pages.neurips.metadata import NeuripsBibtexPage, NeuripsMetadataPage, merge_metadata
from crawlers.poet import parse_page, poet_response

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.http import Response
    from twisted.python.failure import Failure


class NeuripsSpider(scrapy.Spider):
    """Every listed paper of the chosen years and tracks, from the real site or a mirror."""

    name = "neurips"

    def __init__(self, years: str = "2024", tracks: str = "main,datasets", limit: str = "", site: str = "",
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.years, self.tracks = parse_years(years), parse_tracks(tracks)
        self.limit = int(limit) if limit else None
        self.site = site
        self._listed: set[str] = set()
        self._indexes: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per year listing (the D&B host for 2021)."""
        site = NeuripsSite.at(self.site or self.settings.get("NEURIPS_SITE"))
        for url in site.index_urls(self.years, self.tracks):
            self._indexes.add(url)
            yield scrapy.Request(url, self.parse_index, dont_filter=True)

    async def parse_index(self, response: Response) -> AsyncIterator[Any]:
        """Listed papers -> their paper pages; layout misses; 'see also' volumes."""
        try:
            index = await parse_page(NeuripsIndexPage, response)
        except Retry as exc:  # an error page served with status 200
            yield self._retry(response, exc) or LayoutMissItem(
                response.url, "neurips", "index", (), response_sha256(poet_response(response)), str(exc)
            )
            return
        if isinstance(index, LayoutMissItem):
            yield index
            return
        if index.paper_count is not None and index.paper_count != len(index.entries) + index.unparsed:
            logger.warning(
                "%s states %d papers but lists %d", response.url, index.paper_count, len(index.entries)
            )
        if index.unparsed:
            yield LayoutMissItem(response.url, "neurips", "index", (index.layout,), response_sha256(
                poet_response(response)), f"{index.unparsed} list entries without a paper link")  # fmt: skip
        for url in index.see_also:  # 2025: the main volume has its own page
            if url not in self._indexes:
                self._indexes.add(url)
                yield scrapy.Request(url, self.parse_index, dont_filter=True)
        body_sha = response_sha256(poet_response(response))
        for entry in index.entries:
            listed = entry.listed(venue="neurips", year=index.year, layout=index.layout,
                                  source_url=response.url, body_sha256=body_sha)  # fmt: skip
            if listed.track not in self.tracks or listed.year not in self.years or listed.key in self._listed:
                continue
            if self.limit is not None and len(self._listed) >= self.limit:
                return
            self._listed.add(listed.key)
            self.crawler.stats.inc_value("paperscope/listed")
            yield scrapy.Request(entry.url, self.parse_paper, errback=self.paper_failed, dont_filter=True,
                                 cb_kwargs={"listed": listed},
                                 meta={"paper_key": listed.key, "skip_if_stored": True})  # fmt: skip

    async def parse_paper(self, response: Response, listed: PaperItem) -> AsyncIterator[Any]:
        """The paper item, after its metadata file when it has one."""
        try:
            page = await parse_page(NeuripsAbstractPage, response)
        except Retry as exc:  # an error page served with status 200
            yield self._retry(response, exc) or replace(
                listed, miss_reason="http_status", miss_detail=f"paper page: error page ({exc})"
            )
            return
        if isinstance(page, LayoutMissItem):
            yield page
            yield replace(listed, miss_reason="no_pdf_link", miss_detail="paper page: no known layout")
            return
        # the listing fixes the identity (a redirect may land on another URL form)
        paper = replace(page, year=listed.year, track=listed.track, local_id=listed.local_id,
                        authors=page.authors or listed.authors)  # fmt: skip
        if paper.metadata_url or (not paper.authors and paper.bibtex_url):
            yield self._details(paper, paper.metadata_url or paper.bibtex_url or "")
        else:
            yield paper

    def _retry(self, response: Response, exc: Exception) -> scrapy.Request | None:
        return get_retry_request(response.request, spider=self, reason=str(exc))  # type: ignore[arg-type]

    def _details(self, paper: PaperItem, url: str) -> scrapy.Request:
        return scrapy.Request(url, self.parse_details, errback=self.details_failed, dont_filter=True,
                              cb_kwargs={"paper": paper})  # fmt: skip

    async def parse_details(self, response: Response, paper: PaperItem) -> AsyncIterator[Any]:
        """Merge Metadata.json / BibTeX authors into the paper."""
        is_bib = response.url == paper.bibtex_url
        details = await parse_page(NeuripsBibtexPage if is_bib else NeuripsMetadataPage, response)
        if isinstance(details, PaperMetadata):
            yield merge_metadata(paper, details)
            return
        yield details
        if not is_bib and paper.bibtex_url:
            yield self._details(paper, paper.bibtex_url)
        else:
            yield paper

    def details_failed(self, failure: Failure) -> Any:
        """Try BibTeX after a failed Metadata.json, else keep the page's authors."""
        paper: PaperItem = failure.request.cb_kwargs["paper"]  # type: ignore[attr-defined]
        if failure.request.url != paper.bibtex_url and paper.bibtex_url:  # type: ignore[attr-defined]
            return self._details(paper, paper.bibtex_url)
        return paper

    def paper_failed(self, failure: Failure) -> Any:
        """The listed paper with the reason its page failed (nothing if already stored)."""
        return listed_paper_failed(failure, self.crawler.stats)
