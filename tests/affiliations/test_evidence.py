"""Locating header strings in the page text: accent folding keeps a map back to the original offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract.affiliations.evidence import _folded_with_map
from extract.affiliations.names import ascii_fold


def _one_by_one(text: str) -> tuple[str, tuple[int, ...]]:
    """The definition: every character folded (and lower-cased) on its own, mapped to its index."""
    pairs = [(f, k) for k, ch in enumerate(text) for f in ascii_fold(ch).lower()]
    return "".join(f for f, _ in pairs), tuple(k for _, k in pairs)


@given(st.text(alphabet=st.sampled_from("aZ 9-\néÜßæŁİ∗†‡ﬁ中"), max_size=40))
def test_folding_runs_equals_folding_each_character(text: str) -> None:
    assert _folded_with_map(text) == _one_by_one(text)


def test_folded_offsets_point_back_at_the_original_characters() -> None:
    text = "Université de Montréal∗, Zürich"
    folded, where = _folded_with_map(text)
    at = folded.index("montreal")
    assert text[where[at] : where[at + len("montreal") - 1] + 1] == "Montréal"
    assert folded.endswith("zurich")
