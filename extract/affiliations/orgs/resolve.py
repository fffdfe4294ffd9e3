"""Affiliation string or e-mail domain -> organisation, with the match kind and score kept.

Tiers, in order (exact matching first keeps false positives out; anchors.md section 1c):

1. **exact / alias**: a run of whole tokens of the string equals an organisation's name, alias or
   acronym (squashed, so ``CarnegieMellonUniversity`` matches); the longest runs win, and the
   organisations are reported in the order they are printed;
2. **fuzzy**: a comma-separated part that looks like an organisation (an org word such as
   *University* or *Institute*) is compared with every name by ``rapidfuzz`` ratio on squashed
   keys; accepted at :data:`FUZZY_THRESHOLD` or above;
3. **legal_form / name_words**: a string that names no known organisation is typed by how it names
   itself (:mod:`~extract.affiliations.orgs.unlisted`): a legal form (``Etcembly Ltd.``, ``Aleph
   Alpha GmbH``) or company noun (``Zalando Research``) is ``industry``, type words (``... university``,
   ``national laboratory``) give their type, a bare brand alone is a start-up; no id, no country. A
   bare brand printed before a known organisation (``Zentrifex & CNRS``) is kept as well;
4. **email_domain**: the address's domain (or a parent domain) is an organisation's domain, a Hipo
   university domain, or academic by JetBrains swot's rule; an affiliation printed as a web address
   (``deepmind.com``) is resolved so too, before tier 3.

Nothing else: a string matching none of these stays unresolved (``unknown``), never guessed. A
registry company found *inside* the name of a unit ("Center for Magnetic Resonance Research" holds
the company "Resonance Research") is the unit's subject, not an affiliation, and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from extract.affiliations.emails import GENERIC_MAIL
from extract.affiliations.header.cells import org_words
from extract.affiliations.names import expand_abbreviations, squash, word_tokens
from extract.affiliations.orgs.table import Org, OrgIndex
from extract.affiliations.orgs.unlisted import KEY_LAB, UNIT_HEAD, beside_known, unlisted_org, web_address
from paperscope.records import Affiliation

MatchKind = Literal["exact", "alias", "fuzzy", "legal_form", "name_words", "email_domain"]
FUZZY_THRESHOLD = 92.0  # rapidfuzz ratio on squashed keys; below this, typos and neighbours collide
MAX_SPAN = 12  # tokens in the longest name we look for
_SEGMENT = re.compile(r"[,;()\[\]/|]|\s+-\s+")  # exact runs may span "and" ("... Science and Technology")
_AND = re.compile(r"\s+(?:and|&)\s+")  # fuzzy parts are split here too
# a unit named by its subject: "Computational Sciences and Engineering Division" (no company's)
_UNIT_TAIL = re.compile(r"\b(?:Division|Department|Directorate|Section|Faculty|School|Programme|Program)\W*$")
_MINISTRY = re.compile(r"(?i)ministry\b|minist[eè]re\b")
_LAB_WORDS = frozenset(
    {"research", "ai", "labs", "lab", "laboratory", "laboratories", "institute", "technologies"}
)
# "Univeristé", "Universtiy": a misspelt university word still marks a part worth a fuzzy look
_MISSPELT_UNIVERSITY = re.compile(r"(?i)\buniv[a-zé]{4,}")
_SECOND_LEVEL = frozenset({"ac", "edu", "co", "com", "org", "gov", "net", "or", "ne", "go", "res"})


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """An organisation found in a string: how (kind), how well (score 0..100), from which text."""

    org: Org
    kind: MatchKind
    score: float
    matched: str


def affiliation_value(
    position: int, name: str, raw: str, match: OrgMatch | None, email: str | None = None
) -> Affiliation:
    """One author's :class:`Affiliation` from the organisation matched in ``raw`` (unknown: none)."""
    org = match.org if match else None
    return Affiliation(
        author_position=position,
        author_name=name,
        raw=raw,
        org_id=(org.id or None) if org else None,
        org_name=org.name if org else None,
        org_type=org.org_type if org else "unknown",
        parent_id=org.root_id if org else None,
        country=org.country if org else None,
        match_kind=match.kind if match else "none",
        match_score=match.score if match else 0.0,
        email=email,
    )


