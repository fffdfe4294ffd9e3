"""Training compute of a paper, by Epoch's two methods (Sevilla et al. 2022, "Estimating training compute").

- **Hardware method**: the set-up's peak FLOP/s (chips x per-chip peak) x training time x utilisation,
  or per-chip peak x accelerator time (chip-hours) x utilisation. Utilisation is rarely reported;
  Epoch's practice assumes about 30% for GPU training when the paper gives none and treats 10-50% as
  the plausible range, so :data:`UTILISATION` is 0.3 and :data:`UTILISATION_RANGE` the sensitivity.
- **Operation counting**: 6 x parameters x training tokens, for dense transformers (forward and
  backward pass, two FLOP per parameter per token each way); other architectures get no estimate.

Each estimate says which method made it; where both apply :func:`estimates` gives both and their
ratio. Inputs come from the store's labels (verified values first), so every estimate traces back to
the evidence of its set-up, its time, its parameters and its tokens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from paperscope.records import Label
    from paperscope.store import Store

UTILISATION = 0.3
UTILISATION_RANGE = (0.1, 0.5)
SECONDS_PER_HOUR = 3600.0

Method = Literal["hardware", "operation counting"]


@dataclass(frozen=True, slots=True)
class ComputeEstimate:
    """Training compute in FLOP, the method that gave it, and the inputs it used."""

    flop: float
    method: Method
    inputs: tuple[tuple[str, float], ...]


def hardware_method(
    setup_peak: float | None,
    hours: float | None,
    *,
    chip_peak: float | None = None,
    chip_hours: float | None = None,
    utilisation: float = UTILISATION,
) -> ComputeEstimate | None:
    """Peak FLOP/s x time x utilisation: the set-up's peak and wall-clock hours, else a chip's peak and chip-hours."""
    if not 0 < utilisation <= 1:
        raise ValueError(f"utilisation must be in (0, 1], got {utilisation}")
    if setup_peak and hours:
        flop = setup_peak * hours * SECONDS_PER_HOUR * utilisation
        return ComputeEstimate(flop, "hardware", (("peak_flops", setup_peak), ("hours", hours),
                                                  ("utilisation", utilisation)))  # fmt: skip
    if chip_peak and chip_hours:
        flop = chip_peak * chip_hours * SECONDS_PER_HOUR * utilisation
        return ComputeEstimate(flop, "hardware", (("chip_peak_flops", chip_peak), ("chip_hours", chip_hours),
                                                  ("utilisation", utilisation)))  # fmt: skip
    return None


def operation_counting(params: float | None, tokens: float | None) -> ComputeEstimate | None:
    """6 x parameters x tokens (dense transformers)."""
    if not params or not tokens:
        return None
    return ComputeEstimate(
        6.0 * params * tokens, "operation counting", (("params", params), ("tokens", tokens))
    )


def estimates(
    *,
    setup_peak: float | None = None,
    hours: float | None = None,
    chip_peak: float | None = None,
    chip_hours: float | None = None,
    params: float | None = None,
    tokens: float | None = None,
    utilisation: float = UTILISATION,
) -> tuple[list[ComputeEstimate], float | None]:
    """Every estimate the inputs allow, and hardware / operation-counting when both exist."""
    found = [
        e
        for e in (
            hardware_method(
                setup_peak, hours, chip_peak=chip_peak, chip_hours=chip_hours, utilisation=utilisation
            ),
            operation_counting(params, tokens),
        )
        if e is not None
    ]
    ratio = found[0].flop / found[1].flop if len(found) == 2 else None
    return found, ratio


COMPUTE_COLUMNS = ["paper_key", "venue", "year", "team", "topic", "hours", "chip_hours", "params", "tokens",
                   "flop_hardware", "flop_counting", "ratio"]  # fmt: skip


def paper_compute(
    store: Store, utilisation: float = UTILISATION, papers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per paper with any training input: its inputs and its compute by each method that applies.

    The set-up (chip, peak, team type, topic) and the training inputs read with it come from
    :func:`analysis.tables.paper_values` (verified values first). Papers whose set-up value carries
    no training inputs (none read with it, or no set-up) take them from their current training
    labels (:mod:`paperscope.training`). ``team``: industry when any author is from industry,
    academic when none is, else unknown. ``papers``: ``paper_values(store)``, when the caller has it.
    """
    import pandas as pd

    from analysis.tables import paper_values
    from paperscope.training import inputs_of

    kinds = ("training_time", "model_size", "training_data")
    by_paper: dict[str, list[Label]] = {}
    for kind in kinds:
        for lab in store.labels(kind=kind, current=True):
            by_paper.setdefault(lab.paper_key, []).append(lab)
    papers = paper_values(store) if papers is None else papers
    rows = []
    for row in papers.to_dict("records"):
        key = row["paper_key"]
        chip = row["chip"] if isinstance(row["chip"], str) else None
        if row["training_read"] is True:
            hours, chip_hours = _first_number(row["train_hours"]), _first_number(row["train_chip_hours"])
            params, tokens = _first_number(row["params"]), _first_number(row["tokens"])
        elif key in by_paper:
            setup_count = _first_number(row["chip_count"])
            inputs = inputs_of(by_paper[key], chip, int(setup_count) if setup_count else None)
            hours, chip_hours, params, tokens = inputs.hours, inputs.chip_hours, inputs.params, inputs.tokens
        else:
            continue
        if hours is None and chip_hours is None and params is None and tokens is None:
            continue
        peak = _first_number(row["peak_flops_fp32"], row["peak_flops_tensor"])
        count = _first_number(row["chip_count"])
        chip_peak = peak / count if peak and count else None
        found, ratio = estimates(setup_peak=peak, hours=hours, chip_peak=chip_peak, chip_hours=chip_hours,
                                 params=params, tokens=tokens, utilisation=utilisation)  # fmt: skip
        flop = {e.method: e.flop for e in found}
        industry = row["any_industry"]
        team = (
            "unknown"
            if industry is None or industry is pd.NA
            else ("industry" if bool(industry) else "academic")
        )
        rows.append([key, row["venue"], int(row["year"]), team, row["topic"] if isinstance(row["topic"], str) else None,
                     hours, chip_hours, params, tokens, flop.get("hardware"), flop.get("operation counting"), ratio])  # fmt: skip
    return pd.DataFrame(rows, columns=COMPUTE_COLUMNS)


