"""How many chips a hardware mention counts, and its memory size, read from the words around it.

"8 V100s", "8x V100", "V100 x 8", "a single RTX 3090", "eight NVIDIA Tesla V100 32GB GPUs",
"two nodes with 8 A100s each" (16), "64 TPU v3 cores" (32 chips), "TPU v3-8" (4 chips).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "a single": 1, "two": 2, "dual": 2, "a pair of": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twelve": 12, "sixteen": 16, "twenty": 20, "thirty-two": 32, "sixty-four": 64,
}  # fmt: skip
_NUM = (
    r"(?<![A-Za-z\d.,/])(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?!\d)(?![.,]\d)|\b(?:"
    + "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
    + r")\b"
)
NUMBER = _NUM  # a count in digits or words ("8", "1,024", "eight", "a single")
_MEMORY = r"\(?\d{1,3}\s?-?(?:GB|Gb|GiB|G)\)?"


@dataclass(frozen=True, slots=True)
class HardwareWords:
    """``data/lexicons/hardware_words.json``: vendor words, and the words a count may skip to its chip."""

    vendors: tuple[str, ...]
    count_words: tuple[str, ...]
    qualifiers: tuple[str, ...]


def load_hardware_words(path: Path) -> HardwareWords:
    """Read and check the file: three lists of non-empty words."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    lists = [raw.get(k) for k in ("vendors", "count_words", "qualifiers")]
    if not all(isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v) for v in lists):
        raise ValueError(f"{path.name}: needs non-empty lists vendors, count_words and qualifiers")
    return HardwareWords(*(tuple(v) for v in lists))


@cache
def words() -> HardwareWords:
    """The hardware words shipped with paperscope (read once per process)."""
    from paperscope.settings import DATA_DIR

    return load_hardware_words(DATA_DIR / "lexicons" / "hardware_words.json")


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


@cache
def _left() -> re.Pattern[str]:
    """A count, then optional "x8", then vendor words, qualifiers or a memory size, up to the name."""
    w = words()
    brand = f"(?:{_alternatives(w.count_words + w.qualifiers)})"
    return re.compile(
        rf"(?P<n>{_NUM})(?:\s*[x×*]\s*(?P<m>\d{{1,4}}))?\s*(?:[x×*]\s*)?(?:(?:{brand}|{_MEMORY})[\s-]+)*$",
        re.IGNORECASE,
    )


@cache
def gpu_context_before() -> re.Pattern[str]:
    """A vendor word ("NVIDIA T4") or a count with "x" ("4 x T4") right before a short chip name."""
    return re.compile(rf"(?:{_alternatives(words().vendors)})[\s-]*$|(?<![\w.])\d{{1,4}}\s*[x×]\s*$")


