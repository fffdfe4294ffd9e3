"""Choosing among one page object per layout era, and the loud failure when none fits."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

import attrs
from web_poet import HttpResponse, WebPage
from web_poet.exceptions import UseFallback

from crawlers.items import LayoutMissItem
from crawlers.pages.text import sha256_hex

ItemT = TypeVar("ItemT")


class LayoutChanged(Exception):
    """No known layout parsed a page that should have parsed; ``miss`` is the record to store."""

    def __init__(self, miss: LayoutMissItem) -> None:
        super().__init__(f"{miss.page_kind} {miss.url}: no layout fits ({miss.detail})")
        self.miss = miss


def response_sha256(response: HttpResponse) -> str:
    """The sha256 of a response body, as stored in PageSource and LayoutMiss."""
    return sha256_hex(bytes(response.body))


@attrs.define
class MultiLayoutPage(WebPage[ItemT], Generic[ItemT]):
    """Try each layout's page object in order; the first whose ``to_item`` succeeds wins.

    A layout signals "not mine" by raising :class:`~web_poet.exceptions.UseFallback` from
    ``validate_input`` or while extracting; when every layout does, :class:`LayoutChanged` is raised
    with a :class:`~crawlers.items.LayoutMissItem` (URL, layouts tried, response hash).
    """

    layouts: ClassVar[tuple[type[WebPage], ...]] = ()  # type: ignore[type-arg]
    venue: ClassVar[str] = ""
    page_kind: ClassVar[str] = ""

    async def to_item(self) -> ItemT:
        """The item of the first layout that fits (raises :class:`LayoutChanged` if none does)."""
        reasons: list[str] = []
        for layout in self.layouts:
            try:
                item: ItemT = await layout(response=self.response).to_item()
            except UseFallback as exc:
                reasons.append(f"{layout.__name__}: {exc}")
            else:
                return item
        raise LayoutChanged(
            LayoutMissItem(
                url=str(self.response.url),
                venue=self.venue,
                page_kind=self.page_kind,
                layouts_tried=tuple(layout.__name__ for layout in self.layouts),
                response_sha256=response_sha256(self.response),
                detail="; ".join(reasons),
            )
        )
