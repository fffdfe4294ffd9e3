"""The report's sections as HTML, from computed results (no computing and no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import pandas as pd

from analysis import figures as fig_style
from analysis import sections_regression as regression
from analysis.code_release import LogitResult
from analysis.hardware import HardwareHeadline
from analysis.params import Params, Targets
from analysis.render import display, figure, fmt, frame_rows, page, section, table
from analysis.sections_venues import venues
from analysis.venues import VenueFigures
from analysis.whole_conference import MIN_VERIFIED
from paperscope import __version__
from paperscope.status import label_totals
from paperscope.store import Store

FIELDS = ("affiliation", "topic", "hardware", "bert", "code")
DIFF_KIND = {"pct": "points", "pct2": "points", "ratio": "signed", "sig3": "signed", "int": "signed_int"}


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a report section shows."""

    params: Params
    targets: Targets
    store_summary: dict[str, Any]
    comparison: list[dict[str, Any]]
    hw: HardwareHeadline
    hw_note: str
    hw_summary: pd.DataFrame
    bert: pd.DataFrame
    logit: LogitResult
    code_note: str
    academic_n: int
    fits: pd.DataFrame
    sens_hardware: pd.DataFrame
    sens_code: pd.DataFrame
    figures: dict[str, bytes]
    conferences: pd.DataFrame  # whole-conference figures from paper-list metadata (analysis.metadata)
    whole: pd.DataFrame  # machine labels corrected by a verified random sample (analysis.whole_conference)
    compute: pd.DataFrame | None = None  # training compute per paper, Epoch's two methods (analysis.compute)
    china: pd.DataFrame | None = None  # set-ups and compute by an author at an organisation in China
    sens_bert: pd.DataFrame | None = None  # Fig. 5 under each definition of a BERT paper
    hw_whole: HardwareHeadline | None = None  # Fig. 2 on every paper of the venue-year, beside the sample
    code_left_out: dict[str, int] | None = None  # Table 1: papers of the selection not regressed, by reason
    venues: list[VenueFigures] | None = None  # each venue's figures side by side (report --venue a,b)


def store_summary(
    store: Store, papers: pd.DataFrame, extract_running: int | None = None, *, demo: bool = False
) -> dict[str, Any]:
    """Counts that identify the data behind the report (no clock: the newest verification time instead).

    ``extract_running``: the PID of an extraction running on this store now, if any; ``demo``: the
    store is the demo's (generated papers).
    """
    totals = label_totals(store)  # placeholders apart, as `paperscope status` and the export count them
    extraction = [state for state, _ in store.extraction_status().values()]
    ver = store.query("SELECT count(*) AS n, max(at) AS latest FROM verifications")[0]
    per_field = []
    for field in FIELDS:
        verified = papers[f"{field}_verified"]
        with_value = int(verified.notna().sum())
        n_verified = int(verified.fillna(False).sum())
        per_field.append(
            {
                "field": field,
                "with_value": with_value,
                "verified": n_verified,
                "share": n_verified / with_value if with_value else None,
            }
        )
    labelled = papers[papers["label_status"] != "none"]
    with_affiliations = papers[papers["n_affil_known"].notna()]
    n_authors = int(with_affiliations["n_authors"].sum())
    known = int(with_affiliations["n_affil_known"].sum())
    conflicts = int(with_affiliations["n_affil_conflicts"].sum())
    authors = [
        {"what": "Authors of papers with affiliation labels", "n": n_authors},
        {"what": "… with a known organisation type", "n": known},
        {"what": "… unknown: no source names a known type", "n": n_authors - known - conflicts},
        {"what": "… unknown: one source gives two types, no verdict", "n": conflicts},
    ]
    return {
        "authors": authors,
        "papers": len(papers),
        "pdfs": len(extraction),
        "pdfs_pending": extraction.count("not extracted"),
        "pdfs_failed": extraction.count("error"),
        "extract_running": extract_running,
        "demo": demo,
        "labels": totals.machine,
        "placeholders": totals.placeholders,
        "verifications": ver["n"],
        "latest_verification": ver["latest"] or "none yet",
        "share_verified": float((labelled["label_status"] == "verified").mean()) if len(labelled) else None,
        "per_field": per_field,
        "status": papers["label_status"]
        .value_counts()
        .reindex(["verified", "partial", "machine", "none"], fill_value=0),
    }


