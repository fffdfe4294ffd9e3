"""Item pipelines: papers and layout misses into the store, then each paper's PDF into the PDF store.

Venue-agnostic: they take any :class:`~crawlers.items.PaperItem` (or subclass) and
:class:`~crawlers.items.LayoutMissItem`. Every listed paper ends with its PDF stored or a miss with
its reason; a stored PDF is never fetched again. A paper another source already stored under its
own key (same DOI, arXiv, OpenReview or PMLR id, and a title that agrees) stays one paper; a
listing that shares an id with a stored paper of another title is kept as its own paper and the
clash recorded (``id_conflicts``). A paper an imported paper list created (``paperscope import
paperlists``) is joined by those ids, else by its normalised title within the venue and year. A
store or PDF store that cannot be written stops the crawl with that reason: no paper is dropped
silently.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from rapidfuzz import fuzz
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawlers.failures import miss_of_exception
from crawlers.items import LayoutMissItem, PaperItem
from crawlers.storage import has_stored_pdf, open_stores
from crawlers.venue_items import ProfilesItem
from paperscope.errors import StoreError
from paperscope.records import Miss, MissReason
from paperscope.store.pdfs import PdfRejected
from paperscope.store.sqlite import normalize_title, source_id_pairs

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

    from paperscope.records import Paper
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

logger = logging.getLogger(__name__)
STAT = "paperscope"
# What a store or PDF store that cannot be written raises (full disk, a file where a folder
# should be, a locked or damaged store file).
STORE_ERRORS = (StoreError, OSError, sqlite3.Error)
# the layout of the papers an imported paper list created (``extract.paperlists.listed_paper``)
LISTED_LAYOUT = "paperlists"
# what a crawl's listing adds to a listed paper it joins, where the list had nothing
_FILLED = ("landing_url", "pdf_url", "abstract", "supplementary_urls")


class _StorePipeline:
    """Opens the crawl's store on spider open and closes it on close; stops the crawl on a store error."""

    store: Store
    pdfs: PdfStore

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._closing: Deferred[None] | None = None

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

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"{STAT}/{key}", count)  # (Scrapy raises RuntimeError before the crawl)

    def _stop(self, item: PaperItem, exc: Exception) -> DropItem:
        """Close the crawl with the store error as its reason (once); the item to drop."""
        reason = f"cannot store {item.key}: {exc}"
        logger.error("stopping the crawl: %s", reason)
        try:
            engine = self.crawler.engine
        except RuntimeError:  # not crawling: a pipeline driven by hand
            return DropItem(reason)
        if engine.spider is not None and self._closing is None:
            # not awaited here: closing waits for the items in progress, this one among them
            self._closing = deferred_from_coro(engine.close_spider_async(reason=reason))
        return DropItem(reason)


