"""Everything the extractors read from ``data/``, loaded once per process and never changed.

The chip table (``data/hardware/chips.csv``) and the lexicons (``data/lexicons/*.jsonl``) are data,
not code: patterns live there, this module only compiles them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast, get_args

from paperscope.records import ChipClass

# Start and end of a chip or model name: no letter or digit glued on, except "8x" before ("8xV100");
# a plural "s" may follow.
_BEFORE = r"(?:(?<![A-Za-z0-9])|(?<=\d[x×]))"
_AFTER = r"(?=s?(?![A-Za-z0-9]))"


@dataclass(frozen=True, slots=True)
class ChipSpec:
    """One row of ``chips.csv``: a chip (or one memory/form-factor variant of it) and its peaks.

    Peaks are per chip, dense, in FLOP/s (``int8_ops`` in OP/s); ``None`` where not published.
    """

    id: str
    name: str
    vendor: str
    chip_class: ChipClass
    variant: str
    memory_gb: int | None
    default: bool
    fp32_flops: float | None
    fp16_flops: float | None
    tensor_fp16_bf16_flops: float | None
    int8_ops: float | None
    source: str
    cores_per_chip: int | None = None  # TPUs: slices ("v3-32") and "N cores" count cores
    chips_per_host: int | None = None  # TPUs: "a TPU v3 node" is one host


# the cue lexicon's uses (``data/lexicons/cues.jsonl``): a misspelt cue name is a type error, and the
# file must define exactly these
CueName = Literal[
    "bert_not_a_model_after",
    "bert_own_training_before",
    "bert_studies_after",
    "bert_studies_before",
    "bert_uses_after",
    "bert_uses_before",
    "code_anonymised",
    "code_checklist_question",
    "code_own",
    "code_promised",
    "code_third_party",
    "hardware_first_person",
    "hardware_foreign",
    "hardware_hypothetical",
    "hardware_main",
    "hardware_not_reported",
    "hardware_other",
    "hardware_used",
]
CUE_NAMES: frozenset[str] = frozenset(get_args(CueName))


@dataclass(frozen=True, slots=True)
class BertModel:
    """A BERT-family model name; ``core`` marks the study's three; ``None`` model = not a model."""

    model: str | None
    core: bool


@dataclass(frozen=True, slots=True)
class Resources:
    """Compiled lexicons and the chip table; one instance per process, shared by the extractors."""

    chips: Mapping[str, tuple[ChipSpec, ...]]
    chip_regex: re.Pattern[str]
    chip_groups: tuple[tuple[str, bool], ...]  # group index -> (chip id, needs GPU context)
    chip_anchors: tuple[str, ...]
    bert_regex: re.Pattern[str]
    bert_groups: tuple[BertModel, ...]
    bert_anchors: tuple[str, ...]
    cues: Mapping[CueName, re.Pattern[str]]
    code_hosts: Mapping[str, str]  # host -> "repository" | "anonymised"

    def chip(self, chip_id: str, memory_gb: int | None = None) -> ChipSpec:
        """The spec of a chip: the variant with this memory size if listed, else the default row."""
        rows = self.chips[chip_id]
        for row in rows:
            if memory_gb is not None and row.memory_gb == memory_gb:
                return row
        return next((r for r in rows if r.default), rows[0])

    def chips_in(self, text: str) -> list[re.Match[str]]:
        """Chip names in ``text`` (matches of ``chip_regex``), found around their anchors."""
        return anchored(self.chip_regex, self.chip_anchors, text)

    def bert_names_in(self, text: str) -> list[re.Match[str]]:
        """BERT-family names (and excluded look-alikes) in ``text``, found around their anchors."""
        return anchored(self.bert_regex, self.bert_anchors, text)

    def cue(self, use: CueName, text: str) -> re.Match[str] | None:
        """The first match of the cue lexicon ``use`` in ``text``, if any."""
        return self.cues[use].search(text)

    @classmethod
    def load(cls, data_dir: Path) -> Resources:
        """Read and compile ``data_dir/hardware/chips.csv`` and ``data_dir/lexicons/*.jsonl``."""
        return _load(Path(data_dir).resolve())


