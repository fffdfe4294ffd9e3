"""URLs in a parsed document, each with the text span it was read from.

A URL is printed in the text (re-joined across line breaks) or only behind a link annotation
("code is [here]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from extract.document import ParsedDoc

_URL = re.compile(
    # a scheme broken at a line end ("https://" + newline + "github.com/..." or "https:" + newline + "//...")
    r"(?:https?://|https?:(?://\n|\n//)(?=[\w-]+\.[\w-])|www\.)[^\s<>\"“”'’\])}]+"
    # a repository host printed without its scheme, glued to a footnote mark or not ("1github.com/...")
    r"|(?<![A-Za-z./@-])(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|anonymous\.4open\.science|"
    r"code\.google\.com|sourceforge\.net|codeocean\.com)"
    r"/[^\s<>\"“”'’\])}]+",
    re.IGNORECASE,
)
_ANCHORS = (
    "http",
    "www.",
    "github.com/",
    "gitlab.com/",
    "bitbucket.org/",
    "huggingface.co/",
    "anonymous.4open",
    "code.google.com/",
    "sourceforge.net/",
    "codeocean.com/",
)
_TRAILING = ".,;:!?*"


def _urls(text: str) -> list[re.Match[str]]:
    """Matches of ``_URL`` in ``text``, tried only where an anchor ("http", "github.com/") starts.

    The same as ``_URL.finditer(text)``, without running the regex at every position.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # rare characters change length when lower-cased; anchors are ASCII anyway
    starts: set[int] = set()
    for anchor in _ANCHORS:
        at = lowered.find(anchor)
        while at >= 0:
            starts.add(at)
            at = lowered.find(anchor, at + 1)
    found: list[re.Match[str]] = []
    end = -1
    for at in sorted(starts):
        if at < end:
            continue
        m = _URL.match(text, at)
        if m:
            found.append(m)
            end = m.end()
    return found


