"""OpenReview API page objects: note listings of API v1 (ICLR <= 2023) and v2 (2024 on) as papers.

v1 notes carry plain ``content`` values, one ``invitation`` and, for ICLR 2018-2020, their decision
only in a reply note; v2 notes wrap every value as ``{"value": ...}``, list ``invitations`` and say
their status in the ``content.venueid`` suffix (../shared/research/site-structure.md section 3).
An HTML answer is OpenReview's browser check for anonymous callers: :class:`AuthenticationRequired`,
never an empty venue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import attrs
from web_poet import WebPage

from crawlers.pages.layouts import response_sha256
from crawlers.pages.openreview_decisions import decision_v1, decision_v2, value
from crawlers.pages.text import clean_text
from crawlers.venue_items import ProfileAuthorItem, VenuePaperItem

ApiVersion = Literal["v1", "v2"]
_GROUP = re.compile(r"^(?P<org>ICLR|ICML|NeurIPS)\.cc/(?P<year>\d{4})/(?P<group>[A-Za-z_]+)")
_VENUES = {"ICLR": "iclr", "ICML": "icml", "NeurIPS": "neurips"}
_LINK_FIELDS = ("html", "paper_link", "venue_link", "arxiv", "code")
_PDF_DIGEST = re.compile(r"/pdf/([0-9a-f]{40})\.pdf")  # the attachment's content hash (sha1)
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/([0-9]{4}\.[0-9]{4,5}|[a-z-]+/[0-9]{7})(?:v\d+)?", re.IGNORECASE)
_AND = re.compile(r"(?:^|\s+)and\s+")
_CHALLENGE = re.compile(r"verifying your browser|just a moment|attention required|challenge", re.IGNORECASE)


class AuthenticationRequired(Exception):
    """OpenReview answered with something other than JSON: its browser check for anonymous callers."""


class ApiError(Exception):
    """A JSON error body (``{name, message, status, details}``) from the OpenReview API."""

    def __init__(self, status: int, name: str, message: str) -> None:
        super().__init__(f"{status} {name}: {message}")
        self.status, self.name, self.message = status, name, message


@dataclass(frozen=True, slots=True)
class NotesListing:
    """One ``/notes`` answer: papers (with decisions), the server's total, and notes that did not parse.

    ``count`` is the total the API states (v2 only when the query had ``offset``); ``n_notes`` is
    how many notes this page held; ``unparsed`` lists "<note id>: <reason>" for submissions whose
    required fields are missing, the JSON equivalent of a layout miss.
    """

    url: str
    api: ApiVersion
    n_notes: int
    papers: tuple[VenuePaperItem, ...]
    count: int | None = None
    unparsed: tuple[str, ...] = ()
    body_sha256: str = ""


def json_body(body: bytes, content_type: str, url: str, status: int = 200) -> Any:
    """Parse an API answer.

    A browser check, or any other non-JSON answer with status 200, is
    :class:`AuthenticationRequired`; a non-JSON error status is :class:`ApiError`; a JSON error body
    (``{name, message, status}``) is :class:`ApiError` too.
    """
    head = body[:512].lstrip().lower()
    if "json" not in content_type.lower() or head.startswith((b"<!doctype", b"<html")):
        title = re.search(rb"<title>(.*?)</title>", body[:4096], re.IGNORECASE | re.DOTALL)
        what = title[1].decode("utf-8", "replace").strip() if title else content_type or "no content type"
        if status >= 400 and not _CHALLENGE.search(what):
            raise ApiError(status, "HTTPError", f"{url}: {what}")
        raise AuthenticationRequired(
            f"{url}: OpenReview answered with {what!r}, not JSON; it requires a logged-in client "
            "(set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD)"
        )
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise AuthenticationRequired(f"{url}: the answer is not valid JSON ({exc})") from exc
    if isinstance(data, dict) and "notes" not in data and {"name", "message"} <= data.keys():
        raise ApiError(int(data.get("status") or status), str(data["name"]), str(data["message"]))
    return data


def login_token(body: bytes, content_type: str, url: str, status: int = 200) -> str:
    """The bearer token of a ``POST /login`` answer (``{"token": ...}``)."""
    data = json_body(body, content_type, url, status)
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise AuthenticationRequired(f"{url}: login answer has no token")
    return token


def split_author_names(raw: Any) -> list[str]:
    """Author names from a v1/v2 ``authors`` value.

    Handles a list, one comma string (ICLR 2017), and items holding "and B. Name" or
    "A. Name and B. Name" (ICLR 2017-2021).
    """
    items = [raw] if isinstance(raw, str) else list(raw or [])
    names: list[str] = []
    for item in items:
        parts = str(item).split(",") if isinstance(raw, str) else [str(item)]
        for part in parts:
            names.extend(n for n in (clean_text(p) for p in _AND.split(part.strip())) if n)
    return names


def authors_of(names: list[str], ids: list[Any]) -> tuple[ProfileAuthorItem, ...]:
    """Authors with their profile id (``~Name1``) or email.

    Names and ids are paired by position only when the two lists have the same length (OpenReview
    has notes with 3 names and 1 id: those get no ids rather than wrong ones).
    """
    paired = len(ids) == len(names)
    out = []
    for i, name in enumerate(names):
        ident = str(ids[i]).strip() if paired and ids[i] else ""
        out.append(
            ProfileAuthorItem(
                name=name,
                profile_id=ident if ident.startswith("~") else None,
                email=ident if "@" in ident and not ident.startswith("~") else None,
            )
        )
    return tuple(out)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _web_origin(api_origin: str) -> str:
    """``https://api2.openreview.net`` -> ``https://openreview.net`` (a mirror keeps its origin)."""
    return re.sub(r"//api2?\.openreview\.net$", "//openreview.net", api_origin)


