"""Organisations no registry lists, typed by how they name themselves (the resolver's last tier).

Language facts of naming, never a list of particular organisations: a legal form (``Etcembly
Ltd.``) or a company noun (``Quillwort Solutions``, ``Nimbus Labs``) makes a company; type words
(``university``, ``national laboratory``, a Chinese ``Key Lab``) type an institution; a bare brand
printed as the whole affiliation (``Zentrifex``) is a start-up, since universities, institutes and
public bodies print a type word in their names. Every match here is scored below a registry's.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from extract.affiliations.header.cells import org_words
from extract.affiliations.orgs.table import NATIONAL_LAB, Org
from paperscope.records import OrgType

_LEGAL_FORM = re.compile(
    r"^(?P<name>.*?[A-Za-z].*?)[\s,]+(?:Inc|Ltd|Limited|LLC|L\.L\.C|GmbH|Corp|Corporation|Co|PLC|Pty|AG|S\.?A|"
    r"S\.?A\.?S|S\.?r\.?l|B\.?V|N\.?V|Oy|AB|K\.?K|KGaA|S\.?p\.?A|ApS|A/S|ASA|Pte|Pvt|Sdn\.?\s*Bhd)\.?"
    r"(?:,?\s*(?:Ltd|Limited|Inc)\.?)?\s*$"
    # a European company ("Zentrifex SE"): the form follows a space, never a comma ("Uppsala, SE" is a country)
    r"|^(?P<se_name>.*?[A-Za-z].*?)(?<!,)\s+SE\s*$"
)
UNIT_HEAD = re.compile(
    r"^\W*(?:Center|Centre|Department|Dept|School|Institute|Laboratory|Lab|Division|Faculty|Group|Chair|"
    r"Program|Programme|Unit)\b",
    re.IGNORECASE,
)
# a company no registry lists, by the noun after its name: "Zalando Research", "Criteo AI Lab",
# "Quillwort Solutions", "Nimbus Labs" (a group's lab is singular: "Vision Lab" is no company)
_COMPANY_LAB = re.compile(
    r"^\s*(?P<name>[A-Z][\w&.'-]*[a-z][\w&.'-]*)\s+"
    r"(?:AI\s+(?:Research|Labs?)|Research|AI|Labs|Technologies|Solutions|Analytics|Robotics)\s*$"
)
_NOT_COMPANY = re.compile(r"(?i)univ|college|institut|school|academ|national|federal|state|ministry|hospital")
# a Chinese key laboratory: hosted by a university or CAS, sponsored by a ministry it names
KEY_LAB = re.compile(r"\bkey\s+lab(?:oratory|oratories)?\b", re.IGNORECASE)
# the type an organisation's own name gives it, for one no registry lists ("Paris-Saclay university");
# a Chinese key laboratory ("MoE Key Lab of ...", "State Key Laboratory of ...") is a university's or CAS's
_TYPE_WORDS: tuple[tuple[OrgType, re.Pattern[str]], ...] = (
    ("academic", re.compile(
        r"(?i)universi|univ\b|college|polytechn|[ée]cole|hochschule|institute of technology|\bschool\b|"
        rf"academy of sciences|{KEY_LAB.pattern}")),
    ("government", re.compile(rf"(?i){NATIONAL_LAB.pattern}|national\s+lab\b|\bgovernment\b")),
)  # fmt: skip
# one capitalised word with lower-case letters in it ("Zentrifex", "QuillwortAI"), not all capitals:
# an unknown acronym is as often a university's as a company's
_BRAND = re.compile(r"[A-Z][a-z][\w'-]*[a-z]|[A-Z][a-z]*[A-Z][\w'-]*[a-z][\w'-]*|[A-Z][a-z]+[A-Z]{2,}")
# single words printed where an affiliation goes that name no organisation
_NO_ORG = re.compile(
    r"(?i)independent|unaffiliated|none|freelancer?|self|student|retired|individual|personal|anonymous|"
    r"private|consultant|researcher|home|other|abstract|introduction|equal|contribution|correspondence"
)
# an affiliation printed as its web address; the top-level domains companies use
_WEB_ADDRESS = re.compile(r"(?i)(?:www\.)?(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,6}")
_COMMERCIAL_TLD = re.compile(r"(?i)\.(?:ai|com|io|co|tech|dev)$")
# two organisations printed as one affiliation: "Zentrifex & University of Bergen", "Zentrifex+CNRS"
_JOINER = re.compile(r"\s*[&+]\s*")  # not "and": names hold it ("Learning and Vision Group")
_PARTS = re.compile(r"\s*[&+]\s*|\s+and\s+")
# beside a known organisation only the forms that are no region's code ("Edmonton, AB", "Adelaide SA")
_PLAIN_FORM = re.compile(r"\b(?:Inc|Ltd|Limited|LLC|GmbH|Corp|Corporation|PLC)\.?\s*$")


class Unlisted(NamedTuple):
    """An organisation typed by its printed name: the org (no id), how, the score 0..100, the text."""

    org: Org
    kind: Literal["legal_form", "name_words"]
    score: float
    text: str


def unlisted_org(raw: str) -> Unlisted | None:
    """The organisation ``raw`` names by its legal form, company noun, type words, web address or brand."""
    return legal_form(raw) or company_lab(raw) or by_type_words(raw) or web_company(raw) or bare_brand(raw)


def web_address(raw: str) -> str | None:
    """``raw`` when it is nothing but a web address (``zentrifex.ai``, ``www.quillwort.com``), else None."""
    text = raw.strip(" .,;")
    return text if _WEB_ADDRESS.fullmatch(text) else None


def web_company(raw: str) -> Unlisted | None:
    """An affiliation printed as a commercial web address no table lists (``zentrifex.ai``): a company."""
    text = web_address(raw)
    if text is None or not _COMMERCIAL_TLD.search(text):
        return None
    return _unlisted(text, "industry", "name_words", 75.0, text, "web_company")


def legal_form(raw: str) -> Unlisted | None:
    """A company named by its legal form: the first comma part (with its form) ending in one."""
    parts = [p.strip() for p in raw.split(",")]
    for k in range(len(parts)):
        text = ", ".join(parts[: k + 1])
        if (m := _LEGAL_FORM.match(text)) is not None and not UNIT_HEAD.match(text):
            name = m.group("name") or m.group("se_name")
            return _unlisted(name.strip(" ,"), "industry", "legal_form", 90.0, text, "legal_form")
    return None


def company_lab(raw: str) -> Unlisted | None:
    """A company printed as "<Company> Research" / "<Company> AI Lab" / "<Company> Technologies".

    Universities, institutes and public bodies never name themselves so; only a raw text naming no
    known organisation gets here, at a lower score for the annotators to check.
    """
    first = raw.split(",")[0].strip()
    if _COMPANY_LAB.match(first) is None or _NOT_COMPANY.search(first):
        return None
    return _unlisted(first, "industry", "name_words", 80.0, first, "company_lab")


def by_type_words(raw: str) -> Unlisted | None:
    """An organisation typed by the words of its name: the first comma part with such a word."""
    for part in (p.strip() for p in raw.split(",")):
        for org_type, pattern in _TYPE_WORDS:
            if part and pattern.search(part):
                return _unlisted(part, org_type, "name_words", 75.0, part, "type_words")
    return None


def bare_brand(raw: str) -> Unlisted | None:
    """A start-up printed by its brand alone as the whole affiliation (``Zentrifex``): industry.

    One capitalised word with no organisation word in it (``Lab``, ``Institute``, ``Inc``) and not a
    word that stands where no organisation is (``Independent``); scored lowest, for annotators.
    """
    text = raw.strip(" .,;")
    if _BRAND.fullmatch(text) is None or _NO_ORG.fullmatch(text) or org_words().search(text):
        return None
    return _unlisted(text, "industry", "name_words", 70.0, text, "bare_brand")


def beside_known(segments: list[str]) -> list[tuple[int, int, Unlisted]]:
    """Unlisted companies printed beside known organisations, as (segment, part in it, match).

    ``segments`` are the resolver's comma parts; each is split again at ``&``, ``+`` and ``and``. A
    part ending in a legal form that is no region code (``Zentrifex Inc., University of Bergen``; the
    form may be the next comma part: ``Zentrifex, Inc., ...``) is a company; so is a bare brand
    printed first and joined by ``&`` or ``+`` (``Zentrifex & CNRS``).
    """
    out: list[tuple[int, int, Unlisted]] = []
    for k, segment in enumerate(segments):
        parts = _PARTS.split(segment)
        for j, part in enumerate(parts):
            texts = [part]
            if j == len(parts) - 1 and k + 1 < len(segments):
                texts.append(f"{part.strip()}, {segments[k + 1].strip()}")
            hit = next((legal_form(t) for t in texts if _PLAIN_FORM.search(t)), None)
            if hit is None and k == j == 0 and len(_JOINER.split(segment, maxsplit=1)) == 2:
                hit = bare_brand(_JOINER.split(segment, maxsplit=1)[0])
            if hit is not None:
                out.append((k, j, hit))
    return out


def _unlisted(
    name: str,
    org_type: OrgType,
    kind: Literal["legal_form", "name_words"],
    score: float,
    text: str,
    source: str,
) -> Unlisted:
    """An id-less organisation; ``source`` says which rule named it (``legal_form``, ``company_lab``...)."""
    return Unlisted(Org("", name, org_type, None, None, None, source), kind, score, text)
