"""OpenReview downloader middlewares: the bearer token on API requests, patient backoff on 429.

OpenReview's limits (2026: 500 notes requests an hour, some attachment routes far fewer) are
announced in ``ratelimit-*`` headers and, when exceeded, a 429 ``RateLimitError`` whose body says
when the window resets. :class:`RateLimitMiddleware` waits that long (``Retry-After`` first) and
asks again, up to ``OPENREVIEW_429_RETRIES`` times, each wait capped by ``OPENREVIEW_MAX_WAIT``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def retry_after_seconds(headers: Mapping[str, str], body: bytes, now: datetime) -> float | None:
    """Seconds to wait before asking again, from the answer itself; None if it does not say.

    In order: ``Retry-After`` (seconds or an HTTP date), ``ratelimit-reset`` (seconds from now, per
    the facts note; ``x-ratelimit-reset`` is an epoch and not used), then the 429 body's
    ``details.resetTime`` (ISO time).
    """
    lower = {k.lower(): v for k, v in headers.items()}
    if value := lower.get("retry-after", "").strip():
        if value.isdigit():
            return float(value)
        try:
            return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
        except (TypeError, ValueError):
            pass
    if (value := lower.get("ratelimit-reset", "").strip()).isdigit():
        return float(value)
    try:
        reset = json.loads(body)["details"]["resetTime"]
        return max(0.0, (datetime.fromisoformat(reset) - now).total_seconds())
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class OpenReviewAuthMiddleware:
    """Add ``Authorization: Bearer <token>`` to requests for the spider's API hosts only.

    The spider holds ``openreview_token`` (after its login) and ``openreview_hosts``; PDF downloads
    issued by the pipelines get the header too, other hosts (arXiv) never see the token.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build with the crawler (the spider is read per request)."""
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Set the header when the spider has a token and the request goes to an API host."""
        spider = self.crawler.spider
        token = getattr(spider, "openreview_token", None)
        hosts: frozenset[str] = getattr(spider, "openreview_hosts", frozenset())
        if token and urlsplit(request.url).netloc in hosts and b"Authorization" not in request.headers:
            request.headers[b"Authorization"] = f"Bearer {token}".encode()


class RateLimitMiddleware:
    """Wait out a 429 as the server asks (see :func:`retry_after_seconds`), then try again."""

    def __init__(self, crawler: Crawler, retries: int, max_wait: float, fallback: float) -> None:
        self.crawler = crawler
        self.retries = retries
        self.max_wait = max_wait
        self.fallback = fallback

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawl settings.

        ``OPENREVIEW_429_RETRIES`` (8), ``OPENREVIEW_MAX_WAIT`` (3600 s) and
        ``OPENREVIEW_429_FALLBACK`` (60 s, doubled per attempt when the answer names no time).
        """
        s = crawler.settings
        return cls(
            crawler,
            retries=s.getint("OPENREVIEW_429_RETRIES", 8),
            max_wait=s.getfloat("OPENREVIEW_MAX_WAIT", 3600.0),
            fallback=s.getfloat("OPENREVIEW_429_FALLBACK", 60.0),
        )

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        """Pass non-429 answers on; delay and re-issue a 429'd request (until retries run out)."""
        if response.status != 429:
            return response
        attempt = int(request.meta.get("ratelimit_retries", 0))
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("paperscope/ratelimit/429")
        if attempt >= self.retries:
            logger.error("%s: still rate-limited after %d waits; giving up", request.url, attempt)
            request.meta["dont_retry"] = True  # the generic retry must not hammer on
            return response
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        said = retry_after_seconds(headers, response.body, datetime.now(UTC))
        delay = min(self.max_wait, said if said is not None else self.fallback * 2**attempt)
        logger.info(
            "%s: 429, waiting %.1fs (attempt %d of %d)", request.url, delay, attempt + 1, self.retries
        )
        if stats is not None:
            stats.max_value("paperscope/ratelimit/max_wait_s", round(delay, 3))
        await asyncio.sleep(delay)
        return request.replace(dont_filter=True, meta={**request.meta, "ratelimit_retries": attempt + 1})
