"""The report's code-release (Table 1, Fig. 6) and sensitivity sections as HTML."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from analysis.code_release import LABELS, probability_change
from analysis.render import display, figure, fmt, frame_rows, section, table

if TYPE_CHECKING:
    from analysis.code_release import LogitResult
    from analysis.sections import Context

PAPER_B, PAPER_P0 = -1.52, 0.8140


def _years_fitted(lg: LogitResult) -> str:
    """The year dummies the fit actually has (the params name a base year even when none is fitted)."""
    if not lg.year_dummies:
        return "no year dummies fitted (papers of one year only, or no fit)"
    return f"year dummies fitted for {', '.join(map(str, lg.year_dummies))} against base year {lg.base_year}"


def code(ctx: Context) -> str:
    """Section 3: Table 1 beside ours, the probability arithmetic, Fig. 6 and its per-year lines."""
    lg = ctx.logit
    method = "Firth-penalised" if lg.method == "firth" else "maximum-likelihood"
    caption = (
        f"Table 1 side by side: logistic regression of code release ({method}), paper n = 94, ours n = "
        f"{lg.n}; {_years_fitted(lg)}. * p < 0.05, ** p < 0.01."
    )
    cols = [
        ("variable", "Variable", "text"),
        ("p_est", "Paper: estimate", "numtext"),
        ("p_se", "SE", "sig3"),
        ("p_p", "Pr(>|z|)", "p"),
        ("o_est", "Ours: estimate", "numtext"),
        ("o_se", "SE", "sig3"),
        ("o_p", "Pr(>|z|)", "p"),
    ]
    population = (
        "Only papers an annotator judged to present a new model are regressed, as in the study "
        "(its 94 of 565 sampled papers); unbiased only when the judged papers are a sample pushed with "
        "`verify push --sample`, which gives papers without a code link a task too."
        if ctx.params.code_release.population == "new_model"
        else "The study regressed only the 94 papers of its sample that present a new model; every "
        "paper is regressed here (answer the new-model question in the code tasks and set "
        "code_release.population: new_model to regress only those)."
    )
    filtered = (
        "A paper whose PDF the code-link extractor read without finding its own code link or a "
        f"checklist answer counts as not releasing code; a paper without a readable PDF is left out. {population}"
    )
    note = f'<p class="note">Rows: {escape(display(ctx.code_note))}. {filtered} {escape(lg.note)}</p>'
    if ctx.code_left_out is not None:
        left = [{"reason": reason, "n": n} for reason, n in ctx.code_left_out.items()]
        left.append({"reason": "regressed (Table 1's n)", "n": lg.n})
        note += table(left, [("reason", "Papers of the selection", "text"), ("n", "n", "int")],
                      caption="Why papers were left out of Table 1, by first reason")  # fmt: skip
    fit_cols = [
        ("year", "Year", "numtext"),
        ("n", "n", "int"),
        ("release_rate", "Release rate", "pct"),
        ("intercept", "Intercept", "sig3"),
        ("slope", "Slope", "sig3"),
        ("slope_se", "SE", "sig3"),
    ]
    fig_caption = (
        "Each dot is a paper (jittered); lines are per-year least-squares fits of code release on the "
        "fraction of authors from industry. The study's Fig. 6."
    )
    body = (
        table(_table1_rows(ctx), cols, caption=caption)
        + note
        + _arithmetic(ctx)
        + figure(
            ctx.figures["fig6_code_release"], "Figure 6: code release by industry share", fig_caption, "fig6"
        )
        + table(frame_rows(ctx.fits), fit_cols, caption="Per-year lines")
    )
    return section("code", "3  Code release and industry authorship (Table 1, Fig. 6)", body)


NOT_CONVERGED = "did not converge"


def _table1_rows(ctx: Context) -> list[dict[str, Any]]:
    """Table 1's rows, the paper's beside ours; a fit that did not converge says so on every row of ours."""
    paper = {r.variable: r for r in ctx.targets.table1.rows}
    ours = {str(r["variable"]): r for r in frame_rows(ctx.logit.table)} if len(ctx.logit.table) else {}
    failed = f" ({NOT_CONVERGED}: no result)" if ours and not ctx.logit.converged else ""
    rows = []
    for variable in [*paper, *(v for v in ours if v not in paper)]:
        p, o = paper.get(variable), ours.get(variable)
        rows.append(
            {
                "variable": p.label if p else str(o["label"]) if o else variable,
                "p_est": "" if p is None else fmt(p.estimate, "sig3") + _stars(p.p),
                "p_se": None if p is None else p.se,
                "p_p": None if p is None else p.p,
                "o_est": "—" if o is None else fmt(o["estimate"], "sig3") + str(o["stars"]) + failed,
                "o_se": None if o is None else o["se"],
                "o_p": None if o is None else o["p"],
            }
        )
    return rows


def _stars(p: float) -> str:
    return "**" if p < 0.01 else "*" if p < 0.05 else ""


def _arithmetic(ctx: Context) -> str:
    lg = ctx.logit
    paper_p1, paper_change = probability_change(PAPER_P0, PAPER_B)
    ours = "Not computable from this store."
    if lg.coef is not None and not lg.converged:
        ours = (
            f"The fit {NOT_CONVERGED} (b = {fmt(lg.coef, 'sig3')} is where the optimiser stopped, not an "
            "estimate): no odds ratio or change in probability is computed from it; see the Firth row of "
            "Section 4."
        )
    elif lg.coef is not None and lg.p_academic is not None and lg.abs_change is not None:
        ours = (
            f"b = {fmt(lg.coef, 'sig3')}, exp(b) = {fmt(lg.odds_ratio, 'sig3')}. All-academic papers released "
            f"code {fmt(lg.p_academic, 'pct2')} of the time (n = {ctx.academic_n:,}); their odds times exp(b) "
            f"give {fmt(lg.p_industry, 'pct2')}: {lg.abs_change * 100:.2f} points lower."
        )
    return (
        '<div class="box"><strong>The paper\'s arithmetic.</strong> exp(−1.52) = 0.219. 81.40% of '
        "all-academic teams release code: odds 0.814 / 0.186 = 4.38, times 0.219 = 0.958, back to a "
        f"probability {fmt(paper_p1, 'pct2')}: {paper_change * 100:.2f} points lower. The printed 32.45 "
        "points needs the unrounded coefficient (about −1.518).<br>"
        f"<strong>Ours.</strong> {escape(ours)}</div>"
    )


def _ci(low: Any, high: Any, kind: str) -> str:
    if fmt(low, kind) == "—" or fmt(high, kind) == "—":
        return "—"
    return f"{fmt(low, kind)} – {fmt(high, kind)}"


def sensitivity(ctx: Context) -> str:
    """Section 4: the two sensitivity tables (Fig. 2 and Table 1 variants)."""
    boot = ctx.params.sensitivity.bootstrap
    ci = f"{boot.ci:g}% CI"
    hw_rows = [
        {
            **r,
            "precision": "FP32" if r["precision"] == "fp32" else "Tensor",
            "industry": "Any author" if r["industry"] == "any" else "Majority",
            "mean": str(r["mean"]).capitalize(),
            "ratio_ci": _ci(r["ratio_ci_low"], r["ratio_ci_high"], "ratio"),
            "share_ci": _ci(r["share_ci_low"], r["share_ci_high"], "pct"),
        }
        for r in frame_rows(ctx.sens_hardware)
    ]
    hw_cols = [
        ("precision", "Precision", "text"),
        ("industry", "Industry team if", "text"),
        ("mean", "Mean", "text"),
        ("authors", "Author's org type from", "text"),
        ("labels", "Labels", "text"),
        ("ratio", "Ratio of means", "ratio"),
        ("ratio_ci", ci, "numtext"),
        ("share_above", "Above best academic", "pct"),
        ("share_ci", ci, "numtext"),
        ("n_academic", "n acad.", "int"),
        ("n_industry", "n ind.", "int"),
        ("note", "Note", "text"),
    ]
    code_rows = [
        {
            **r,
            "regressor": LABELS[str(r["regressor"])],
            "estimator": "Firth" if r["estimator"] == "firth" else "Plain MLE",
            "coef_ci": _ci(r["coef_ci_low"], r["coef_ci_high"], "sig3"),
        }
        for r in frame_rows(ctx.sens_code)
    ]
    code_cols = [
        ("regressor", "Industry measure", "text"),
        ("estimator", "Estimator", "text"),
        ("authors", "Author's org type from", "text"),
        ("population", "Papers regressed", "text"),
        ("labels", "Labels", "text"),
        ("coef", "b", "sig3"),
        ("coef_ci", ci, "numtext"),
        ("p", "p", "p"),
        ("odds_ratio", "exp(b)", "sig3"),
        ("abs_change", "Drop in P(release)", "pct2"),
        ("n", "n", "int"),
        ("note", "Note", "text"),
    ]
    note = (
        '<p class="note">Highlighted rows are the report\'s own settings. Tensor = FP16/BF16 tensor-core '
        f"peak. Intervals: percentile bootstrap with seed {boot.seed}; {boot.n:,} resamples of the set-ups "
        f"within each team; {ctx.params.sensitivity.logit_bootstrap_n:,} refits for b, their failures counted "
        "in the note and no interval shown when more than 10% failed. “Verified” rows use only values a person "
        "checked.</p>"
    )
    body = (
        table(hw_rows, hw_cols, caption="Fig. 2 headline figures under each choice", row_class="setting")
        + table(
            code_rows,
            code_cols,
            caption="Table 1's industry coefficient under each choice",
            row_class="setting",
        )
        + _bert_sensitivity(ctx)
        + note
    )
    return section("sensitivity", "4  Sensitivity to the study's choices", body)


def _bert_sensitivity(ctx: Context) -> str:
    """Fig. 5's share per year under the study's rubric and under "studies or uses"."""
    if ctx.sens_bert is None or ctx.sens_bert.empty:
        return ""
    years = sorted({int(y) for y in ctx.sens_bert["year"]})
    rows = []
    for name, part in ctx.sens_bert.groupby("definition", sort=False):
        row: dict[str, object] = {"definition": name, "setting": bool(part["setting"].iloc[0])}
        for r in frame_rows(part):
            n_bert = r["n_bert"]
            row[f"y{r['year']}"] = (
                "—" if n_bert is None else f"{fmt(r['share'], 'pct2')} ({n_bert} of {r['n_read']})"
            )
        rows.append(row)
    cols = [("definition", "A BERT paper", "text")] + [(f"y{y}", str(y), "numtext") for y in years]
    return table(rows, cols, caption="Fig. 5's share of papers read, per definition of a BERT paper",
                 row_class="setting")  # fmt: skip
