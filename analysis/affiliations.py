"""One organisation type per author position, from verified values first, then the PDF, then metadata.

Sources are ranked per author: (1) the values of the author's verified slots (a person accepted or
corrected them); (2) machine labels read from the PDF (evidence source ``pdf``: the ``affiliations``
extractor); (3) machine labels from metadata (imported paper lists, landing pages). The first source
with a known org type decides. Within a machine source, two different known types (no verdict) make
the author ``unknown`` and count as a conflict; within verified values a person confirmed each one,
so the author is industry if any is. A rejected slot drops out; the author's other sources remain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from paperscope.records import Affiliation, Label
from paperscope.verified import Effective, Slot, is_placeholder, slot_of

VERIFIED, PDF, METADATA = 0, 1, 2
ORDER = (VERIFIED, PDF, METADATA)  # the report's rule; other orders are sensitivity rows


@dataclass(frozen=True, slots=True)
class AuthorOrg:
    """The org type an author counts as, and how it was decided."""

    org_type: str  # industry | academic | government | nonprofit | unknown
    verified: bool
    conflict: bool = False
    countries: frozenset[str] = frozenset()  # ISO codes of the organisations the deciding source names


def resolve_authors(
    slots: Iterable[Effective], labels: Iterable[Label], order: tuple[int, ...] = ORDER
) -> dict[int, AuthorOrg]:
    """Author position -> org type, from a paper's effective slots and its current affiliation labels.

    ``order``: the sources in the order they decide (a source left out is not read).
    """
    types: dict[int, dict[int, set[str]]] = {}
    countries: dict[int, dict[int, set[str]]] = {}
    verified_slots: set[Slot] = set()
    for eff in slots:
        if eff.slot.kind == "affiliation" and eff.slot.author is not None and eff.verified:
            verified_slots.add(eff.slot)
            found = types.setdefault(eff.slot.author, {}).setdefault(VERIFIED, set())
            if isinstance(eff.value, Affiliation):
                found.add(eff.value.org_type)
                if eff.value.country:
                    countries.setdefault(eff.slot.author, {}).setdefault(VERIFIED, set()).add(
                        eff.value.country
                    )
    for label in labels:
        slot = slot_of(label)
        if not isinstance(label.value, Affiliation) or slot is None or slot in verified_slots:
            continue
        if is_placeholder(label):  # no machine value, only somewhere for a hand-entered one
            continue
        source = PDF if label.evidence.source == "pdf" else METADATA
        types.setdefault(label.value.author_position, {}).setdefault(source, set()).add(label.value.org_type)
        if label.value.country:
            position = label.value.author_position
            countries.setdefault(position, {}).setdefault(source, set()).add(label.value.country)
    out = {}
    for author, by_source in sorted(types.items()):
        decided = _decide(by_source, order)
        named = countries.get(author, {})
        first = next((named[s] for s in order if named.get(s)), set())
        out[author] = AuthorOrg(decided.org_type, decided.verified, decided.conflict, frozenset(first))
    return out


def _decide(by_source: dict[int, set[str]], order: tuple[int, ...] = ORDER) -> AuthorOrg:
    for source in order:
        known = sorted(by_source.get(source, set()) - {"unknown"})
        if not known:
            continue
        if source == VERIFIED:
            return AuthorOrg("industry" if "industry" in known else known[0], verified=True)
        if len(known) > 1:
            return AuthorOrg("unknown", verified=False, conflict=True)
        return AuthorOrg(known[0], verified=False)
    return AuthorOrg("unknown", verified=VERIFIED in by_source and len(by_source) == 1)
