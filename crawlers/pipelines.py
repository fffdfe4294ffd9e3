"""Item pipelines: papers and layout misses into the store, then each paper's PDF into the PDF store.

Venue-agnostic: they take any :class:`~crawlers.items.PaperItem` (or subclass) and
:class:`~crawlers.items.LayoutMissItem`. Every listed paper ends with its PDF stored or a miss with
its reason; a stored PDF is never fetched again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request

from crawlers.failures import miss_of_exception
from crawlers.items import LayoutMissItem, PaperItem
from crawlers.storage import has_stored_pdf, open_stores
from paperscope.records import Miss, MissReason
from paperscope.store.pdfs import PdfRejected

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

STAT = "paperscope"


class _StorePipeline:
    """Opens the crawl's store on spider open and closes it on close."""

    store: Store
    pdfs: PdfStore

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build with the crawler."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Open the store."""
        self.store, self.pdfs = open_stores(self.crawler.settings)

    def close_spider(self) -> None:
        """Close the store."""
        self.store.close()

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None  # noqa: S101  (set by Scrapy before items flow)
        self.crawler.stats.inc_value(f"{STAT}/{key}")


class PaperPipeline(_StorePipeline):
    """Upsert papers with their authors; record layout misses (the loud canary)."""

    def process_item(self, item: Any) -> Any:
        """Store the item's part; pass the item on."""
        if isinstance(item, LayoutMissItem):
            self.store.record_layout_miss(item.to_record())
            self._inc(f"layout_miss/{item.page_kind}")
            self._inc("layout_misses")
        elif isinstance(item, PaperItem):
            listing_only = item.miss_reason is not None
            if not (listing_only and self.store.get_paper(item.key) is not None):
                # a failed landing page never overwrites what an earlier crawl parsed from it
                self.store.upsert_paper(item.to_paper())
        return item


class PdfPipeline(_StorePipeline):
    """Fetch, check and store each paper's PDF, or record why not (after :class:`PaperPipeline`).

    A paper already being fetched (a resumed queue can hold it twice) is not fetched again.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._in_flight: set[str] = set()

    async def process_item(self, item: Any) -> Any:
        """Store the item's part; pass the item on."""
        if not isinstance(item, PaperItem):
            return item
        if has_stored_pdf(self.store, self.pdfs, item.key):
            self._inc("pdf/already_stored")
        elif item.miss_reason is not None:
            self._miss(item, item.miss_reason, item.miss_detail, item.landing_url)
        elif not item.pdf_url:
            self._miss(item, "no_pdf_link", "the paper page links no PDF", item.landing_url)
        elif item.key in self._in_flight:
            self._inc("pdf/duplicate")
        else:
            self._in_flight.add(item.key)
            try:
                await self._fetch(item, item.pdf_url)
            finally:
                self._in_flight.discard(item.key)
        return item

    async def _fetch(self, item: PaperItem, url: str) -> None:
        assert self.crawler.engine is not None  # noqa: S101  (items flow only while the engine runs)
        request = Request(url, meta={"paper_key": item.key}, priority=10)
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001  (every failure becomes a recorded miss)
            self._miss(item, *miss_of_exception(exc, "PDF"), url)
            return
        if response.status != 200:
            self._miss(item, "http_status", f"PDF: HTTP {response.status}", url)
            return
        try:
            pdf = self.pdfs.put(response.body)
        except PdfRejected as exc:
            self._miss(item, exc.reason, f"PDF: {exc.detail}", url)
            return
        self.store.add_pdf(pdf)
        self.store.set_paper_pdf(item.key, pdf.sha256)
        self._inc("pdf/stored")

    def _miss(self, item: PaperItem, reason: MissReason, detail: str, url: str | None) -> None:
        self._inc(f"pdf/missed/{reason}")
        self._inc("pdf/missed")
        same = self.store.query(
            "SELECT 1 FROM misses WHERE paper_key = ? AND reason = ? AND detail = ? AND url IS ?",
            (item.key, reason, detail, url),
        )
        if not same:  # the same miss again changes nothing, not even its time
            self.store.record_miss(
                Miss(paper_key=item.key, reason=reason, detail=detail, url=url, at=datetime.now(UTC))
            )
