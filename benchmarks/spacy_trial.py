"""spaCy, tried fairly: token Matcher count-chip relations against the regex counts, on dev and test.

The hardware extractor reads a chip's count from the words just before it
(:func:`extract.hardware_counts.left_count`, anchored regular expressions). This trial swaps that one
function for a spaCy version - the text tokenised by ``spacy.blank("en")`` (no model download) and a
token ``Matcher`` over number-like tokens (``LIKE_NUM``, number words), the vendor and memory words
between a count and its chip, and the "N x M" form - and scores both variants on the gold set's dev
and frozen test split with ``benchmarks/extract_accuracy.py``'s scorer, plus their speed.

spaCy is not a dependency (see the README); install it to run this: ``uv pip install spacy``.

Usage: .venv/bin/python benchmarks/spacy_trial.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import extract_accuracy as acc  # noqa: E402

from extract import hardware_counts  # noqa: E402
from extract.resources import Resources  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

WORDS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "dual": 2, "pair": 2}
SKIPPABLE = {"nvidia", "tesla", "geforce", "quadro", "google", "cloud", "amd", "intel", "x", "×", "*", "of",
             "volta", "ampere", "pascal", "turing", "hopper", "high", "-", "end", "commodity", "consumer", "modern"}  # fmt: skip


def spacy_left_count() -> Callable[[str], int | None]:
    """A ``left_count`` built on spaCy's tokenizer and a token Matcher."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    filler = {"LOWER": {"IN": sorted(SKIPPABLE)}, "OP": "*"}
    glued_memory = {"TEXT": {"REGEX": r"^\(?\d{1,3}(?:GB|G|GiB)\)?$"}}
    unit = {"LOWER": {"IN": ["gb", "gib", "g"]}}
    count = {"LIKE_NUM": True}
    times = {"TEXT": {"REGEX": r"^\d{1,5}[x×](?:\d{1,4})?$"}}  # "8x", "4x8" as one token
    for memory in ([], [glued_memory], [{"LIKE_NUM": True}, unit]):
        matcher.add("N_CHIP", [[count, filler, *memory, filler]])
        matcher.add(
            "WORD", [[{"LOWER": {"IN": sorted(WORDS)}}, {"LOWER": "single", "OP": "?"}, filler, *memory]]
        )
        matcher.add("TIMES", [[times, filler, *memory, filler]])
    matcher.add("N_X_M", [[count, {"LOWER": {"IN": ["x", "×"]}}, count, filler]])

    def left_count(before: str) -> int | None:
        doc = nlp(before[-80:])
        n = len(doc)
        best: tuple[int, int] | None = None
        for rule, start, end in matcher(doc):
            if end != n:  # the count phrase must end where the chip name starts
                continue
            if best is None or start < best[0]:
                best = (start, rule)
        if best is None:
            return None
        start, rule = best
        if start > 0 and doc[start - 1].like_num:  # a run of numbers: a table row or an axis
            return None
        first = doc[start].lower_.replace(",", "")
        if nlp.vocab.strings[rule] == "TIMES":
            left, _, right = first.replace("×", "x").partition("x")
            return int(left) * (int(right) if right else 1)
        value = int(first) if first.isdigit() else WORDS.get(first) or _word_number(first)
        if value is None or 1900 <= value <= 2100:
            return None
        if nlp.vocab.strings[rule] == "N_X_M" and doc[start + 2].text.isdigit():
            value *= int(doc[start + 2].text)
        return value

    return left_count


def _word_number(word: str) -> int | None:
    numbers = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
    ]
    return (
        numbers.index(word) if word in numbers else {"sixteen": 16, "twenty": 20, "thirty-two": 32}.get(word)
    )


def score(label: str) -> tuple[dict[str, acc.Split], float]:
    pdfs = acc.manifest()
    which = acc.load_split()
    names = {cid: rows[0].name for cid, rows in Resources.load(DATA_DIR).chips.items()}
    splits = {"dev": acc.Split(), "test": acc.Split()}
    seconds = 0.0
    for path in sorted(p for p in acc.GOLD_DIR.glob("*.json") if p.name != "split.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        sha = gold["pdf_sha256"]
        if sha not in pdfs:
            continue
        started = time.perf_counter()
        labels = acc.predict(pdfs[sha], sha)
        seconds += time.perf_counter() - started
        acc.score_paper(splits[which.get(sha, "dev")], gold, labels, names)
    print(f"{label}: {seconds:.1f} s for all extractors on {len(which)} gold PDFs")
    return splits, seconds


def main() -> int:
    if not (acc.SHARED / "corpus").is_dir():
        print(f"skipped: {acc.SHARED} is absent")
        return 0
    try:
        import spacy  # noqa: F401
    except ImportError:
        print("skipped: spaCy is not installed (uv pip install spacy)")
        return 0
    regex, regex_s = score("regex counts")
    original = hardware_counts.left_count
    hardware_counts.left_count = spacy_left_count()
    try:
        spacy_scores, spacy_s = score("spaCy Matcher counts")
    finally:
        hardware_counts.left_count = original
    rows = [
        ("hardware count exact", lambda s: s.count_exact),
        ("largest set-up (chip, count) exact", lambda s: s.setup_exact),
        ("hardware mention F1 (chip, count)", lambda s: s.mentions.f1),
    ]
    print(f"{'figure':38} {'regex dev':>10} {'spaCy dev':>10} {'regex test':>11} {'spaCy test':>11}")
    for name, value in rows:
        print(
            f"{name:38} {value(regex['dev']):10.3f} {value(spacy_scores['dev']):10.3f} "
            f"{value(regex['test']):11.3f} {value(spacy_scores['test']):11.3f}"
        )
    print(f"{'seconds, all extractors, 103 PDFs':38} {regex_s:10.1f} {spacy_s:10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
