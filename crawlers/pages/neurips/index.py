"""NeurIPS year listings, one page object per layout era, and the chooser among them."""

from __future__ import annotations

import re

import attrs
from parsel import Selector
from web_poet import WebPage
from web_poet.exceptions import UseFallback

from crawlers.items import IndexEntry, IndexItem
from crawlers.pages.layouts import MultiLayoutPage
from crawlers.pages.neurips.urls import paper_id, track_of, year_in
from crawlers.pages.text import clean_text, split_authors

_COUNT = re.compile(r"(\d[\d,]*)\s+papers?")


def _entry(url: str, title: str, authors: tuple[str, ...], track_hint: str | None) -> IndexEntry | None:
    """An entry whose identity comes from its URL (None when the URL names no paper)."""
    ident = paper_id(url)
    if ident is None or not title:
        return None
    track = ident.track if ident.proceedings_hash else track_of(track_hint)
    return IndexEntry(
        url=url,
        title=title,
        authors=authors,
        track=track,
        local_id=ident.local_id,
        proceedings_hash=ident.proceedings_hash,
        year=ident.year,
    )


class _IndexBase(WebPage[IndexItem]):
    """Shared assembly: subclasses say where the list items, links and authors are."""

    item_css: str = ""

    def _year(self, heading: str) -> int:
        year = year_in(heading) or year_in(str(self.response.url))
        if year is None:
            raise UseFallback("no year in the heading or URL")
        return year

    def _entry(self, li: Selector) -> IndexEntry | None:
        raise NotImplementedError

    def _entries(self) -> tuple[tuple[IndexEntry, ...], int]:
        items = self.css(self.item_css)
        if not items:
            raise UseFallback(f"no list items match {self.item_css!r}")
        entries = [e for li in items if (e := self._entry(li)) is not None]
        return tuple(entries), len(items) - len(entries)

    def _link(self, li: Selector, css: str) -> tuple[str, str] | None:
        a = li.css(css)
        href = a.attrib.get("href") if a else None
        if not href:
            return None
        return self.urljoin(href).__str__(), clean_text(" ".join(a[0].css("::text").getall()))


@attrs.define
class IndexPage2026(_IndexBase):
    """The live "modern-theme" year page (2026 redesign), used for every year 1987-2025.

    ``ul.paper-list > li[data-track]`` > ``div.paper-content`` > ``a[href*=-Abstract]`` +
    ``span.paper-authors``; ``span.paper-count`` states the total; 2025 links its main volume
    through ``p.book-see-also``.
    """

    item_css = "ul.paper-list > li[data-track]"

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        if not self.css("body.modern-theme, header.book-header"):
            raise UseFallback("no modern-theme book page")

    def _entry(self, li: Selector) -> IndexEntry | None:
        link = self._link(li, 'a[href*="-Abstract"]')
        if link is None:
            return None
        url, title = link
        authors = split_authors(" ".join(li.css("span.paper-authors ::text").getall()))
        return _entry(url, title, authors, li.attrib.get("data-track"))

    async def to_item(self) -> IndexItem:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        entries, unparsed = self._entries()
        count = _COUNT.search(" ".join(self.css("span.paper-count ::text").getall()))
        return IndexItem(
            url=str(self.response.url),
            year=self._year(" ".join(self.css("p.book-meta ::text").getall())),
            layout=type(self).__name__,
            entries=entries,
            paper_count=int(count[1].replace(",", "")) if count else None,
            see_also=tuple(str(self.urljoin(h)) for h in self.css("p.book-see-also a::attr(href)").getall()),
            unparsed=unparsed,
        )


@attrs.define
class IndexPage2020(_IndexBase):
    """The Bootstrap year page of the hash site (Nov 2020 - mid 2026; still the 2021 D&B host).

    ``div.col > h4`` names the volume; ``ul.paper-list > li[class=<track>]`` holds
    ``a[href*=-Abstract]`` and the authors as one comma-separated ``<i>``.
    """

    item_css = "ul.paper-list > li"

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        if self.css("body.modern-theme") or not self.css("div.col h4"):
            raise UseFallback("no Bootstrap h4 volume page")

    def _entry(self, li: Selector) -> IndexEntry | None:
        link = self._link(li, 'a[href*="-Abstract"]')
        if link is None:
            return None
        url, title = link
        authors = split_authors(" ".join(li.css("i ::text").getall()))
        return _entry(url, title, authors, li.attrib.get("class"))

    async def to_item(self) -> IndexItem:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        entries, unparsed = self._entries()
        return IndexItem(
            url=str(self.response.url),
            year=self._year(clean_text(" ".join(self.css("div.col h4")[0].css("::text").getall()))),
            layout=type(self).__name__,
            entries=entries,
            unparsed=unparsed,
        )


@attrs.define
class IndexPage1987(_IndexBase):
    """The old papers.nips.cc "book" page (until Nov 2020; archived copies only), years 1987-2019.

    ``div.main-container ul > li``: ``a[href^=/paper/]`` title, then the authors as ``a.author``
    (or plain ``a``) links separated by commas.
    """

    item_css = "div.main-container ul > li"

    def validate_input(self) -> None:
        """Raise UseFallback when this is not the layout's page (Retry on an error page)."""
        if not self.css('div.main-container li a[href^="/paper/"]'):
            raise UseFallback("no papers.nips.cc book list")

    def _entry(self, li: Selector) -> IndexEntry | None:
        link = self._link(li, 'a[href^="/paper/"]')
        if link is None:
            return None
        url, title = link
        names = [clean_text(" ".join(a.css("::text").getall())) for a in li.css("a")[1:]]
        return _entry(url, title, tuple(n for n in names if n), None)

    async def to_item(self) -> IndexItem:
        """The parsed item (raises UseFallback when a required field is missing)."""
        self.validate_input()
        entries, unparsed = self._entries()
        heading = " ".join(self.css("h2.subtitle ::text, title ::text").getall())
        return IndexItem(
            url=str(self.response.url),
            year=self._year(heading),
            layout=type(self).__name__,
            entries=entries,
            unparsed=unparsed,
        )


@attrs.define
class NeuripsIndexPage(MultiLayoutPage[IndexItem]):
    """A NeurIPS year listing in whichever era's layout it comes (live layout tried first)."""

    layouts = (IndexPage2026, IndexPage2020, IndexPage1987)
    venue = "neurips"
    page_kind = "index"
