"""Property-based fuzzing: every extractor and the page-1 header parser on 10,000 generated inputs.

Properties: no exception, every label survives the store's JSON round trip, every PDF evidence
span indexes the document text and quotes it exactly, and no single call takes longer than
``CALL_CAP`` seconds (a super-linear regex shows up here long before it hangs a real run).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from extract.document import ParsedDoc
from paperscope.records import Label
from paperscope.settings import DATA_DIR
from tests.reliability.conftest import Tally
from tests.reliability.fuzzdocs import header_words, parsed_docs

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

EXAMPLES = 10_000
CALL_CAP = 5.0  # seconds for one extractor call on one generated document
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def extractors() -> dict[str, Callable[[ParsedDoc], list[Label]]]:
    """Every registered extractor with its resources loaded once."""
    from extract.registry import EXTRACTORS

    out: dict[str, Callable[[ParsedDoc], list[Label]]] = {}
    for ex in EXTRACTORS:
        res = ex.load(DATA_DIR)
        out[ex.name] = lambda doc, run=ex.run, res=res: run(doc, res)
    return out


def check_labels(name: str, doc: ParsedDoc, labels: list[Label]) -> None:
    """The invariants every label must keep, whatever the input."""
    for label in labels:
        assert label.paper_key == doc.paper_key, name
        assert Label.model_validate_json(label.model_dump_json()) == label, f"{name}: JSON round trip"
        ev = label.evidence
        if ev.source != "pdf":
            continue
        assert ev.start is not None
        assert ev.end is not None
        assert 0 <= ev.start < ev.end <= len(doc.text), f"{name}: span {ev.start}-{ev.end} of {len(doc.text)}"
        assert ev.matched == doc.text[ev.start : ev.end], f"{name}: matched {ev.matched!r} is not the text"
        assert ev.text_sha256 == doc.text_sha256, name
        assert ev.page == doc.page_of(ev.start), name


def letters(texts: Iterable[str]) -> Counter[str]:
    """The letters and digits of ``texts`` (the parser joins words with spaces and commas)."""
    return Counter(c for text in texts for c in text if c.isalnum())


def test_every_extractor_survives_10000_adversarial_documents(tally: Tally):
    runners = extractors()
    slowest: dict[str, tuple[float, int]] = {}

    @FUZZ
    @given(parsed_docs())
    def run(doc: ParsedDoc) -> None:
        for name, extract in runners.items():
            t = time.perf_counter()
            labels = extract(doc)
            took = time.perf_counter() - t
            tally.inputs_fuzzed[name] += 1
            if took > slowest.get(name, (0.0, 0))[0]:
                slowest[name] = (took, len(doc.text))
            check_labels(name, doc, labels)
            assert took < CALL_CAP, f"{name} took {took:.1f} s on {len(doc.text)} characters"

    run()
    for name, (took, n_chars) in slowest.items():
        tally.observed[f"fuzz: slowest {name} call, ms (on {n_chars} chars)"] = round(took * 1000)
    assert set(slowest) >= {"hardware", "bert", "code_links", "topic", "affiliations"}  # all registered
    assert min(tally.inputs_fuzzed[name] for name in runners) >= EXAMPLES


def test_header_parser_survives_10000_generated_word_lists(tally: Tally):
    from extract.affiliations.header.parse import parse_header
    from extract.affiliations.orgs.resolve import is_org
    from extract.registry import EXTRACTORS

    index = next(ex for ex in EXTRACTORS if ex.name == "affiliations").load(DATA_DIR).orgs  # cached

    def known_org(text: str) -> bool:
        return is_org(text, index)

    @FUZZ
    @given(header_words())
    def run(words: Any) -> None:
        t = time.perf_counter()
        header = parse_header(words, known_org)
        took = time.perf_counter() - t
        tally.inputs_fuzzed["header parser"] += 1
        printed = letters(w.text for w in words)
        for author in header.authors:
            assert author.name.strip(), "an author without a name"
            # words may be split at markers or joined over accents, never conjured
            assert not letters(w.text for w in author.words) - printed, "an author not on the page"
            for aff in author.affiliations:
                assert not letters([aff.text]) - printed, "an affiliation not on the page"
        assert took < CALL_CAP, f"parse_header took {took:.1f} s on {len(words)} words"

    run()
    assert tally.inputs_fuzzed["header parser"] >= EXAMPLES