_NUMBER_BEFORE = re.compile(r"(?<![\w-])\d[\d.,%]*\s*$")  # a bare number ("SST-2" is a name)
_TIMES = re.compile(r"\d\s*[x×]\s*$")  # "1×T4": a count written as a multiplier, even after table numbers
_RIGHT = re.compile(r"^s?(?:\s*(?:GPUs?|cards?|chips?))?\s*\(?\s*[x×]\s*(?P<n>\d{1,5})\b")
# a range of chips in a note right after the name: "TITAN X GPUs (three to six)", "A100s (between 2 and 8)"
_RANGE_NOTE = re.compile(
    rf"^s?(?:\s+(?:\([^()]{{0,20}}\)\s*)?(?:GPUs?|cards?|chips?|TPUs?|accelerators?))?\s*\(\s*(?:between\s+|from\s+)?"
    rf"(?:{_NUM})\s*(?:to|-|–|or|and)\s*(?P<n>{_NUM})\s*(?:GPUs?|cards?|chips?|TPUs?)?\s*[,;)]",
    re.IGNORECASE,
)
_CORES = re.compile(r"^s?\s*(?:Tensor)?[Cc]ores?\b")
_CHIPS_NOTE = re.compile(r"^[^.)]{0,40}?(?<![\w.])(?P<n>\d{1,5})\s+chips\b")  # not "v3 chips"
# "(8 GPUs, 80 GB each)" after a host's chip; "(256 GPUs in total)" after any
_CLASS_NOTE = re.compile(r"^[^.;()]{0,24}\(\s*(?P<n>\d{1,5})\s+(?:GPUs?|TPUs?|chips|accelerators|cards)\b")
_TOTAL_NOTE = re.compile(
    r"^[^.;()]{0,24}\(\s*(?P<n>\d{1,5})\s+"
    r"(?:(?:GPUs?|TPUs?|chips|accelerators|cards)\s+(?:in\s+)?total\b|(?:in\s+)?total\s*[),])"
)
_HOST_BEFORE = re.compile(
    r"\b(?:DGX|HGX|nodes?|servers?|machines?|workstations?|instances?)[\s-]*(?:\w+[\s-]+)?$", re.IGNORECASE
)
_CORES_NOTE = re.compile(
    r"^s?\s*(?:(?:full\s+)?(?:[Pp]od\s+)?(?:[Ss]lices?|[Pp]ods?)\s*)?\(?(?:with|using|of)?\s*"
    r"(?:\d{1,5}\s*(?:-|–|to)\s*)?(?P<n>\d{1,2},\d{3}|\d{1,5})\s+(?:Tensor)?[Cc]ores\b"
)
_HOST = re.compile(r"^s?[\s-]*(?:nodes?|hosts?|devices?|VMs?|machines?)\b")
# "a single core of a Xeon", "a single-threaded Xeon": one chip
_CORES_OF = re.compile(
    r"\bcores? of (?:an?\s+|the\s+)?$|\b(?:single|one)[\s-](?:thread(?:ed)?|core)\s+(?:CPU\s+)?(?:\(\w+\)\s+)?$",
    re.IGNORECASE,
)
_SLICE = re.compile(r"v\d[ep]?[\s-]+(?P<n>\d{1,5})\b|^[\s-](?P<m>\d{1,5})\b")
# the slice named in a note after the chip: "a TPU v3 pod slice (v3-32)"
_SLICE_NOTE = re.compile(
    r"^[^.;]{0,20}?\(\s*(?:each\s+(?:an?\s+)?|i\.e\.,?\s*)?(?:TPU\s*)?v\d[ep]?-(?P<n>\d{1,5})\b(?P<m>)"
)
_MEM_NEAR = re.compile(r"(?<![\d.,])(?P<g>\d{1,3})\s?-?(?:GB|Gb|GiB)\b|^\s*\(?(?P<h>\d{1,3})\s?G\b")
_NODES = re.compile(
    rf"(?<![\w.-])(?:(?:{_NUM})\s*(?:to|-|–|or)\s*)?(?P<n>{_NUM})\s+(?:(?:[\w.-]+\s+){{0,2}})(?:nodes?|machines?|servers?|hosts?|instances?|workers?|"
    r"DGX[-\s]?\w*(?:\s+(?:servers?|nodes?|stations?))?)\b",
    re.IGNORECASE,
)
_NODES_OF = re.compile(
    rf"\s*,?\s*(?:each\s+)?(?:of|with|having|equipped with|containing|hosting|[x×])\s*(?:an?\s+)?(?P<m>{_NUM})\s*[x×]?",
    re.IGNORECASE,
)
_NODES_AFTER = re.compile(
    r"^s?\s*(?:GPUs?|cards|TPUs?)?\s*(?:\([^()]{0,30}\)\s*)?,?\s*(?:using|on|across|over)\s+"
    + _NODES.pattern
    + rf"\s*,?\s*(?:each\s+)?(?:of|with|having)\s+(?P<m>{_NUM})\s*(?:GPUs?|cards|chips|TPUs?)\b",
    re.IGNORECASE,
)
_EACH = re.compile(
    r"\beach\b|\bper (?:node|machine|server|host|instance|worker)\b|\bevery one of (?:which|them)\b|\bapiece\b"
    r"|\bevery (?:node|machine|server|host|instance|worker)\b",
    re.IGNORECASE,
)


def number(token: str) -> int | None:
    """``"8"``, ``"1,024"``, ``"eight"``, ``"a single"`` -> int; anything else -> None."""
    token = token.strip().lower()
    if token.replace(",", "").isdigit():
        return int(token.replace(",", ""))
    return _WORDS.get(token)


def left_count(before: str) -> int | None:
    """The count printed just before a chip name (``before`` ends where the name starts)."""
    before = before[-80:]
    m = _left().search(before)
    if not m or (_NUMBER_BEFORE.search(before[: m.start()]) and not _TIMES.search(before)):
        return None  # a run of numbers: a table or an axis
    if _POWER.search(before, 0, m.start("n")):  # "3.5 × 10^4 V100 GPU-hours": an exponent, not a count
        return None
    n = number(m.group("n"))
    if n is None or (1900 <= n <= 2100 and n != 2048):  # a year, not a count; 2048 chips or cores are common
        return None
    if m.group("m"):  # "4x8 V100": 4 machines of 8
        n *= int(m.group("m"))
    return n


_DURATION = re.compile(
    r"^s?[\s-]*(?:(?:GPU|TPU|accelerator|device|chip)[\s-]*)?(?:(?:Tensor)?[Cc]ore[\s-]*)?"
    r"(?:hours?|days?|hrs?|[Hh]ours|[Dd]ays|months?|years?)\b"
)
_POWER = re.compile(r"10\s*\^\s*[−-]?$")  # the base of a power of ten, right before its exponent


