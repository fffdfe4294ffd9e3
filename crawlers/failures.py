"""Why a download failed, as a :data:`~paperscope.records.MissReason` and a one-line detail."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

    from paperscope.records import MissReason


class AlreadyStored(IgnoreRequest):
    """The paper's PDF is in the store already: its pages and PDF are not fetched again."""


def miss_of_exception(exc: BaseException, what: str) -> tuple[MissReason, str]:
    """Reason and detail for a failed download of ``what`` ("PDF", "paper page")."""
    if isinstance(exc, HttpError) and exc.response is not None:
        return "http_status", f"{what}: HTTP {exc.response.status}"
    if isinstance(exc, DownloadTimeoutError | TwistedTimeoutError | TimeoutError):
        return "timeout", f"{what}: timed out ({exc})"
    if isinstance(exc, ResponseDataLossError):
        return "truncated", f"{what}: connection closed before the full body arrived"
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc).lower():
        return "too_large", f"{what}: {exc}"
    if isinstance(exc, IgnoreRequest):
        return "http_status", f"{what}: not fetched ({exc or type(exc).__name__})"
    return "network", f"{what}: {type(exc).__name__}: {exc}"


def listed_paper_failed(failure: Failure, stats: StatsCollector) -> Any:
    """Errback of a paper-page request: its listed paper with the reason (nothing if already stored)."""
    listed = failure.request.cb_kwargs["listed"]  # type: ignore[attr-defined]
    if isinstance(failure.value, AlreadyStored):
        stats.inc_value("paperscope/pdf/already_stored")
        return None
    reason, detail = miss_of_exception(failure.value or Exception("unknown"), "paper page")
    return replace(listed, miss_reason=reason, miss_detail=detail)