def find_orgs(raw: str, index: OrgIndex, *, fuzzy: bool = True) -> list[OrgMatch]:
    """Every organisation named in ``raw``, in printed order; fuzzy parts only when nothing matched exactly.

    Two neighbouring comma parts are also tried as one name (``University of California, Riverside``).
    """
    segments = [s for s in _SEGMENT.split(raw) if s and s.strip()]
    found: list[tuple[int, OrgMatch]] = []
    skip = False
    for k, segment in enumerate(segments):
        if skip:
            skip = False
            continue
        if k + 1 < len(segments) and (hit := index.names.get(squash(segment + segments[k + 1]))) is not None:
            text = f"{segment.strip()}, {segments[k + 1].strip()}"
            found.append((100 * k, OrgMatch(index.orgs[hit.at], hit.kind, 100.0, text)))
            skip = True
            continue
        spans = _token_spans(segment, index, leading=k == 0)
        if UNIT_HEAD.match(segment) or _UNIT_TAIL.search(segment):
            spans = [h for h in spans if not _inside_unit_name(segment, h)]
        found.extend((100 * k + i, h) for i, h in enumerate(spans))
    if KEY_LAB.search(raw):  # "Key Laboratory of X, Ministry of Education": the sponsor, not the host
        found = [(k, m) for k, m in found if not _MINISTRY.match(m.org.name)]
    if not found and fuzzy:
        parts = [p for segment in segments for p in _AND.split(segment) if p.strip()]
        for k, part in enumerate(parts):
            if (hit_f := _fuzzy(part, index)) is not None:
                found.append((100 * k, hit_f))
    if not found and (address := web_address(raw)) and (by_domain := resolve_domain(address, index)):
        found = [(0, by_domain)]  # an organisation printed as its web address ("deepmind.com")
    if not found:
        unlisted = unlisted_org(raw)
        found = [(0, OrgMatch(*unlisted))] if unlisted is not None else []
    else:
        found.extend(_companies_beside(segments, found))
    best: dict[Org, tuple[int, OrgMatch]] = {}
    for position, match in found:
        key = match.org  # equal organisations are one (the index makes a fresh Org per lookup)
        if key not in best:
            best[key] = (position, match)
        elif _rank(match) > _rank(best[key][1]):
            best[key] = (best[key][0], match)
    return [m for _, m in sorted(best.values(), key=lambda pm: pm[0])]


def _companies_beside(segments: list[str], found: list[tuple[int, OrgMatch]]) -> list[tuple[int, OrgMatch]]:
    """Unlisted companies printed beside the known organisations ``found``, with their positions."""
    known = [squash(m.matched) for _, m in found]
    out = []
    for k, j, hit in beside_known(segments):
        if not any(key in squash(hit.text) or squash(hit.text) in key for key in known):
            out.append((100 * k - 1 if j == 0 else 100 * k + 50 + j, OrgMatch(*hit)))
    return out


def _inside_unit_name(segment: str, match: OrgMatch) -> bool:
    """A registry company named as a unit's subject: inside a "Department of ..." or before "... Division"."""
    org = match.org
    registry = org.source.startswith("ror-")
    if not (registry and org.org_type == "industry"):
        return False
    if _UNIT_TAIL.search(segment):  # "Computational Sciences and Engineering Division": a unit, named
        return squash(segment) != squash(match.matched)
    return not squash(segment).startswith(squash(match.matched))


def _rank(match: OrgMatch) -> tuple[int, float]:
    return (0 if match.kind == "fuzzy" else 1, match.score)


def resolve_text(raw: str, index: OrgIndex) -> OrgMatch | None:
    """The first organisation printed in ``raw``, or None."""
    matches = find_orgs(raw, index)
    return matches[0] if matches else None


def is_org(text: str, index: OrgIndex) -> bool:
    """True when ``text`` names a known organisation by exact, alias or acronym match, or is a web address."""
    return bool(_token_spans(text, index)) or web_address(text) is not None


