"""The sensitivity table: how the headline numbers move with the choices the study had to make.

Rows vary one choice at a time: the precision policy (FP32 vs tensor FP16/BF16 peak), the industry
definition (any industry author vs a majority, and for the regression the fraction itself), the mean
of Fig. 2 (arithmetic vs geometric), the estimator (plain maximum likelihood vs Firth's penalised
likelihood), the labels used (all vs verified only) and, for Fig. 5, which BERT roles count (the
study's "studies BERT" vs "studies or uses"). Intervals are seeded percentile bootstraps: set-ups are resampled within each team;
regression rows are resampled as a whole and refitted.

Firth: we use ``firthmodels`` (maintained, MIT; checked against R's logistf and brglm2 by its
authors), which maximises the log-likelihood plus half the log-determinant of the Fisher information
(Jeffreys-prior penalty, Firth 1993). Our tests check its estimate against that penalised score
equation independently, so a change in the package cannot silently change the method.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from analysis import code_release, hardware
from analysis.params import (
    BertologyParams,
    BootstrapParams,
    CodeReleaseParams,
    HardwareParams,
    Params,
    Regressor,
)
from paperscope.records import BertRoleName

SETTING_AUTHORS = "verified > PDF > paper list/profile"
POPULATIONS = {
    "all": "every paper",
    "new_model": "papers judged to present a new model",
}  # Table 1's  # the report's rule for an author's org type


@dataclass(frozen=True, slots=True)
class Selections:
    """The papers each analysis uses, with all labels and with verified labels only.

    ``authors``: the same selections under another rule for authors' org types (name -> (Fig. 2's
    papers, Table 1's rows)): another source order, or unknown authors counted as non-industry.
    """

    hardware_all: pd.DataFrame
    hardware_verified: pd.DataFrame
    code_all: pd.DataFrame
    code_verified: pd.DataFrame
    authors: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = field(default_factory=dict)
    other_population: tuple[str, pd.DataFrame] | None = None  # Table 1's rows under the other population


MAX_FAILED_SHARE = 0.10  # more resamples than this failing: the survivors are a biased set, no interval
MIN_PER_TEAM = 2  # set-ups per team below which a bootstrap interval of Fig. 2's figures means nothing


def shown(
    interval: tuple[float | None, float | None], failed: int, n_boot: int
) -> tuple[tuple[float | None, float | None], str]:
    """The interval to show, and the note saying how many resamples failed (none shown past 10%)."""
    if not failed:
        return interval, ""
    note = f"{failed} of {n_boot} resamples failed"
    if failed > MAX_FAILED_SHARE * n_boot:
        return (None, None), f"{note}: no interval shown (more than {MAX_FAILED_SHARE:.0%} failed)"
    return interval, note


def percentile_ci(values: NDArray[np.float64], ci: float) -> tuple[float | None, float | None]:
    """The central ``ci`` percent interval of finite bootstrap values (None when there are none)."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None, None
    low, high = np.percentile(values, [(100 - ci) / 2, 100 - (100 - ci) / 2])
    return float(low), float(high)


def bootstrap_hardware(
    table: pd.DataFrame, mean: str, boot: BootstrapParams, rng: np.random.Generator
) -> dict[str, tuple[float | None, float | None]]:
    """Intervals for the ratio of means and the share above the best academic set-up."""
    academic = table.loc[table["team"] == "academic", "peak_flops"].to_numpy(float)
    industry = table.loc[table["team"] == "industry", "peak_flops"].to_numpy(float)
    if academic.size == 0 or industry.size == 0:
        return {"ratio": (None, None), "share": (None, None)}
    a = academic[rng.integers(0, academic.size, (boot.n, academic.size))]
    i = industry[rng.integers(0, industry.size, (boot.n, industry.size))]
    if mean == "geometric":
        ratio = np.exp(np.log(i).mean(axis=1) - np.log(a).mean(axis=1))
    else:
        ratio = i.mean(axis=1) / a.mean(axis=1)
    share = (i > a.max(axis=1, keepdims=True)).mean(axis=1)
    return {"ratio": percentile_ci(ratio, boot.ci), "share": percentile_ci(share.astype(float), boot.ci)}


