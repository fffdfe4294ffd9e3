"""Downloader middlewares: retries with exponential backoff; no request for an already stored paper."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.retry import RetryMiddleware

from crawlers.failures import AlreadyStored
from crawlers.storage import has_stored_pdf, open_stores

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, each one delayed by an exponential backoff.

    The n-th retry waits ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds, capped at ``RETRY_BACKOFF_MAX``;
    a ``Retry-After`` in seconds (429/503) is honoured up to the cap.
    """

    backoff_base: float = 2.0
    backoff_max: float = 60.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler's settings."""
        mw = super().from_crawler(crawler)
        mw.backoff_base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        mw.backoff_max = crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        return mw

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Retry (after the backoff) or pass the response on."""
        result = super().process_response(request, response)
        if result is not response:
            await self._wait(result, response.headers.get(b"Retry-After"))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        """Retry (after the backoff) or let the error through."""
        result = super().process_exception(request, exception)
        if result is not None:
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request | Response, retry_after: bytes | None) -> None:
        n = int(retry.meta.get("retry_times", 1)) if hasattr(retry, "meta") else 1
        delay = self.backoff_base * 2 ** (n - 1)
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        delay = min(delay, self.backoff_max)
        if delay > 0:
            logger.debug("retry %d of %s in %.2fs", n, getattr(retry, "url", "?"), delay)
            await asyncio.sleep(delay)


class StoredPaperMiddleware:
    """Drop requests (``meta["paper_key"]``, ``meta["skip_if_stored"]``) of papers with a stored PDF.

    The request's errback sees :class:`~crawlers.failures.AlreadyStored`.
    """

    store: Store
    pdfs: PdfStore

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._opened = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler's settings."""
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Raise AlreadyStored for a paper whose PDF is stored."""
        key = request.meta.get("paper_key")
        if not key or not request.meta.get("skip_if_stored"):
            return
        if not self._opened:
            self.store, self.pdfs = open_stores(self.crawler.settings)
            self._opened = True
        if has_stored_pdf(self.store, self.pdfs, key):
            raise AlreadyStored(f"{key}: PDF already stored")
