"""The bridge from Scrapy responses to page objects (the only place both meet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from web_poet import HttpResponse

from crawlers.items import LayoutMissItem
from crawlers.pages.layouts import LayoutChanged, MultiLayoutPage

if TYPE_CHECKING:
    from scrapy.http import Response

ItemT = TypeVar("ItemT")


def poet_response(response: Response) -> HttpResponse:
    """A web-poet ``HttpResponse`` with the Scrapy response's final URL, body, status and headers."""
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
    return HttpResponse(url=response.url, body=response.body, status=response.status, headers=headers)


async def parse_page(page_cls: type[MultiLayoutPage[ItemT]], response: Response) -> ItemT | LayoutMissItem:
    """The page's item, or the layout miss to record when no layout parses it."""
    try:
        return await page_cls(response=poet_response(response)).to_item()
    except LayoutChanged as exc:
        return exc.miss