def hardware_table(
    sel: Selections, params: HardwareParams, boot: BootstrapParams, rng: np.random.Generator
) -> pd.DataFrame:
    """Fig. 2's ratio of means and share above the best academic set-up, with intervals, per variant.

    Variants: every precision x industry definition on all labels, the report's setting with the other
    mean (arithmetic or geometric), under each other rule for authors' org types (``sel.authors``), then
    on verified labels only. ``setting`` marks the report's own choice.
    """
    rows: list[dict[str, object]] = []
    variants = [
        (p, d, params.mean, "all", SETTING_AUTHORS, sel.hardware_all)
        for p in ("fp32", "tensor")
        for d in ("any", "majority")
    ]
    other_mean: Literal["arithmetic", "geometric"] = (
        "geometric" if params.mean == "arithmetic" else "arithmetic"
    )
    setting = (params.precision, params.industry_definition)
    variants.append((*setting, other_mean, "all", SETTING_AUTHORS, sel.hardware_all))
    variants += [(*setting, params.mean, "all", rule, hw) for rule, (hw, _) in sel.authors.items()]
    variants.append((*setting, params.mean, "verified", SETTING_AUTHORS, sel.hardware_verified))
    for precision, definition, mean, labels, authors, papers in variants:
        chosen = params.model_copy(
            update={"precision": precision, "industry_definition": definition, "mean": mean}
        )
        result = hardware.headline(papers, chosen)
        cis = bootstrap_hardware(
            hardware.setups(papers, chosen.precision, chosen.industry_definition), mean, boot, rng
        )
        note = ""
        if min(result.n_academic, result.n_industry) < MIN_PER_TEAM:  # resampling one set-up shows nothing
            cis = {"ratio": (None, None), "share": (None, None)}
            note = f"fewer than {MIN_PER_TEAM} set-ups of a team: no interval"
        rows.append(
            {
                "precision": precision,
                "industry": definition,
                "mean": mean,
                "labels": labels,
                "authors": authors,
                "ratio": result.ratio_of_means,
                "ratio_ci_low": cis["ratio"][0],
                "ratio_ci_high": cis["ratio"][1],
                "share_above": result.share_above_best_academic,
                "share_ci_low": cis["share"][0],
                "share_ci_high": cis["share"][1],
                "n_academic": result.n_academic,
                "n_industry": result.n_industry,
                "setting": labels == "all" and authors == SETTING_AUTHORS and chosen == params,
                "note": note,
            }
        )
    return pd.DataFrame(rows).astype(
        dict.fromkeys(
            ("ratio", "ratio_ci_low", "ratio_ci_high", "share_above", "share_ci_low", "share_ci_high"),
            "Float64",
        )
    )


def code_table(sel: Selections, params: Params, rng: np.random.Generator) -> pd.DataFrame:
    """Table 1's industry coefficient per regressor x estimator, per rule for authors' org types, per labels.

    Variants: every regressor x estimator on all labels, the report's setting under each other rule for
    authors' org types (``sel.authors``), then on verified labels only. The report's own setting gets a bootstrap interval for the coefficient (``logit_bootstrap_n`` refits).
    """
    cp, sp = params.code_release, params.sensitivity
    rows: list[dict[str, object]] = []
    regressors: tuple[Regressor, ...] = ("frac_industry", "any_industry", "majority_industry")
    own = POPULATIONS[cp.population]
    variants = [
        (r, m, "all", SETTING_AUTHORS, own, sel.code_all) for r in regressors for m in ("mle", "firth")
    ]
    variants += [(cp.regressor, cp.method, "all", rule, own, part) for rule, (_, part) in sel.authors.items()]
    if sel.other_population is not None:
        name, part = sel.other_population
        variants.append((cp.regressor, cp.method, "all", SETTING_AUTHORS, name, part))
    variants.append((cp.regressor, cp.method, "verified", SETTING_AUTHORS, own, sel.code_verified))
    for regressor, method, labels, authors, population, frame in variants:
        result = code_release.fit(frame, cp, method=method, regressor=regressor)
        setting = (labels == "all" and authors == SETTING_AUTHORS and population == own
                   and regressor == cp.regressor and method == cp.method)  # fmt: skip
        ci: tuple[float | None, float | None] = (None, None)
        notes = [result.note] if result.note else []
        failed = None
        if setting and sp.logit_bootstrap_n and result.coef is not None:
            raw, failed = bootstrap_coef(
                frame, cp, regressor, method, sp.logit_bootstrap_n, sp.bootstrap.ci, rng
            )
            ci, note = shown(raw, failed, sp.logit_bootstrap_n)
            if note:
                notes.append(note)
        rows.append(
            {
                "regressor": regressor,
                "estimator": method,
                "labels": labels,
                "authors": authors,
                "population": population,
                "coef": result.coef,
                "coef_ci_low": ci[0],
                "coef_ci_high": ci[1],
                "se": result.se,
                "p": result.p,
                "odds_ratio": result.odds_ratio,
                "abs_change": result.abs_change,
                "n": result.n,
                "setting": setting,
                "resamples_failed": failed,
                "note": "; ".join(notes),
            }
        )
    floats = ("coef", "coef_ci_low", "coef_ci_high", "se", "p", "odds_ratio", "abs_change")
    return pd.DataFrame(rows).astype({**dict.fromkeys(floats, "Float64"), "resamples_failed": "Int64"})


