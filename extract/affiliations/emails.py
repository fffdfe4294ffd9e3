"""E-mail addresses in headers: grouped forms expanded, and each address matched to an author name."""

from __future__ import annotations

import re

from extract.affiliations.names import ascii_fold

_GROUPED = re.compile(r"[{\[(]([^}\])]+)[}\])]\s*@\s*([\w.-]+\.[a-z]{2,})", re.IGNORECASE)
_SINGLE = re.compile(r"([\w.+-]+)\s*@\s*([\w.-]+\.[a-z]{2,})", re.IGNORECASE)
GENERIC_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.co.jp",
        "yahoo.fr",
        "icloud.com",
        "me.com",
        "mac.com",
        "protonmail.com",
        "proton.me",
        "aol.com",
        "qq.com",
        "163.com",
        "126.com",
        "foxmail.com",
        "sina.com",
        "sohu.com",
        "yeah.net",
        "mail.ru",
        "yandex.ru",
        "gmx.de",
        "gmx.net",
        "web.de",
        "naver.com",
        "hanmail.net",
        "daum.net",
        "outlook.fr",
        "hotmail.fr",
        "free.fr",
        "orange.fr",
    ]
)


def parse_emails(text: str) -> list[str]:
    """Addresses in header text, grouped forms expanded, lower-cased, in order.

    >>> parse_emails("{zhiliny, dzihang}@cs.cmu.edu, qvl@google.com")
    ['zhiliny@cs.cmu.edu', 'dzihang@cs.cmu.edu', 'qvl@google.com']
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _GROUPED.finditer(text):
        domain = match.group(2).lower().rstrip(".")
        for i, local in enumerate(re.split(r"[,;|\s]+", match.group(1))):
            if local.strip():
                found.append((match.start() + i, f"{local.strip().lower()}@{domain}"))
        taken.append(match.span())
    for match in _SINGLE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        found.append(
            (match.start(), f"{match.group(1).lower().strip('.')}@{match.group(2).lower().rstrip('.')}")
        )
    return [email for _, email in sorted(found)]


def email_domain(email: str) -> str:
    """The domain part of an address, lower-case."""
    return email.rsplit("@", 1)[-1].lower()


def _name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[^a-z]+", ascii_fold(name).lower()) if t]


def name_email_score(name: str, email: str) -> int:
    """How well an address's local part fits a name: 3 certain, 2 likely, 1 weak, 0 none.

    >>> name_email_score("Quoc V. Le", "qvl@google.com"), name_email_score("Zihang Dai", "dzihang@cs.cmu.edu")
    (3, 3)
    """
    tokens = _name_tokens(name)
    local = re.sub(r"[^a-z]", "", email.split("@", 1)[0].lower())
    if not tokens or not local:
        return 0
    first, last = tokens[0], tokens[-1]
    initials = "".join(t[0] for t in tokens)
    strong = {
        first + last,
        last + first,
        first[0] + last,
        first + last[0],
        last + first[0],
        last[0] + first,
        initials,
        first,
        last,
        "".join(tokens),
    }
    if local in strong:
        return 3
    if (len(last) >= 3 and last in local) or (len(first) >= 3 and first in local):
        return 2
    if local[:1] == first[:1] and len(last) >= 3 and last[:3] in local:
        return 1
    return 0


def match_emails(names: list[str], emails: list[str]) -> dict[int, str]:
    """Assign addresses to names (by index), best pairs first, each used once; weak pairs are skipped."""
    pairs = sorted(
        (
            (name_email_score(n, e), -abs(i - j), i, j)
            for i, n in enumerate(names)
            for j, e in enumerate(emails)
        ),
        reverse=True,
    )
    chosen: dict[int, str] = {}
    used: set[int] = set()
    for score, _, i, j in pairs:
        if score < 2:
            break
        if i not in chosen and j not in used:
            chosen[i] = emails[j]
            used.add(j)
    return chosen
