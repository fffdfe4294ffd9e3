"""Whole-conference figures: machine labels on every paper, corrected by a verified random sample (PPI++).

For every recorded sample (``<home>/samples/*.json``, written by ``paperscope sample``: a simple
random draw with its seed) the conference is that sample's venue and year. Each quantity is given
three ways, side by side: the machine labels alone on all ``N`` papers (no interval: biased by exactly
the machine's errors), the verified sample alone (``n`` papers, classical interval) and the
prediction-powered estimate (:func:`analysis.ppi.mean`, finite-population, power-tuned), whose
interval is valid whatever the machine's error rate and narrower than the sample's when the machine
is good. Only sampled papers a person verified count in ``n``: a paper verified outside a recorded
random draw would bias the correction, so it never enters.

Quantities: the share of papers studying BERT (the study's Fig. 5 rubric), the share releasing code,
the mean industry fraction and the share with an industry author (Table 1's regressor), Table 1's
coefficient of the industry fraction (released code ~ industry fraction + authors, one year; PPI for
logistic regression) once enough sampled papers have both fields verified, and Fig. 2's geometric mean
peak FLOP/s per team and their ratio (:func:`analysis.ppi.team_peaks`; arithmetic means of heavy-tailed
peaks get no valid interval, see there).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from analysis import ppi
from analysis.sample import SampleFile, read_sample
from analysis.tables import paper_values, verified_only

if TYPE_CHECKING:
    import pandas as pd

    from paperscope.store import Store

COLUMNS = ["venue", "year", "quantity", "method", "value", "low", "high", "n", "N", "unit", "design"]
MIN_VERIFIED = 10  # fewer verified sampled papers than this give no interval worth showing
MIN_FOR_LOGIT = 30  # verified papers with both the outcome and the regressors, for the logit
LOGIT = "logit coefficient of the industry fraction"
SIMPLE = "simple random"

# quantity -> (the field whose verification counts, value of a paper row; None when unknown)
Quantity = tuple[str, Callable[["pd.Series"], float | None]]


def _flag(column: str, wanted: object) -> Callable[[pd.Series], float | None]:
    def read(row: pd.Series) -> float | None:
        value = row[column]
        return None if _missing(value) else float(value == wanted)

    return read


def _number(column: str) -> Callable[[pd.Series], float | None]:
    def read(row: pd.Series) -> float | None:
        value = row[column]
        return None if _missing(value) else float(value)

    return read


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]


def _studies_bert(row: pd.Series) -> float | None:
    """1 if the paper studies BERT; 0 if it does not or names no BERT model in a PDF that was read."""
    role = row["bert_role"]
    if _missing(role):
        return 0.0 if not _missing(row["bert_extracted"]) and bool(row["bert_extracted"]) else None
    return float(role == "studies")


QUANTITIES: dict[str, Quantity] = {
    "share studying BERT": ("bert", _studies_bert),
    "share releasing code": ("code", _flag("released_code", True)),
    "mean industry fraction": ("affiliation", _number("frac_industry")),
    "share with an industry author": ("affiliation", _flag("any_industry", True)),
}


def sample_files(work_dir: Path) -> list[Path]:
    """The recorded samples of this home, in name order."""
    return sorted((work_dir / "samples").glob("*.json"))


def whole_conference(store: Store, work_dir: Path, precision: str = "fp32") -> pd.DataFrame:
    """One row per (sample's conference, quantity, method); empty without a recorded sample.

    ``precision``: the peak Fig. 2 uses (``fp32`` or ``tensor``, as ``hardware.precision``).
    """
    import pandas as pd

    files = sample_files(work_dir)
    if not files:
        return pd.DataFrame(columns=COLUMNS)
    machine = paper_values(store, machine_only=True).set_index("paper_key")
    verified = verified_only(paper_values(store)).set_index("paper_key")
    rows = []
    for path in files:
        sample = read_sample(path)
        conference = machine[(machine["venue"] == sample.venue) & (machine["year"] == sample.year)]
        sampled = [k for k in sample.keys if k in verified.index and k in conference.index]
        if sample.strata:
            rows += _stratified_rows(sample, conference, machine, verified)
            continue
        for quantity, (field, read) in QUANTITIES.items():
            f_all = [v for v in (read(r) for _, r in conference.iterrows()) if v is not None]
            pairs = _pairs(sampled, field, read, machine, verified)
            if len(f_all) < 2:
                continue
            if len(pairs) < MIN_VERIFIED:
                value = float(np.mean(f_all))
                rows.append(
                    [
                        sample.venue,
                        sample.year,
                        quantity,
                        "machine only",
                        value,
                        None,
                        None,
                        0,
                        len(f_all),
                        "share",
                        SIMPLE,
                    ]
                )
                continue
            y_arr, f_arr = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
            for method, est in ppi.mean(y_arr, f_arr, np.array(f_all)).items():
                rows.append([sample.venue, sample.year, quantity, method, est.value, est.low, est.high,
                             est.n, est.big_n, "share", SIMPLE])  # fmt: skip
        rows += _logit_rows(sample.venue, sample.year, conference, sampled, machine, verified)
        rows += _peak_rows(sample.venue, sample.year, conference, sampled, machine, verified, precision)
    return pd.DataFrame(rows, columns=COLUMNS)


def _pairs(
    keys: list[str], field: str, read: Callable[[pd.Series], float | None], machine: pd.DataFrame,
    verified: pd.DataFrame,
) -> list[tuple[float, float]]:  # fmt: skip
    """(true, machine) values of the sampled papers whose ``field`` a person verified."""
    out = []
    for key in keys:
        if key not in verified.index or key not in machine.index:
            continue
        if _missing(flag := verified.at[key, f"{field}_verified"]) or not bool(flag):
            continue
        y, f = read(cast("pd.Series", verified.loc[key])), read(cast("pd.Series", machine.loc[key]))
        if y is not None:
            out.append((y, 0.0 if f is None else f))
    return out


def _stratified_rows(
    sample: SampleFile, conference: pd.DataFrame, machine: pd.DataFrame, verified: pd.DataFrame
) -> list[list[object]]:
    """Each share three ways from a stratified sample: strata weighed by their share of the papers.

    Every stratum needs two verified papers (or all of its papers); until then only the machine's
    value is shown. Table 1's coefficient is estimated from simple random samples only.
    """
    design = f"stratified by {sample.strata_by}"
    rows: list[list[object]] = []
    for quantity, (field, read) in QUANTITIES.items():
        strata, n_total, ready = [], 0, True
        for stratum in (sample.strata or {}).values():
            members = conference[conference.index.isin(stratum.population)]
            f_all = [v for v in (read(r) for _, r in members.iterrows()) if v is not None]
            pairs = _pairs(list(stratum.keys), field, read, machine, verified)
            if not f_all:
                continue
            n_total += len(pairs)
            if len(pairs) < min(2, len(f_all)):
                ready = False
            strata.append((np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]), np.array(f_all)))
        if not strata:
            continue
        if not ready or n_total < MIN_VERIFIED:
            f_every = np.concatenate([s[2] for s in strata])
            rows.append([sample.venue, sample.year, quantity, "machine only", float(f_every.mean()), None, None,
                         0, len(f_every), "share", design])  # fmt: skip
            continue
        for method, est in ppi.stratified_mean(strata).items():
            rows.append([sample.venue, sample.year, quantity, method, est.value, est.low, est.high, est.n,
                         est.big_n, "share", design])  # fmt: skip
    return rows


def _design(frame: pd.DataFrame) -> ppi.Array:
    """Table 1's design on one year: intercept, industry fraction, number of authors."""
    frac = frame["frac_industry"].to_numpy(dtype=float)
    return np.column_stack([np.ones_like(frac), frac, frame["n_authors"].to_numpy(dtype=float)])


def _outcome(frame: pd.DataFrame) -> ppi.Array:
    """Released code, as 0/1."""
    return np.asarray(frame["released_code"].astype(bool).to_numpy(), dtype=np.float64)


def _all_verified(verified: pd.DataFrame, key: str, fields: tuple[str, ...]) -> bool:
    """Whether a person verified every one of ``fields`` of the paper ``key``."""
    return all(not _missing(flag := verified.at[key, f"{f}_verified"]) and bool(flag) for f in fields)


def _logit_rows(
    venue: str,
    year: int,
    conference: pd.DataFrame,
    sampled: list[str],
    machine: pd.DataFrame,
    verified: pd.DataFrame,
) -> list[list[object]]:
    """Table 1's coefficient three ways (released code ~ industry fraction + authors), when enough is verified."""
    columns = ["frac_industry", "n_authors", "released_code"]
    usable = conference.dropna(subset=columns)
    both = [
        k
        for k in sampled
        if k in usable.index
        and _all_verified(verified, k, ("code", "affiliation"))
        and not verified.loc[k, columns].isna().any()
    ]
    if len(both) < MIN_FOR_LOGIT or len(usable) < 2 * MIN_FOR_LOGIT:
        return []
    true, hat = verified.loc[both], usable.loc[both]
    estimates = ppi.logistic(
        _design(true), _outcome(true), _design(hat), _outcome(hat), _design(usable), _outcome(usable), coef=1
    )
    return [
        [venue, year, LOGIT, method, e.value, e.low, e.high, e.n, e.big_n, "coefficient", SIMPLE]
        for method, e in estimates.items()
    ]


PEAK_QUANTITIES = {
    "academic": ("Fig. 2 geometric mean peak FLOP/s, academic", "flops"),
    "industry": ("Fig. 2 geometric mean peak FLOP/s, industry-involved", "flops"),
    "ratio": ("Fig. 2 ratio of geometric means, industry / academic", "ratio"),
}


def _components(frame: pd.DataFrame, precision: str) -> ppi.Array:
    """Fig. 2's per-paper components (:func:`analysis.ppi.team_components`) of paper rows."""
    import pandas as pd

    peak = pd.to_numeric(frame[f"peak_flops_{precision}"], errors="coerce").astype(float).to_numpy()
    reported = (frame["hardware_status"] == "reported").fillna(False).astype(bool).to_numpy()
    safe = np.where(peak > 0, peak, 1.0).astype(np.float64)
    log_peak = np.asarray(np.where(reported & (peak > 0), np.log10(safe), np.nan), dtype=np.float64)
    team = np.asarray(frame["any_industry"].astype("float64").to_numpy(na_value=np.nan), dtype=np.float64)
    return ppi.team_components(team, log_peak)


def _peak_rows(
    venue: str,
    year: int,
    conference: pd.DataFrame,
    sampled: list[str],
    machine: pd.DataFrame,
    verified: pd.DataFrame,
    precision: str,
) -> list[list[object]]:
    """Fig. 2's geometric mean peak per team and their ratio, three ways.

    The machine's values alone until enough sampled papers have both their hardware and their
    affiliations verified, with two set-ups of each team among them.
    """
    both = [
        k
        for k in sampled
        if k in conference.index and _all_verified(verified, k, ("hardware", "affiliation"))
    ]
    f_all = _components(conference, precision)
    if f_all[:, 0].sum() < 2 or f_all[:, 2].sum() < 2:
        return []  # the machine itself finds too few set-ups of a team
    y = _components(verified.loc[both], precision) if both else np.zeros((0, 4))
    f = _components(conference.loc[both], precision) if both else np.zeros((0, 4))
    ready = len(both) >= MIN_VERIFIED and y[:, 0].sum() >= 2 and y[:, 2].sum() >= 2
    if not ready:
        estimates = ppi.team_peaks(f_all, f_all, f_all)  # only its machine-only values are read
        machine_rows: list[list[object]] = [
            [venue, year, name, "machine only", estimates[key]["machine only"].value, None, None, 0, len(f_all),
             unit, SIMPLE] for key, (name, unit) in PEAK_QUANTITIES.items()]  # fmt: skip
        return machine_rows
    rows: list[list[object]] = []
    for key, by_method in ppi.team_peaks(y, f, f_all).items():
        name, unit = PEAK_QUANTITIES[key]
        rows += [[venue, year, name, method, e.value, e.low, e.high, e.n, e.big_n, unit, SIMPLE]
                 for method, e in by_method.items()]  # fmt: skip
    return rows


def to_halve(n: int, big_n: int) -> int | None:
    """Verified sampled papers needed to halve an interval now resting on ``n`` of ``big_n``.

    The interval's width goes as ``sqrt((1/n - 1/N))`` (finite population), so halving it needs
    ``1/n' - 1/N = (1/n - 1/N) / 4``; None when even the whole conference would not do it.

    >>> to_halve(100, 2000)
    348
    """
    if n <= 0 or big_n <= n:
        return None
    target = (1 / n - 1 / big_n) / 4 + 1 / big_n
    needed = math.ceil(1 / target)
    return needed if needed <= big_n else None


def sample_status(store: Store, work_dir: Path) -> list[str]:
    """Lines for ``paperscope status``: per conference and quantity, n verified and the n to halve it."""
    records = cast("list[dict[str, Any]]", whole_conference(store, work_dir).to_dict("records"))
    powered = {(r["venue"], r["year"], r["quantity"]) for r in records if r["method"] == "prediction-powered"}
    lines = []
    for r in records:
        n, big_n = int(r["n"]), int(r["N"])
        if r["method"] == "prediction-powered":
            halve = to_halve(n, big_n)
            more = f"{halve - n} more verified sample papers would halve it" if halve else "cannot be halved"
            design = "" if r["design"] == SIMPLE else f" ({r['design']})"
            lines.append(
                f"{r['venue']} {r['year']} {r['quantity']}{design}: {_shown(r['value'], r['unit'])} "
                f"[{_shown(r['low'], r['unit'])}, {_shown(r['high'], r['unit'])}] on {n} verified of {big_n}; {more}"
            )
        elif r["method"] == "machine only" and (r["venue"], r["year"], r["quantity"]) not in powered:
            lines.append(
                f"{r['venue']} {r['year']} {r['quantity']}: fewer than {MIN_VERIFIED} verified sample papers yet"
            )
    return lines


def _shown(value: float, unit: str) -> str:
    """A value as ``status`` prints it: shares in percent, FLOP/s and ratios as the report does."""
    from analysis.render import fmt

    if unit in ("flops", "ratio"):
        return fmt(value, unit)
    return f"{100 * value:.2f}%" if unit == "share" else f"{value:.2f}"
