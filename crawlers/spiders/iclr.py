"""ICLR on OpenReview: log in, page through the year's note listings, one item per submission.

``scrapy crawl iclr -a years=2018-2024 [-a decisions=accepted|all] [-a limit=N] [-a site=URL]``
with ``OPENREVIEW_USERNAME`` / ``OPENREVIEW_PASSWORD`` in the environment. API v1 for 2017-2023,
v2 from 2024; PDFs through the attachment endpoint (downloaded by the PDF pipeline, token added by
:class:`~crawlers.openreview_middlewares.OpenReviewAuthMiddleware`).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import JsonRequest

from crawlers.failures import miss_of_exception
from crawlers.items import LayoutMissItem
from crawlers.openreview_api import (
    PROFILE_BATCH,
    OpenReviewSite,
    forum_url,
    iclr_listings,
    next_page,
    parse_decisions,
    profile_records,
    profiles_url,
)
from crawlers.options import parse_tracks, parse_years
from crawlers.pages.openreview import ApiError, AuthenticationRequired, NotesPage, login_token
from crawlers.pages.text import sha256_hex
from crawlers.poet import poet_response
from crawlers.storage import open_stores
from crawlers.venue_items import ProfileAuthorItem, ProfilesItem

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from crawlers.pages.openreview import NotesListing
    from crawlers.venue_items import VenuePaperItem
    from paperscope.records import MissReason

CREDENTIALS = ("OPENREVIEW_USERNAME", "OPENREVIEW_PASSWORD")
MIDDLEWARES = {
    "crawlers.openreview_middlewares.OpenReviewAuthMiddleware": 540,
    "crawlers.openreview_middlewares.RateLimitMiddleware": 560,  # before the generic retries (550)
}


class IclrSpider(scrapy.Spider):
    """ICLR main-conference submissions of the chosen years (accepted ones unless ``decisions=all``)."""

    name = "iclr"

    def __init__(self, years: str = "2024", tracks: str = "main", decisions: str = "accepted", limit: str = "",
                 site: str = "", **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        parse_tracks(tracks, known=("main",))
        self.years, self.decisions = parse_years(years), parse_decisions(decisions)
        self.limit = int(limit) if limit else None
        self.site = site
        self.openreview_token: str | None = None
        self.openreview_hosts: frozenset[str] = frozenset()
        self._listed: set[str] = set()
        self._profiles_known: set[str] | None = None

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Add the OpenReview middlewares; one request at a time, 2 s apart, as the API's budgets suit.

        (``-s`` options and ``paperscope crawl --site`` on a loopback mirror still override these.)
        """
        super().update_settings(settings)
        settings.set("DOWNLOADER_MIDDLEWARES", {**settings.getdict("DOWNLOADER_MIDDLEWARES"), **MIDDLEWARES},
                     priority="spider")  # fmt: skip
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 1, priority="spider")
        settings.set("DOWNLOAD_DELAY", 2.0, priority="spider")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Log in (credentials from the environment only, never settings); the listings follow the token."""
        self.openreview = OpenReviewSite.at(self.site or self.settings.get("OPENREVIEW_SITE"))
        self.openreview_hosts = self.openreview.hosts
        for name in CREDENTIALS:
            if self.settings.get(name):  # Scrapy logs every overridden setting, values included
                raise CloseSpider(
                    f"{name} given as a Scrapy setting, which the log shows: set it in the environment"
                )
        user, password = (os.environ.get(name) for name in CREDENTIALS)
        if not user or not password:
            raise CloseSpider("openreview login needed: set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD")
        yield JsonRequest(self.openreview.login_url, data={"id": user, "password": password}, callback=self.logged_in,
                          errback=self.login_failed, dont_filter=True, meta={"handle_httpstatus_all": True})  # fmt: skip

    async def logged_in(self, response: Response) -> AsyncIterator[Any]:
        """Keep the token; request the first page of every listing."""
        try:
            self.openreview_token = login_token(
                response.body, _ctype(response), response.url, response.status
            )
        except (AuthenticationRequired, ApiError) as exc:
            raise CloseSpider(f"openreview login failed: {exc}") from exc
        for year in self.years:
            for listing in iclr_listings(year, self.decisions, self.openreview):
                yield self._listing(listing.url, listing.kind, first=True)

    def login_failed(self, failure: Failure) -> None:
        """No answer from the login endpoint: stop, loudly."""
        raise CloseSpider(f"openreview login failed: {failure.value}")

    def _listing(self, url: str, kind: str, *, first: bool = False) -> scrapy.Request:
        return scrapy.Request(url, self.parse_listing, errback=self.listing_failed, dont_filter=True,
                              cb_kwargs={"kind": kind, "first": first}, meta={"handle_httpstatus_all": True})  # fmt: skip

    async def parse_listing(self, response: Response, kind: str, first: bool = False) -> AsyncIterator[Any]:
        """Papers of one page (decisions filtered), the next page, and canaries for what did not parse."""
        listing = await self._notes(response)
        if isinstance(listing, LayoutMissItem):
            yield listing
            return
        if first and listing.n_notes == 0 and kind in {"accepted", "submitted"}:  # never empty for a venue
            yield self._miss(response, f"the {kind} listing is empty (wrong API host, or not public yet?)")
        if listing.unparsed:
            yield self._miss(
                response, f"{len(listing.unparsed)} notes did not parse: {'; '.join(listing.unparsed)}"
            )
        kept: list[VenuePaperItem] = []
        for paper in listing.papers:
            if paper.decision == "pending" and paper.openreview_id and "invitation=" in response.url:
                yield scrapy.Request(forum_url(self.openreview.api1, paper.openreview_id), self.parse_forum,
                                     errback=self.forum_failed, dont_filter=True, cb_kwargs={"listed": paper},
                                     meta={"handle_httpstatus_all": True})  # fmt: skip
            elif item := self._keep(paper):
                kept.append(item)
                yield item
        for request in self._profile_requests(kept):
            yield request
        offset = int(dict(parse_qsl(urlsplit(response.url).query)).get("offset", "0"))
        if listing.count is not None and listing.n_notes == 0 and offset < listing.count:
            self._incomplete(f"the {kind} listing stopped at {offset} of the {listing.count} notes it counts")
            yield self._miss(response, f"short listing: no notes at offset {offset} of {listing.count}")
        if url := next_page(response.url, listing.n_notes, listing.count):
            yield self._listing(url, kind)

    async def parse_forum(self, response: Response, listed: VenuePaperItem) -> AsyncIterator[Any]:
        """A v1 submission whose listing carried no decision: read it from its forum's notes.

        A forum that cannot be read leaves the decision unknown: the paper is kept (never dropped)
        with a miss saying why, and the crawl ends incomplete so that a rerun settles it.
        """
        forum = await self._notes(response)
        if isinstance(forum, LayoutMissItem):
            yield forum
            yield self._unresolved(listed, "http_status", f"forum: HTTP {response.status}; decision unknown")
            return
        found = [p for p in forum.papers if p.key == listed.key]
        if item := self._keep(found[0] if found else listed):
            yield item
            for request in self._profile_requests([item]):
                yield request

    def _profile_requests(self, papers: list[VenuePaperItem]) -> list[scrapy.Request]:
        """Requests for the kept papers' authors' profiles not stored yet (batched, each asked once)."""
        if self._profiles_known is None:
            store, _ = open_stores(self.settings)
            with store:
                self._profiles_known = store.profile_ids()
        ids = [
            a.profile_id
            for p in papers
            for a in p.authors
            if isinstance(a, ProfileAuthorItem) and a.profile_id and a.profile_id.startswith("~")
        ]
        wanted = [i for i in dict.fromkeys(ids) if i not in self._profiles_known]
        self._profiles_known.update(wanted)
        return [
            scrapy.Request(
                profiles_url(self.openreview.api2, wanted[i : i + PROFILE_BATCH]),
                self.parse_profiles,
                errback=self.profiles_failed,
                dont_filter=True,
                meta={"handle_httpstatus_all": True},
            )
            for i in range(0, len(wanted), PROFILE_BATCH)
        ]

    def parse_profiles(self, response: Response) -> Iterator[Any]:
        """The profiles of one batch, for the store (a failed batch only loses affiliations by profile)."""
        try:
            records = profile_records(json.loads(response.text)) if response.status == 200 else None
        except (TypeError, ValueError) as exc:
            records, why = None, str(exc)
        else:
            why = f"HTTP {response.status}"
        if records is None:
            self.logger.warning("profiles not read from %s: %s", response.url, why)
            self.crawler.stats.inc_value("paperscope/profiles_failed")
            return
        asked = dict(parse_qsl(urlsplit(response.url).query)).get("ids", "").split(",")
        found = {pid for pid, _ in records}
        # an id without a public profile is remembered too, so that no crawl asks for it again
        absent = [(pid, json.dumps({"id": pid, "absent": True})) for pid in asked if pid and pid not in found]
        yield ProfilesItem((*records, *absent), response.url)

    def profiles_failed(self, failure: Failure) -> None:
        """A profiles batch that could not be fetched: PDFs stay the affiliations' source for those authors."""
        self.logger.warning("profiles not fetched: %s", failure.value)
        self.crawler.stats.inc_value("paperscope/profiles_failed")

    def forum_failed(self, failure: Failure) -> VenuePaperItem | None:
        """A forum request that failed outright (network, timeout): the paper is kept with a miss."""
        listed: VenuePaperItem = failure.request.cb_kwargs["listed"]  # type: ignore[attr-defined]
        error = failure.value if failure.value is not None else RuntimeError("unknown failure")
        reason, detail = miss_of_exception(error, "forum")
        return self._unresolved(listed, reason, f"{detail}; decision unknown")

    def _unresolved(self, listed: VenuePaperItem, reason: MissReason, detail: str) -> VenuePaperItem | None:
        """The listed paper whose decision could not be read: kept, with its miss, the crawl incomplete."""
        self._incomplete(f"{listed.key}: {detail}")
        if listed.key in self._listed:
            return None
        self._listed.add(listed.key)
        self.crawler.stats.inc_value("paperscope/listed")
        return replace(listed, decision="unknown", miss_reason=reason, miss_detail=detail)

    def _incomplete(self, why: str) -> None:
        """Count a gap that makes this crawl's result partial (the CLI then exits non-zero)."""
        self.logger.warning("incomplete: %s", why)
        self.crawler.stats.inc_value("paperscope/incomplete")

    async def _notes(self, response: Response) -> NotesListing | LayoutMissItem:
        try:
            return await NotesPage(response=poet_response(response)).to_item()
        except AuthenticationRequired as exc:
            raise CloseSpider(f"openreview authentication failed: {exc}") from exc
        except (ApiError, TypeError) as exc:
            return self._miss(response, f"HTTP {response.status}: {exc}")

    def _miss(self, response: Response, detail: str) -> LayoutMissItem:
        sha = sha256_hex(response.body)
        return LayoutMissItem(response.url, "iclr", "listing", ("NotesPage",), sha, detail)

    def _keep(self, paper: VenuePaperItem) -> VenuePaperItem | None:
        """The paper if it is a main-track paper the decisions filter keeps and is new to this crawl."""
        status = (paper.decision or "pending").split(":", 1)[0]
        if paper.track != "main" or paper.year not in self.years or paper.key in self._listed:
            return None
        if self.decisions == "accepted" and status != "accepted":
            return None
        if self.limit is not None and len(self._listed) >= self.limit:
            return None
        self._listed.add(paper.key)
        self.crawler.stats.inc_value("paperscope/listed")
        self.crawler.stats.inc_value(f"paperscope/decision/{status}")
        return paper

    def listing_failed(self, failure: Failure) -> LayoutMissItem:
        """A listing that could not be fetched at all is recorded as loudly as a layout change."""
        url = failure.request.url  # type: ignore[attr-defined]
        detail = f"not fetched: {failure.value}"
        return LayoutMissItem(url, "iclr", "listing", ("NotesPage",), sha256_hex(b""), detail)


def _ctype(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")
