"""Prediction-powered inference: machine labels on every paper, corrected by a verified random sample.

A figure computed from machine labels alone carries the machine's errors; one from the verified
sample alone has a wide interval. Prediction-powered inference (Angelopoulos et al., "Prediction-
powered inference", Science 2023; PPI++, Angelopoulos, Duchi and Zrnic 2023) uses both: the machine's
value on all ``N`` papers, corrected by the machine's error measured on the ``n`` verified papers
of a simple random sample. The interval is valid whatever the machine's error rate and narrower than
the sample's own when the machine is good.

Written here from the papers (about 150 lines of numpy) instead of taking ``ppi-python`` 0.2.3,
which measured 496 MB installed with what it pulls in (numba, scikit-learn, gdown) and 5-6 s to
import, for these two estimators; ours match its point estimates exactly and its intervals up to
n vs n - 1 in the variances (``tests/analysis/test_ppi.py``), and are checked by simulation
(``benchmarks/ppi_coverage.py``). Ours also target the conference itself (finite population), which
``ppi-python`` does not offer.

* :func:`mean` - a share or a mean (PPI++: the rectifier's weight ``lambda`` tuned for the
  smallest variance, clipped to [0, 1]; ``lambda = 1`` is plain PPI, 0 the sample alone).
* :func:`logistic` - a logistic-regression coefficient, with machine-labelled outcome *and*
  covariates (the industry fraction is itself a machine label), by the prediction-powered
  M-estimator: the loss on all papers' machine values, plus the verified papers' loss on their true
  values, minus their loss on their machine values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

Array = NDArray[np.float64]
PSEUDO_ERROR = 0.5  # the size of the two pseudo-errors a bounded mean's rectifier gets (see mean())


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate and its ``level`` confidence interval (None for the machine-only value)."""

    value: float
    low: float | None
    high: float | None
    method: str  # "machine only" | "sample only" | "prediction-powered"
    n: int  # verified papers behind it
    big_n: int  # papers with machine labels behind it
    se: float | None = None  # the standard error behind the interval (before a share's is clipped to [0, 1])

    @property
    def width(self) -> float | None:
        """The interval's width (None without an interval)."""
        return None if self.low is None or self.high is None else self.high - self.low


def _z(level: float) -> float:
    return float(norm.ppf(0.5 + level / 2))


def _fpc(n: int, big_n: int, conference: bool) -> float:
    """The finite-population correction: a sample of ``n`` of the conference's ``N`` papers."""
    return max(0.0, 1 - n / big_n) if conference else 1.0


def mean(
    y: Array,
    f_labelled: Array,
    f_all: Array,
    *,
    level: float = 0.95,
    tuned: bool = True,
    conference: bool = True,
    bounded: bool = True,
) -> dict[str, Estimate]:
    """A mean three ways: machine only, sample only, prediction-powered.

    ``y``: true values of the verified sample; ``f_labelled``: the machine's values on those same
    papers; ``f_all``: the machine's values on all ``N`` papers (the sample's included).
    ``conference``: the quantity is the conference's own (its ``N`` papers are the population, so
    only the sample varies, drawn without replacement); else a superpopulation's, of which the ``N``
    papers are a sample too (PPI's original setting, with a variance term for them). ``bounded``:
    the values lie in [0, 1] (shares, fractions); the rectifier's variance then gets one pseudo-error
    each way (of :data:`PSEUDO_ERROR`; checked by simulation at 5% and 15% machine error), so that a sample in which the machine happened to make no error does not give an
    interval of width zero (its normal approximation fails when errors are rare).
    """
    y, f, f_all = (np.asarray(a, float) for a in (y, f_labelled, f_all))
    n, big_n, z = len(y), len(f_all), _z(level)
    fpc = _fpc(n, big_n, conference)
    lam = 1.0
    if tuned:
        var_f = float(np.var(f, ddof=1)) if n > 1 else 0.0
        cov = float(np.cov(y, f, ddof=1)[0, 1]) if n > 1 else 0.0
        shrink = 1.0 if conference else 1 + n / big_n
        lam = 0.0 if var_f == 0 else float(np.clip(cov / (shrink * var_f), 0.0, 1.0))
    value = float(y.mean() + lam * (f_all.mean() - f.mean()))
    all_term = 0.0 if conference else lam**2 * float(np.var(f_all, ddof=1)) / big_n
    rectifier = y - lam * f
    if bounded:  # values in [0, 1]: one pseudo-error each way, as Agresti-Coull adds pseudo-counts
        rectifier = np.concatenate([rectifier, [PSEUDO_ERROR, -PSEUDO_ERROR]])
    se = float(np.sqrt(fpc * np.var(rectifier, ddof=1) / n + all_term))
    classical_se = float(np.sqrt(fpc * np.var(y, ddof=1) / n))
    sample = float(y.mean())
    low, high = (0.0, 1.0) if bounded else (-np.inf, np.inf)  # a share's interval stays a share's
    return {
        "machine only": Estimate(float(f_all.mean()), None, None, "machine only", 0, big_n),
        "sample only": Estimate(
            sample,
            float(max(low, sample - z * classical_se)),
            float(min(high, sample + z * classical_se)),
            "sample only",
            n,
            0,
            classical_se,
        ),
        "prediction-powered": Estimate(
            value,
            float(max(low, value - z * se)),
            float(min(high, value + z * se)),
            "prediction-powered",
            n,
            big_n,
            se,
        ),
    }