def extraction_notice(s: dict[str, Any]) -> str:
    """A notice when the labels behind the report are partial: an extraction running, PDFs not yet read."""
    lines = []
    if s["extract_running"] is not None:
        lines.append(
            f"An extraction is running on this store now (pid {s['extract_running']}): every count below "
            "is partial. Build the report again when it has finished."
        )
    if s["pdfs_pending"]:
        lines.append(
            f"Extraction incomplete: {s['pdfs_pending']} of {s['pdfs']} stored PDFs have not been extracted "
            "yet (`paperscope extract`)."
        )
    if s["pdfs_failed"]:
        lines.append(
            f"{s['pdfs_failed']} of {s['pdfs']} stored PDFs failed to extract and add no labels "
            "(`paperscope status` lists them with the reason)."
        )
    return "".join(f'<p class="notice" role="alert">{escape(line)}</p>' for line in lines)


def document(ctx: Context) -> str:
    """The full HTML page."""
    s = ctx.store_summary
    meta = [
        ("Papers in store", fmt(s["papers"], "int")),
        ("Labels", fmt(s["labels"], "int")),
        ("Placeholders for hand entry", fmt(s["placeholders"], "int")),
        ("Verifications", fmt(s["verifications"], "int")),
        ("Papers fully verified", fmt(s["share_verified"], "pct")),
        ("Newest verification", str(s["latest_verification"])[:19]),
        ("Parameters", f"v{ctx.params.version} · {ctx.params.digest}"),
    ]
    header = (
        "<h1>The Compute Divide, recomputed</h1>"
        '<p class="lede">The hardware figure, the BERTology count and the code-release regression of '
        "Besiroglu et al., <em>The Compute Divide in Machine Learning</em> (arXiv 2401.02452), recomputed "
        "from paperscope's labels, human-verified values first, with the paper's own numbers beside ours.</p>"
        '<dl class="meta">'
        + "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in meta)
        + "</dl>"
        + extraction_notice(s)
    )
    nav = [
        ("glance", "At a glance"),
        ("conferences", "Whole conferences"),
        ("whole", "Whole conference, corrected"),
        ("hardware", "1 Hardware"),
        ("bertology", "2 BERTology"),
        ("code", "3 Code release"),
        *([("venues", "Venues side by side")] if ctx.venues and len(ctx.venues) > 1 else []),
        ("sensitivity", "4 Sensitivity"),
        ("data", "5 Data & parameters"),
    ]
    body = [
        _glance(ctx),
        _conferences(ctx),
        _whole(ctx),
        _hardware(ctx),
        _bertology(ctx),
        regression.code(ctx),
        venues(ctx),
        regression.sensitivity(ctx),
        _data(ctx),
    ]
    footer = (
        f"paperscope {escape(__version__)} · params v{ctx.params.version} ({ctx.params.digest}) · "
        "no timestamps: the same store and parameters give an identical file."
    )
    return page("The Compute Divide, recomputed", header, nav, body, footer)


def _glance(ctx: Context) -> str:
    rows = []
    for r in ctx.comparison:
        kind = r["kind"]
        rows.append(
            {
                "quantity": r["quantity"],
                "paper": ("≈ " if r["approx"] else "") + fmt(r["paper"], kind),
                "where": r["where"],
                "ours": f"— ({r['flag']})" if r["flag"] else fmt(r["ours"], kind),
                "difference": "" if kind == "p" else fmt(r["difference"], DIFF_KIND.get(kind, kind)),
                "n": r["n"],
                "verified_share": r["verified_share"],
            }
        )
    cols = [
        ("quantity", "Quantity", "text"),
        ("paper", "Paper", "numtext"),
        ("ours", "Ours", "numtext"),
        ("difference", "Ours − paper", "numtext"),
        ("n", "n behind ours", "int"),
        ("verified_share", "Verified", "pct"),
        ("where", "Where the paper prints it", "text"),
    ]
    note = (
        '<p class="note">“Verified” is the share of the rows behind our number whose values a person '
        "checked; the rest are machine labels. A dash means the number cannot be computed from this store.</p>"
    )
    return section(
        "glance",
        "At a glance: the paper's numbers and ours",
        _banners(ctx) + table(rows, cols) + note + _glance_whole(ctx),
    )