def bootstrap_coef(
    frame: pd.DataFrame,
    params: CodeReleaseParams,
    regressor: str,
    method: str,
    n_boot: int,
    ci: float,
    rng: np.random.Generator,
) -> tuple[tuple[float | None, float | None], int]:
    """Percentile interval of the regressor's coefficient over ``n_boot`` row resamples, and the failures.

    The design matrix is the one statsmodels builds from the Table 1 formula; each resample is refitted
    by Newton's method (:func:`logit_newton`) or, for ``firth``, by firthmodels.
    """
    import statsmodels.formula.api as smf

    years, base = code_release.years_and_base(frame, params)
    model = smf.logit(code_release.formula(regressor, base, years), data=frame)
    y, x = np.asarray(model.endog, float), np.asarray(model.exog, float)
    column = list(model.exog_names).index(regressor)
    coefs = np.full(n_boot, np.nan)
    for b in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        yb, xb = y[idx], x[idx]
        if yb.min() == yb.max():
            continue
        if method == "firth":
            coefs[b] = _firth_coef(yb, xb, column)
        else:
            fitted = logit_newton(yb, xb)
            coefs[b] = np.nan if fitted is None else fitted[column]
    return percentile_ci(coefs, ci), int(np.isnan(coefs).sum())


def logit_newton(
    y: NDArray[np.float64], x: NDArray[np.float64], max_iter: int = 50, tol: float = 1e-8
) -> NDArray[np.float64] | None:
    """Plain maximum-likelihood logit coefficients by Newton's method; None if singular or divergent."""
    beta = np.zeros(x.shape[1])
    for _ in range(max_iter):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        hessian = x.T @ (x * (p * (1 - p))[:, None])
        try:
            step = np.linalg.solve(hessian, x.T @ (y - p))
        except np.linalg.LinAlgError:
            return None
        beta = beta + step
        if not np.all(np.isfinite(beta)) or np.abs(beta).max() > 50:
            return None  # separation: the MLE runs off to infinity
        if np.abs(step).max() < tol:
            return beta
    return None


def _firth_coef(y: NDArray[np.float64], x: NDArray[np.float64], column: int) -> float:
    from firthmodels import FirthLogisticRegression

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitted = FirthLogisticRegression(fit_intercept=False).fit(x, y)
        except (np.linalg.LinAlgError, ValueError):
            return float("nan")
    return float(fitted.coef_[column]) if fitted.converged_ else float("nan")


def bertology_table(papers: pd.DataFrame, params: BertologyParams) -> pd.DataFrame:
    """Fig. 5 under each definition of a BERT paper: the study's rubric and "studies or uses".

    One row per definition and year: n_bert, n_read, share; ``setting`` marks the report's own roles.
    """
    from analysis import bertology

    definitions: dict[str, tuple[BertRoleName, ...]] = {
        "studies BERT (the study's rubric)": ("studies",),
        "studies or uses BERT": ("studies", "uses"),
    }
    frames = []
    for name, roles in definitions.items():
        table = bertology.by_year(papers, params.model_copy(update={"roles": roles}))
        table.insert(0, "definition", name)
        table["setting"] = set(roles) == set(params.roles)
        frames.append(table[["definition", "year", "n_bert", "n_read", "share", "setting"]])
    return pd.concat(frames, ignore_index=True)


def sensitivity_tables(sel: Selections, params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Fig. 2 variants, Table 1 variants); one Generator from the bootstrap seed feeds every resample."""
    rng = np.random.default_rng(params.sensitivity.bootstrap.seed)
    return hardware_table(sel, params.hardware, params.sensitivity.bootstrap, rng), code_table(
        sel, params, rng
    )
