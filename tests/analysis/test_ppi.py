"""Prediction-powered inference: closed forms on small cases, and coverage on synthetic conferences."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import ppi
from analysis.ppi_simulation import coverage


def test_with_a_perfect_machine_the_estimate_is_the_conference_value_and_exact() -> None:
    rng = np.random.default_rng(0)
    truth = (rng.random(500) < 0.3).astype(float)
    sample = rng.choice(500, 50, replace=False)
    out = ppi.mean(truth[sample], truth[sample], truth, bounded=False)
    pp = out["prediction-powered"]
    assert pp.value == pytest.approx(truth.mean())
    assert pp.width == pytest.approx(0.0)  # nothing left to correct
    assert out["machine only"].value == pytest.approx(truth.mean())


def test_a_useless_machine_falls_back_to_the_sample() -> None:
    rng = np.random.default_rng(1)
    y = (rng.random(80) < 0.5).astype(float)
    noise_labelled, noise_all = rng.random(80), rng.random(1000)  # uncorrelated with the truth
    out = ppi.mean(y, noise_labelled, noise_all)
    # the tuned weight of the machine goes to (about) zero: the sample's own mean and interval
    assert abs(out["prediction-powered"].value - y.mean()) < 0.03
    assert out["prediction-powered"].width == pytest.approx(out["sample only"].width, rel=0.25)


def test_the_logistic_estimate_with_a_perfect_machine_is_the_full_data_fit() -> None:
    rng = np.random.default_rng(2)
    x = np.column_stack([np.ones(800), rng.random(800)])
    y = (rng.random(800) < 1 / (1 + np.exp(-(0.5 - 1.5 * x[:, 1])))).astype(float)
    sample = rng.choice(800, 100, replace=False)
    out = ppi.logistic(x[sample], y[sample], x[sample], y[sample], x, y, coef=1)
    full = ppi.logistic(x, y, x, y, x, y, coef=1)["sample only"].value
    assert out["prediction-powered"].value == pytest.approx(full, abs=1e-6)
    assert out["machine only"].value == pytest.approx(full, abs=1e-6)


@pytest.mark.slow
def test_intervals_cover_the_truth_on_synthetic_conferences() -> None:
    # N = 2,000 papers, n = 100 verified at random, machine errors at a 5% base rate and more often on
    # industry-heavy papers (its code-release labels are then right 91% of the time); 1,000 conferences
    table = coverage(reps=1000, big_n=2000, n=100, error_rate=0.05, seed=7).set_index(["quantity", "method"])
    quantities = table.index.get_level_values("quantity").unique()
    assert len(quantities) == 4
    for quantity in quantities:
        pp, sample, machine = (
            table.loc[(quantity, m)] for m in ("prediction-powered", "sample only", "machine only")
        )
        assert 0.92 <= pp["coverage"] <= 0.98, (quantity, pp["coverage"])
        assert pp["mean_width"] < sample["mean_width"], quantity  # narrower than the sample alone
        assert abs(machine["bias"]) > 3 * abs(pp["bias"]), quantity  # the machine alone is biased
