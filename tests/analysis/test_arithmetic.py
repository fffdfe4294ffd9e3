"""The paper's own arithmetic, reproduced: exp(-1.52) = 0.219 and 81.40% -> 32.45 points."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import code_release
from analysis.code_release import probability_change
from analysis.params import CodeReleaseParams

PARAMS = CodeReleaseParams(venue="neurips", years=(2021,), base_year=2021)


def two_by_two(p_academic: tuple[int, int], p_industry: tuple[int, int]) -> pd.DataFrame:
    """(released, total) for all-academic and all-industry papers, repeated at 2 and 4 authors.

    The outcome does not depend on the number of authors, so the logit fits the cells exactly: the
    industry coefficient is logit(p_industry) - logit(p_academic), the authors' one is 0.
    """
    rows = []
    for frac, (released, total) in ((0.0, p_academic), (1.0, p_industry)):
        for n_authors in (2, 4):
            rows += [(frac, n_authors, int(i < released)) for i in range(total)]
    frame = pd.DataFrame(rows, columns=["frac_industry", "n_authors", "released"])
    return frame.assign(
        paper_key=[f"p{i}" for i in range(len(frame))],
        year=2021,
        any_industry=(frame["frac_industry"] > 0).astype(int),
        majority_industry=(frame["frac_industry"] > 0.5).astype(int),
        verified=True,
    )


def test_fit_turns_the_coefficient_into_the_papers_odds_ratio_and_probability_drop() -> None:
    # 81.4% of all-academic and 48.9% of all-industry papers release code: b = -1.5202
    result = code_release.fit(two_by_two((814, 1000), (489, 1000)), PARAMS)
    assert result.coef is not None
    assert result.odds_ratio is not None
    assert round(result.coef, 2) == -1.52
    assert round(result.odds_ratio, 3) == 0.219  # the paper's exp(-1.52)
    assert round(1 - result.odds_ratio, 2) == 0.78  # "a reduction in the odds ... of approximately 78%"
    assert result.p_academic == pytest.approx(0.814)
    assert result.p_industry == pytest.approx(0.489, abs=1e-6)
    assert result.abs_change == pytest.approx(0.814 - 0.489, abs=1e-6)


def test_81_40_percent_becomes_32_45_points_lower_with_the_unrounded_coefficient() -> None:
    # The printed -1.52 is rounded; the printed 32.45 needs b of about -1.518 (which rounds to -1.52).
    p_industry, change = probability_change(0.8140, -1.5182)
    assert round(change * 100, 2) == 32.45
    assert round(p_industry * 100, 2) == 48.95


def test_rounded_coefficient_gives_32_49_points() -> None:
    _, change = probability_change(0.8140, -1.52)
    assert change == pytest.approx(0.32494, abs=1e-5)


def test_the_coefficient_behind_32_45_rounds_to_the_printed_one() -> None:
    lo, hi = -3.0, 0.0  # bisect b so that the change is exactly 32.45 points
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if probability_change(0.8140, mid)[1] > 0.3245 else (lo, mid)
    assert round(lo, 2) == -1.52


def test_the_paper_does_not_multiply_probability_by_the_odds_reduction() -> None:
    _, change = probability_change(0.8140, -1.52)
    naive = 0.8140 * (1 - math.exp(-1.52))  # 63.6 points: the odds must be converted, as the paper did
    assert change == pytest.approx(0.3249, abs=1e-4)
    assert abs(change - naive) > 0.3


def test_certain_outcomes_do_not_move_and_bad_probabilities_fail() -> None:
    assert probability_change(1.0, -1.52) == (1.0, 0.0)
    assert probability_change(0.0, -1.52) == (0.0, 0.0)
    with pytest.raises(ValueError, match="probability"):
        probability_change(1.2, -1.0)