def is_duration(after: str) -> bool:
    """True when the number before the chip is of chip-hours or -days ("24 TPUv2 hours", "V100 GPU-hours")."""
    return bool(_DURATION.search(after[:24]))


_ARTICLE = re.compile(r"\b(?:an?|the)\s+(?:[\w.-]+\s+){0,6}$", re.IGNORECASE)


def article_only(before: str) -> bool:
    """True when only an article precedes the name ("a laptop with an Intel i7"): no count printed."""
    tail = before[-60:]
    m = _ARTICLE.search(tail)
    return m is not None and not re.search(r"\b(?:single|one|two|dual|\d+)\b", m.group(), re.IGNORECASE)


def _count_in(pattern: re.Pattern[str], after: str, width: int) -> int | None:
    """The ``n`` group of ``pattern`` in the first ``width`` characters after a chip name."""
    m = pattern.search(after[:width])
    return int(m.group("n")) if m else None


# "V100 32GB GPUs (one per run)": the chips each run used
_PER_RUN_NOTE = re.compile(
    rf"^[^.;()]{{0,30}}\(\s*(?P<n>{_NUM})\s+(?:GPUs?\s+|cards?\s+)?(?:per|each|a)\s+(?:run|job|seed|model|experiment|trial)\s*\)",
    re.IGNORECASE,
)


def right_count(after: str) -> int | None:
    """A count printed just after a chip name: "V100 x 8", "V100 GPUs (x8)", "GPUs (three to six)".

    A range in the note counts its maximum, as the rubric's ranges do.
    """
    if (n := _count_in(_RIGHT, after, 30)) is not None:
        return n
    m = _RANGE_NOTE.search(after[:50]) or _PER_RUN_NOTE.search(after[:60])
    return None if m is None else number(m.group("n"))


def counts_cores(after: str) -> bool:
    """True when the count is of cores ("64 TPU v3 cores"), not chips."""
    return bool(_CORES.search(after[:20]))


def chips_note(after: str) -> int | None:
    """A chip count given right after the name: "TPU v4 (4x4x12 configuration, 192 chips"."""
    return _count_in(_CHIPS_NOTE, after, 60)


def cores_note(after: str) -> int | None:
    """A core count right after the name: "a TPUv3 with 8 cores", "a pod (2,048 cores)", "with 32 TensorCores"."""
    m = _CORES_NOTE.search(after[:40])
    return int(m.group("n").replace(",", "")) if m else None


# a TPU topology printed before the name: "a 4x4x4 TPU v4 slice" holds 64 chips
_TOPOLOGY = re.compile(
    r"(?<![\w.])(?P<a>\d{1,2})\s?[x×]\s?(?P<b>\d{1,2})(?:\s?[x×]\s?(?P<c>\d{1,2}))?\s*(?:Cloud\s+)?$"
)


def topology_chips(before: str) -> int | None:
    """Chips of a TPU topology right before the name ("4x4x4 TPU v4" = 64); None without one."""
    m = _TOPOLOGY.search(before[-16:])
    if m is None:
        return None
    n = int(m.group("a")) * int(m.group("b")) * int(m.group("c") or 1)
    return n if 1 < n <= 100_000 else None


def is_host(after: str) -> bool:
    """True when the name is of a TPU host ("a single TPU-v3 node"): one host holds 4 chips."""
    return bool(_HOST.search(after[:16]))


def cores_of_one(before: str) -> bool:
    """True for "a single core of an Intel Xeon", "a single-threaded Xeon": cores of one chip, so one chip."""
    return bool(_CORES_OF.search(before[-40:]))


def slice_cores(matched: str, after: str, in_table: bool = False) -> int | None:
    """The core count of a TPU slice name ("v3-8", "TPU v3-256").

    In a table row "TPU v4 256" is the name and the next column, not a slice: only "-" joins there.
    """
    beside = _SLICE.search(after[:8])
    if beside and in_table and not after.startswith("-"):
        beside = None
    m = _SLICE.search(matched) or beside or _SLICE_NOTE.search(after[:32])
    if not m:
        return None
    return int(m.group("n") or m.group("m"))


def memory_near(before: str, after: str) -> int | None:
    """Memory size in GB printed next to the chip ("32GB V100", "V100 (16 GB)", "A100-80GB")."""
    m = _MEM_NEAR.search(after[:40])
    if not m:
        tail = before[-14:]
        m = re.search(r"(?<![\d.,])(?P<g>\d{1,3})\s?-?(?:GB|Gb|GiB)[\s-]*$", tail)
    if not m:
        return None
    value = int(m.group("g") or m.group("h"))
    return value if 1 <= value <= 256 else None


def nodes_after(after: str) -> int | None:
    """Chips given right after the name as nodes x per node: "H100 GPUs (80 GB) using 2 nodes with 8 GPUs"."""
    m = _NODES_AFTER.match(after[:90])
    if m is None:
        return None
    n, per = number(m.group("n")), number(m.group("m"))
    return n * per if n and per and n <= 4096 else None