def _sigmoid(t: Array) -> Array:
    return np.asarray(1 / (1 + np.exp(-np.clip(t, -30, 30))), float)


def _newton(
    gradient: Callable[[Array], Array], hessian: Callable[[Array], Array], k: int, max_iter: int = 100
) -> Array | None:
    beta: Array = np.zeros(k)
    for _ in range(max_iter):
        g, h = gradient(beta), hessian(beta)
        try:
            step = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            return None
        beta = np.asarray(beta - step, float)
        if not np.all(np.isfinite(beta)) or np.abs(beta).max() > 50:
            return None
        if np.abs(step).max() < 1e-10:
            return np.asarray(beta, float)
    return None


def logistic(
    x: Array,
    y: Array,
    x_hat_labelled: Array,
    y_hat_labelled: Array,
    x_hat_all: Array,
    y_hat_all: Array,
    *,
    coef: int,
    level: float = 0.95,
    conference: bool = True,
    bounded: bool = True,
) -> dict[str, Estimate]:
    """Coefficient ``coef`` of a logistic regression three ways (machine only, sample only, PP).

    ``conference`` as for :func:`mean`. ``bounded``: the outcome is 0/1, and the rectifier gets two
    pseudo-errors (an outcome wrong by :data:`PSEUDO_ERROR` each way on an average paper), as a
    bounded mean does: a sample in which the machine happened to make no error would otherwise give
    an interval of width zero. Design matrices include the intercept column. ``x``/``y``: the verified sample's true covariates
    and outcomes; ``x_hat_labelled``/``y_hat_labelled``: the machine's values on those papers;
    ``x_hat_all``/``y_hat_all``: the machine's values on all ``N`` papers.
    """
    x, y, xl, yl, xa, ya = (
        np.asarray(a, float) for a in (x, y, x_hat_labelled, y_hat_labelled, x_hat_all, y_hat_all)
    )
    n, big_n, k, z = len(y), len(ya), x.shape[1], _z(level)
    fpc = _fpc(n, big_n, conference)

    def grad_rows(xm: Array, ym: Array, beta: Array) -> Array:
        return np.asarray(xm * (_sigmoid(xm @ beta) - ym)[:, None], float)

    def hess(xm: Array, beta: Array) -> Array:
        p = _sigmoid(xm @ beta)
        return np.asarray(xm.T @ (xm * (p * (1 - p))[:, None]) / len(xm), float)

    def pp_grad(beta: Array) -> Array:
        return np.asarray(
            grad_rows(xa, ya, beta).mean(0) + grad_rows(x, y, beta).mean(0) - grad_rows(xl, yl, beta).mean(0),
            float,
        )

    def pp_hess(beta: Array) -> Array:
        return hess(xa, beta) + hess(x, beta) - hess(xl, beta)

    out: dict[str, Estimate] = {}
    machine = _newton(lambda b: grad_rows(xa, ya, b).mean(0), lambda b: hess(xa, b), k)
    if machine is not None:
        out["machine only"] = Estimate(float(machine[coef]), None, None, "machine only", 0, big_n)
    classical = _newton(lambda b: grad_rows(x, y, b).mean(0), lambda b: hess(x, b), k)
    if classical is not None:
        h_inv = np.linalg.inv(hess(x, classical))
        cov = fpc * h_inv @ np.cov(grad_rows(x, y, classical), rowvar=False) @ h_inv / n
        se = float(np.sqrt(cov[coef, coef]))
        c = float(classical[coef])
        out["sample only"] = Estimate(c, c - z * se, c + z * se, "sample only", n, 0)
    pp = _newton(pp_grad, pp_hess, k)
    if pp is not None:
        h_inv = np.linalg.inv(pp_hess(pp))
        rectifier = grad_rows(x, y, pp) - grad_rows(xl, yl, pp)
        if bounded:
            centre = x.mean(0)
            rectifier = np.vstack([rectifier, PSEUDO_ERROR * centre, -PSEUDO_ERROR * centre])
        v = fpc * np.cov(rectifier, rowvar=False) / n
        if not conference:
            v = v + np.cov(grad_rows(xa, ya, pp), rowvar=False) / big_n
        se = float(np.sqrt((h_inv @ v @ h_inv)[coef, coef]))
        c = float(pp[coef])
        out["prediction-powered"] = Estimate(c, c - z * se, c + z * se, "prediction-powered", n, big_n)
    return out


