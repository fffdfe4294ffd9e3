"""``paperscope report``: every figure and table from the store, the paper's numbers beside ours.

:func:`build` computes everything from a store and a params file and returns the HTML (figures
embedded as data URIs), the tables and the figure bytes; :func:`write` saves them. Nothing depends
on the clock: the same store and params give byte-identical output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis import (
    bertology,
    code_release,
    compare,
    figures,
    hardware,
    metadata,
    sections,
    sensitivity,
    tables,
    whole_conference,
)
from analysis.compute import china_breakdown, paper_compute
from analysis.params import CodeReleaseParams, Params, Targets
from analysis.sample import analysis_samples, select
from analysis.venues import for_venue, venue_figures, venues_frame
from paperscope.records import Label
from paperscope.runlock import running_owner
from paperscope.settings import Settings
from paperscope.store import Store
from paperscope.verified import Effective, Slot

FLOAT_FORMAT = "%.6g"
HARDWARE_PAPER_COLUMNS = [  # the papers behind Fig. 2's numbers (the sample, when one is used)
    "paper_key",
    "hardware_status",
    "chip",
    "chip_count",
    "peak_flops_fp32",
    "peak_flops_tensor",
    "any_industry",
    "majority_industry",
    "topic",
]


@dataclass(frozen=True, slots=True)
class Report:
    """The finished report: HTML text, named tables and named PNG figures."""

    html: str
    tables: dict[str, pd.DataFrame]
    figures: dict[str, bytes]


def build(
    store: Store,
    params: Params,
    targets: Targets,
    work_dir: Path,
    sample_file: Path | None = None,
    venues: Sequence[str] = (),
) -> Report:
    """Compute every figure and table of the report from ``store`` under ``params``.

    ``sample_file`` (written by ``paperscope sample``) chooses the sampled papers instead of the
    params' sample, for the analyses of its venue and year (:func:`analysis.sample.analysis_samples`).
    ``venues``: the report's sections are for the first (instead of the params' venue); with more
    than one, a section sets every venue's figures side by side (:mod:`analysis.venues`).
    """
    if venues:
        params = for_venue(params, venues[0])
    loaded = tables.load_effective(store)
    papers = tables.paper_values(store, loaded=loaded)
    verified = tables.verified_only(papers)
    (hw_keys, hw_note), (code_keys, code_note) = analysis_samples(store, params, work_dir, sample_file)

    hp = params.hardware
    hw_papers = select(papers, hp.venue, [hp.year], hw_keys)
    hw = hardware.headline(hw_papers, hp)
    hw_setups = hardware.setups(hw_papers, hp.precision, hp.industry_definition)
    everyone = select(papers, hp.venue, [hp.year])
    hw_whole = hardware.headline(everyone, hp) if len(everyone) > len(hw_papers) else None  # both populations

    bert = bertology.by_year(papers, params.bertology)

    cp = params.code_release
    code_selected = select(papers, cp.venue, cp.years, code_keys)
    code_frame = code_release.code_frame(code_selected, cp)
    code_left_out = code_release.left_out(code_selected, cp)
    logit = code_release.fit(code_frame, cp)
    fits = code_release.yearly_fits(code_frame, cp.years)

    sel = sensitivity.Selections(
        hardware_all=hw_papers,
        hardware_verified=select(verified, hp.venue, [hp.year], hw_keys),
        code_all=code_frame,
        code_verified=code_release.code_frame(select(verified, cp.venue, cp.years, code_keys), cp),
        authors={
            rule: (
                select(frame, hp.venue, [hp.year], hw_keys),
                code_release.code_frame(select(frame, cp.venue, cp.years, code_keys), cp),
            )
            for rule, frame in _author_rules(store, papers, loaded).items()
        },
        other_population=_other_population(code_selected, cp),
    )
    sens_hw, sens_code = sensitivity.sensitivity_tables(sel, params)
    sens_bert = sensitivity.bertology_table(papers, params.bertology)
    academic_n = int((code_frame["frac_industry"] == 0).sum())
    comparison = compare.comparison_rows(targets, compare.ours(hw, bert, logit, fits, academic_n))

    pngs = {
        "fig2_hardware": figures.render(hardware.figure(hw_setups, hw, hp)),
        "fig5_bertology": figures.render(bertology.figure(bert, params.bertology)),
        "fig6_code_release": figures.render(code_release.figure(code_frame, fits, cp, hp.jitter_seed)),
    }
    side_by_side = (
        [venue_figures(store, papers, for_venue(params, v), work_dir) for v in venues]
        if len(venues) > 1
        else []
    )
    for result in side_by_side:
        pngs.update(result.pngs)
    conferences = metadata.metadata_figures(store)
    whole = whole_conference.whole_conference(store, work_dir, hp.precision)
    compute = paper_compute(store, papers=papers)
    china = china_breakdown(papers, compute)
    frames = {
        "papers": papers,
        "metadata_conferences": conferences,
        "whole_conference": whole,
        "training_compute": compute,
        "china_breakdown": china,
        "comparison": pd.DataFrame(comparison).drop(columns="kind"),
        "hardware_papers": hw_papers[HARDWARE_PAPER_COLUMNS],
        "hardware_setups": hw_setups,
        "hardware_summary": hardware.summary(hw_setups),
        "bertology": bert,
        "table1": logit.table,
        "yearly_fits": fits,
        "sensitivity_hardware": sens_hw,
        "sensitivity_code_release": sens_code,
        "sensitivity_bertology": sens_bert,
        **({"venues": venues_frame(side_by_side, params)} if side_by_side else {}),
    }
    context = sections.Context(
        params=params,
        targets=targets,
        store_summary=sections.store_summary(
            store,
            papers,
            running_owner(Settings(work_dir=work_dir).extract_marker),
            demo=Settings(work_dir=work_dir).demo_marker.exists(),
        ),
        comparison=comparison,
        hw=hw,
        hw_note=hw_note,
        hw_summary=frames["hardware_summary"],
        bert=bert,
        logit=logit,
        code_note=code_note,
        academic_n=academic_n,
        fits=fits,
        sens_hardware=sens_hw,
        sens_code=sens_code,
        sens_bert=sens_bert,
        hw_whole=hw_whole,
        code_left_out=code_left_out,
        venues=side_by_side or None,
        figures=pngs,
        conferences=conferences,
        whole=whole,
        compute=compute,
        china=china,
    )
    return Report(html=sections.document(context), tables=frames, figures=pngs)


def _other_population(selected: pd.DataFrame, cp: CodeReleaseParams) -> tuple[str, pd.DataFrame]:
    """Table 1's rows under the population the params do not use (the study's: new-model papers only)."""
    from analysis.sensitivity import POPULATIONS

    other: Literal["all", "new_model"] = "new_model" if cp.population == "all" else "all"
    return POPULATIONS[other], code_release.code_frame(selected, cp.model_copy(update={"population": other}))


def _author_rules(
    store: Store, papers: pd.DataFrame, loaded: tuple[list[Label], dict[Slot, Effective]]
) -> dict[str, pd.DataFrame]:
    """The papers under each other rule for an author's org type (the sensitivity rows).

    Metadata (paper lists, profiles) deciding before the PDF, when the store holds any, and
    authors of unknown type counted as non-industry.
    """
    from analysis.affiliations import METADATA, PDF, VERIFIED

    rules = {"unknown authors as non-industry": tables.unknown_as_non_industry(papers)}
    listed = store.query(
        "SELECT 1 FROM labels WHERE kind = 'affiliation' AND producer NOT IN ('affiliations', 'placeholder') LIMIT 1"
    )
    if listed:  # metadata affiliations (paper lists, profiles) exist: let them decide first
        rules["verified > paper list/profile > PDF"] = tables.paper_values(
            store, affiliation_order=(VERIFIED, METADATA, PDF), loaded=loaded
        )
    return rules


def write(report: Report, out: Path) -> list[Path]:
    """Write the HTML to ``out`` and its tables (CSV) and figures (PNG) to ``<out stem>_files/``."""
    files = out.parent / f"{out.stem}_files"
    (files / "tables").mkdir(parents=True, exist_ok=True)
    (files / "figures").mkdir(parents=True, exist_ok=True)
    out.write_text(report.html, encoding="utf-8")
    written = [out]
    for name, frame in report.tables.items():
        path = files / "tables" / f"{name}.csv"
        frame.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        written.append(path)
    for name, data in report.figures.items():
        path = files / "figures" / f"{name}.png"
        path.write_bytes(data)
        written.append(path)
    return written


__all__ = ["Report", "build", "write"]