def _glance_whole(ctx: Context) -> str:
    """The prediction-powered values, wherever a verified random sample exists."""
    if ctx.whole.empty:
        return ""
    powered = [r for r in frame_rows(ctx.whole) if r["method"] == "prediction-powered"]
    if not powered:
        return ""
    items = "".join(
        f"<li>{escape(str(r['venue']))} {r['year']}, {escape(str(r['quantity']))}: "
        + (
            f"<b>{100 * r['value']:.1f}%</b> (95% interval {100 * r['low']:.1f}-{100 * r['high']:.1f}%; "
            if r["unit"] == "share"
            else f"<b>{escape(fmt(r['value'], r['unit']))}</b> (95% interval {escape(fmt(r['low'], r['unit']))} "
            f"to {escape(fmt(r['high'], r['unit']))}; "
            if r["unit"] in ("flops", "ratio")
            else f"<b>{r['value']:.2f}</b> (95% interval {r['low']:.2f} to {r['high']:.2f}; "
        )
        + f"{r['n']} verified sample papers, {r['N']} papers)</li>"
        for r in powered
    )
    return (
        '<p class="note">Whole conference, machine labels corrected by the verified random sample '
        '(prediction-powered; <a href="#whole">details</a>):</p><ul class="note">' + items + "</ul>"
    )


STUDY_N = {"Fig. 2": 519, "Table 1": 94}  # papers the study read for each analysis


def _banners(ctx: Context) -> str:
    """Said where the numbers stand: a demo store, and analyses resting on fewer papers than the study's."""
    out = []
    if ctx.store_summary.get("demo"):
        out.append(
            "This store is paperscope's demo: its papers were generated for the demo. The numbers below show "
            "that the pipeline runs; they measure no conference and are no result."
        )
    small = [
        f"{what} rests on {n} papers (the study read {STUDY_N[what]})"
        for what, n in (("Fig. 2", ctx.hw.n_sampled), ("Table 1", ctx.logit.n))
        if n is not None and n < STUDY_N[what]
    ]
    if small:
        out.append("Fewer papers than the study: " + "; ".join(small) + ". Compare with care.")
    venues = {ctx.params.hardware.venue, ctx.params.bertology.venue, ctx.params.code_release.venue}
    if venues != {"neurips"}:
        names = ", ".join(display(v) for v in sorted(venues))
        out.append(
            f"This report measures {names}; the study measured NeurIPS. Its numbers stand beside ours for "
            "scale, not as the same conference's."
        )
    if ctx.logit.n and not ctx.logit.converged:
        out.append(
            f"Table 1's logistic regression did not converge on these {ctx.logit.n} papers: its coefficient, "
            "standard error and odds ratio are not estimates and are not set beside the paper's."
        )
    return "".join(f'<p class="notice banner" role="alert">{escape(line)}</p>' for line in out)


def _conferences(ctx: Context) -> str:
    """Whole conferences from imported paper lists, beside the study's sampled industry share."""
    title = "Whole conferences, from paper-list metadata"
    if ctx.conferences.empty:
        body = (
            '<p class="note">No paper list with per-author affiliations is imported in this store '
            "(<code>paperscope import paperlists FILE</code>).</p>"
        )
        return section("conferences", title, body)
    rows = [
        {
            **r,
            "track": "Datasets & Benchmarks"
            if r["track"] == "datasets_benchmarks"
            else str(r["track"]).title(),
        }
        for r in frame_rows(ctx.conferences)
    ]
    cols = [
        ("venue", "Venue", "text"),
        ("year", "Year", "text"),
        ("track", "Track", "text"),
        ("n_papers", "n papers", "int"),
        ("n_listed", "of listed", "int"),
        ("share_any_industry", "With an industry author", "pct"),
        ("mean_frac_industry", "Mean industry share of authors", "pct"),
        ("share_all_academic", "All academic", "pct"),
        ("share_mixed", "Mixed", "pct"),
        ("share_all_industry", "All industry", "pct"),
    ]
    note = (
        '<p class="note">From the imported paper lists alone (producer <code>paperlists</code>), every '
        "accepted paper whose list gives one affiliation per author (n papers; the others list fewer "
        "affiliations than authors and cannot be tied to them). Authors of unknown organisation type are "
        "left out of each paper's share. The study's sampled papers had a 27% mean industry share of "
        "authors (Table 1's 94 papers, NeurIPS 2017-2021).</p>"
    )
    return section("conferences", title, table(rows, cols) + note)


