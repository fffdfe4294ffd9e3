"""The paper's numbers beside ours: one row per published number, with the n and verified share behind ours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis import bertology
from analysis.code_release import LogitResult
from analysis.hardware import HardwareHeadline
from analysis.params import Targets

# key -> (what it is, number format)
QUANTITIES: dict[str, tuple[str, str]] = {
    "hardware.ratio_of_means": ("Fig. 2: mean peak FLOP/s, industry / academic", "ratio"),
    "hardware.share_above_best_academic": ("Fig. 2: industry set-ups above the best academic one", "pct"),
    "hardware.n_with_hardware": ("Fig. 2: papers with a reported hardware set-up", "int"),
    "hardware.n_sampled": ("Fig. 2: papers sampled", "int"),
    "bertology.count_2021": ("Fig. 5: papers studying or using BERT, 2021", "int"),
    "bertology.share_2021": ("Fig. 5: share of the papers read, 2021", "pct"),
    "bertology.growth_2019_2021": ("Fig. 5: growth of the count, 2019 to 2021", "ratio"),
    "code_release.coef": ("Table 1: coefficient of the industry share", "sig3"),
    "code_release.se": ("Table 1: its standard error", "sig3"),
    "code_release.p": ("Table 1: its p-value", "p"),
    "code_release.n": ("Table 1: papers in the regression", "int"),
    "code_release.odds_ratio": ("Odds ratio exp(b), all-industry vs all-academic", "sig3"),
    "code_release.p_academic": ("P(release) of all-academic papers (observed)", "pct2"),
    "code_release.abs_change": ("Absolute drop in P(release), 0% → 100% industry", "pct2"),
    "code_release.mean_frac_industry": ("Mean industry share of authors", "pct"),
    "code_release.release_rate": ("Share of papers releasing code", "pct"),
    "code_release.share_negative_year_slopes": ("Fig. 6: years whose line slopes down", "pct"),
}


@dataclass(frozen=True, slots=True)
class Ours:
    """Our value for one published number, the n behind it and the share of those rows verified."""

    value: float | None
    n: int | None
    verified_share: float | None
    flag: str = ""  # why there is no value to compare although there are rows (a fit that failed)


def ours(
    hw: HardwareHeadline, bert: pd.DataFrame, logit: LogitResult, fits: pd.DataFrame, academic_n: int
) -> dict[str, Ours]:
    """Our number for every key of :data:`QUANTITIES`."""
    by_year = {int(r["year"]): r for r in bert.to_dict("records")}
    y2021 = by_year.get(2021, {})
    slopes = fits["slope"].dropna()
    hv, lv = hw.verified_share, logit.verified_share
    bert_n = None if not y2021 else int(y2021["n_read"])
    mine = {
        "hardware.ratio_of_means": Ours(hw.ratio_of_means, hw.n_academic + hw.n_industry, hv),
        "hardware.share_above_best_academic": Ours(hw.share_above_best_academic, hw.n_industry, hv),
        "hardware.n_with_hardware": Ours(hw.n_with_hardware, hw.n_sampled, hv),
        "hardware.n_sampled": Ours(hw.n_sampled, hw.n_sampled, None),
        "bertology.count_2021": Ours(_get(y2021, "n_bert"), bert_n, _get(y2021, "verified_share")),
        "bertology.share_2021": Ours(_get(y2021, "share"), bert_n, _get(y2021, "verified_share")),
        "bertology.growth_2019_2021": Ours(bertology.growth(bert, 2019, 2021), None, None),
        "code_release.coef": Ours(logit.coef, logit.n, lv),
        "code_release.se": Ours(logit.se, logit.n, lv),
        "code_release.p": Ours(logit.p, logit.n, lv),
        "code_release.n": Ours(logit.n, logit.n, lv),
        "code_release.odds_ratio": Ours(logit.odds_ratio, logit.n, lv),
        "code_release.p_academic": Ours(logit.p_academic, academic_n, lv),
        "code_release.abs_change": Ours(logit.abs_change, logit.n, lv),
        "code_release.mean_frac_industry": Ours(logit.mean_frac_industry, logit.n, lv),
        "code_release.release_rate": Ours(logit.release_rate, logit.n, lv),
        "code_release.share_negative_year_slopes": Ours(
            float((slopes < 0).mean()) if len(slopes) else None, len(slopes), lv
        ),
    }
    if logit.n and not logit.converged:  # a fit that failed gives no estimate to set beside the paper's
        flag = "did not converge"
        for key in FROM_THE_FIT:
            mine[key] = Ours(None, logit.n, lv, flag)
    return mine


FROM_THE_FIT = (
    "code_release.coef",
    "code_release.se",
    "code_release.p",
    "code_release.odds_ratio",
    "code_release.abs_change",
)


def _get(row: dict[Any, Any], key: str) -> Any:
    value = row.get(key)
    return None if value is None or value is pd.NA else value


def comparison_rows(targets: Targets, mine: dict[str, Ours]) -> list[dict[str, Any]]:
    """Rows for the side-by-side table: quantity, paper (value, where), ours, difference, n, verified."""
    rows = []
    for key, (label, kind) in QUANTITIES.items():
        target = targets.numbers.get(key)
        our = mine.get(key, Ours(None, None, None))
        paper = None if target is None else target.value
        diff = None if paper is None or our.value is None else float(our.value) - paper
        rows.append(
            {
                "key": key,
                "quantity": label,
                "kind": kind,
                "paper": paper,
                "approx": bool(target and target.approx),
                "where": "" if target is None else target.where,
                "ours": our.value,
                "difference": diff,
                "n": our.n,
                "verified_share": our.verified_share,
                "flag": our.flag,
            }
        )
    return rows
