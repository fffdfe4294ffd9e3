"""The study's Table 1 and Fig. 6: code release against the industry share of a paper's authors.

Table 1 is a logistic regression ``released ~ frac_industry + n_authors + year dummies`` fitted with
the statsmodels formula API (or Firth's penalised likelihood, see :mod:`analysis.sensitivity`). The
paper turns the coefficient into probabilities this way: odds ratio ``exp(b)``; the observed release
share of all-academic papers ``p0`` becomes odds ``p0 / (1 - p0)``, is multiplied by ``exp(b)`` and
turned back into a probability ``p1``; the absolute change is ``p0 - p1`` (81.40% -> 32.45 points).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis import figures
from analysis.params import CodeReleaseParams, Regressor

LABELS = {
    "frac_industry": "Frac. industry",
    "any_industry": "Any industry author",
    "majority_industry": "Majority industry",
    "n_authors": "No. of authors",
    "Intercept": "(Intercept)",
}


@dataclass(frozen=True, slots=True)
class LogitResult:
    """A fitted code-release regression, in the paper's terms; ``None`` where not estimable."""

    method: str
    regressor: str
    n: int
    table: pd.DataFrame  # variable, label, estimate, se, p, stars: regressor, authors, years, intercept
    coef: float | None
    se: float | None
    p: float | None
    odds_ratio: float | None
    p_academic: float | None
    p_industry: float | None
    abs_change: float | None
    mean_frac_industry: float | None
    release_rate: float | None
    n_released: int
    converged: bool
    note: str
    verified_share: float | None
    base_year: int | None = None  # the reference year of the fitted year dummies
    year_dummies: tuple[int, ...] = ()  # the years a dummy was fitted for (none with one year present)


def code_frame(papers: pd.DataFrame, params: CodeReleaseParams) -> pd.DataFrame:
    """Regression rows: papers of the venue and years with a code label and a known industry share.

    With ``population: new_model`` only the papers judged to present a new model. Columns: paper_key, year (int), released (0/1), frac_industry (float), any_industry and
    majority_industry (0/1), n_authors (int), verified (code and affiliations both verified).
    """
    rows = papers[
        (papers["venue"] == params.venue)
        & papers["year"].isin(list(params.years))
        & papers["released_code"].notna()
        & papers["frac_industry"].notna()
        & (papers["n_authors"] > 0)
    ]
    if params.population == "new_model":
        rows = rows[rows["new_model"].fillna(False).astype(bool)]
    rows = rows[rows.notna().any(axis=1)]
    return pd.DataFrame(
        {
            "paper_key": rows["paper_key"].astype(str),
            "year": rows["year"].astype(int),
            "released": rows["released_code"].astype(int),
            "frac_industry": rows["frac_industry"].astype(float),
            "any_industry": rows["any_industry"].astype(int),
            "majority_industry": rows["majority_industry"].astype(int),
            "n_authors": rows["n_authors"].astype(int),
            "verified": (
                rows["code_verified"].fillna(False) & rows["affiliation_verified"].fillna(False)
            ).astype(bool),
        }
    ).reset_index(drop=True)


def left_out(papers: pd.DataFrame, params: CodeReleaseParams) -> dict[str, int]:
    """Papers of the venue and years (of the selection given) not in :func:`code_frame`, by first reason.

    Reasons, in the order they are checked: no code-release value (no PDF read), no author's
    organisation type known, no authors listed, and, for ``population: new_model``, not judged to
    present a new model. Every paper of the selection is either regressed or counted here once.
    """
    rows = papers[(papers["venue"] == params.venue) & papers["year"].isin(list(params.years))]
    reasons = {
        "no code-release value (no PDF read)": rows["released_code"].isna(),
        "no author's organisation type known": rows["frac_industry"].isna(),
        "no authors listed": ~(rows["n_authors"] > 0).fillna(False).astype(bool),
    }
    if params.population == "new_model":
        reasons["not judged to present a new model"] = ~rows["new_model"].fillna(False).astype(bool)
    counted = pd.Series(False, index=rows.index)
    out: dict[str, int] = {}
    for reason, mask in reasons.items():
        hit = mask.fillna(True).astype(bool) & ~counted
        out[reason] = int(hit.sum())
        counted |= hit
    return out


def probability_change(p_academic: float, coef: float) -> tuple[float, float]:
    """The paper's arithmetic: (p1, p0 - p1) with p1 = p0's odds times exp(coef), back to a probability."""
    if not 0 <= p_academic <= 1:
        raise ValueError(f"p_academic must be a probability, got {p_academic}")
    if p_academic in (0.0, 1.0):
        return p_academic, 0.0
    odds = p_academic / (1 - p_academic) * math.exp(coef)
    p_industry = odds / (1 + odds)
    return p_industry, p_academic - p_industry