def paper_of_note(
    note: dict[str, Any],
    api: ApiVersion,
    source_url: str,
    replies: Sequence[dict[str, Any]] = (),
    body_sha256: str = "",
) -> VenuePaperItem:
    """One submission note as a paper; raises ``ValueError`` naming the field that is missing.

    ``source_url`` is the API answer the note came from (its origin gives the attachment URLs);
    ``replies`` are the other notes of its forum (a forum answer), read for v1 decisions.
    """
    api_origin = _origin(source_url)
    note_id = str(note.get("id") or "")
    invitations = [note.get("invitation")] if api == "v1" else list(note.get("invitations") or [])
    source = str(note.get("domain") or next((i for i in invitations if i), "") or "")
    content = note.get("content") or {}
    group = _GROUP.match(source) or _GROUP.match(str(value(content, "venueid") or ""))
    title = clean_text(str(value(content, "title") or ""))
    if not note_id or group is None or not title:
        raise ValueError("no id" if not note_id else "no venue group" if group is None else "no title")
    venue_group = str(note.get("domain") or source.split("/-/", 1)[0])
    decision = decision_v1(note, replies) if api == "v1" else decision_v2(note, venue_group)
    track = "main" if group["group"].casefold() == "conference" else group["group"].casefold()
    pdf = str(value(content, "pdf") or "")
    arxiv = _ARXIV.search(pdf)
    # the note's other links (its paper's web page, code, venue link) may name the arXiv version
    linked = next(
        (m for f in _LINK_FIELDS if (m := _ARXIV.search(str(value(content, f) or ""))) is not None), None
    )
    if pdf.startswith("/"):
        pdf_url: str | None = f"{api_origin}/attachment?id={note_id}&name=pdf"
    elif arxiv:
        pdf_url = f"https://arxiv.org/pdf/{arxiv[1]}"
    else:
        pdf_url = pdf or None
    supp = value(content, "supplementary_material")
    keywords = value(content, "keywords") or []
    return VenuePaperItem(
        venue=_VENUES[group["org"]],
        year=int(group["year"]),
        track=track,
        local_id=note_id,
        title=title,
        landing_url=f"{_web_origin(api_origin)}/forum?id={note_id}",
        authors=authors_of(
            split_author_names(value(content, "authors")), list(value(content, "authorids") or [])
        ),
        pdf_url=pdf_url,
        pdf_alternates=(f"https://arxiv.org/pdf/{linked[1]}",) if linked and not arxiv else (),
        abstract=clean_text(str(value(content, "abstract") or "")) or None,
        supplementary_urls=(f"{api_origin}/attachment?id={note_id}&name=supplementary_material",)
        if isinstance(supp, str) and supp.startswith("/")
        else (),
        openreview_id=note_id,
        pdf_digest=digest[1] if (digest := _PDF_DIGEST.fullmatch(pdf)) else None,
        arxiv_id=arxiv[1] if arxiv else (linked[1] if linked else None),
        keywords=tuple(clean_text(str(k)) for k in ([keywords] if isinstance(keywords, str) else keywords)),
        decision=decision,
        layout=f"NotesPage.{api}",
        source_url=source_url,
        body_sha256=body_sha256,
    )


def api_version(notes: list[dict[str, Any]], url: str) -> ApiVersion:
    """v2 when notes list ``invitations`` or wrap content values; v1 when they carry one ``invitation``."""
    for note in notes:
        if "invitations" in note or note.get("version") == 2:
            return "v2"
        if "invitation" in note:
            return "v1"
    return "v2" if "api2." in url else "v1"


def _is_reply(note: dict[str, Any]) -> bool:
    return bool(note.get("replyto")) or bool(note.get("forum") and note.get("forum") != note.get("id"))


@attrs.define
class NotesPage(WebPage[NotesListing]):
    """A ``GET /notes`` answer of either API as papers; replies in a forum answer are not papers."""

    async def to_item(self) -> NotesListing:
        """The listing; raises AuthenticationRequired, ApiError, or TypeError for another shape."""
        url = str(self.response.url)
        content_type = self.response.headers.get("Content-Type") or ""
        data = json_body(bytes(self.response.body), content_type, url, self.response.status or 200)
        if not isinstance(data, dict) or not isinstance(data.get("notes"), list):
            raise TypeError(f"{url}: no 'notes' list in the answer")
        notes = [n for n in data["notes"] if isinstance(n, dict)]
        api = api_version(notes, url)
        replies: dict[str, list[dict[str, Any]]] = {}
        for note in notes:
            if _is_reply(note):  # a review, comment or decision in a forum listing
                replies.setdefault(str(note.get("forum")), []).append(note)
        papers, unparsed = [], []
        body_sha = response_sha256(self.response)
        for note in notes:
            if _is_reply(note):
                continue
            try:
                forum = replies.get(str(note.get("id")), ())
                papers.append(paper_of_note(note, api, url, forum, body_sha))
            except ValueError as exc:
                unparsed.append(f"{note.get('id') or '?'}: {exc}")
        count = data.get("count")
        return NotesListing(
            url=url,
            api=api,
            n_notes=len(notes),
            papers=tuple(papers),
            count=count if isinstance(count, int) else None,
            unparsed=tuple(unparsed),
            body_sha256=body_sha,
        )
