"""The gold-agreement benchmark scores a second annotator as the extractors are scored."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from benchmarks.gold_agreement import ROWS, Agreement, compare, kappa


def label(**changes: Any) -> dict[str, Any]:
    """A complete gold label, with top-level keys replaced by ``changes``."""
    base: dict[str, Any] = {
        "pdf_sha256": "ab" * 32,
        "title": "A paper",
        "hardware": {
            "status": "reported",
            "mentions": [
                {"chip": "V100", "count": 8, "scope": "main"},
                {"chip": "P100", "count": 4, "scope": "other"},
            ],
            "setup": {"chip": "V100", "count": 8},
        },
        "bert": {"core_mentioned": True, "models": ["BERT"], "role": "uses"},
        "code": {"released": True, "links": [{"url": "https://github.com/a/b", "role": "own"}]},
        "authors": [
            {"name": "Ada Lovelace", "org_type": "academic"},
            {"name": "Alan Turing", "org_type": "industry"},
        ],
        "topic": "nlp_speech",
        "training": {"duration_hours": 72, "params": 340_000_000},
    }
    out = copy.deepcopy(base)
    out.update(changes)
    return out


def row(ag: Agreement, name: str) -> float:
    return next(value(ag) for title, value, _ in ROWS if title == name)


def test_identical_labels_agree_on_every_field() -> None:
    ag = Agreement()
    compare(ag, label(), label())
    assert row(ag, "largest set-up (chip, count) exact") == 1.0
    assert row(ag, "organisation type exact") == 1.0
    assert row(ag, "frac_industry MAE") == 0.0
    assert row(ag, "training duration exact (hours)") == 1.0
    assert ag.disagreements == []


def test_disagreements_are_scored_and_listed() -> None:
    ag = Agreement()
    second = label(
        hardware={"status": "reported", "mentions": [{"chip": "V100", "count": 16, "scope": "main"}],
                  "setup": {"chip": "V100", "count": 16}},
        authors=[{"name": "A. Lovelace", "org_type": "academic"}, {"name": "Alan Turing", "org_type": "academic"}],
        topic="other",
        training={"duration_hours": 48, "params": 340_000_000},
    )  # fmt: skip
    compare(ag, label(), second)
    assert row(ag, "largest set-up (chip, count) exact") == 0.0
    assert row(ag, "hardware chip F1 (paper, chip)") == pytest.approx(2 / 3)  # P100 only in the first
    assert row(ag, "main-scope chip F1 (paper, chip)") == 1.0
    assert row(ag, "organisation type exact") == 0.5
    assert row(ag, "frac_industry MAE") == 0.5
    assert row(ag, "topic same") == 0.0
    assert row(ag, "training duration exact (hours)") == 0.0
    assert row(ag, "parameters exact") == 1.0
    assert any("set-up" in d for d in ag.disagreements)


def test_kappa_matches_a_worked_example() -> None:
    # 50 items: both "yes" 20, both "no" 15, first yes / second no 5, first no / second yes 10.
    pairs = [("a", "a")] * 20 + [("b", "b")] * 15 + [("a", "b")] * 5 + [("b", "a")] * 10
    # p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4
    assert kappa(pairs, ("a", "b")) == pytest.approx(0.4)
    assert kappa([("a", "a")] * 3, ("a", "b")) == 1.0
