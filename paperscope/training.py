"""Which of a paper's training labels are its main model's: pure functions over records, for every stage.

The rubric: the main model's wall-clock training time is that of the set-up (the longest of the
paper's own durations, preferring one tied to the set-up's chip); its size is the largest the
authors state of their own models; its tokens the largest stated.
"""

from __future__ import annotations

from collections.abc import Sequence

from paperscope.records import Label, ModelSize, TrainingData, TrainingInputs, TrainingTime


def main_params(labels: Sequence[Label]) -> int | None:
    """The paper's model size: the largest the authors state of their own models (the rubric)."""
    sizes = [
        lab.value.params for lab in labels if isinstance(lab.value, ModelSize) and lab.value.scope == "main"
    ]
    return max(sizes, default=None)


def main_hours(
    labels: Sequence[Label], setup_chip: str | None = None, setup_count: int | None = None
) -> float | None:
    """The paper's main training time in hours: the longest main duration, preferring one tied to the set-up.

    A duration stated with the set-up's chip and count ("3 hours on 8 RTX 3090 GPUs") comes first, then
    one with its chip ("8.5 hours on a single RTX 3090" when the set-up is eight of them), then any.
    """
    times = [lab.value for lab in labels if isinstance(lab.value, TrainingTime) and lab.value.hours
             and lab.value.scope == "main"]  # fmt: skip
    tied = [t for t in times if setup_chip and t.chip == setup_chip]
    counted = [t for t in tied if setup_count is not None and t.count == setup_count]
    pool = counted or tied or times
    return max((t.hours for t in pool if t.hours is not None), default=None)


def main_chip_hours(labels: Sequence[Label]) -> float | None:
    """The largest main accelerator time (chip-hours) the paper states."""
    found = [lab.value.chip_hours for lab in labels if isinstance(lab.value, TrainingTime)
             and lab.value.chip_hours and lab.value.scope == "main"]  # fmt: skip
    return max(found, default=None)


def main_tokens(labels: Sequence[Label]) -> int | None:
    """The largest number of training tokens the paper states (tokens x epochs where both are stated)."""
    found = [lab.value.tokens for lab in labels if isinstance(lab.value, TrainingData) and lab.value.tokens]
    return max(found, default=None)


def inputs_of(
    labels: Sequence[Label], setup_chip: str | None = None, setup_count: int | None = None
) -> TrainingInputs:
    """The paper's training inputs (each None when not stated), as a person verifies them with the set-up."""
    return TrainingInputs(
        hours=main_hours(labels, setup_chip, setup_count),
        chip_hours=main_chip_hours(labels),
        params=main_params(labels),
        tokens=main_tokens(labels),
    )
