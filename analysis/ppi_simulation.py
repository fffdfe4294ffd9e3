"""Synthetic conferences with known truth, for checking the prediction-powered estimators.

Each conference has ``N`` papers with true author counts, industry fractions, years and code
release (a logistic model with the study's industry coefficient), and machine labels that err at a
set rate, more often on industry-heavy papers (a machine that misses industry authors and misreads
their code links), as paperscope's extractors do. A simple random sample of ``n`` papers is
"verified" (its true values known). :func:`coverage` repeats this and scores three estimators of
each quantity: machine labels only, the verified sample only, and prediction-powered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from analysis import ppi
from analysis.ppi import Array

TRUE_COEF = -1.52  # the study's Table 1 coefficient of the industry fraction


@dataclass(frozen=True, slots=True)
class Conference:
    """True and machine columns of one synthetic conference, and the verified sample's rows."""

    frac: Array
    frac_hat: Array
    released: Array
    released_hat: Array
    n_authors: Array
    sample: NDArray[np.int64]  # row indices of the verified random sample


def conference(rng: np.random.Generator, big_n: int, n: int, error_rate: float) -> Conference:
    """One synthetic conference; ``error_rate`` is the machine's base rate of wrong labels."""
    n_authors = 1 + rng.poisson(4, big_n)
    kind = rng.random(big_n)
    industry_authors = np.where(
        kind < 0.6, 0, np.where(kind < 0.75, n_authors, rng.integers(0, n_authors + 1))
    )
    frac = industry_authors / n_authors
    logit = 1.4 + TRUE_COEF * frac + 0.05 * (n_authors - 5)
    released = (rng.random(big_n) < 1 / (1 + np.exp(-logit))).astype(float)
    # errors correlated with the industry fraction: industry authors are missed (some or all of
    # them), and an industry paper's code link is missed, more often than the rest
    miss = rng.random(big_n) < error_rate * (1 + 2 * frac)
    frac_hat = np.where(miss, frac * np.where(rng.random(big_n) < 0.5, 0.0, rng.uniform(0, 1, big_n)), frac)
    missed_link = (released == 1) & (rng.random(big_n) < 2 * error_rate * (1 + frac))
    false_link = (released == 0) & (rng.random(big_n) < error_rate / 2)
    released_hat = np.where(missed_link, 0.0, np.where(false_link, 1.0, released))
    sample = rng.choice(big_n, n, replace=False)
    return Conference(frac, frac_hat, released, released_hat, n_authors.astype(float), sample)


def design(frac: Array, n_authors: Array) -> Array:
    """The regression's design: intercept, industry fraction, number of authors."""
    return np.asarray(np.column_stack([np.ones_like(frac), frac, n_authors]), float)


def estimates(c: Conference) -> dict[str, dict[str, ppi.Estimate]]:
    """Every quantity three ways, from the machine labels and the verified sample."""
    s = c.sample
    any_true, any_hat = (c.frac > 0).astype(float), (c.frac_hat > 0).astype(float)
    x_true, x_hat = design(c.frac, c.n_authors), design(c.frac_hat, c.n_authors)
    return {
        "share releasing code": ppi.mean(c.released[s], c.released_hat[s], c.released_hat),
        "mean industry fraction": ppi.mean(c.frac[s], c.frac_hat[s], c.frac_hat),
        "share with an industry author": ppi.mean(any_true[s], any_hat[s], any_hat),
        "logit coefficient of the industry fraction": ppi.logistic(
            x_true[s], c.released[s], x_hat[s], c.released_hat[s], x_hat, c.released_hat, coef=1
        ),
    }


def truths(c: Conference) -> dict[str, float]:
    """The quantities on all ``N`` papers' true values (the finite-population truth)."""
    x = design(c.frac, c.n_authors)
    coef = ppi.logistic(x, c.released, x, c.released, x, c.released, coef=1)["sample only"].value
    return {
        "share releasing code": float(c.released.mean()),
        "mean industry fraction": float(c.frac.mean()),
        "share with an industry author": float((c.frac > 0).mean()),
        "logit coefficient of the industry fraction": coef,
    }


def _present_mean(values: pd.Series) -> float:
    """The mean of the values present (NaN when none is: an estimate without an interval)."""
    present = values.dropna()
    return float(present.astype(float).mean()) if len(present) else float("nan")