def formula(regressor: str, base_year: int, years: list[int]) -> str:
    """The Table 1 formula; the year term is dropped when only one year is present."""
    year_term = f" + C(year, Treatment(reference={base_year}))" if len(years) > 1 else ""
    return f"released ~ {regressor} + n_authors{year_term}"


def years_and_base(frame: pd.DataFrame, params: CodeReleaseParams) -> tuple[list[int], int]:
    """Years present in the rows, and the base year (the params' one, else the earliest present)."""
    years = sorted({int(y) for y in frame["year"]})
    base = params.base_year if params.base_year in years or not years else years[0]
    return years, base


def fit(
    frame: pd.DataFrame,
    params: CodeReleaseParams,
    *,
    method: str | None = None,
    regressor: Regressor | None = None,
) -> LogitResult:
    """Fit Table 1 on ``code_frame`` rows; ``method``/``regressor`` override the params (sensitivity)."""
    import statsmodels.formula.api as smf

    method = method or params.method
    regressor = regressor or params.regressor
    years, base = years_and_base(frame, params)
    notes = [] if base == params.base_year else [f"no {params.base_year} papers: base year {base}"]
    empty = _result(frame, method, regressor, pd.DataFrame(), None, converged=False, note="")
    if len(frame) < len(years) + 4 or frame["released"].nunique() < 2 or frame[regressor].nunique() < 2:
        return _replace_note(
            empty, "not estimable: too few papers or no variation in the outcome or regressor"
        )
    model = smf.logit(formula(regressor, base, years), data=frame)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if method == "firth":
                estimates = _firth(model)
                converged = True
            else:
                res = model.fit(disp=0, maxiter=100, cov_type=params.cov_type)
                estimates = pd.DataFrame({"estimate": res.params, "se": res.bse, "p": res.pvalues})
                converged = bool(res.mle_retvals.get("converged", False))
        except (np.linalg.LinAlgError, ValueError) as exc:
            return _replace_note(empty, f"not estimable: {exc}")
    if any("separation" in str(w.message).lower() for w in caught):
        converged = False
    if not converged:
        notes.append("the fit did not converge (quasi-separation?): compare the Firth row")
    table = _table(estimates, regressor)
    row = estimates.loc[regressor]
    if not isinstance(row, pd.Series):
        raise TypeError(f"expected one estimate for {regressor}")
    fitted = _result(frame, method, regressor, table, row, converged, "; ".join(notes))
    dummies = tuple(y for y in years if y != base) if len(years) > 1 else ()
    return dataclasses.replace(fitted, base_year=base if dummies else None, year_dummies=dummies)


def _firth(model: object) -> pd.DataFrame:
    """Firth fit on the exact design matrix statsmodels built from the formula (Wald SEs and p-values)."""
    from firthmodels.adapters.statsmodels import FirthLogit

    exog = pd.DataFrame(model.exog, columns=model.exog_names)  # type: ignore[attr-defined]
    res = FirthLogit(np.asarray(model.endog), exog).fit()  # type: ignore[attr-defined]
    if not res.converged:
        raise ValueError("Firth fit did not converge")
    names = list(model.exog_names)  # type: ignore[attr-defined]
    return pd.DataFrame(
        {"estimate": np.asarray(res.params), "se": np.asarray(res.bse), "p": np.asarray(res.pvalues)},
        index=names,
    )


def _table(estimates: pd.DataFrame, regressor: str) -> pd.DataFrame:
    rows = []
    for name, est in estimates.iterrows():
        variable = str(name)
        if variable.startswith("C(year"):
            variable = variable.rsplit("[T.", 1)[1].rstrip("]")
        p = float(est["p"])
        rows.append(
            {
                "variable": variable,
                "label": LABELS.get(variable, variable),
                "estimate": float(est["estimate"]),
                "se": float(est["se"]),
                "p": p,
                "stars": "**" if p < 0.01 else "*" if p < 0.05 else "",
            }
        )
    order = {regressor: 0, "n_authors": 1, "Intercept": 3}
    table = pd.DataFrame(rows)
    table["_order"] = [order.get(v, 2) for v in table["variable"]]
    return (
        table.sort_values(["_order", "variable"], kind="stable").drop(columns="_order").reset_index(drop=True)
    )


