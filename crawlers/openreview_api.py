"""OpenReview API URLs for a venue-year: which host, which listings, paging (pure; no I/O).

ICLR 2017-2023 live on API v1 (``api.openreview.net``) as invitation listings, 2024 on on API v2
(``api2.openreview.net``) as ``content.venueid`` listings (../shared/research/site-structure.md
section 3.1). A venueid query on the wrong host answers an empty list, so the host is chosen from
this table, never by falling back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from paperscope.errors import InputError

API1 = "https://api.openreview.net"
API2 = "https://api2.openreview.net"
PAGE_SIZE = 1000  # the API's maximum ``limit``
FIRST_V2_YEAR = 2024
Decisions = Literal["accepted", "all"]


@dataclass(frozen=True, slots=True)
class OpenReviewSite:
    """The two API hosts, or one mirror answering for both (its routes tell v1 from v2 by query)."""

    api1: str = API1
    api2: str = API2

    @classmethod
    def at(cls, mirror: str | None) -> OpenReviewSite:
        """The real hosts, or ``mirror`` for both."""
        if not mirror:
            return cls()
        base = mirror.rstrip("/")
        return cls(api1=base, api2=base)

    @property
    def login_url(self) -> str:
        """``POST`` here with ``{"id", "password"}``; the token also works on API v1."""
        return f"{self.api2}/login"

    @property
    def hosts(self) -> frozenset[str]:
        """``host:port`` of the API hosts (the only hosts that get the bearer token)."""
        return frozenset(urlsplit(u).netloc for u in (self.api1, self.api2))


@dataclass(frozen=True, slots=True)
class Listing:
    """One paged ``/notes`` query: its first-page URL and what it lists (``accepted``, ``withdrawn``...)."""

    url: str
    kind: str


def parse_decisions(text: str) -> Decisions:
    """``accepted`` (default) or ``all`` (adds rejected, withdrawn and desk-rejected submissions)."""
    value = text.strip().lower()
    if value not in {"accepted", "all"}:
        raise InputError(f"decisions {text!r}: choose accepted or all")
    return "accepted" if value == "accepted" else "all"


def notes_url(base: str, query: dict[str, str], offset: int = 0, page_size: int = PAGE_SIZE) -> str:
    """``{base}/notes?...&limit=1000&offset=N`` (an offset makes v2 return ``count``)."""
    params = {**query, "limit": str(page_size), "offset": str(offset)}
    return f"{base}/notes?{urlencode(params, safe='/,')}"


def iclr_listings(
    year: int, decisions: Decisions, site: OpenReviewSite, page_size: int = PAGE_SIZE
) -> list[Listing]:
    """The listings that hold ICLR ``year``'s main-conference submissions.

    v1 listings ask for ``details=replyCount,directReplies`` so decision notes arrive in the same
    request (one request per 1,000 papers); v2 filters by status on the server.
    """
    if year < 2017:
        raise InputError(
            f"ICLR {year}: OpenReview holds decisions for ICLR from 2017 on "
            "(2013-2016 are in the iclr.cc archive, not crawled here)"
        )
    if year >= FIRST_V2_YEAR:
        venue = f"ICLR.cc/{year}/Conference"
        kinds = {"accepted": venue}
        if decisions == "all":
            for kind, status in (
                ("rejected", "Rejected"),
                ("withdrawn", "Withdrawn"),
                ("desk_rejected", "Desk_Rejected"),
            ):
                kinds[kind] = f"{venue}/{status}_Submission"
        return [
            Listing(notes_url(site.api2, {"content.venueid": v}, 0, page_size), k) for k, v in kinds.items()
        ]
    if year == 2017:  # one lower-case invitation; the status is in content.venue
        query = {"invitation": "ICLR.cc/2017/conference/-/submission"}
        return [Listing(notes_url(site.api1, query, 0, page_size), "submitted")]
    prefix = f"ICLR.cc/{year}/Conference/-/"
    names = {"submitted": "Blind_Submission"}
    if decisions == "all":
        names["withdrawn"] = "Withdrawn_Submission"
        if year >= 2020:  # the first ICLR with a desk-rejection invitation
            names["desk_rejected"] = "Desk_Rejected_Submission"
    details = {"details": "replyCount,directReplies"}
    return [
        Listing(notes_url(site.api1, {"invitation": prefix + n, **details}, 0, page_size), k)
        for k, n in names.items()
    ]


def forum_url(api1: str, note_id: str) -> str:
    """Every note of one v1 forum (the submission and its replies, not in order)."""
    return notes_url(api1, {"forum": note_id})


def next_page(url: str, n_notes: int, count: int | None) -> str | None:
    """The next page of a listing, or None when this page was the last."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    offset, limit = int(query.get("offset", "0")), int(query.get("limit", str(PAGE_SIZE)))
    if (
        n_notes == 0
        or (count is not None and offset + n_notes >= count)
        or (count is None and n_notes < limit)
    ):
        return None
    query["offset"] = str(offset + n_notes)
    return urlunsplit(parts._replace(query=urlencode(query, safe="/,")))


PROFILE_BATCH = 50  # profile ids per request: a short URL, few requests against the rate limit


def profiles_url(api2: str, ids: list[str]) -> str:
    """``{api2}/profiles?ids=~A,~B``: the public profiles of some authors (history, domains)."""
    return f"{api2}/profiles?{urlencode({'ids': ','.join(ids)}, safe='~,')}"


def profile_records(data: object) -> list[tuple[str, str]]:
    """``(profile id, record JSON)`` of every profile in a ``/profiles`` answer (TypeError if not one)."""
    if not isinstance(data, dict) or not isinstance(data.get("profiles"), list):
        raise TypeError("not a /profiles answer: no 'profiles' list")
    return [
        (profile["id"], json.dumps(profile, sort_keys=True))
        for profile in data["profiles"]
        if isinstance(profile, dict) and isinstance(profile.get("id"), str)
    ]
