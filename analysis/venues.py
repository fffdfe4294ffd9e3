"""The report's figures for several venues side by side (``paperscope report --venue neurips,icml,iclr``).

Each venue gets the same analyses as the main report, under the same params with only the venue
changed (years, precision, sample size and seed stay): Fig. 2's headline, Fig. 5's shares, Table 1's
coefficient, and the three figures, each with its own n. The study measured NeurIPS only, so there is
no study figure beside ICML's or ICLR's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import bertology, code_release, figures, hardware
from analysis.params import Params
from analysis.sample import analysis_samples, select
from paperscope.errors import InputError

if TYPE_CHECKING:
    from analysis.code_release import LogitResult
    from analysis.hardware import HardwareHeadline
    from paperscope.store import Store

VENUES = ("neurips", "icml", "iclr")


def parse_venues(text: str) -> tuple[str, ...]:
    """``"neurips,icml"`` -> ("neurips", "icml"); an unknown or repeated venue is an InputError."""
    venues = tuple(v.strip().lower() for v in text.split(",") if v.strip())
    unknown = [v for v in venues if v not in VENUES]
    if not venues or unknown:
        raise InputError(f"--venue {text!r}: give one or more of {', '.join(VENUES)}, comma-separated")
    if len(set(venues)) != len(venues):
        raise InputError(f"--venue {text!r}: a venue is named twice")
    return venues


def for_venue(params: Params, venue: str) -> Params:
    """The params with every analysis moved to ``venue`` (nothing else changed)."""
    return params.model_copy(
        update={
            "hardware": params.hardware.model_copy(update={"venue": venue}),
            "bertology": params.bertology.model_copy(update={"venue": venue}),
            "code_release": params.code_release.model_copy(update={"venue": venue}),
        }
    )


@dataclass(frozen=True, slots=True)
class VenueFigures:
    """One venue's headline figures, their n and its three figures (PNG bytes)."""

    venue: str
    hw: HardwareHeadline
    hw_note: str
    bert: pd.DataFrame
    logit: LogitResult
    code_note: str
    pngs: dict[str, bytes]


def venue_figures(store: Store, papers: pd.DataFrame, params: Params, work_dir: Path) -> VenueFigures:
    """Fig. 2, Fig. 5 and Table 1 for the venue of ``params`` (its recorded samples, as the main report)."""
    (hw_keys, hw_note), (code_keys, code_note) = analysis_samples(store, params, work_dir)
    hp, cp = params.hardware, params.code_release
    hw_papers = select(papers, hp.venue, [hp.year], hw_keys)
    hw = hardware.headline(hw_papers, hp)
    setups = hardware.setups(hw_papers, hp.precision, hp.industry_definition)
    bert = bertology.by_year(papers, params.bertology)
    frame = code_release.code_frame(select(papers, cp.venue, cp.years, code_keys), cp)
    logit = code_release.fit(frame, cp)
    fits = code_release.yearly_fits(frame, cp.years)
    pngs = {
        f"fig2_hardware_{hp.venue}": figures.render(hardware.figure(setups, hw, hp)),
        f"fig5_bertology_{hp.venue}": figures.render(bertology.figure(bert, params.bertology)),
        f"fig6_code_release_{hp.venue}": figures.render(code_release.figure(frame, fits, cp, hp.jitter_seed)),
    }
    return VenueFigures(hp.venue, hw, hw_note, bert, logit, code_note, pngs)


def venues_frame(results: list[VenueFigures], params: Params) -> pd.DataFrame:
    """Long-form table of the side-by-side figures: venue, figure, quantity, value, n."""
    hp = params.hardware
    rows: list[dict[str, object]] = []
    for r in results:
        fig2 = f"Fig. 2 ({hp.year})"
        rows += [
            {"venue": r.venue, "figure": fig2, "quantity": "papers selected", "value": r.hw.n_sampled,
             "n": r.hw.n_sampled},
            {"venue": r.venue, "figure": fig2, "quantity": "set-ups academic", "value": r.hw.n_academic,
             "n": r.hw.n_academic},
            {"venue": r.venue, "figure": fig2, "quantity": "set-ups industry-involved", "value": r.hw.n_industry,
             "n": r.hw.n_industry},
            {"venue": r.venue, "figure": fig2, "quantity": "ratio of means", "value": r.hw.ratio_of_means,
             "n": r.hw.n_academic + r.hw.n_industry},
            {"venue": r.venue, "figure": fig2, "quantity": "industry set-ups above the best academic",
             "value": r.hw.share_above_best_academic, "n": r.hw.n_industry},
        ]  # fmt: skip
        for year in r.bert.to_dict("records"):
            rows.append({"venue": r.venue, "figure": "Fig. 5", "quantity": f"share {year['year']}",
                         "value": year["share"], "n": year["n_read"]})  # fmt: skip
        coef = r.logit.coef if r.logit.converged else None  # a fit that did not converge gives no result
        rows.append({"venue": r.venue, "figure": "Table 1", "quantity": "industry coefficient b",
                     "value": coef, "n": r.logit.n})  # fmt: skip
    frame = pd.DataFrame(rows, columns=["venue", "figure", "quantity", "value", "n"])
    return frame.astype({"value": "Float64", "n": "Int64"})
