"""A crawl request for OpenReview venues: the shared one plus which decisions to keep."""

from __future__ import annotations

from dataclasses import dataclass

from crawlers.openreview_api import Decisions
from crawlers.options import parse_years
from crawlers.run import CrawlRequest


@dataclass(frozen=True, slots=True)
class OpenReviewCrawlRequest(CrawlRequest):
    """``decisions`` is ``accepted`` or ``all``; it is part of the job folder's name and the spider args."""

    decisions: Decisions = "accepted"

    @classmethod
    def build_iclr(
        cls, *, years: str, decisions: Decisions, limit: int | None, site: str | None
    ) -> OpenReviewCrawlRequest:
        """Validate user input (InputError on a bad value)."""
        return cls("iclr", parse_years(years), ("main",), limit, site, decisions)

    @property
    def slug(self) -> str:
        """E.g. ``iclr-2018-2024-main-accepted``."""
        return f"{CrawlRequest.slug.fget(self)}-{self.decisions}"  # type: ignore[attr-defined]

    def scrapy_args(self) -> list[str]:
        """The shared ``-a`` arguments plus ``decisions``."""
        return [*CrawlRequest.scrapy_args(self), "-a", f"decisions={self.decisions}"]