_CONTINUATION = re.compile(r"\n([A-Za-z0-9_.~%#=&?/-]+)(?=[\s.,;:)]|$)")


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL and where it was read: ``[start, end)`` in ``doc.text`` and the page."""

    url: str
    start: int
    end: int
    page: int
    from_annotation: bool


def _clean(url: str) -> str:
    return url.rstrip(_TRAILING)


def _joined(text: str, start: int, end: int) -> tuple[str, int]:
    """A URL broken at a line end ("github.com/owner/" + newline + "repo") joined; returns (url, end)."""
    raw = text[start:end]
    flat = raw.replace("\n", "")  # a scheme broken at a line end: the line break is no part of the URL
    m = _CONTINUATION.match(text, end)
    if m and (_continues(flat, m.group(1)) or _splits_a_name(text, flat, m.group(1))):
        return _clean(flat + m.group(1)), end + 1 + len(_clean(m.group(1)))
    return _clean(flat), start + len(_clean(raw))


_HEADINGS = frozenset(
    {"abstract", "introduction", "references", "acknowledgements", "acknowledgments", "appendix"}
)


def _continues(raw: str, tail: str) -> bool:
    """Whether the next line's first token ``tail`` is the rest of the URL ``raw``.

    After a "." only a host or path continues it ("github." + "com/org/repo"), not a word or a
    footnote number; after "/", "-" or "_" any path-like token but a bare number does; a GitHub URL
    that stops at the owner continues with the repository name.
    """
    tail = _clean(tail)
    if not tail or tail.isdigit() or tail.lower() in _HEADINGS:  # "Abstract" on the line after a URL
        return False
    if raw.endswith("."):
        return "/" in tail or "." in tail
    if raw.endswith(("/", "-", "_")):
        return True
    norm = normalize_url(raw)
    return norm.startswith("github.com/") and norm.count("/") == 1 and tail[0].isalnum()


_REPOSITORY_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/")


def _splits_a_name(text: str, raw: str, tail: str) -> bool:
    """Whether a repository name broken inside a word ("…/Prompt" + newline + "Align") is one name.

    It is when the joined name ("PromptAlign") is a word the paper prints elsewhere, as papers name
    their repository after their method; a following sentence's first word is no such name.
    """
    tail = _clean(tail)
    norm = normalize_url(raw)
    if not tail.isalnum() or not norm.startswith(_REPOSITORY_HOSTS) or norm.count("/") != 2:
        return False
    head = re.search(r"[A-Za-z0-9]+$", raw)
    if head is None or not head.group().isalnum():
        return False
    name = re.escape(head.group() + tail)
    return re.search(rf"(?<![\w/.-]){name}(?![\w/])", text, re.IGNORECASE) is not None


def find_urls(doc: ParsedDoc) -> list[FoundUrl]:
    """URLs in ``doc``, sorted by position.

    Printed ones take the annotation's full target when one covers them; annotation-only ones
    have the anchor text as their span.
    """
    text = doc.text
    found: list[FoundUrl] = []
    covered: set[str] = set()
    for m in _urls(text):
        url, end = _joined(text, m.start(), m.end())
        if len(url) < 8:
            continue
        page = doc.page_of(m.start())
        for link in doc.links:
            if link.page == page and link.start >= 0 and link.start < end and m.start() < link.end:
                if normalize_url(link.uri).startswith(normalize_url(url)[:20]):
                    url = link.uri
                break
        covered.add(normalize_url(url))
        found.append(FoundUrl(url, m.start(), end, page, from_annotation=False))
    for link in doc.links:
        norm = normalize_url(link.uri)
        if link.start < 0 or not norm or norm in covered:
            continue
        covered.add(norm)
        found.append(FoundUrl(link.uri, link.start, max(link.end, link.start + 1), link.page, True))
    return sorted(_without_dehyphenated(found), key=lambda u: (u.start, u.end))


def _without_dehyphenated(found: list[FoundUrl]) -> list[FoundUrl]:
    """Drop a URL read with its line-end hyphen lost where the same place also gave it with one.

    "uber-" + newline + "research" read as "uberresearch", beside its link annotation's
    "uber-research".
    """
    keys = [normalize_url(u.url).replace("-", "") for u in found]  # each URL's key made once

    def overlaps(a: FoundUrl, b: FoundUrl) -> bool:
        return a.page == b.page and a.start < b.end and b.start < a.end

    return [
        u
        for i, u in enumerate(found)
        if not any(
            j != i and overlaps(o, u) and o.url.count("-") > u.url.count("-") and keys[j] == keys[i]
            for j, o in enumerate(found)
        )
    ]


def normalize_url(url: str) -> str:
    """Compare-key of a URL: no scheme, no ``www.``, lower case, no trailing slash or ``.git``.

    >>> normalize_url("https://www.GitHub.com/Org/Repo.git/")
    'github.com/org/repo'
    """
    u = url.strip().rstrip(_TRAILING)
    if not re.match(r"^[a-z]+://", u, re.IGNORECASE):
        u = "https://" + u
    try:
        netloc, path = urlsplit(u)[1:3]
    except ValueError:  # "https://[anonymized]" read up to the "]": an unclosed IPv6 bracket
        netloc, _, rest = u.split("://", 1)[1].partition("/")
        path = "/" + re.split(r"[?#]", rest, maxsplit=1)[0]
    host = netloc.lower().removeprefix("www.")
    path = path.rstrip("/").removesuffix(".git").rstrip("/")
    return (host + path).lower()


def host_of(url: str) -> str:
    """The host of a URL, lower case, without ``www.``."""
    return normalize_url(url).split("/", 1)[0]


def owner_of(url: str) -> str | None:
    """The account that owns a repository URL (its first path segment), if any.

    A personal site on a code host names its owner in the host instead:

    >>> owner_of("https://tkipf.github.io/graph-convolutional-networks/")
    'tkipf'
    """
    parts = normalize_url(url).split("/")
    user, dot, pages_host = parts[0].partition(".")
    if dot and pages_host in _PAGES_HOSTS:
        return user
    return parts[1] if len(parts) > 1 and parts[1] else None


# hosts of personal and project sites, "<account>.github.io"
_PAGES_HOSTS = frozenset({"github.io", "gitlab.io", "bitbucket.io"})
