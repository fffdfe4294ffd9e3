"""The chips an annotator can pick, and the peak FLOP/s of a hand-corrected hardware set-up.

Both come from ``data/hardware/chips.csv``. The hardware config's chip control is a drop-down of its
chip ids (shown with their names), so a correction is always a known id; text typed under the older
free-text config is looked up by id or name, and anything else is refused at pull time. Peaks are
filled in under the same two policies the hardware extractor uses (FP32; tensor FP16/BF16, else the
faster of FP16 and FP32), so a verified set-up is as complete as a machine one.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from paperscope.settings import DATA_DIR

CHIPS_CSV = DATA_DIR / "hardware" / "chips.csv"
NO_HARDWARE = "none"  # the chip choice that means "the paper reports no hardware"


@dataclass(frozen=True, slots=True)
class ChipPeaks:
    """Per-chip peaks of a chip's default row; None where the table has no figure."""

    fp32: float | None
    tensor: float | None


def _float(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


@cache
def _default_rows(path: Path) -> dict[str, dict[str, str]]:
    """Chip id -> its default row (the first row when none is marked default), in file order."""
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["id"], []).append(row)
    return {chip: next((r for r in v if r.get("default") == "1"), v[0]) for chip, v in rows.items()}


@cache
def chip_table(path: Path = CHIPS_CSV) -> dict[str, ChipPeaks]:
    """Chip id -> peaks of its default row."""
    out = {}
    for chip, row in _default_rows(path).items():
        fp32, fp16, tensor = (_float(row[k]) for k in ("fp32_flops", "fp16_flops", "tensor_fp16_bf16_flops"))
        vector = [v for v in (fp16, fp32) if v is not None]
        out[chip] = ChipPeaks(fp32, tensor if tensor is not None else (max(vector) if vector else None))
    return out


def chip_class(chip: str, path: Path = CHIPS_CSV) -> str:
    """The chip's class in the table (gpu, tpu, cpu or other)."""
    return _default_rows(path)[chip]["chip_class"] or "other"


@cache
def chip_names(path: Path = CHIPS_CSV) -> dict[str, str]:
    """Chip id -> the name an annotator reads ("NVIDIA RTX 3090"; "GPU, model not stated")."""
    return {
        chip: f"{row['vendor']} {row['name']}" if row["vendor"] else f"{row['name']}, model not stated"
        for chip, row in _default_rows(path).items()
    }


def chip_choices_xml(path: Path = CHIPS_CSV) -> str:
    """One Label Studio ``<Choice>`` per chip id: the name is shown, the id is what the result holds."""
    lines = [f'<Choice value="no hardware reported" alias="{NO_HARDWARE}"/>']
    lines += [
        f"<Choice value={_attr(f'{name} ({chip})')} alias={_attr(chip)}/>"
        for chip, name in chip_names(path).items()
    ]
    return "\n    ".join(lines)


def _attr(text: str) -> str:
    return f'"{html.escape(text, quote=True)}"'


def _norm(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


@cache
def _lookup(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for chip, row in _default_rows(path).items():
        for key in (chip, row["name"], f"{row['vendor']} {row['name']}"):
            out.setdefault(_norm(key), chip)
    return out


def resolve_chip(text: str, path: Path = CHIPS_CSV) -> str | None:
    """The chip id that ``text`` names: an id or a name of chips.csv, any case ("RTX 3090" -> rtx-3090).

    None when it names no chip of the table.
    """
    return _lookup(path).get(_norm(text)) if text.strip() else None


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