def _float(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    """One regex of named alternatives ``g0``, ``g1``… with the word boundaries factored out."""
    body = "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(patterns))
    return re.compile(f"(?=[A-Za-z0-9]){_BEFORE}(?:{body}){_AFTER}")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
WINDOW_BEFORE, WINDOW_AFTER = 40, 60  # characters around an anchor in which its name is matched


def _model_number(lowered: str, at: int, size: int) -> bool:
    """True when the digits at ``at`` can be a model number, not a figure in a table.

    That is a whole number glued to, or one space, hyphen or line break after, a letter ("v100",
    "rtx 3090", "v-100", "8xv100"); a whole number of four digits or more anywhere ("8 2080 Ti",
    "(1080Ti)"): those are rare enough in papers to be tried wherever they stand.
    """
    end = at + size
    if end < len(lowered) and "0" <= lowered[end] <= "9":  # ASCII digits, as the regexes' [0-9]
        return False
    before = lowered[at - 1] if at >= 1 else " "
    if "0" <= before <= "9":
        return False
    if size >= 4 or before.isalpha():
        return True
    return before in " -\n" and at >= 2 and lowered[at - 2].isalpha()


@lru_cache(maxsize=32)
def _anchor_kinds(anchors: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """All-digit anchors as one regex (longest first, whole numbers only); the others as they are."""
    numbers = sorted((a for a in anchors if a.isascii() and a.isdigit()), key=len, reverse=True)
    regex = re.compile(f"(?:{'|'.join(numbers)})(?![0-9])") if numbers else None
    return regex, tuple(a for a in anchors if a not in numbers)


_last_lowered: tuple[str, str] = (
    "",
    "",
)  # (text, its lower case): extractors ask for one paper's text in turn


def _lowered(text: str) -> str:
    """``text`` in lower case with its offsets kept; the last one is remembered (the same paper's text)."""
    global _last_lowered  # a one-entry memo: equal text, equal result
    if _last_lowered[0] is text:
        return _last_lowered[1]
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ("İ"): keep offsets aligned
        lowered = text.translate(_ASCII_LOWER)
    _last_lowered = (text, lowered)
    return lowered


def anchored(
    regex: re.Pattern[str], anchors: tuple[str, ...], text: str, also: re.Pattern[str] | None = None
) -> list[re.Match[str]]:
    """Matches of ``regex`` in ``text`` that contain one of the ``anchors`` (or a match of ``also``).

    An anchor in lower case is found in any case, one with capitals ("TPU") only as written. The
    same as ``regex.finditer(text)`` for patterns whose every match contains an anchor, but fast:
    ``str.find`` (and one regex for the numbers) locates the anchors and the regex only runs in a
    window around each. ``also`` marks anchors too short for ``str.find`` ("36 h": a digit before "h").
    """
    lowered = _lowered(text)
    numbers, words = _anchor_kinds(anchors)
    hits: set[int] = {m.start() for m in also.finditer(text)} if also is not None else set()
    if numbers is not None:  # one pass for all numbers: a paper has thousands of "10"s
        for m in numbers.finditer(lowered):
            if _model_number(lowered, m.start(), m.end() - m.start()):
                hits.add(m.start())
    for anchor in words:
        within = lowered if anchor == anchor.lower() else text  # "TPU": capitals are matched as written
        numeric = anchor[0].isdigit()
        at = within.find(anchor)
        while at >= 0:
            if not numeric or _model_number(lowered, at, len(anchor)):
                hits.add(at)
            at = within.find(anchor, at + 1)
    found: dict[int, re.Match[str]] = {}
    covered = -1
    for hit in sorted(hits):
        if hit < covered:
            continue
        for m in regex.finditer(text, max(0, hit - WINDOW_BEFORE), hit + WINDOW_AFTER):
            if m.start() > hit:  # later matches start later still: none can hold the anchor
                break
            if m.end() > hit:  # the one match that holds the anchor; the next starts after its end
                if m.start() not in found:
                    found[m.start()] = m
                    covered = max(covered, m.end())
                break
    return [found[k] for k in sorted(found)]


@cache
def _load(data_dir: Path) -> Resources:
    chips: dict[str, list[ChipSpec]] = {}
    with (data_dir / "hardware" / "chips.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            spec = ChipSpec(
                id=row["id"],
                name=row["name"],
                vendor=row["vendor"],
                chip_class=row["chip_class"],  # type: ignore[arg-type]  # checked below
                variant=row["variant"],
                memory_gb=int(row["memory_gb"]) if row["memory_gb"] else None,
                default=row["default"] == "1",
                fp32_flops=_float(row["fp32_flops"]),
                fp16_flops=_float(row["fp16_flops"]),
                tensor_fp16_bf16_flops=_float(row["tensor_fp16_bf16_flops"]),
                int8_ops=_float(row["int8_ops"]),
                source=row["source"],
                cores_per_chip=int(row["cores_per_chip"]) if row["cores_per_chip"] else None,
                chips_per_host=int(row["chips_per_host"]) if row["chips_per_host"] else None,
            )
            if spec.chip_class not in ("gpu", "tpu", "cpu", "other"):
                raise ValueError(f"chips.csv: {spec.id}: unknown chip_class {spec.chip_class!r}")
            chips.setdefault(spec.id, []).append(spec)
    chip_rows = _jsonl(data_dir / "lexicons" / "chips.jsonl")
    unknown = {r["chip"] for r in chip_rows} - chips.keys()
    if unknown:
        raise ValueError(f"lexicons/chips.jsonl names chips missing from chips.csv: {sorted(unknown)}")
    bert_rows = _jsonl(data_dir / "lexicons" / "bert_models.jsonl")
    # exclusions first: at one position the first alternative wins ("BERTScore" is not "BERT")
    bert_rows.sort(key=lambda r: r["model"] is not None)
    cues = _cues(data_dir / "lexicons" / "cues.jsonl")
    return Resources(
        chips=MappingProxyType({k: tuple(v) for k, v in chips.items()}),
        chip_regex=_alternation([r["pattern"] for r in chip_rows]),
        chip_groups=tuple((r["chip"], bool(r["needs_gpu_context"])) for r in chip_rows),
        chip_anchors=tuple(sorted({a for r in chip_rows for a in r["anchors"]})),
        bert_regex=_alternation([r["pattern"] for r in bert_rows]),
        bert_groups=tuple(BertModel(r["model"], bool(r["core"])) for r in bert_rows),
        bert_anchors=tuple(sorted({a for r in bert_rows for a in r["anchors"]})),
        cues=MappingProxyType(cues),
        code_hosts=MappingProxyType(
            {r["host"]: r["kind"] for r in _jsonl(data_dir / "lexicons" / "code_hosts.jsonl")}
        ),
    )


def _cues(path: Path) -> dict[CueName, re.Pattern[str]]:
    """The cue lexicon, compiled; its uses must be exactly :data:`CueName`'s."""
    rows = _jsonl(path)
    uses = [str(r["use"]) for r in rows]
    if set(uses) != CUE_NAMES or len(uses) != len(set(uses)):
        missing, extra = sorted(CUE_NAMES - set(uses)), sorted(set(uses) - CUE_NAMES)
        raise ValueError(f"{path.name}: cue uses differ from CueName (missing {missing}, unknown {extra})")
    return {cast("CueName", r["use"]): re.compile(r["pattern"]) for r in rows}


def group_index(match: re.Match[str]) -> int:
    """Which alternative of an ``_alternation`` regex matched (its ``g<i>`` group)."""
    name = match.lastgroup
    if name is None:
        raise ValueError("match of a regex without named alternatives")
    return int(name[1:])