class PaperPipeline(_StorePipeline):
    """Upsert papers with their authors; record layout misses (the loud canary).

    A paper item whose key is new but whose source ids name a stored paper of the same venue and
    year is that paper: its key, landing page and ids are recorded on it as a second source and
    the item passes on under the stored key (the PDF pipeline then works on that paper). So is the
    one paper an imported paper list created with the item's normalised title, venue and year; such
    a paper also takes the item's links and abstract where it had none (its key, title, authors,
    labels and verifications stay as they are).
    """

    def process_item(self, item: Any) -> Any:
        """Store the item's part; pass the item on."""
        try:
            if isinstance(item, LayoutMissItem):
                self.store.record_layout_miss(item.to_record())
                self._inc(f"layout_miss/{item.page_kind}")
                self._inc("layout_misses")
            elif isinstance(item, ProfilesItem):
                self._inc("profiles", self.store.put_profiles(item.profiles))
            elif isinstance(item, PaperItem):
                return self._store_paper(item)
        except STORE_ERRORS as exc:
            if isinstance(item, PaperItem):
                raise self._stop(item, exc) from exc
            raise
        return item

    def _store_paper(self, item: PaperItem) -> PaperItem:
        paper = item.to_paper()
        same = self._same_paper(item, paper)
        if same != item.key:
            pairs = [("key", item.key), ("landing_url", item.landing_url), *source_id_pairs(paper.ids)]
            self.store.add_paper_ids(same, [(kind, value) for kind, value in pairs if value])
            logger.info("%s is the stored paper %s (%s): kept as its second source", item.key, same, _ids(paper))  # fmt: skip
            self._inc("second_source")
            self._fill_listed(same, paper)
            venue, year, track, local_id = same.split("/", 3)
            return replace(item, venue=venue, year=int(year), track=track, local_id=local_id)
        if (twin_of := self._accepted_twin(item, paper)) is not None:
            pairs = [(k, v) for k, v in (("key", item.key), *source_id_pairs(paper.ids)) if v]
            self.store.add_paper_ids(twin_of, pairs)
            logger.info(
                "%s is a withdrawn or desk-rejected twin of %s: linked, not a paper", item.key, twin_of
            )
            self._inc("twin")
            raise DropItem(f"{item.key}: a twin of {twin_of} (linked)")
        listing_only = item.miss_reason is not None
        if not (listing_only and self.store.get_paper(item.key) is not None):
            # a failed landing page never overwrites what an earlier crawl parsed from it
            self.store.upsert_paper(paper)
        for twin in self._stored_twins(item, paper):
            if self.store.absorb_twin(twin, item.key):
                logger.info(
                    "%s was a withdrawn or desk-rejected twin of %s: linked, not a paper", twin, item.key
                )
                self._inc("twin")
        return item

    def _twins(self, item: PaperItem, paper: Paper) -> list[tuple[str, bool]]:
        """Stored papers of the same venue and year with this title or PDF: (key, withdrawn or desk-rejected)."""
        keys = self.store.paper_keys_by_title(paper.title)
        if paper.ids.pdf_digest:  # one PDF, two listings: a twin even if a title was edited
            keys += [k for k in self.store.paper_keys_by_pdf_digest(paper.ids.pdf_digest) if k not in keys]
        out = []
        for key in keys:
            other = self.store.get_paper(key)
            if (
                key != item.key
                and other is not None
                and (other.venue, other.year) == (paper.venue, paper.year)
            ):
                out.append((key, _set_aside(other.decision)))
        return out

    def _accepted_twin(self, item: PaperItem, paper: Paper) -> str | None:
        """For a withdrawn or desk-rejected listing, the stored paper of its title or PDF that was not."""
        if not _set_aside(paper.decision) or self.store.get_paper(item.key) is not None:
            return None
        return next((key for key, aside in self._twins(item, paper) if not aside), None)

    def _stored_twins(self, item: PaperItem, paper: Paper) -> list[str]:
        """For a paper that was not set aside, the withdrawn or desk-rejected twins stored before it."""
        if _set_aside(paper.decision):
            return []
        return [key for key, aside in self._twins(item, paper) if aside]

    def _same_paper(self, item: PaperItem, paper: Paper) -> str:
        """The key to store this item under: its own, or that of the stored paper it is."""
        if self.store.query("SELECT 1 FROM papers WHERE key = ?", (item.key,)):
            return item.key
        if (known := self.store.key_for_id("key", item.key)) is not None:
            return known  # a second source seen by an earlier crawl
        for kind, value in source_id_pairs(paper.ids):
            other = self.store.key_for_id(kind, value)
            if other is None:
                continue
            venue, year = other.split("/", 2)[:2]
            if (venue, year) != (item.venue, str(item.year)):
                # e.g. a rejected ICLR submission later published at ICML: the same arXiv id, two papers
                logger.warning("%s shares an id with %s (%s), another venue or year: kept apart",
                               item.key, other, _ids(paper))  # fmt: skip
                continue
            holder = self.store.get_paper(other)
            if holder is None or titles_agree(paper.title, holder.title):
                return other
            # a site that repeats an id on different papers: keep both, record the clash
            self.store.record_id_conflict(kind, value, (item.key, paper.title), (other, holder.title))
            logger.warning("%s shares %s %s with %s but not its title (%r vs %r): kept apart",
                           item.key, kind, value, other, paper.title, holder.title)  # fmt: skip
            self._inc("id_conflict")
        return self._listed_namesake(item, paper) or item.key

    def _listed_namesake(self, item: PaperItem, paper: Paper) -> str | None:
        """The one paper a paper list created with this normalised title, venue and year, if it is this one.

        Not for a withdrawn or desk-rejected listing (at most a twin), nor when the list's paper has
        another id of a kind the item has (two papers of one title).
        """
        if _set_aside(paper.decision) or not normalize_title(paper.title):
            return None
        found = []
        for key in self.store.paper_keys_by_title(paper.title):
            other = self.store.get_paper(key)
            if (
                other is not None
                and (other.venue, other.year) == (paper.venue, paper.year)
                and other.source is not None
                and other.source.layout == LISTED_LAYOUT
            ):
                found.append(other)
        if len(found) != 1:
            return None  # none, or a title the list repeats: which one is not known
        listed = found[0]
        theirs = dict(source_id_pairs(listed.ids))
        clash = [(k, v) for k, v in source_id_pairs(paper.ids) if k in theirs and theirs[k] != v]
        if clash:
            logger.info("%s has the title of the listed paper %s but another %s: kept apart",
                        item.key, listed.key, clash[0][0])  # fmt: skip
            return None
        return listed.key

    def _fill_listed(self, key: str, paper: Paper) -> None:
        """Give a paper a paper list created the crawled links and abstract it lacks (nothing else)."""
        listed = self.store.get_paper(key)
        if listed is None or listed.source is None or listed.source.layout != LISTED_LAYOUT:
            return
        missing = {f: getattr(paper, f) for f in _FILLED if getattr(paper, f) and not getattr(listed, f)}
        if missing:
            self.store.upsert_paper(listed.model_copy(update=missing))


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
        try:
            await self._process(item)
        except STORE_ERRORS as exc:
            raise self._stop(item, exc) from exc
        return item

    def _absorbed(self, item: PaperItem) -> bool:
        """True when the item's paper became a linked twin of another (its PDF is that paper's)."""
        return self.store.get_paper(item.key) is None and self.store.key_for_id("key", item.key) is not None

    async def _process(self, item: PaperItem) -> None:
        if self._absorbed(item):
            self._inc("pdf/twin")
        elif has_stored_pdf(self.store, self.pdfs, item.key):
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
                urls = self._urls(item)
                for url in urls:
                    if await self._fetch(item, url, last=url == urls[-1]):
                        break
            finally:
                self._in_flight.discard(item.key)

    def _urls(self, item: PaperItem) -> list[str]:
        """The PDF's URL, then the other sources of it (an arXiv copy), moved to a mirror if one is set."""
        site = self.crawler.settings.get("ARXIV_SITE")
        alternates = [
            url.replace("https://arxiv.org", site.rstrip("/"), 1) if site else url
            for url in item.pdf_alternates
        ]
        return [u for u in (item.pdf_url, *alternates) if u]

    async def _fetch(self, item: PaperItem, url: str, *, last: bool = True) -> bool:
        """Fetch and store one candidate URL; True when done (stored, or its miss recorded as the last try)."""
        request = Request(url, meta={"paper_key": item.key}, priority=10)
        failure: tuple[MissReason, str] | None = None
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001  (every failure becomes a recorded miss)
            failure = miss_of_exception(exc, "PDF")
        else:
            if response.status != 200:
                failure = ("http_status", f"PDF: HTTP {response.status}")
            else:
                try:
                    pdf = self.pdfs.put(response.body)
                except PdfRejected as exc:
                    failure = (exc.reason, f"PDF: {exc.detail}")
        if failure is not None:
            if last:
                self._miss(item, *failure, url)
            else:
                logger.info("%s: %s at %s; trying its other source", item.key, failure[1], url)
                self._inc("pdf/alternate_tried")
            return last
        self.store.add_pdf(pdf)
        if self._absorbed(item):  # linked as a twin while its PDF was on the way
            self._inc("pdf/twin")
            return True
        self.store.set_paper_pdf(item.key, pdf.sha256)
        self._inc("pdf/stored")
        if url != item.pdf_url:
            self._inc("pdf/from_alternate")
        return True

    def _miss(self, item: PaperItem, reason: MissReason, detail: str, url: str | None) -> None:
        if self._absorbed(item):
            self._inc("pdf/twin")
            return
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


def _set_aside(decision: str | None) -> bool:
    """A withdrawn or desk-rejected submission: at most a twin of a paper, never a paper of its own."""
    return (decision or "").split(":", 1)[0] in {"withdrawn", "desk_rejected"}


def titles_agree(title: str, other: str, *, min_ratio: float = 90.0) -> bool:
    """True when two sources' titles name one paper.

    Equal once normalised, or nearly (spelling, a subtitle's punctuation) with the same numbers
    ("Part 1" is not "Part 2"); an empty title cannot disagree.
    """
    a, b = normalize_title(title), normalize_title(other)
    if not a or not b or a == b:
        return True
    numbers = [sorted(t for t in x.split() if t.isdigit()) for x in (a, b)]
    return numbers[0] == numbers[1] and fuzz.ratio(a, b) >= min_ratio


def _ids(paper: Paper) -> str:
    return ", ".join(f"{kind} {value}" for kind, value in source_id_pairs(paper.ids))