def node_multiplier(clause: str, count: int | None, sentence: str = "", near: str | None = None) -> int:
    """``N`` when the chips sit on N nodes: "two nodes with 8 A100s each", "32 nodes of 8xH100".

    ``clause`` is the mention's part of its sentence between semicolons. The per-node cue ("each",
    "per node") must be in it: "...on four DGX-1 machines; fine-tuning used a single V100 per task"
    is one V100. The node count may come from the sentence ("two nodes; each node has four cards").
    Ranges of nodes take their maximum ("1 to 4 nodes, each with 8 A100").
    """
    if count is None:
        return 1
    if (after := _NODES_TIMES_AFTER.search(near if near is not None else clause)) is not None:
        n = number(after.group("n"))  # "8×A100 80GB × 2 nodes"
        if n and 1 < n <= 4096:
            return n
    if _is_total(clause, count):  # "32 Gaudi2 across four servers (8 per server)": already the total
        return 1
    for m in _NODES.finditer(clause):  # "N nodes of/with M ...": the M is this mention's count
        of = _NODES_OF.match(clause, m.end())
        n = number(m.group("n"))
        if of and number(of.group("m")) == count and n and 1 < n <= 4096:
            return n
    if not _EACH.search(clause if near is None else near):  # the cue in the mention's own comma clause
        return 1
    for where in (clause, sentence):
        for m in _NODES.finditer(where):
            n = number(m.group("n"))
            if n and n != count and 1 < n <= 4096:
                return n
    return 1


_NODES_TIMES_AFTER = re.compile(
    rf"(?:GB|GiB|[A-Za-z\d])\s*[x×]\s*(?P<n>{_NUM})\s+(?:nodes|machines|servers|hosts)\b", re.IGNORECASE
)
_PER_HOST = re.compile(
    rf"(?P<p>{_NUM})\s+(?:\w+\s+)?(?:per|each|a|every)\s+(?:node|server|machine|host|instance)\b",
    re.IGNORECASE,
)


def _is_total(clause: str, count: int) -> bool:
    """True when ``count`` is nodes x a per-node count the clause also prints: it is the whole set-up."""
    per = [number(m.group("p")) for m in _PER_HOST.finditer(clause)]
    nodes = [number(m.group("n")) for m in _NODES.finditer(clause)]
    return any(p and n and p * n == count and p != count for p in per for n in nodes)


_PER_MACHINE = re.compile(
    r"(?i)\beach\s+(?:\w+\s+)?(?:machine|node|server|host)\s+(?:has|have|holds|contains|hosts|is\s+equipped\s+with|comes\s+with|with)\b"
)
_MACHINES_USED = re.compile(
    rf"(?i)^[^.]*\.\s+[^.]{{0,60}}?\b(?:use[sd]?|using|run\s+on|ran\s+on|across|spanning|span)\s+(?P<n>{_NUM})\s+"
    r"(?:\w+\s+)?(?:machines|nodes|servers|hosts)\b"
)


def per_machine(sentence: str) -> bool:
    """True for a sentence describing what each machine holds ("Each worker machine has 8 A100s")."""
    return bool(_PER_MACHINE.search(sentence))


def machines_used(after: str) -> int | None:
    """The machines the next sentence says were used ("Our main runs use 6 worker machines")."""
    m = _MACHINES_USED.match(after)
    n = number(m.group("n")) if m else None
    return n if n and 1 < n <= 4096 else None


def total_note(after: str) -> int | None:
    """A total printed after the chip: "8xH100 80GB SXM (256 GPUs in total)"."""
    return _count_in(_TOTAL_NOTE, after, 60)


def class_note(after: str) -> int | None:
    """A count of chips by their class right after the name: "DGX A100 (8 GPUs, 80 GB each)"."""
    return _count_in(_CLASS_NOTE, after, 40)


_DGX = re.compile(rf"(?P<n>{_NUM})\s+(?:NVIDIA\s+)?DGX[\s-]*$", re.IGNORECASE)
_DGX_GPUS = 8  # a DGX A100 / H100 / B200 host holds eight GPUs


def dgx_chips(before: str) -> int | None:
    """GPUs of DGX hosts counted before the chip: "a single DGX A100" (8), "two DGX H100 nodes" (16).

    A bare "DGX V100" counts nothing: a DGX Station holds four GPUs, a DGX-1 eight.
    """
    m = _DGX.search(before[-40:])
    if m is None:
        return None
    hosts = number(m.group("n"))
    return None if not hosts or hosts > 4096 else hosts * _DGX_GPUS


def after_host(before: str) -> bool:
    """True when the chip is named as part of a host: "a single DGX A100", "one p4d node with A100"."""
    return bool(_HOST_BEFORE.search(before[-24:]))
