"""The paper's own arithmetic, reproduced: exp(-1.52) = 0.219 and 81.40% -> 32.45 points."""

from __future__ import annotations

import math

import pytest

from analysis.code_release import probability_change


def test_odds_ratio_of_the_paper_coefficient_is_0_219() -> None:
    assert round(math.exp(-1.52), 3) == 0.219
    assert round(1 - math.exp(-1.52), 2) == 0.78  # "a reduction in the odds ... of approximately 78%"


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
    naive = 0.8140 * (1 - math.exp(-1.52))
    assert abs(naive - 0.3245) > 0.3  # 63.6 points: the odds must be converted, as the paper did


def test_certain_outcomes_do_not_move_and_bad_probabilities_fail() -> None:
    assert probability_change(1.0, -1.52) == (1.0, 0.0)
    assert probability_change(0.0, -1.52) == (0.0, 0.0)
    with pytest.raises(ValueError, match="probability"):
        probability_change(1.2, -1.0)