def _result(
    frame: pd.DataFrame,
    method: str,
    regressor: str,
    table: pd.DataFrame,
    row: pd.Series | None,
    converged: bool,
    note: str,
) -> LogitResult:
    academic = frame.loc[frame["frac_industry"] == 0, "released"]
    p0 = float(academic.mean()) if len(academic) else None
    coef = None if row is None else float(row["estimate"])
    p1, change = (None, None) if coef is None or p0 is None else probability_change(p0, coef)
    return LogitResult(
        method=method,
        regressor=regressor,
        n=len(frame),
        table=table,
        coef=coef,
        se=None if row is None or not np.isfinite(row["se"]) else float(row["se"]),
        p=None if row is None or not np.isfinite(row["p"]) else float(row["p"]),
        odds_ratio=None if coef is None else math.exp(coef),
        p_academic=p0,
        p_industry=p1,
        abs_change=change,
        mean_frac_industry=float(frame["frac_industry"].mean()) if len(frame) else None,
        release_rate=float(frame["released"].mean()) if len(frame) else None,
        n_released=int(frame["released"].sum()),
        converged=converged,
        note=note,
        verified_share=float(frame["verified"].mean()) if len(frame) else None,
    )


def _replace_note(result: LogitResult, note: str) -> LogitResult:
    from dataclasses import replace

    return replace(result, note=note)


def yearly_fits(frame: pd.DataFrame, years: list[int] | tuple[int, ...]) -> pd.DataFrame:
    """Fig. 6's per-year least-squares lines ``released ~ frac_industry``: n, intercept, slope, slope_se."""
    rows = []
    for year in years:
        sub = frame[frame["year"] == year]
        x, y = sub["frac_industry"].to_numpy(float), sub["released"].to_numpy(float)
        slope = intercept = se = None
        if len(sub) >= 3 and np.ptp(x) > 0:
            sxx = float(np.sum((x - x.mean()) ** 2))
            slope = float(np.sum((x - x.mean()) * (y - y.mean())) / sxx)
            intercept = float(y.mean() - slope * x.mean())
            resid = y - (intercept + slope * x)
            se = math.sqrt(float(np.sum(resid**2)) / (len(x) - 2) / sxx)
        rows.append(
            {
                "year": year,
                "n": len(sub),
                "release_rate": y.mean() if len(sub) else None,
                "intercept": intercept,
                "slope": slope,
                "slope_se": se,
            }
        )
    return pd.DataFrame(rows).astype(
        {
            "year": "Int64",
            "n": "Int64",
            "release_rate": "Float64",
            "intercept": "Float64",
            "slope": "Float64",
            "slope_se": "Float64",
        }
    )


def figure(
    frame: pd.DataFrame, fits: pd.DataFrame, params: CodeReleaseParams, jitter_seed: int = 0
) -> Figure:
    """Fig. 6: per year, each paper's code release (0/1, jittered) against its industry share, and the line."""
    rng = np.random.default_rng(jitter_seed)
    years = [int(y) for y in fits["year"]]
    with figures.style():
        fig = figures.new_figure(8.6, 3.2)
        axes = np.atleast_1d(fig.subplots(1, max(1, len(years)), sharey=True))
        fig.suptitle(
            "Code release against the industry share of authors, per year (least-squares lines)",
            x=0.01,
            ha="left",
            fontweight="bold",
        )
        for i, (ax, fit_row) in enumerate(zip(axes, fits.to_dict("records"), strict=False)):
            color = figures.YEAR_COLORS[i % len(figures.YEAR_COLORS)]
            sub = frame[frame["year"] == fit_row["year"]]
            ax.scatter(
                sub["frac_industry"] + rng.uniform(-0.02, 0.02, len(sub)),
                sub["released"] + rng.uniform(-0.06, 0.06, len(sub)),
                s=10,
                alpha=0.45,
                color=color,
                edgecolors="none",
            )
            slope = None if pd.isna(fit_row["slope"]) else float(fit_row["slope"])
            if slope is not None:
                intercept = float(fit_row["intercept"])
                ax.plot([0, 1], [intercept, intercept + slope], color=color, linewidth=2)
            slope_text = "no line" if slope is None else f"slope {slope:+.2f}".replace("-", "−")
            ax.set_title(str(fit_row["year"]), fontsize=9.5)
            ax.set_xlabel(f"n={fit_row['n']} · {slope_text}", fontsize=8, color=figures.MUTED)
            ax.set_xlim(-0.06, 1.06)
            ax.set_xticks([0, 0.5, 1], ["0", "½", "1"])
        axes[0].set_yticks([0, 1], ["No code", "Code"])
        axes[0].set_ylim(-0.25, 1.25)
        fig.supxlabel("Fraction of authors from industry", fontsize=9.5)
    return fig
