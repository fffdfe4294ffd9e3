"""Whether a repository owner ("zihangdai", "google-research") matches the paper's authors.

Author names come from the paper's metadata when the crawl has them, else from the title block's
name lines (lines without an affiliation word, e-mail or URL). Organisation words come from the
whole title block. A person match is strong evidence of own code; an organisation match is weak
(Google authors also cite google/BIG-bench).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from extract.document import ParsedDoc
from extract.title import title_of

OwnerMatch = Literal["person", "org"] | None

_AFFILIATION = re.compile(
    r"univ|institut|school|college|department|dept|laborator|\blab\b|research|center|centre|academy|"
    r"inc\b|corp|company|google|microsoft|facebook|meta|deepmind|openai|nvidia|amazon|ibm|baidu|alibaba|"
    r"tencent|huawei|@|http|\.com|\.edu|\.org|abstract|equal contribution|correspond",
    re.IGNORECASE,
)
_GENERIC_PARTS = frozenset(
    {"research", "lab", "labs", "ai", "team", "group", "official", "org", "ml", "nlp", "cv", "code"}
    | {"project", "projects", "the", "inc", "corp"}
)


@dataclass(frozen=True, slots=True)
class Authors:
    """Lower-case ASCII author name parts and organisation words of one paper."""

    names: frozenset[str]
    words: frozenset[str]


def ascii_lower(text: str) -> str:
    """Accents stripped, lower case."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _parts(text: str) -> set[str]:
    return {p for p in re.split(r"[^a-z]+", ascii_lower(text)) if len(p) >= 2}


def authors_of(doc: ParsedDoc) -> Authors:
    """Names (metadata, else the title block's name lines) and organisation words of the paper."""
    block = next((s for s in doc.sections if s.kind == "title_block"), None)
    text = doc.text[block.start : block.end] if block else ""
    names: set[str] = set()
    for full in doc.meta.author_names:
        names |= _parts(full)
    if not names:
        title = set(title_of(doc).split())
        lines = [
            line
            for line in text.split("\n")
            if line.strip() and not _AFFILIATION.search(line) and not set(line.split()) <= title
        ]
        for line in lines:
            capitalised = re.findall(r"\b[A-Z][a-zA-Z'’-]+", line)
            if capitalised and len(capitalised) >= len(line.split()) / 2:
                names |= _parts(" ".join(capitalised))
    return Authors(frozenset(names), frozenset(_parts(text) - _parts(title_of(doc))))


def owner_match(owner: str, authors: Authors) -> OwnerMatch:
    """``person`` when the owner spells an author's name, ``org`` when it names their organisation."""
    flat = re.sub(r"\d+$", "", re.sub(r"[^a-z0-9]", "", owner.lower()))
    if len(flat) >= 3:
        for name in authors.names:
            if len(name) >= 4 and (name in flat or (name[:4] in flat and len(flat) <= len(name) + 8)):
                return "person"
    parts = [p for p in re.split(r"[-_.]", owner.lower()) if p]
    stems = {p.removesuffix("research").removesuffix("ai") for p in parts}
    for part in parts + sorted(stems):
        if len(part) >= 3 and part not in _GENERIC_PARTS and part in authors.words:
            return "org"
    return None