def _whole(ctx: Context) -> str:
    """Machine labels on every paper, corrected by a verified random sample (prediction-powered)."""
    title = "Whole conference: machine labels corrected by a verified random sample"
    if ctx.whole.empty:
        body = (
            '<p class="note">No recorded random sample in this home. Draw one with <code>paperscope sample '
            "--venue V --year Y --n 100</code>, push it for verification (<code>paperscope verify push "
            "--sample FILE</code>) and pull the verdicts: this section then gives every quantity three ways, "
            "with valid 95% intervals.</p>"
        )
        return section("whole", title, body)
    rows = []
    for r in frame_rows(ctx.whole):
        no_interval = r["low"] is None or r["low"] != r["low"]
        if r["unit"] in ("flops", "ratio"):
            shown = fmt(r["value"], r["unit"])
            interval = "-" if no_interval else f"{fmt(r['low'], r['unit'])} to {fmt(r['high'], r['unit'])}"
        else:
            scale, unit = (100, "%") if r["unit"] == "share" else (1, "")
            shown = f"{scale * r['value']:.2f}{unit}"
            interval = "-" if no_interval else f"{scale * r['low']:.2f} to {scale * r['high']:.2f}{unit}"
        rows.append({**r, "interval": interval, "shown": shown})
    cols = [
        ("venue", "Venue", "text"),
        ("year", "Year", "text"),
        ("quantity", "Quantity", "text"),
        ("design", "Sample", "text"),
        ("method", "Method", "text"),
        ("shown", "Value", "numtext"),
        ("interval", "95% interval", "numtext"),
        ("n", "n verified", "int"),
        ("N", "N papers", "int"),
    ]
    note = (
        '<p class="note"><b>machine only</b>: the machine labels on all N papers, no interval, biased by '
        "exactly the machine's errors. <b>sample only</b>: the n sampled papers a person verified, classical "
        "interval. <b>prediction-powered</b>: both together (PPI++, Angelopoulos et al. 2023; finite-population "
        "and power-tuned, <code>analysis/ppi.py</code>), valid whatever the machine's error rate. Only papers "
        "of a recorded random draw (<code>paperscope sample</code>) count in n; with fewer than "
        f"{MIN_VERIFIED} verified, only the machine's value is shown. A stratified sample (<code>--strata</code>) "
        "weighs each stratum by its share of the conference's papers and needs two verified papers in every "
        "stratum.</p>"
    )
    return section("whole", title, table(rows, cols) + note)


def _hardware(ctx: Context) -> str:
    hw, hp = ctx.hw, ctx.params.hardware
    precision = "FP32" if hp.precision == "fp32" else "tensor-core FP16/BF16"
    short = "FP32" if hp.precision == "fp32" else "tensor"
    left_out = hw.n_no_peak_academic + hw.n_no_peak_industry
    caption = (
        f"Each dot is one paper's hardware set-up (peak {precision} FLOP/s of all chips used together), "
        f"{display(hp.venue)} {hp.year}: {escape(display(ctx.hw_note))}. Precision policy: {precision} "
        f"(<code>hardware.precision: {hp.precision}</code> in the parameters). Reported set-ups of a known "
        f"team with no {short} peak are left out of the dots and means: {fmt(left_out, 'int')} here"
        f"{' (under FP32: every TPU v3 to v5 set-up)' if hp.precision == 'fp32' else ''}. Industry-involved = "
        f"{'any' if hp.industry_definition == 'any' else 'a majority of'} authors from industry. Dashed lines: "
        f"each team's {hp.mean} mean across topics. The study's Fig. 2."
    )
    rows = [
        {"q": "Papers selected", "v": fmt(hw.n_sampled, "int")},
        {"q": "… with a reported set-up", "v": fmt(hw.n_with_hardware, "int")},
        {
            "q": "Set-ups in the figure: academic / industry-involved",
            "v": f"{fmt(hw.n_academic, 'int')} / {fmt(hw.n_industry, 'int')}",
        },
        {
            "q": f"Reported set-ups left out, no {short} peak: academic / industry-involved",
            "v": f"{fmt(hw.n_no_peak_academic, 'int')} / {fmt(hw.n_no_peak_industry, 'int')}",
        },
        {
            "q": "Reported set-ups left out, no author's organisation type known",
            "v": fmt(hw.n_no_team, "int"),
        },
        {"q": f"Mean peak ({hp.mean}), academic", "v": fmt(hw.mean_academic, "flops")},
        {"q": f"Mean peak ({hp.mean}), industry-involved", "v": fmt(hw.mean_industry, "flops")},
        {"q": "Ratio of means", "v": fmt(hw.ratio_of_means, "ratio")},
        {"q": "Best academic set-up", "v": fmt(hw.best_academic, "flops")},
        {"q": "Industry set-ups above it", "v": fmt(hw.share_above_best_academic, "pct")},
    ]
    summary = frame_rows(ctx.hw_summary)
    for r in summary:
        r["topic"] = fig_style.TOPIC_LABELS[str(r["topic"])]
        r["team"] = "Industry" if r["team"] == "industry" else "Academic"
    body = (
        figure(ctx.figures["fig2_hardware"], "Figure 2: peak FLOP/s by team and topic", caption, "fig2")
        + '<div class="pair">'
        + table(rows, [("q", "Headline", "text"), ("v", "Ours", "numtext")], caption="Headline figures")
        + table(
            summary,
            [
                ("topic", "Topic", "text"),
                ("team", "Team", "text"),
                ("n", "n", "int"),
                ("median_flops", "Median", "flops"),
                ("max_flops", "Max", "flops"),
            ],
            caption="By topic and team",
        )
        + "</div>"
    )
    return section(
        "hardware",
        "1  Hardware of industry and academic teams (Fig. 2)",
        body + _populations(ctx) + _compute(ctx) + _china(ctx),
    )


