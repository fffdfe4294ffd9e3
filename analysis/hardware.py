"""The study's Fig. 2: peak FLOP/s of each paper's hardware set-up, industry-involved vs academic teams.

Headline figures (Section 1 of the study): the ratio of the teams' mean peak FLOP/s (about 5x), the
share of industry set-ups above the best academic one (about 30%), and papers with a reported
set-up out of those sampled (109 of 519).

Every reported set-up counts as "with hardware"; the figure and the means need a peak under the
chosen precision policy, so reported set-ups without one (TPU v3-v5 have no FP32 figure in
``data/hardware/chips.csv``) are left out of them and counted per team. Set-ups of papers without a
topic label are drawn as "unknown topic", never as "other".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from analysis import figures
from analysis.params import HardwareParams, IndustryDefinition, Precision

TOPICS = ("nlp_speech", "vision", "other")
UNKNOWN_TOPIC = "unknown"
TEAMS = ("academic", "industry")


@dataclass(frozen=True, slots=True)
class HardwareHeadline:
    """Fig. 2's numbers for one selection of papers and one set of choices."""

    n_sampled: int
    n_with_hardware: int  # papers whose set-up is reported, with or without a peak
    n_academic: int  # set-ups in the figure (reported, a peak under the policy, a team)
    n_industry: int
    n_no_peak_academic: int  # reported set-ups of a team left out: no peak under the policy
    n_no_peak_industry: int
    mean_academic: float | None
    mean_industry: float | None
    ratio_of_means: float | None
    best_academic: float | None
    share_above_best_academic: float | None
    verified_share: float | None
    n_no_team: int = 0  # reported set-ups left out: no author's organisation type known, so no team


def setups(papers: pd.DataFrame, precision: Precision, industry: IndustryDefinition) -> pd.DataFrame:
    """One row per paper with a reported set-up and a peak: paper_key, team, topic, peak_flops, verified.

    ``peak_flops`` is the whole set-up's peak FLOP/s under ``precision``; ``team`` is industry when the
    paper has any (or, for ``majority``, a majority of) industry authors, else academic; papers whose
    authors' organisations are all unknown have no team and are left out. ``topic`` is ``unknown``
    for papers without a topic label.
    """
    flag = papers["any_industry" if industry == "any" else "majority_industry"]
    peak = papers[f"peak_flops_{precision}"]
    keep = ((papers["hardware_status"] == "reported") & peak.notna() & (peak > 0) & flag.notna()).fillna(
        False
    )
    rows = papers.loc[keep.astype(bool)]
    verified = (
        rows["hardware_verified"].fillna(False)
        & rows["affiliation_verified"].fillna(False)
        & rows["topic_verified"].fillna(False)
    )
    return pd.DataFrame(
        {
            "paper_key": rows["paper_key"].astype(str),
            "team": np.where(flag[rows.index].astype(bool), "industry", "academic"),
            "topic": rows["topic"].astype("object").where(rows["topic"].notna(), UNKNOWN_TOPIC).astype(str),
            "peak_flops": rows[f"peak_flops_{precision}"].astype(float),
            "verified": verified.astype(bool),
        }
    ).reset_index(drop=True)


def no_peak(papers: pd.DataFrame, precision: Precision, industry: IndustryDefinition) -> dict[str, int]:
    """Reported set-ups of each team left out of the figure because they have no peak under ``precision``."""
    flag = papers["any_industry" if industry == "any" else "majority_industry"]
    peak = papers[f"peak_flops_{precision}"]
    missing = ((papers["hardware_status"] == "reported") & ~(peak > 0).fillna(False) & flag.notna()).fillna(
        False
    )
    teams = flag[missing.astype(bool)].astype(bool)
    return {"academic": int((~teams).sum()), "industry": int(teams.sum())}


def team_mean(values: NDArray[np.float64], kind: str) -> float | None:
    """Arithmetic or geometric mean of positive values; None when there are none."""
    if values.size == 0:
        return None
    return float(np.exp(np.mean(np.log(values)))) if kind == "geometric" else float(np.mean(values))


def ratio_and_share(
    academic: NDArray[np.float64], industry: NDArray[np.float64], mean: str
) -> tuple[float | None, float | None]:
    """(industry mean / academic mean, share of industry set-ups above the best academic one)."""
    if academic.size == 0 or industry.size == 0:
        return None, None
    mean_a, mean_i = team_mean(academic, mean), team_mean(industry, mean)
    ratio = None if not mean_a or mean_i is None else mean_i / mean_a
    return ratio, float(np.mean(industry > academic.max()))


def headline(papers: pd.DataFrame, params: HardwareParams) -> HardwareHeadline:
    """Fig. 2's headline numbers for the selected papers (already restricted to venue, year, sample)."""
    table = setups(papers, params.precision, params.industry_definition)
    academic = table.loc[table["team"] == "academic", "peak_flops"].to_numpy()
    industry = table.loc[table["team"] == "industry", "peak_flops"].to_numpy()
    ratio, share = ratio_and_share(academic, industry, params.mean)
    left_out = no_peak(papers, params.precision, params.industry_definition)
    flag = papers["any_industry" if params.industry_definition == "any" else "majority_industry"]
    no_team = ((papers["hardware_status"] == "reported").fillna(False) & flag.isna()).astype(bool)
    return HardwareHeadline(
        n_sampled=len(papers),
        n_with_hardware=int((papers["hardware_status"] == "reported").fillna(False).sum()),
        n_academic=int(academic.size),
        n_industry=int(industry.size),
        n_no_peak_academic=left_out["academic"],
        n_no_peak_industry=left_out["industry"],
        mean_academic=team_mean(academic, params.mean),
        mean_industry=team_mean(industry, params.mean),
        ratio_of_means=ratio,
        best_academic=float(academic.max()) if academic.size else None,
        share_above_best_academic=share,
        verified_share=float(table["verified"].mean()) if len(table) else None,
        n_no_team=int(no_team.sum()),
    )


