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


def _reference_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    i = np.arange(300)
    x1 = ((i * 37) % 101) / 100.0
    y = (((i * 13) % 17) / 17.0 < 0.35 + 0.3 * x1).astype(float)
    yhat = np.where((i % 11) == 0, 1 - y, y)  # 9% wrong
    return x1, y, yhat, i < 60


def test_plain_ppi_agrees_with_ppi_python() -> None:
    # ppi-python 0.2.3 on the same arrays (lam=1, alpha=0.05), run once outside the project: it is not
    # a dependency (496 MB with numba, scikit-learn and gdown; 5-6 s to import). Its variances divide
    # by n where ours divide by n - 1, hence the small tolerance on the interval ends.
    x1, y, yhat, lab = _reference_data()
    mean = ppi.mean(y[lab], yhat[lab], yhat[~lab], tuned=False, conference=False, bounded=False)
    pp = mean["prediction-powered"]
    assert pp.value == pytest.approx(0.5291666666666667, abs=1e-9)
    assert (pp.low, pp.high) == pytest.approx((0.42723367548753766, 0.6310996578457957), abs=2e-3)
    x = np.column_stack([np.ones_like(x1), x1])
    logit = ppi.logistic(
        x[lab], y[lab], x[lab], yhat[lab], x[~lab], yhat[~lab], coef=1, conference=False, bounded=False
    )
    pl = logit["prediction-powered"]
    assert pl.value == pytest.approx(1.1032201752454223, abs=1e-6)
    assert (pl.low, pl.high) == pytest.approx((-0.7990539836458666, 3.005494334136711), abs=1e-2)


def test_a_logistic_sample_without_machine_errors_still_gets_an_interval() -> None:
    rng = np.random.default_rng(4)
    x = np.column_stack([np.ones(600), rng.random(600)])
    y = (rng.random(600) < 1 / (1 + np.exp(-(0.5 - 1.5 * x[:, 1])))).astype(float)
    sample = rng.choice(600, 60, replace=False)
    pp = ppi.logistic(x[sample], y[sample], x[sample], y[sample], x, y, coef=1)["prediction-powered"]
    assert pp.high - pp.low > 0.05  # no error seen in 60 papers is not proof of none: not width zero
    exact = ppi.logistic(x[sample], y[sample], x[sample], y[sample], x, y, coef=1, bounded=False)
    assert exact["prediction-powered"].high - exact["prediction-powered"].low == pytest.approx(0.0, abs=1e-9)


def test_stratified_intervals_cover_the_truth_and_beat_the_sample_alone() -> None:
    # three strata of a 2,000-paper conference with different shares and machine error rates
    rng = np.random.default_rng(11)
    reps, hits, narrower = 200, {"sample only": 0, "prediction-powered": 0}, 0
    for _ in range(reps):
        strata, truth = [], 0.0
        for size, n, share, error in ((1000, 50, 0.2, 0.02), (600, 30, 0.5, 0.08), (400, 20, 0.8, 0.15)):
            y = (rng.random(size) < share).astype(float)
            f = np.where(rng.random(size) < error, 1 - y, y)
            drawn = rng.choice(size, n, replace=False)
            strata.append((y[drawn], f[drawn], f))
            truth += y.sum() / 2000
        est = ppi.stratified_mean(strata)
        for method in hits:
            hits[method] += est[method].low <= truth <= est[method].high
        narrower += (est["prediction-powered"].width or 0) < (est["sample only"].width or 0)
    # valid, and conservative: each stratum's rectifier gets mean()'s two pseudo-errors, which a
    # small stratum in which the machine made no error needs (0.97-0.995 here)
    assert 0.92 <= hits["prediction-powered"] / reps <= 0.995
    assert narrower / reps > 0.9


def test_a_stratum_drawn_whole_is_known_exactly() -> None:
    y = np.array([1.0, 0.0, 1.0])
    est = ppi.stratified_mean(
        [(y, y, y), (np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.array([1.0, 0.0, 1.0, 1.0]))]
    )
    assert est["prediction-powered"].n == 5
    assert est["prediction-powered"].big_n == 7


def test_fig2_geometric_means_cover_the_truth_and_beat_the_sample_alone() -> None:
    """Simulated conferences (N = 2,000, n = 100, 10% machine error, twice as often on industry papers)."""
    from analysis.ppi_simulation import peak_coverage

    table = peak_coverage(reps=200, error_rate=0.1, seed=7).set_index(["quantity", "method"])
    for quantity in ("academic", "industry", "ratio"):
        pp = table.loc[(quantity, "prediction-powered")]
        assert 0.92 <= pp["coverage"] <= 0.98, (quantity, pp["coverage"])
        assert abs(pp["bias_decades"]) < 0.02
    machine = table.loc[("ratio", "machine only")]
    assert machine["bias_decades"] < -0.05  # the machine alone misses: its errors shrink the ratio
    ratio_pp, ratio_sample = table.loc[("ratio", "prediction-powered")], table.loc[("ratio", "sample only")]
    assert ratio_pp["mean_width_decades"] < ratio_sample["mean_width_decades"]


def test_a_rare_shares_interval_stays_within_zero_and_one() -> None:
    """A share of 1% with one machine error in the sample: its interval must not cross 0."""
    from analysis import ppi

    rng = np.random.default_rng(3)
    f_all = (rng.random(2000) < 0.01).astype(float)
    y = np.zeros(100)
    y[0] = 1.0  # one paper the machine missed
    f = np.zeros(100)
    for method, e in ppi.mean(y, f, f_all).items():
        if e.low is not None and e.high is not None:
            assert 0.0 <= e.low <= e.value <= e.high <= 1.0, method
            assert e.se is not None
            assert e.se > 0  # the standard error behind it is kept unclipped (strata are weighed by it)
