"""PMLR (proceedings.mlr.press) page objects for ICML: volume and paper pages, both templates.

Also builds papers from a volume page plus its BibTeX bibliography (no request per paper).

Links are always read from the page, never built from the paper key: ICML 2024 (v235) and later
serve their PDFs from ``raw.githubusercontent.com`` (../shared/research/site-structure.md section 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import attrs
from parsel import Selector
from web_poet import WebPage
from web_poet.exceptions import UseFallback

from crawlers.pages.bibtex import BibEntry
from crawlers.pages.layouts import MultiLayoutPage, response_sha256
from crawlers.pages.text import abstract_from_raw, clean_text, split_authors
from crawlers.venue_items import ProfileAuthorItem, VenuePaperItem

_VOLUME_HEADING = re.compile(r"Volume\s+(\d+)\s*:")
_PAPER_URL = re.compile(r"/v(\d+)/([A-Za-z0-9._~-]+)\.html$")
_PAGES = re.compile(r"(?:PMLR|JMLR W&CP)\s+\d+(?:\(\d+\))?\s*:\s*([\w-]+)")
_INFO_YEAR = re.compile(r"((?:19|20)\d\d)\.?\s*$")
_OPENREVIEW = re.compile(r"openreview\.net/forum\?id=([A-Za-z0-9_-]+)")
_ABSTRACT_OPEN = re.compile(r"<div\b[^>]*\bid=[\"']abstract[\"'][^>]*>", re.IGNORECASE)
VENUE = "icml"
TRACK = "main"


@dataclass(frozen=True, slots=True)
class PmlrEntry:
    """One paper as a volume page lists it; ``section`` is the cycle heading of v28/v32, if any."""

    key: str
    abs_url: str
    title: str
    authors: tuple[str, ...]
    pdf_url: str | None
    supplementary_urls: tuple[str, ...] = ()
    openreview_id: str | None = None
    pages: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class PmlrVolumeItem:
    """A parsed volume page: its number, heading, bibliography link and papers in page order.

    ``unparsed`` counts ``div.paper`` blocks without a title or an ``abs`` link (a partial layout
    change); ``body_sha256`` identifies the response the entries came from.
    """

    url: str
    volume: int
    heading: str
    layout: str
    body_sha256: str
    entries: tuple[PmlrEntry, ...]
    bib_url: str | None = None
    unparsed: int = 0


class _PmlrPage(WebPage[object]):
    """Helpers shared by both templates: link classification and paper identity."""

    def _abs(self, href: str) -> str:
        return str(self.urljoin(href))

    def _links(self, anchors: list[Selector]) -> dict[str, list[str]]:
        """Link hrefs by role: abs, pdf, supplementary, openreview."""
        roles: dict[str, list[str]] = {"abs": [], "pdf": [], "supplementary": [], "openreview": []}
        for a in anchors:
            href = a.attrib.get("href", "").strip()
            text = clean_text(" ".join(a.css("::text").getall())).casefold()
            if not href:
                continue
            if "openreview.net/forum" in href:
                roles["openreview"].append(href)
            elif text == "abs":
                roles["abs"].append(self._abs(href))
            elif text.startswith("supplementary") or href.endswith(("-supp.pdf", "-supp.zip")):
                roles["supplementary"].append(self._abs(href))
            elif "pdf" in text:
                roles["pdf"].append(self._abs(href))
        return roles


# --- volume pages ------------------------------------------------------------------------------------


class _VolumeBase(_PmlrPage):
    root_css: str = ""

    def validate_input(self) -> None:
        if not self.css(self.root_css):
            raise UseFallback(f"no {self.root_css!r} container")

    def _entry(self, div: Selector, section: str | None) -> PmlrEntry | None:
        title = clean_text(" ".join(div.css("p.title ::text").getall()))
        roles = self._links(div.css("p.links a, a"))
        ident = _PAPER_URL.search(roles["abs"][0]) if roles["abs"] else None
        if not title or ident is None:
            return None
        pages = _PAGES.search(clean_text(" ".join(div.css("span.info ::text").getall())))
        openreview = _OPENREVIEW.search(roles["openreview"][0]) if roles["openreview"] else None
        return PmlrEntry(
            key=ident[2],
            abs_url=roles["abs"][0],
            title=title,
            authors=split_authors(" ".join(div.css("span.authors ::text").getall())),
            pdf_url=roles["pdf"][0] if roles["pdf"] else None,
            supplementary_urls=tuple(dict.fromkeys(roles["supplementary"])),
            openreview_id=openreview[1] if openreview else None,
            pages=pages[1] if pages else None,
            section=section,
        )

    async def to_item(self) -> PmlrVolumeItem:
        self.validate_input()
        root = self.css(self.root_css)[0]
        heading = next(
            (
                t
                for h2 in root.css("h2")
                if _VOLUME_HEADING.search(t := clean_text(" ".join(h2.css("::text").getall())))
            ),
            None,
        )
        if heading is None:
            raise UseFallback("no 'Volume N:' heading")
        entries, unparsed = [], 0
        for div in root.css("div.paper"):
            section = clean_text(" ".join(div.xpath("preceding::h3[1]//text()").getall())) or None
            entry = self._entry(div, section)
            if entry is None:
                unparsed += 1
            else:
                entries.append(entry)
        if not entries:
            raise UseFallback(f"no parsable div.paper ({unparsed} unparsed)")
        bib = root.css('a[href$="bibliography.bib"]::attr(href)').get()
        return PmlrVolumeItem(
            url=str(self.response.url),
            volume=int(_VOLUME_HEADING.search(heading)[1]),  # type: ignore[index]
            heading=heading,
            layout=type(self).__name__,
            body_sha256=response_sha256(self.response),
            entries=tuple(entries),
            bib_url=self._abs(bib) if bib else None,
            unparsed=unparsed,
        )


@attrs.define
class VolumePageCurrent(_VolumeBase):
    """The current Jekyll template (every volume, re-rendered; recorded 2026 for v28-v267).

    ``main.page-content > div.wrapper``: ``h2`` "Volume N: ...", ``[bib][citeproc]`` links, then
    ``div.paper > p.title, p.details > span.authors + span.info, p.links > a`` ("abs", "Download
    PDF", "Supplementary Material", "OpenReview", "Software"); v28/v32 group papers under ``h3``.
    """

    root_css = "main.page-content"


@attrs.define
class VolumePageLegacy(_VolumeBase):
    """The older template seen in archived copies: ``div.paper`` blocks inside ``#content``.

    Heading at ``#content > div > h2``, the site index at ``#content > .wrapper > .proceedings-list``
    (S11 in the site-structure note); entries as in the current template.
    """

    root_css = "#content"


@attrs.define
class PmlrVolumePage(MultiLayoutPage[PmlrVolumeItem]):
    """A PMLR volume page in either template (current first)."""

    layouts = (VolumePageCurrent, VolumePageLegacy)
    venue = VENUE
    page_kind = "volume"


# --- paper pages -------------------------------------------------------------------------------------


class _PaperBase(_PmlrPage):
    root_css: str = ""
    authors_css: str = ""
    extras_css: str = ""

    def validate_input(self) -> None:
        if not self.css(self.root_css):
            raise UseFallback(f"no {self.root_css!r} container")

    def _meta(self, name: str) -> list[str]:
        return [clean_text(v) for v in self.css(f'meta[name="{name}"]::attr(content)').getall() if v.strip()]

    def _abstract(self) -> str | None:
        """The raw slice inside ``div#abstract`` (lxml would swallow text after a bare ``<``)."""
        text = self.response.text
        if (m := _ABSTRACT_OPEN.search(text)) is None:
            return None
        end = text.find("</div>", m.end())
        return abstract_from_raw(text[m.end() : end if end >= 0 else len(text)])

    def _year(self) -> int:
        info = clean_text(" ".join(self.css("#info ::text, div.info ::text").getall()))
        if m := _INFO_YEAR.search(info):
            return int(m[1])
        for date in self._meta("citation_publication_date"):
            if m := re.match(r"((?:19|20)\d\d)", date):
                return int(m[1])
        raise UseFallback("no publication year in #info or citation_publication_date")

    async def to_item(self) -> VenuePaperItem:
        self.validate_input()
        ident = _PAPER_URL.search(str(self.response.url).split("?", 1)[0])
        if ident is None:
            raise UseFallback("URL is not /vNNN/<key>.html")
        root = self.css(self.root_css)[0]
        title = (self._meta("citation_title") or [clean_text(" ".join(root.css("h1 ::text").getall()))])[0]
        authors = tuple(self._meta("citation_author")) or split_authors(
            " ".join(root.css(f"{self.authors_css} ::text").getall())
        )
        if not title or not authors:
            raise UseFallback("no title or no authors")
        roles = self._links(root.css(f"{self.extras_css} a"))
        pdfs = self._meta("citation_pdf_url") or roles["pdf"]
        pdf = pdfs[0] if pdfs else None
        openreview = _OPENREVIEW.search(roles["openreview"][0]) if roles["openreview"] else None
        return VenuePaperItem(
            venue=VENUE,
            year=self._year(),
            track=TRACK,
            local_id=ident[2],
            title=title,
            landing_url=str(self.response.url),
            authors=tuple(ProfileAuthorItem(name=a) for a in authors),
            pdf_url=self._abs(pdf) if pdf else None,
            abstract=self._abstract(),
            supplementary_urls=tuple(dict.fromkeys(roles["supplementary"])),
            layout=type(self).__name__,
            source_url=str(self.response.url),
            body_sha256=response_sha256(self.response),
            pmlr_id=ident[2],
            openreview_id=openreview[1] if openreview else None,
        )


@attrs.define
class PaperPageCurrent(_PaperBase):
    """The current paper page (recorded 2026 for v28, v202, v235).

    ``citation_*`` metas; ``article.post-content`` with ``h1``, ``span.authors``, ``div#info``
    ("..., PMLR 235:31-80, 2024."), ``div#abstract.abstract`` and ``div#extras`` links ("Download
    PDF", "Supplementary Material", "OpenReview").
    """

    root_css = "article.post-content"
    authors_css = "span.authors"
    extras_css = "#extras"


@attrs.define
class PaperPageLegacy(_PaperBase):
    """The older paper page inside ``#content`` (archived copies).

    ``h1`` title, ``#authors``, ``#info``, ``#abstract`` and the related-material list ``#extras``;
    ``citation_*`` metas are used when present.
    """

    root_css = "#content"
    authors_css = "#authors"
    extras_css = "#extras"


@attrs.define
class PmlrPaperPage(MultiLayoutPage[VenuePaperItem]):
    """A PMLR paper page in either template (current first)."""

    layouts = (PaperPageCurrent, PaperPageLegacy)
    venue = VENUE
    page_kind = "paper"


# --- papers from a volume page + its bibliography ----------------------------------------------------


def paper_from_volume(
    volume: PmlrVolumeItem, entry: PmlrEntry, year: int, bib: BibEntry | None = None
) -> VenuePaperItem:
    """A paper from its volume-page entry, with authors and abstract from its BibTeX record if given.

    With ``bib`` (authors structured, no request per paper) this is the paper as stored; without,
    it is the listing's view (authors split from ``span.authors``), the fallback when the paper's
    own page fails.
    """
    authors = bib.authors if bib is not None and bib.authors else entry.authors
    return VenuePaperItem(
        venue=VENUE,
        year=year,
        track=TRACK,
        local_id=entry.key,
        title=entry.title,
        landing_url=entry.abs_url,
        authors=tuple(ProfileAuthorItem(name=a) for a in authors),
        pdf_url=entry.pdf_url,
        abstract=(bib.fields.get("abstract") or None) if bib is not None else None,
        supplementary_urls=entry.supplementary_urls,
        layout=f"{volume.layout}+bibtex" if bib is not None else volume.layout,
        source_url=volume.url,
        body_sha256=volume.body_sha256,
        pmlr_id=entry.key,
        openreview_id=entry.openreview_id,
    )


def volume_problem(volume: PmlrVolumeItem, expected: int) -> str | None:
    """Why this page is not the ICML volume the volume table names (None when it is)."""
    if volume.volume != expected:
        return f"the heading names volume {volume.volume}, the volume table says {expected}"
    if "international conference on machine learning" not in volume.heading.casefold():
        return f"not an ICML volume: {volume.heading!r}"
    return None


def bib_key(volume: int, key: str) -> str:
    """The citation key PMLR gives a paper in its volume bibliography: ``pmlr-v<N>-<key>``."""
    return f"pmlr-v{volume}-{key}"