def _populations(ctx: Context) -> str:
    """Fig. 2's figures on the sample and on the whole conference, when the store holds both.

    The study's caption speaks of 2,333 NeurIPS 2021 papers, its Methods of 519 sampled: which of the two
    each number is, said beside it.
    """
    if ctx.hw_whole is None:
        return ""
    hp = ctx.params.hardware
    populations = [
        (f"Sample ({display(ctx.hw_note)}); the study's Methods sampled 519", ctx.hw),
        (
            f"Every {display(hp.venue)} {hp.year} paper in the store; the study's caption says 2,333",
            ctx.hw_whole,
        ),
    ]
    shown = [
        {
            "population": name,
            "papers": h.n_sampled,
            "setups": f"{h.n_academic:,} / {h.n_industry:,}",
            "ratio": h.ratio_of_means,
            "share": h.share_above_best_academic,
        }
        for name, h in populations
    ]
    cols = [("population", "Population", "text"), ("papers", "Papers", "int"),
            ("setups", "Set-ups academic / industry", "numtext"), ("ratio", "Ratio of means", "ratio"),
            ("share", "Industry above best academic", "pct")]  # fmt: skip
    return table(shown, cols, caption="Fig. 2's headline figures on both populations")


def _china(ctx: Context) -> str:
    """The study's flag: papers with an author at an organisation in China, their set-ups and compute."""
    if ctx.china is None or ctx.china.empty:
        return ""
    rows = [{**r, "peak": "-" if r["median_peak"] is None or r["median_peak"] != r["median_peak"]
             else f"{r['median_peak']:.2e}", "flop": "-" if r["median_flop"] is None or r["median_flop"] != r["median_flop"]
             else f"{r['median_flop']:.2e}"} for r in frame_rows(ctx.china)]  # fmt: skip
    cols = [("group", "Authors", "text"), ("papers", "Papers", "int"), ("setups", "Set-ups", "int"),
            ("peak", "Median peak FLOP/s", "numtext"), ("with_compute", "With compute", "int"),
            ("flop", "Median training FLOP", "numtext")]  # fmt: skip
    note = ('<p class="note">The study annotated whether a paper has a co-author from a Chinese lab. Here: an author '
            "whose organisation's country (verified, else the PDF's, else the paper list's) is China.</p>")  # fmt: skip
    return table(rows, cols, caption="By an author at an organisation in China") + note