def coverage(
    reps: int = 200, big_n: int = 2000, n: int = 100, error_rate: float = 0.05, seed: int = 2024
) -> pd.DataFrame:
    """Per quantity and method: interval coverage of the truth, mean width, bias and mean absolute error."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(reps):
        c = conference(rng, big_n, n, error_rate)
        truth = truths(c)
        for quantity, by_method in estimates(c).items():
            for method, e in by_method.items():
                covered = None if e.low is None or e.high is None else e.low <= truth[quantity] <= e.high
                rows.append(
                    {
                        "quantity": quantity,
                        "method": method,
                        "covered": covered,
                        "width": e.width,
                        "error": e.value - truth[quantity],
                        "abs_error": abs(e.value - truth[quantity]),
                    }
                )
    frame = pd.DataFrame(rows)
    out = frame.groupby(["quantity", "method"], sort=False).agg(
        reps=("abs_error", "size"),
        coverage=("covered", _present_mean),
        mean_width=("width", _present_mean),
        bias=("error", "mean"),
        mean_abs_error=("abs_error", "mean"),
    )
    return out.reset_index()


def stratified_coverage(
    reps: int, error_rate: float, seed: int, big_n: int = 2000, n: int = 100
) -> dict[str, float]:
    """Coverage and mean width of the stratified estimators of a share (three strata, proportional draws).

    The strata hold half, 30% and 20% of the papers, with true shares 0.2, 0.5 and 0.8 and machine
    error rates of ``error_rate`` times 0.5, 1 and 2 (the machine errs most where papers are hardest).
    """
    rng = np.random.default_rng(seed)
    hits = {"sample only": 0, "prediction-powered": 0}
    widths: dict[str, list[float]] = {"sample only": [], "prediction-powered": []}
    for _ in range(reps):
        strata, truth = [], 0.0
        for part, share, scale in ((0.5, 0.2, 0.5), (0.3, 0.5, 1.0), (0.2, 0.8, 2.0)):
            size, drawn_n = int(big_n * part), int(n * part)
            y = (rng.random(size) < share).astype(float)
            f = np.where(rng.random(size) < error_rate * scale, 1 - y, y)
            drawn = rng.choice(size, drawn_n, replace=False)
            strata.append((y[drawn], f[drawn], f))
            truth += float(y.sum()) / big_n
        est = ppi.stratified_mean(strata)
        for method in hits:
            e = est[method]
            hits[method] += bool(e.low is not None and e.high is not None and e.low <= truth <= e.high)
            widths[method].append(e.width or 0.0)
    return {**{f"{m} coverage": h / reps for m, h in hits.items()},
            **{f"{m} width": float(np.mean(w)) for m, w in widths.items()}}  # fmt: skip


# --- Fig. 2: set-ups, teams and peaks -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeakConference:
    """True and machine Fig. 2 components (:func:`analysis.ppi.team_components`) and the sample."""

    truth: Array
    machine: Array
    sample: NDArray[np.int64]


def peak_conference(rng: np.random.Generator, big_n: int, n: int, error_rate: float) -> PeakConference:
    """One synthetic conference for Fig. 2: log-normal peaks, industry set-ups larger.

    Half the papers report a set-up; 30% are industry-involved, their log10 peak 0.7 higher (five
    times the academic one). The machine errs at ``error_rate``, twice as often on industry papers,
    in one of three ways: it misses or invents a set-up, misreads the chip or count (the peak off by
    a factor of 30 down or 10 up), or gets the team wrong.
    """
    industry = (rng.random(big_n) < 0.3).astype(float)
    setup = rng.random(big_n) < 0.5
    peak = rng.normal(13.5 + 0.7 * industry, 0.9)
    true_peak = np.where(setup, peak, np.nan)
    err = rng.random(big_n) < error_rate * (1 + industry)
    kind = rng.integers(0, 3, big_n)
    seen = np.where(err & (kind == 0), ~setup, setup)
    shift = np.where(err & (kind == 1), rng.choice([-1.5, 1.0], big_n), 0.0)
    machine_peak = np.where(seen, peak + shift, np.nan)
    machine_team = np.where(err & (kind == 2), 1 - industry, industry)
    sample = rng.choice(big_n, n, replace=False)
    return PeakConference(
        ppi.team_components(industry, true_peak), ppi.team_components(machine_team, machine_peak), sample
    )


def peak_coverage(
    reps: int = 200, big_n: int = 2000, n: int = 100, error_rate: float = 0.1, seed: int = 7
) -> pd.DataFrame:
    """Per Fig. 2 quantity and method: coverage of the conference's truth, mean width in decades, bias."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(reps):
        c = peak_conference(rng, big_n, n, error_rate)
        truth = ppi.team_peaks(c.truth, c.truth, c.truth)  # the census: every paper verified
        for quantity, by_method in ppi.team_peaks(c.truth[c.sample], c.machine[c.sample], c.machine).items():
            true = truth[quantity]["machine only"].value
            for method, e in by_method.items():
                covered = None if e.low is None or e.high is None else e.low <= true <= e.high
                width = None if e.low is None or e.high is None else float(np.log10(e.high / e.low))
                rows.append({"quantity": quantity, "method": method, "covered": covered, "width": width,
                             "error": float(np.log10(e.value / true))})  # fmt: skip
    frame = pd.DataFrame(rows)
    out = frame.groupby(["quantity", "method"], sort=False).agg(
        reps=("error", "size"),
        coverage=("covered", _present_mean),
        mean_width_decades=(
            "width",
            _present_mean,
        ),
        bias_decades=("error", "mean"),
    )
    return out.reset_index()