def _first_number(*values: object) -> float | None:
    for value in values:
        if isinstance(value, int | float) and not math.isnan(value) and value > 0:
            return float(value)
    return None


def china_breakdown(papers: pd.DataFrame, compute: pd.DataFrame) -> pd.DataFrame:
    """Set-ups and training compute split by the study's flag: an author at an organisation in China.

    One row per group ("author in China", "no author in China", "country unknown"): papers, set-ups
    with a peak, their median peak FLOP/s, papers with a compute estimate and its median (hardware
    method, else operation counting).
    """
    import pandas as pd

    flag = papers["china_author"].astype("boolean")
    groups = {"author in China": flag.fillna(False).astype(bool),
              "no author in China": (~flag).fillna(False).astype(bool), "country unknown": flag.isna()}  # fmt: skip
    flop = pd.Series(dtype=float)
    if not compute.empty:
        indexed = compute.set_index("paper_key")
        hw, oc = (pd.to_numeric(indexed[c], errors="coerce") for c in ("flop_hardware", "flop_counting"))
        flop = hw.where(hw.notna(), oc)
    rows = []
    for name, mask in groups.items():
        chosen = papers[mask.astype(bool)]
        peaks = chosen["peak_flops_fp32"].dropna()
        estimates_ = flop[flop.index.isin(chosen["paper_key"])].dropna()
        rows.append({"group": name, "papers": len(chosen), "setups": len(peaks),
                     "median_peak": float(peaks.median()) if len(peaks) else None,
                     "with_compute": len(estimates_),
                     "median_flop": float(estimates_.median()) if len(estimates_) else None})  # fmt: skip
    return pd.DataFrame(rows)