def _token_spans(segment: str, index: OrgIndex, *, leading: bool = True) -> list[OrgMatch]:
    """Longest non-overlapping token runs naming organisations.

    A one-word name from ROR (not curated) counts only when it is the whole leading part: single
    words such as ``Allen`` or ``Riverside`` are also surnames and places.
    """
    pairs = word_tokens(segment)
    toks = [t for t, _ in pairs]
    lower = [t.lower() for t in toks]
    cands: list[tuple[int, int, OrgMatch]] = []
    for i in range(len(toks)):
        if len(toks[i]) >= 2 and (at := index.acronyms.get(toks[i])) is not None:
            cands.append((i, i + 1, OrgMatch(index.orgs[at], "alias", 100.0, toks[i])))
        for j in range(min(len(toks), i + MAX_SPAN), i, -1):
            hit = index.names.get("".join(lower[i:j]))
            if hit is None:
                continue
            printed_words = 1 + sum(1 for _, new in pairs[i + 1 : j] if new)
            if printed_words > hit.words:
                continue  # "Philip S." is not "Philips": more printed words than the name has
            if j == i + 1 and not (
                hit.curated
                or (leading and len(toks) == 1)
                or _company_lab(index.orgs[hit.at], lower[j : j + 2])
            ):
                continue
            if j == i + 1 and toks[i].islower() and len(toks[i]) < 5:
                continue
            cands.append((i, j, OrgMatch(index.orgs[hit.at], hit.kind, 100.0, " ".join(toks[i:j]))))
            break
    chosen: list[tuple[int, int, OrgMatch]] = []
    for i, j, match in sorted(cands, key=lambda c: (-(c[1] - c[0]), -len(c[2].matched), c[0])):
        if all(j <= a or i >= b for a, b, _ in chosen):
            chosen.append((i, j, match))
    return [m for _, _, m in sorted(chosen, key=lambda c: c[0])]


def _company_lab(org: Org, following: list[str]) -> bool:
    """True when a one-word company name is followed by lab words: it names the company's lab.

    "Rakuten Institute of Technology", "Spotify Research": a registry company whose lab has no row.
    """
    return org.org_type == "industry" and bool(following) and following[0] in _LAB_WORDS


def _fuzzy(segment: str, index: OrgIndex) -> OrgMatch | None:
    if not (org_words().search(segment) or _MISSPELT_UNIVERSITY.search(segment)):
        return None
    query = squash(expand_abbreviations(segment))
    if len(query) < 8:
        return None
    keys, orgs = index.fuzzy_near(len(query), FUZZY_THRESHOLD)
    best = process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if best is None:
        return None
    _, score, position = best
    return OrgMatch(index.orgs[orgs[position]], "fuzzy", round(float(score), 1), segment.strip())


def _parents(domain: str) -> list[str]:
    """``cs.stanford.edu`` -> ``[cs.stanford.edu, stanford.edu]`` (stops above the registrable name)."""
    labels = domain.lower().strip(".").split(".")
    floor = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return [".".join(labels[i:]) for i in range(len(labels) - floor + 1)]


def resolve_domain(domain: str, index: OrgIndex) -> OrgMatch | None:
    """Organisation of an e-mail domain: table domains, then Hipo universities, then swot's rule."""
    domain = domain.lower()
    if domain in GENERIC_MAIL or not domain:
        return None
    for i, candidate in enumerate(_parents(domain)):
        score = 100.0 if i == 0 else 95.0
        if (at := index.domains.get(candidate)) is not None:
            return OrgMatch(index.orgs[at], "email_domain", score, domain)
        if (uni := index.university_domains.get(candidate)) is not None:
            hit = index.names.get(squash(uni[0]))
            org = (
                index.orgs[hit.at] if hit else Org("", uni[0], "academic", uni[1] or None, None, None, "hipo")
            )
            return OrgMatch(org, "email_domain", score, domain)
    if _swot_academic(domain, index):
        return OrgMatch(Org("", domain, "academic", None, None, None, "swot"), "email_domain", 90.0, domain)
    return None


def _swot_academic(domain: str, index: OrgIndex) -> bool:
    parents = [".".join(domain.split(".")[i:]) for i in range(domain.count(".") + 1)]
    if any(p in index.academic_stop for p in parents):
        return False
    return any(p in index.academic_domains or p in index.academic_suffixes for p in parents)