def _compute(ctx: Context) -> str:
    """Training compute by team type, Epoch's two methods, beside the study's 109 models of 519 papers."""
    from analysis.compute import UTILISATION, UTILISATION_RANGE

    frame = ctx.compute
    n_papers = ctx.store_summary.get("papers", 0)
    if frame is None or frame.empty:
        return ('<h3>Training compute</h3><p class="note">No paper states a training time, model size or token '
                "count the extractors read: no training compute can be inferred here (the study inferred it for "
                "109 models of its 519 papers).</p>")  # fmt: skip
    inferred = frame[frame["flop_hardware"].notna() | frame["flop_counting"].notna()]
    rows = []
    topics = inferred["topic"].fillna("unknown")
    for team, group in inferred.groupby("team", sort=True):
        for topic, part in [
            ("all topics", group),
            *sorted(group.groupby(topics[group.index]), key=lambda t: t[0]),
        ]:
            hw, oc = part["flop_hardware"].dropna(), part["flop_counting"].dropna()
            label = fig_style.TOPIC_LABELS.get(str(topic), str(topic))
            rows.append({"team": team if topic == "all topics" else "", "topic": label, "n_hw": len(hw),
                         "hw": f"{hw.median():.2e}" if len(hw) else "-", "n_oc": len(oc),
                         "oc": f"{oc.median():.2e}" if len(oc) else "-",
                         **{f"u{int(100 * u)}": f"{hw.median() * u / UTILISATION:.2e}" if len(hw) else "-"
                            for u in UTILISATION_RANGE}})  # fmt: skip
    both = inferred["ratio"].dropna()
    note = (
        f'<p class="note">Training compute could be inferred for {len(inferred)} of {n_papers} papers in the store '
        f"(the study: 109 models of its 519 sampled papers). Hardware method: the set-up's peak FLOP/s x its main "
        f"training time x utilisation {UTILISATION:.0%} (Epoch's default; 10-50% is the plausible range); operation "
        f"counting: 6 x parameters x tokens. Where both apply ({len(both)} papers), hardware / counting has median "
        f"{both.median():.2f}.</p>"
        if len(both)
        else f'<p class="note">Training compute could be inferred for {len(inferred)} of {n_papers} papers in the '
        "store (the study: 109 models of its 519 sampled papers). Hardware method: the set-up's peak FLOP/s x its "
        f"main training time x utilisation {UTILISATION:.0%}; operation counting: 6 x parameters x tokens.</p>"
    )
    cols = [("team", "Team", "text"), ("topic", "Topic", "text"), ("n_hw", "n (hardware)", "int"),
            ("hw", f"Median FLOP, hardware, {UTILISATION:.0%}", "numtext"),
            *[(f"u{int(100 * u)}", f"... at {u:.0%} utilisation", "numtext") for u in UTILISATION_RANGE],
            ("n_oc", "n (counting)", "int"), ("oc", "Median FLOP, 6ND", "numtext")]  # fmt: skip
    caption = "Training compute by team type and topic; the utilisation columns are the hardware method's sensitivity"
    return "<h3>Training compute</h3>" + table(rows, cols, caption=caption) + note


def _bertology(ctx: Context) -> str:
    bp = ctx.params.bertology
    caption = (
        f"Papers per year at {display(bp.venue)} whose BERT role is {' or '.join(bp.roles)} (BERT, RoBERTa, "
        "DistilBERT; the study's rubric counts a paper that studies BERT: adapts or augments it, investigates an "
        "aspect of it, or studies how its performance changes with its input, not one that runs it as a "
        "baseline; Section 4 shows \u201cstudies or uses\u201d); the line is their share of the papers whose PDF the BERT extractor read that year "
        "(papers without a readable PDF are left out of the share; both counts are in the table). "
        "The study's Fig. 5."
    )
    counted = " or ".join(role.replace("_", " ") for role in bp.roles).capitalize() + " BERT"
    cols = [
        ("year", "Year", "numtext"),
        ("n_papers", "Papers in store", "int"),
        ("n_read", "Papers read", "int"),
        ("n_bert", counted, "int"),
        ("share", "Share", "pct2"),
        ("verified_share", "Verified", "pct"),
    ]
    body = figure(ctx.figures["fig5_bertology"], "Figure 5: BERT papers per year", caption, "fig5") + table(
        frame_rows(ctx.bert), cols
    )
    return section("bertology", "2  The rise of BERTology (Fig. 5)", body)


def _data(ctx: Context) -> str:
    s = ctx.store_summary
    cols = [
        ("field", "Field", "text"),
        ("with_value", "Papers with a value", "int"),
        ("verified", "Verified by a person", "int"),
        ("share", "Share verified", "pct"),
    ]
    status = [{"status": k, "n": int(v)} for k, v in s["status"].items()]
    return section(
        "data",
        "5  Data and parameters",
        '<div class="pair">'
        + table(s["per_field"], cols, caption="Labels behind the numbers")
        + table(
            status,
            [("status", "Paper status", "text"), ("n", "Papers", "int")],
            caption="Papers by label status",
        )
        + "</div>"
        + table(
            s["authors"],
            [("what", "Authors", "text"), ("n", "n", "int")],
            caption="Organisation types per author (verified, else the PDF's, else the paper list's)",
        )
        + "<h3>Parameters used</h3>"
        + f"<pre>{escape(ctx.params.source_text)}</pre>",
    )
