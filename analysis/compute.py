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

from dataclasses import dataclass
from typing import Literal

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