def stratified_mean(
    strata: list[tuple[Array, Array, Array]], *, level: float = 0.95, tuned: bool = True, bounded: bool = True
) -> dict[str, Estimate]:
    """A conference mean from a stratified sample, three ways: each stratum's :func:`mean`, weighted.

    ``strata``: per stratum ``(y, f_labelled, f_all)`` as :func:`mean` takes them, the stratum's
    ``N_h`` papers in ``f_all``. The estimate is ``sum_h W_h m_h`` with ``W_h = N_h / N`` and its
    variance ``sum_h W_h**2 se_h**2`` (strata are drawn independently); every stratum needs two
    verified papers.
    """
    big_n = sum(len(f_all) for _, _, f_all in strata)
    z = _z(level)
    parts = [(len(f_all) / big_n, _census(y, f_all) if len(y) == len(f_all) else
              mean(y, f, f_all, level=level, tuned=tuned, bounded=bounded))
             for y, f, f_all in strata]  # fmt: skip
    n = sum(len(y) for y, _, _ in strata)
    out: dict[str, Estimate] = {}
    machine = sum(w * est["machine only"].value for w, est in parts)
    out["machine only"] = Estimate(machine, None, None, "machine only", 0, big_n)
    for method, big in (("sample only", 0), ("prediction-powered", big_n)):
        value = sum(w * est[method].value for w, est in parts)
        se = float(np.sqrt(sum((w * _se(est[method], z)) ** 2 for w, est in parts)))
        low, high = value - z * se, value + z * se
        if bounded:
            low, high = max(0.0, low), min(1.0, high)
        out[method] = Estimate(value, low, high, method, n, big)
    return out


def _census(y: Array, f_all: Array) -> dict[str, Estimate]:
    """A stratum drawn whole: its verified mean is its value, without error."""
    value, machine, n = float(np.mean(y)), float(np.mean(f_all)), len(y)
    return {"machine only": Estimate(machine, None, None, "machine only", 0, n),
            "sample only": Estimate(value, value, value, "sample only", n, 0),
            "prediction-powered": Estimate(value, value, value, "prediction-powered", n, n)}  # fmt: skip


def _se(estimate: Estimate, z: float) -> float:
    """The standard error behind a normal interval (0 for an estimate without one)."""
    if estimate.se is not None:
        return estimate.se
    if estimate.low is None or estimate.high is None:
        return 0.0
    return (estimate.high - estimate.low) / (2 * z)


# --- Fig. 2: geometric mean peak per team and their ratio ---------------------------------------------
#
# Each paper is four numbers: [academic set-up, academic set-up x log10 peak, industry set-up,
# industry set-up x log10 peak] (0/1 indicators: a set-up with a peak and a team). A team's mean
# log10 peak is a ratio of two conference means; the ratio of the teams' geometric means is 10 to
# the difference of those. Each mean gets PPI's rectifier (lambda = 1: every component is corrected),
# and the delta method carries their joint covariance to the ratio. On the log scale a wrong chip or
# count is a bounded shift, so the normal approximation holds where it fails for arithmetic means of
# heavy-tailed peaks (80-87% coverage in simulation; not offered).

