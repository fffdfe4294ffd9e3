"""The study's Fig. 5: papers per year that study BERT, RoBERTa or DistilBERT (count and share).

The study's Methods rubric counts a paper when it studies BERT: adapts or augments its architecture or
technique, investigates an aspect of it, or studies how its performance changes with its input. Using
BERT as a baseline, or among many models, does not count; "studies or uses" is a sensitivity row
(:func:`analysis.sensitivity.bertology_table`). ``params.roles`` says which roles count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis import figures
from analysis.params import BertologyParams


def by_year(papers: pd.DataFrame, params: BertologyParams) -> pd.DataFrame:
    """Papers per year whose BERT role is in ``params.roles``, as counts and shares of the papers read.

    Columns: year, n_papers (all of the venue's papers in the store), n_read (papers the ``bert``
    extractor read, or with a BERT value; the denominator), n_bert (role in ``params.roles``), share
    (n_bert / n_read), verified_share (of the n_bert papers, how many a person verified). A read paper
    without a BERT label does not count; a paper without a PDF read is not counted at all,
    and a year without any paper read has no count or share (NA), never 0.
    """
    rows = []
    venue = papers[papers["venue"] == params.venue]
    for year in params.years:
        in_year = venue[venue["year"] == year]
        read = in_year["bert_extracted"].fillna(False).astype(bool) | in_year["bert_role"].notna()
        counted = in_year[in_year["bert_role"].isin(list(params.roles)).fillna(False).astype(bool)]
        n_read = int(read.sum())
        rows.append(
            {
                "year": year,
                "n_papers": len(in_year),
                "n_read": n_read,
                "n_bert": len(counted) if n_read else None,  # a year with no paper read is a gap, not a zero
                "share": len(counted) / n_read if n_read else None,
                "verified_share": float(counted["bert_verified"].fillna(False).mean())
                if len(counted)
                else None,
            }
        )
    return pd.DataFrame(rows).astype(
        {
            "year": "Int64",
            "n_papers": "Int64",
            "n_read": "Int64",
            "n_bert": "Int64",
            "share": "Float64",
            "verified_share": "Float64",
        }
    )


def growth(table: pd.DataFrame, start: int, end: int) -> float | None:
    """n_bert in ``end`` / n_bert in ``start`` (None if either year is absent or the start is zero)."""
    counts = {int(y): int(n) for y, n in zip(table["year"], table["n_bert"], strict=True) if not pd.isna(n)}
    if not counts.get(start) or end not in counts:
        return None
    return counts[end] / counts[start]


_VERBS = {"studies": "study", "uses": "use", "cites_only": "only cite"}


def figure(table: pd.DataFrame, params: BertologyParams) -> Figure:
    """Fig. 5: bars of the count per year, a line of the share on a second axis."""
    with figures.style():
        fig = figures.new_figure(8.6, 3.4)
        ax = fig.subplots()
        fig.suptitle(
            f"{figures.venue_name(params.venue)} papers that {' or '.join(_VERBS[r] for r in params.roles)} "
            "BERT, RoBERTa or DistilBERT",
            x=0.01,
            ha="left",
            fontweight="bold",
        )
        years = table["year"].astype(int).to_numpy()
        read = table["n_bert"].notna().to_numpy()
        counts = table["n_bert"].astype(float).to_numpy()  # NaN: no paper of that year read
        bars = ax.bar(
            years[read],
            counts[read],
            width=0.6,
            color=figures.TEAM_COLORS["academic"],
            label="Papers (count)",
        )
        ax.bar_label(bars, padding=2, fontsize=8.5)
        for year in years[~read]:  # a gap, said as one: not a zero
            ax.text(
                year,
                0,
                "not read",
                ha="center",
                va="bottom",
                fontsize=8,
                color="#5f6b76",
                rotation=90,
                clip_on=True,
            )
        ax.set_ylabel("Papers")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xticks(years, [str(y) for y in years])
        ax.grid(axis="x", visible=False)
        ax.set_ylim(0, max(1, int(counts[read].max()) if read.any() else 1) * 1.18)
        share_ax = ax.twinx()
        share = table["share"].astype(float).to_numpy() * 100  # NaN breaks the line: no point, no zero
        share_ax.plot(
            years, share, color=figures.TEAM_COLORS["industry"], marker="o", label="Share of papers read"
        )
        share_ax.set_ylabel("Share of papers read (%)")
        share_ax.set_ylim(0, max(1.0, float(np.nanmax(share)) if read.any() else 1.0) * 1.25)
        share_ax.grid(visible=False)
        share_ax.spines["right"].set_visible(True)
        lines = share_ax.get_lines()
        ax.legend(
            [bars, *lines], ["Papers (count)", *(str(line.get_label()) for line in lines)], loc="upper left"
        )
    return fig