def topics(table: pd.DataFrame) -> tuple[str, ...]:
    """The study's three topics, and ``unknown`` when some set-ups have no topic label."""
    return (*TOPICS, UNKNOWN_TOPIC) if (table["topic"] == UNKNOWN_TOPIC).any() else TOPICS


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Set-ups per topic and team: n, mean, median and max peak FLOP/s (every topic and team listed)."""
    rows = []
    for topic in topics(table):
        for team in TEAMS:
            values = table.loc[(table["topic"] == topic) & (table["team"] == team), "peak_flops"]
            rows.append(
                {
                    "topic": topic,
                    "team": team,
                    "n": len(values),
                    "mean_flops": values.mean() if len(values) else None,
                    "median_flops": values.median() if len(values) else None,
                    "max_flops": values.max() if len(values) else None,
                }
            )
    return pd.DataFrame(rows).astype(
        {"n": "Int64", "mean_flops": "Float64", "median_flops": "Float64", "max_flops": "Float64"}
    )


def figure(table: pd.DataFrame, result: HardwareHeadline, params: HardwareParams) -> Figure:
    """Fig. 2: one panel per topic, a dot per set-up (log FLOP/s), dashed lines at each team's mean."""
    rng = np.random.default_rng(params.jitter_seed)
    precision = "FP32" if params.precision == "fp32" else "tensor FP16/BF16"
    with figures.style():
        panels = topics(table)
        fig = figures.new_figure(8.6, 1.8 * len(panels))
        axes = fig.subplots(len(panels), 1, sharex=True)
        fig.suptitle(
            f"Peak FLOP/s of reported hardware set-ups, {figures.venue_name(params.venue)} {params.year} ({precision})",
            x=0.01,
            ha="left",
            fontweight="bold",
        )
        if table.empty:
            figures.empty_note(axes[0], "No reported hardware set-ups in this selection")
        for ax, topic in zip(axes, panels, strict=True):
            _panel(ax, table[table["topic"] == topic], topic, rng)
            for team, value in (("academic", result.mean_academic), ("industry", result.mean_industry)):
                if value is not None:
                    ax.axvline(value, color=figures.TEAM_COLORS[team], linestyle="--", linewidth=1.2)
        if not table.empty:
            from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

            axes[-1].set_xscale("log")
            # 1-2-5 ticks over a narrow range; decades only over a wide one (a whole conference spans
            # 5 TFLOP/s to 10 PFLOP/s, whose 1-2-5 labels overlap)
            peaks = table["peak_flops"].to_numpy(float)
            decades = float(np.log10(peaks.max() / peaks.min())) if peaks.size and peaks.min() > 0 else 0.0
            subs = (1.0, 2.0, 5.0) if decades <= 1.5 else (1.0,) if decades <= 4 else None
            axes[-1].xaxis.set_major_locator(
                LogLocator(base=10, subs=subs, numticks=8 if subs is None else 15)
            )
            axes[-1].xaxis.set_major_formatter(FuncFormatter(figures.flops_label))
            axes[-1].xaxis.set_minor_formatter(NullFormatter())
            axes[-1].set_xlabel("Peak theoretical performance of the set-up (FLOP/s, log scale)")
        mean_word = "geometric mean" if params.mean == "geometric" else "mean"
        handles = [
            Line2D(
                [],
                [],
                color=figures.TEAM_COLORS[t],
                marker="o",
                linestyle="--",
                label=f"{figures.TEAM_LABELS[t]} ({mean_word} dashed)",
            )
            for t in TEAMS
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=2)
    return fig


def _panel(ax: object, rows: pd.DataFrame, topic: str, rng: np.random.Generator) -> None:
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError("expected a matplotlib Axes")
    for y, team in enumerate(TEAMS):
        values = rows.loc[rows["team"] == team, "peak_flops"].to_numpy()
        jitter = rng.uniform(-0.18, 0.18, size=values.size)
        ax.scatter(
            values,
            np.full(values.size, y) + jitter,
            s=22,
            alpha=0.75,
            color=figures.TEAM_COLORS[team],
            edgecolors="white",
            linewidths=0.4,
            zorder=3,
        )
        ax.text(
            1.005,
            y,
            f"n={values.size}",
            transform=ax.get_yaxis_transform(),
            va="center",
            fontsize=8,
            color=figures.MUTED,
        )
    ax.set_yticks([0, 1], ["Academic", "Industry"])
    ax.set_ylim(-0.6, 1.6)
    ax.grid(axis="y", visible=False)
    ax.set_title(figures.TOPIC_LABELS[topic], fontsize=9.5)