TEAMS = ("academic", "industry")
PEAK_PSEUDO = 0.5  # pseudo-errors of half a standard deviation of the machine's log10 peaks (see below)


def team_components(team_industry: Array, log_peak: Array) -> Array:
    """The four per-paper components of Fig. 2's estimates.

    From a team flag (1 industry, 0 academic, NaN unknown) and a log10 peak (NaN: no set-up with a
    peak).
    """
    industry, peak = np.asarray(team_industry, float), np.asarray(log_peak, float)
    has = ~np.isnan(peak) & ~np.isnan(industry)
    a = (has & (industry == 0)).astype(float)
    i = (has & (industry == 1)).astype(float)
    p = np.where(has, peak, 0.0)
    return np.stack([a, a * p, i, i * p], axis=1)


def _log_means(mu: Array) -> Array:
    """(academic mean log10 peak, industry mean log10 peak, industry - academic)."""
    a, i = mu[1] / mu[0], mu[3] / mu[2]
    return np.array([a, i, i - a])


def _log_means_jacobian(mu: Array) -> Array:
    a = [-mu[1] / mu[0] ** 2, 1 / mu[0], 0.0, 0.0]
    i = [0.0, 0.0, -mu[3] / mu[2] ** 2, 1 / mu[2]]
    return np.array([a, i, [-x for x in a[:2]] + i[2:]])


def team_peaks(
    y: Array, f_labelled: Array, f_all: Array, *, level: float = 0.95, conference: bool = True
) -> dict[str, dict[str, Estimate]]:
    """Fig. 2's geometric mean peak per team and their ratio (industry / academic), three ways each.

    ``y``, ``f_labelled``: the verified sample's true and machine components (:func:`team_components`);
    ``f_all``: the machine's components on all ``N`` papers. Keys: "academic", "industry", "ratio";
    values on the FLOP/s scale. The prediction-powered covariance gets one pseudo-error each way on
    each team's log-peak sum, of :data:`PEAK_PSEUDO` standard deviations of the machine's log10 peaks,
    so that a sample in which the machine made no error does not give a zero-width interval (the
    same guard the shares get); :mod:`benchmarks.ppi_coverage` checks the coverage by simulation.
    """
    y, f, f_all = (np.asarray(a, float) for a in (y, f_labelled, f_all))
    n, big_n, z = len(y), len(f_all), _z(level)
    fpc = _fpc(n, big_n, conference)
    peaks = f_all[:, 1][f_all[:, 0] == 1].tolist() + f_all[:, 3][f_all[:, 2] == 1].tolist()
    spread = PEAK_PSEUDO * (float(np.std(peaks)) if len(peaks) > 1 else 1.0)
    pseudo = np.array([[0, spread, 0, 0], [0, -spread, 0, 0], [0, 0, 0, spread], [0, 0, 0, -spread]])
    rectifier = np.vstack([y - f, pseudo])
    ppi_mu = f_all.mean(axis=0) + (y - f).mean(axis=0)
    ppi_cov = fpc * np.cov(rectifier, rowvar=False) / n
    sample_mu, sample_cov = y.mean(axis=0), fpc * np.cov(y, rowvar=False) / n
    machine = _log_means(f_all.mean(axis=0))
    out: dict[str, dict[str, Estimate]] = {name: {} for name in (*TEAMS, "ratio")}
    for k, name in enumerate(out):
        out[name]["machine only"] = Estimate(10 ** machine[k], None, None, "machine only", 0, big_n)
    for method, mu, cov, big in (("sample only", sample_mu, sample_cov, 0),
                                 ("prediction-powered", ppi_mu, ppi_cov, big_n)):  # fmt: skip
        if mu[0] <= 0 or mu[2] <= 0:
            continue  # a team without a set-up in the sample: no estimate
        logs, jac = _log_means(mu), _log_means_jacobian(mu)
        ses = np.sqrt(np.maximum(np.diag(jac @ cov @ jac.T), 0.0))
        for k, name in enumerate(out):
            low, high = logs[k] - z * ses[k], logs[k] + z * ses[k]
            out[name][method] = Estimate(10 ** logs[k], 10**low, 10**high, method, n, big)
    return out
