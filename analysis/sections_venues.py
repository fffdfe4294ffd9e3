"""The report's "Venues side by side" section (``paperscope report --venue neurips,icml,iclr``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.render import display, figure, fmt, section, table

if TYPE_CHECKING:
    from analysis.sections import Context
    from analysis.venues import VenueFigures


def venues(ctx: Context) -> str:
    """Each venue's Fig. 2, Fig. 5 and Table 1 figures in one table, each with its n, then their figures."""
    results = ctx.venues or []
    if len(results) < 2:
        return ""
    hp, bp = ctx.params.hardware, ctx.params.bertology
    rows: list[dict[str, Any]] = [
        _row(f"Fig. 2 {hp.year}: papers selected", results, lambda r: fmt(r.hw.n_sampled, "int")),
        _row("… set-ups academic / industry-involved", results,
             lambda r: f"{fmt(r.hw.n_academic, 'int')} / {fmt(r.hw.n_industry, 'int')}"),
        _row("… ratio of means", results, lambda r: fmt(r.hw.ratio_of_means, "ratio")),
        _row("… industry set-ups above the best academic", results,
             lambda r: fmt(r.hw.share_above_best_academic, "pct")),
    ]  # fmt: skip
    rows += [
        _row(f"Fig. 5 {year}: share ({' or '.join(bp.roles)} BERT) of papers read", results,
             lambda r, y=year: _bert_cell(r, y))
        for year in bp.years
    ]  # fmt: skip
    rows.append(_row("Table 1: industry coefficient b (n)", results, _coef_cell))
    cols = [("quantity", "Quantity", "text")] + [(r.venue, display(r.venue), "numtext") for r in results]
    note = (
        '<p class="note">The same analyses and parameters for each venue, only the venue changed; each '
        "cell's n is its own. The study measured NeurIPS only: there is no study figure for ICML or ICLR. "
        "Samples: " + "; ".join(f"{display(r.venue)}: {display(r.hw_note)}" for r in results) + ".</p>"
    )
    grid = "".join(
        figure(png, f"{name} ({display(r.venue)})", f"{display(r.venue)}: {_caption(name)}", name)
        for r in results
        for name, png in r.pngs.items()
    )
    body = table(rows, cols, caption="Venues side by side") + note + grid
    return section("venues", "Venues side by side", body)


_FIGURES = {
    "fig2_hardware": "Fig. 2, peak FLOP/s by team and topic",
    "fig5_bertology": "Fig. 5, BERT papers per year",
    "fig6_code_release": "Fig. 6, code release by industry share",
}


def _caption(name: str) -> str:
    return _FIGURES[name.rsplit("_", 1)[0]]


def _row(quantity: str, results: list[VenueFigures], cell: Any) -> dict[str, Any]:
    return {"quantity": quantity, **{r.venue: cell(r) for r in results}}


def _bert_cell(r: VenueFigures, year: int) -> str:
    found = r.bert[r.bert["year"] == year]
    if found.empty or found["n_bert"].isna().all():
        return "— (no paper read)"
    row = found.iloc[0]
    return f"{fmt(row['share'], 'pct2')} ({int(row['n_bert'])} of {int(row['n_read'])})"


def _coef_cell(r: VenueFigures) -> str:
    if r.logit.coef is None:
        return f"— (n = {r.logit.n})"
    if not r.logit.converged:
        return f"did not converge: no result (n = {r.logit.n})"
    return f"{fmt(r.logit.coef, 'sig3')} (n = {r.logit.n})"
