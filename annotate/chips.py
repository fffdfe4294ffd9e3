"""Peak FLOP/s of a hand-corrected hardware set-up, from ``data/hardware/chips.csv``.

An annotator who corrects a set-up types a chip id and a count; the peaks are filled in from the
chip table under the same two policies the hardware extractor uses (FP32; tensor FP16/BF16, else the
faster of FP16 and FP32), so a verified set-up is as complete as a machine one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from paperscope.settings import DATA_DIR


@dataclass(frozen=True, slots=True)
class ChipPeaks:
    """Per-chip peaks of a chip's default row; None where the table has no figure."""

    fp32: float | None
    tensor: float | None


def _float(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


@cache
def chip_table(path: Path = DATA_DIR / "hardware" / "chips.csv") -> dict[str, ChipPeaks]:
    """Chip id -> peaks of its default row (the first row when none is marked default)."""
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["id"], []).append(row)
    out = {}
    for chip, variants in rows.items():
        row = next((r for r in variants if r.get("default") == "1"), variants[0])
        fp32, fp16, tensor = (_float(row[k]) for k in ("fp32_flops", "fp16_flops", "tensor_fp16_bf16_flops"))
        vector = [v for v in (fp16, fp32) if v is not None]
        out[chip] = ChipPeaks(fp32, tensor if tensor is not None else (max(vector) if vector else None))
    return out


def setup_peaks(chip: str, count: int | None, table: dict[str, ChipPeaks] | None = None) -> ChipPeaks:
    """Whole set-up peaks: chips x per-chip peak (a missing count is one chip; unknown chip: None)."""
    try:
        peaks = (table if table is not None else chip_table()).get(chip)
    except OSError:
        peaks = None
    if peaks is None:
        return ChipPeaks(None, None)
    n = count or 1
    return ChipPeaks(
        None if peaks.fp32 is None else n * peaks.fp32, None if peaks.tensor is None else n * peaks.tensor
    )
