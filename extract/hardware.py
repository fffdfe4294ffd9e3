"""Hardware: accelerator and CPU mentions (count, memory, scope) and the paper's largest set-up.

The set-up carries its peak FLOP/s under two precision policies (FP32, tensor FP16/BF16) and the
paper's training inputs (time, parameters, tokens; from :mod:`extract.training`).

Reference-list hits are skipped. Generic "N GPUs" mentions (no model named) count as chip ``gpu``
when they carry a count, a memory size or GPU-days. A NeurIPS checklist that says compute is not
reported gives a ``not_reported`` set-up; silence gives no set-up label at all ("not found").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract import hardware_cloud as cloud
from extract import hardware_counts as counts
from extract import hardware_tables as tables
from extract.document import ParsedDoc
from extract.evidence import make_evidence, producer, sentence_bounds
from extract.resources import ChipSpec, Resources, group_index
from paperscope.records import Hardware, HardwareSetup, Label
from paperscope.training import inputs_of

NAME = "hardware"
VERSION = "0.25.1"

_SKIPPED_SECTIONS = frozenset({"references"})
_GPU_CONTEXT_AFTER = re.compile(
    r"^s?[\s-]*(?:\(?\d+\s?GB\)?[\s-]*)?(?:GPUs?|graphics|cards?|accelerators?)\b"
)
# "GPU"/"TPU"/"CPU" come first so the regex engine can scan for the literal; what precedes is checked after
_GENERIC_GPU = re.compile(
    r"[CGT]PU(?:(?<![\w-][CGT]PU)|(?<=\d-[CGT]PU)|(?<=\d- [CGT]PU)|(?<=[Ss]ingle-[CGT]PU)|(?<=[Oo]ne-[CGT]PU)|"
    r"(?<=[Tt]wo-[CGT]PU)|(?<=[Dd]ual-[CGT]PU)|(?<=[Ff]our-[CGT]PU)|(?<=[Ee]ight-[CGT]PU))(?:s|S|-(?:days?|hours?))?(?![\w])"
)
_CPU_CORES = re.compile(r"^s?\s*(?:\([^)]{0,24}\)\s*)?(?:CPUs?\s*)?(?:[Cc]ores?|threads?)\b")
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|/|&)\s*(?:and\s+|or\s+)?$")
_HYPHEN_COUNT = re.compile(r"(?<![\w.])(\d{1,4}|single|one|two|four|eight|dual|multi)-\s?$", re.IGNORECASE)
_ON_GPUS = re.compile(r"\b(?:on|using)\s+(?:NVIDIA\s+|Nvidia\s+|NVidia\s+|(?:Google\s+)?Cloud\s+)?$")
_GPU_DAYS = re.compile(
    r"^-\s*(?:days?|hours?|weeks?|months?|years?)|^\s+(?:days?|hours?|weeks?|months?|years?)\b"
)
_NOT_A_DEVICE = re.compile(
    r"^\s+(?:memory|kernels?|implementations?|utili[sz]ation|platforms?|programming|computing|computations?|"
    r"operations?|support|architectures?|acceleration|versions?|code|time|clusters?|resources?|parallelism)\b"
)
# "a CPU-only build", "CPU-based": a kind of implementation, not a device
_CLASS_COMPOUND = re.compile(r"^-(?!days?|hours?)[a-z]")
# a bare TPU pod slice: "a v3-256 pod", "a v4-128 slice" (v2-v4 names count cores, v5e chips); a
# slice name without "pod" or "slice" after it counts only in a sentence that speaks of TPUs
_SLICE_NAME = re.compile(r"v(?<![\w-]v)(?P<gen>[2-5][ep]?)-(?P<cores>\d{1,5})\b(?![.,]?\d)")
_SLICE_WORD = re.compile(r"\s*(?:TPU\s*)?(?:[Pp]ods?|slices?)\b")
_TPU_WORD = re.compile(r"\bTPU|\b[Pp]od slices?\b")
# a clause about speed or timing: its hardware timed the methods, it did not train them
_TIMING = re.compile(
    r"(?i)\b(?:speeds?|timings?|time[sd]?\s+(?:the|each|all|our)|run-?ning\s+times?|FPS|"
    r"run\w*\s+(?:the|a|our|this)\s+(?:speed\s+)?tests?|tests?\s+(?:was|were|is|are)\s+run)\b"
)
# timing or benchmarking words: hardware that timed a method, not hardware that ran the experiments
_TIMED = re.compile(
    r"(?i)\b(?:latency|latencies|throughput|speeds?|frames? per second|frame[- ]rates?|timings?|timed|"
    r"run-?times?|running times?|wall-?clock|measured|profil(?:ed|ing)|benchmark(?:ed|ing)|deploy\w*)\b"
    r"|(?i:(?<![a-z])fps\b)"  # "5fps"
)
# a cluster's inventory before a mention: "our cluster consists of", "a larger cluster of", "a pool of"
_INVENTORY = re.compile(
    r"(?i)\b(?:cluster|pool|facility|supercomputer|fleet|superpod)\b[^.;]{0,40}?\b(?:consists?\s+of|compris\w+|"
    r"composed\s+of|of|with|has|have|contains?|equipped\s+with)\b(?:(?!\b(?:used?|each|per)\b)[^.;()]){0,50}$"
)
# an article before a class name: "a CPU" is one chip, "a cluster of GPUs" counts none
_ARTICLE_COUNT = re.compile(r"\b(?:an?|one|a single|single)\s+(?:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE)
_GENERIC_LEFT = re.compile(r"(?:(?:[a-z][\w-]*|\d+\s?GB)\s+){0,2}$")
# "8 per GPU", "64 images each GPU", "examples of the single GPU": a rate or share per device, not a device
_PER_DEVICE = re.compile(
    r"\b(?:per|each|every)\s+$|\b(?:of|from|within|in)\s+the\s+(?:single|same)\s+$", re.IGNORECASE
)
# "a 3x speed-up on GPU", "2x faster on GPUs": a factor before the class name, not a count of devices
_FACTOR = re.compile(
    r"(?:[x×]|times|-?fold)\s+(?:\w+\s+){0,2}?(?:speed-?ups?|faster|slower|more|less|fewer|lower|higher|"
    r"reductions?|improvements?|acceleration|gains?|increases?)\b[^.;]{0,20}$",
    re.IGNORECASE,
)
# "needs neither a GPU", "runs without GPUs", "does not require a GPU": no device is used
_NEGATED = re.compile(
    r"\b(?:neither|nor|without|no need (?:for|of)|(?:do|does|did)(?: not|n[o']t) (?:need|require|use)|"
    r"not (?:need|require)\w*)\s+(?:an?\s+|any\s+|the\s+)?(?:[a-z][\w-]*\s+)?$",
    re.IGNORECASE,
)
# a citation right after the chip phrase: "(van den Oord et al., 2016b)", "[12]", "[3, 4]"
_CITATION_AFTER = re.compile(
    r"^s?(?:\s+(?:GPUs?|TPUs?|chips?|cards?|cores?|accelerators?))?\s*"
    r"(?:(?:used|employed|reported|required|needed)\s+(?:by|in)\s+)?"  # "the 2,048 A100s used by [17]"
    r"(?:\([^()]{0,80}?(?:19|20)\d{2}[a-z]?\)|\[\d+(?:\s*[,–-]\s*\d+)*\])"
)
_CONTRAST_AFTER = re.compile(r";|,\s*(?:whereas|while|but|yet)\b")
# where the clause holding a mention starts: "..., the model that was trained on 32 GPUs"
_CLAUSE_START = re.compile(r"[,;:(]|\b(?:but|while|whereas|which|that|who|although)\b")
# clause marks; a comma between digits ("1,000") is not one
_MARKS = {m: re.compile(rf"[{m}](?!(?<=\d,)\d)") for m in (",;:", ",;", ";")}
_CLAUSE_OPEN = re.compile(
    r"[;:(]|,(?!(?<=\d,)\d)|\b(?:but|while|whereas|which|who|whose|although|unlike|Unlike)\b"
)
_CITED_END = re.compile(
    r"(?:\[\d+(?:[,–-]\s*\d+)*\]|et al\.,? (?:19|20)\d\d[a-z]?\)?|\((?:19|20)\d\d[a-z]?\))\s*,?\s*$"
)
_RELATIVE = re.compile(r"[,;:(]?\s*(?:which|whose|who|whereas|unlike)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """A hardware mention before it becomes a label: span, chip, count, memory, scope."""

    start: int
    end: int
    chip: str
    count: int | None
    memory_gb: int | None
    scope: str
    confidence: float
    foreign: bool = False  # another work's set-up (cited, "GPT-3 was trained on"): never the paper's
    timed: bool = False  # its sentence is about timing or benchmarking ("latency measured on a T4")
    inventory: bool = False  # what a cluster holds ("our cluster consists of 64 nodes"), not what a run used


def extract_hardware(doc: ParsedDoc, res: Resources) -> list[Label]:
    """Hardware mentions (one label each) and the paper's set-up (``HardwareSetup``), sorted by span."""
    mentions = named_mentions(doc, res)
    mentions += generic_mentions(doc, res, mentions)
    mentions += cloud_mentions(doc, res, mentions)
    columns, leaders = column_mentions(doc, res, mentions)
    mentions = [
        m for m in mentions if m.start not in leaders
    ] + columns  # a table's rows count, not its title
    mentions = _used_not_held(mentions, doc.text)
    prod = producer(doc, NAME, VERSION)
    labels = [
        Label(
            paper_key=doc.paper_key,
            value=Hardware(
                chip=m.chip,
                chip_class=res.chip(m.chip).chip_class,
                count=m.count,
                memory_gb=m.memory_gb,
                scope=m.scope,  # main | other | unknown
            ),
            evidence=make_evidence(doc, m.start, m.end),
            producer=prod,
            confidence=m.confidence,
        )
        for m in mentions
    ]
    setup = paper_setup(doc, res, mentions)
    if setup is not None:
        labels.append(_with_training(doc, res, setup))
    return sorted(labels, key=lambda lab: (lab.evidence.start or 0, lab.evidence.end or 0, lab.value.kind))


def _with_training(doc: ParsedDoc, res: Resources, setup: Label) -> Label:
    """The set-up label carrying the paper's training inputs (:func:`paperscope.training.inputs_of`).

    Their own labels (with their evidence) come from the ``training`` extractor; the set-up carries
    the values chosen from them, so that a person verifies the inputs of training compute with it.
    """
    from extract.training import extract_training

    value = setup.value
    if not isinstance(value, HardwareSetup):
        return setup
    training = inputs_of(extract_training(doc, res), value.chip, value.count)
    return Label(
        paper_key=setup.paper_key,
        value=value.model_copy(update={"training": training}),
        evidence=setup.evidence,
        producer=setup.producer,
        confidence=setup.confidence,
    )


def _count_for(
    res: Resources,
    chip: str,
    text: str,
    m: re.Match[str],
    clauses: tuple[str, str],
    sentence: str,
    in_table: bool,
) -> int | None:
    """The chips counted for mention ``m``; ``clauses``: its sentence's part between semicolons, then commas.

    ``in_table``: the mention sits in a table row (read once by the caller).
    """
    clause, near = clauses
    before, after = text[max(0, m.start() - 80) : m.start()], text[m.end() : m.end() + 80]
    count = None if counts.is_duration(after) else counts.left_count(before)
    if count is None:
        count = counts.right_count(after)
    if (total := counts.total_note(after)) is not None:  # "H100 80GB (256 GPUs in total)"
        return total
    if (
        (per_host := counts.class_note(after)) is not None
        and count in (None, 1)
        and counts.after_host(before)
    ):
        count = per_host  # "a single DGX A100 (8 GPUs, 80 GB each)"
    if count in (None, 1) and (dgx := counts.dgx_chips(before)) is not None:
        count = dgx  # "a single DGX A100": one host of 8 GPUs
    if count is None and (on_nodes := counts.nodes_after(after)) is not None:
        return on_nodes  # "H100 GPUs (80 GB) using 2 nodes with 8 GPUs per node"
    if chip == "cpu":  # "4 ... CPU cores" counts cores, not chips; "a core of a Xeon" is one chip
        if counts.cores_of_one(before):
            return 1
        if _CPU_CORES.search(after[:40]) or counts.article_only(before):
            return None  # "a laptop with an Intel i7": a machine's CPU, not a count of chips
    spec = res.chip(chip)
    per_chip = spec.cores_per_chip
    if per_chip:
        if count is not None and counts.counts_cores(after):
            count = max(1, count // per_chip)
        sliced, noted = counts.slice_cores(m.group(), after, in_table), counts.cores_note(after)
        if (laid_out := counts.topology_chips(before)) is not None and count in (None, 1):
            count = laid_out  # "a 4x4x4 TPU v4 slice": 64 chips
        elif sliced is not None:  # "4 TPU v3-8": four slices of 4 chips
            count = (count or 1) * max(1, sliced // per_chip) if sliced >= per_chip else count
        elif noted is not None:  # "a TPU v3 with 8 cores": 4 chips; "16 TPUv3s (32 cores)": 16 chips
            count = max(1, noted // per_chip) if count in (None, 1) else count
        elif counts.is_host(after):
            count = (count or 1) * (spec.chips_per_host or 1)
        count = counts.chips_note(after) or count
    if count is not None and not 1 <= count <= 100_000:
        return None
    if count is None:
        return None
    if _ONE_NODE.search(before) and not _NODES_BEFORE.search(before):
        return count  # "one node with 8 A100s": "two such nodes" later is another set-up
    # the digits of the chip's own name are no count of nodes: "8 RTX 3090 GPUs per node on 2 nodes"
    name = m.group()
    if any(c.isdigit() for c in name):
        masked = re.sub(r"\d", "Q", name)  # a letter: "8×AQQQ × 2 nodes" still reads as nodes
        clause, sentence, near = (x.replace(name, masked) for x in (clause, sentence, near))
    nodes = counts.node_multiplier(clause, count, sentence, near)
    if nodes == 1 and counts.per_machine(sentence):  # "Each machine has 8 A100s. Our runs use 6 machines."
        nodes = counts.machines_used(text[m.end() : m.end() + 400]) or 1
    return count * nodes


def scope_of(doc: ParsedDoc, res: Resources, start: int, end: int, sentence: tuple[int, int]) -> str:
    """``other`` for timing, inference, hypothetical or cited set-ups; ``main`` for training runs.

    Cues are read near the mention, then in its sentence, then in the sentence before it.
    """
    if doc.section_of(start) == "acknowledgements":
        return "other"
    text = doc.text
    lo, hi = _clause(text, start, end, (max(sentence[0], start - 50), min(sentence[1], end + 50)), ",;")
    near = text[lo:hi]  # the mention's own clause, at most 50 characters either side
    whole = text[sentence[0] : sentence[1]]
    if (
        res.cue("hardware_other", near)
        or _hypothetical(res, text, start, end, sentence)
        or _foreign(res, whole)
    ):
        return "other"
    if res.cue("hardware_main", whole):
        return "main"
    # "All evaluations were performed on two RTX 3090s; throughput was measured on an A100": a use in
    # the mention's own part of the sentence outweighs a timing cue in another part
    own = text[slice(*_clause(text, start, end, sentence, ";"))]
    if (
        own != whole
        and _EVALUATION.search(own)
        and res.cue("hardware_used", own)
        and not (res.cue("hardware_other", own) or _TIMING.search(own))
    ):
        return "main"
    if res.cue("hardware_other", whole) or _TIMING.search(whole):
        return "other"
    prev = sentence_bounds(text, max(0, sentence[0] - 2), max(1, sentence[0] - 1))
    if res.cue("hardware_other", text[prev[0] : sentence[0]]):
        return "other"
    if res.cue("hardware_used", whole):
        return "main"
    return "unknown"


# the experiments of a paper that trains nothing: its evaluations, its computations
_EVALUATION = re.compile(r"(?i)\b(?:evaluat\w*|computations?)\b")


def _cited_after(res: Resources, text: str, start: int, end: int, sentence_start: int) -> bool:
    """True for a set-up credited to a citation right after it, in a clause not in the first person.

    "... outperform the model that was trained on 32 GPUs (van den Oord et al., 2016b)" is that
    model's set-up, even in a sentence where "we" train on 4 GPUs.
    """
    if not _CITATION_AFTER.search(text[end : end + 100]):
        return False
    before = text[sentence_start:start]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    clause = before[starts[-1] :] if starts else before
    return not res.cue("hardware_first_person", clause)


def _hypothetical(res: Resources, text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """True for hardware named as a what-if in the mention's clause: "does not fit on a 24 GB card".

    The clause runs between punctuation marks, so "..., so we train it on 8 V100s" stays ours.
    """
    left, right = _clause(text, start, end, sentence)
    return bool(res.cue("hardware_hypothetical", text[left:right]))


def _clause(text: str, start: int, end: int, bounds: tuple[int, int], marks: str = ",;:") -> tuple[int, int]:
    """The span between the punctuation marks around ``start:end`` within ``bounds`` ("1,000" is no mark)."""
    pattern = _MARKS[marks]
    lefts = [m.end() for m in pattern.finditer(text, bounds[0], start)]
    right = pattern.search(text, end, bounds[1])
    return (lefts[-1] if lefts else bounds[0]), (right.start() if right else bounds[1])


def _foreign(res: Resources, sentence: str) -> bool:
    """True when the sentence reports another work's set-up (a citation, "trained by", "GPT-3 was trained").

    A sentence in the first person ("we", "our") speaks of the paper's own runs, citation or not.
    """
    return bool(res.cue("hardware_foreign", sentence)) and not res.cue("hardware_first_person", sentence)


def _clause_foreign(res: Resources, text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """True for another work's set-up in a clause of a sentence that also speaks of the authors' own.

    "NASNet's search consumed 500 P100 GPUs [45]; our search completes on one GTX 1080 Ti": the
    clause holding the P100s cites and has no first person. A relative or contrasting clause ("...
    [12], which trained on 8 P6000 GPUs", "unlike ViT-H [9], which required ...") takes the
    citation before it in the sentence.
    """
    s = sentence[0]
    starts = list(_CLAUSE_OPEN.finditer(text, s, start))
    left = starts[-1].start() if starts else s
    right = _clause(text, start, end, sentence)[1]
    clause = text[left:right]
    if res.cue("hardware_first_person", clause):
        return False
    if _RELATIVE.match(clause):  # it tells of what precedes it: of a cited work, or of no one of ours
        before = text[s:left]
        cited = bool(_CITED_END.search(before))
        return (cited or not res.cue("hardware_first_person", before)) and bool(
            res.cue("hardware_foreign", text[s:right])
        )
    # a clause of its own, set off by a semicolon or a contrast: "X consumed 500 P100s [45]; our search
    # ...", "the models in [28] used 512 chips, whereas ours used 32"
    return bool(_CONTRAST_AFTER.match(text, right)) and bool(res.cue("hardware_foreign", clause))


def _timed(text: str, sentence: tuple[int, int]) -> bool:
    """True when the sentence, or the one before it, is about timing ("we also report the speed ...")."""
    prev = sentence_bounds(text, max(0, sentence[0] - 2), max(1, sentence[0] - 1))
    lo = min(prev[0], sentence[0])
    return any(r.search(text, lo, sentence[1]) for r in (_TIMED, _TIMING))


def _gpu_context(res: Resources, text: str, m: re.Match[str]) -> bool:
    """True when a short chip name ("T4", "M40") reads as a GPU.

    That is: a vendor word before it, "GPU" after it, or a list of chip names ("K80, K40, M40").
    """
    before, after = text[max(0, m.start() - 25) : m.start()], text[m.end() : m.end() + 40]
    if counts.gpu_context_before().search(before) or _GPU_CONTEXT_AFTER.search(after):
        return True
    for other in res.chip_regex.finditer(text, max(0, m.start() - 16), m.end() + 16):
        if other.start() == m.start() or res.chip_groups[group_index(other)][1]:
            continue
        gap = text[other.end() : m.start()] if other.end() <= m.start() else text[m.end() : other.start()]
        if _LIST_GAP.search(gap):
            return True
    return False


def named_mentions(doc: ParsedDoc, res: Resources) -> list[Mention]:
    """Mentions of chips named in ``chips.jsonl`` (GPUs, TPUs, CPUs and other accelerators)."""
    text = doc.text
    found: list[Mention] = []
    for m in res.chips_in(text):
        chip, needs_context = res.chip_groups[group_index(m)]
        if doc.section_of(m.start()) in _SKIPPED_SECTIONS:
            continue
        if needs_context and not _gpu_context(res, text, m):
            continue
        row = tables.table_row(text, m.start(), m.end())
        s, e = row or sentence_bounds(text, m.start(), m.end())
        sentence = text[s:e]
        clause = text[slice(*_clause(text, m.start(), m.end(), (s, e), ";"))]
        near = text[slice(*_clause(text, m.start(), m.end(), (s, e)))]
        count = _count_for(res, chip, text, m, (clause, near), sentence, row is not None)
        if row and count is None:
            count = tables.per_node_count(text, s, m.start()) or tables.column_count(
                text[s : m.start()], text[m.end() : e]
            )
            per_chip = res.chip(chip).cores_per_chip
            if count is not None and per_chip and tables.counts_cores(text, s):
                count = max(1, count // per_chip)  # "Ours-Large TPU v3 128" under "... TPU cores ..."
        memory = counts.memory_near(
            text[max(s, m.start() - 20) : m.start()], text[m.end() : min(e, m.end() + 40)]
        )
        scope = scope_of(doc, res, m.start(), m.end(), (s, e))
        if row:  # a table row: "Ours" is the paper's, a cited row another work's
            foreign = tables.is_cited(sentence) and not tables.is_ours(sentence)
            scope = "main" if tables.is_ours(sentence) else scope
        else:
            foreign = (
                _foreign(res, sentence)
                or _clause_foreign(res, text, m.start(), m.end(), (s, e))
                or _cited_after(res, text, m.start(), m.end(), s)
                or _hypothetical(res, text, m.start(), m.end(), (s, e))
            )
        confidence = 0.9 if scope == "main" else 0.75
        scope = "other" if foreign else scope  # another work's or a what-if: never the paper's own
        timed = _timed(text, (s, e))
        stock = bool(_INVENTORY.search(text, max(s, m.start() - 80), m.start()))
        found.append(
            Mention(m.start(), m.end(), chip, count, memory, scope, confidence, foreign, timed, stock)
        )
        if count is not None and row is None:
            found += [
                Mention(a, b, chip, n, memory, scope, confidence * 0.9, foreign, timed, stock)
                for a, b, n in _elided_counts(text, m.span(), e, count, res.chip(chip).cores_per_chip)
            ]
    return found


# a second count of the same chip later in its sentence, the chip's name left out: "8 V100 GPUs (16 for
# the large model)", "16 A100 GPUs, except for the 800-epoch schedule, which used 32"
_ELIDED = re.compile(
    r"\((?P<a>\d{1,4}) for (?:the |our )?[\w -]{1,30}\)"
    r"|\b(?:except|but)\b[^.;()]{0,60}?\b(?:used|uses|use|using|requires?|required|needs?|needed|takes?|took|on|with)"
    r"\s+(?P<b>\d{1,4})(?=\s*(?:[.;,)]|$))"
    # "..., while the scaling experiments go up to 512 cores": cores of the chip named before
    r"|\bup to\s+(?P<c>\d{1,5})\s+(?:Tensor\s?)?[Cc]ores\b"
    # "one node with 8 A100s ...; the 13B model was trained on two such nodes": nodes of the same kind
    rf"|\b(?P<d>{counts.NUMBER})\s+such\s+(?:nodes|machines|servers|hosts)\b"
)
# the count before the chip is of one node: "one node with 8×A100", "a single server with four cards"
_NODES_BEFORE = re.compile(rf"(?i)\b(?:{counts.NUMBER})\s+(?:nodes|machines|servers|hosts)\b")
_ONE_NODE = re.compile(
    r"(?i)(?<!each )\b(?:one|a|a single)\s+(?:\w+\s+)?(?:node|machine|server|host)\s+(?:with|of|has|holds)\b"
    r"[^.;]{0,30}$"
)


_OTHER_WORK = re.compile(r"\b(?:baselines?|prior|previous|original|their|they|others?)\b|\bet al\.")


def _elided_counts(
    text: str, span: tuple[int, int], end: int, count: int, cores_per_chip: int | None
) -> list[tuple[int, int, int]]:
    """``(start, end, count)`` of each elided count of a counted chip in the rest of its sentence.

    ``span`` is the chip name's and ``count`` its count. A count of cores is one only for a chip with
    cores of its own (a TPU: chips = cores / cores per chip); "N such nodes" multiply a count of one node.
    """
    out = []
    after = span[1]
    for m in _ELIDED.finditer(text, after, end):
        key = next(k for k in "abcd" if m.group(k))
        if key == "d":
            nodes = counts.number(m.group(key))
            if not nodes or not _ONE_NODE.search(text, max(0, span[0] - 60), span[0]):
                continue
            n = nodes * count
        else:
            n = int(m.group(key))
        if key == "c":  # cores: chips of a TPU, nothing of a chip without cores of its own
            if not cores_per_chip:
                continue
            n //= cores_per_chip
        if 1 <= n <= 4096 and not _OTHER_WORK.search(text, after, m.start(key)):
            out.append((m.start(key), m.end(key), n))
    return out


def _used_not_held(mentions: list[Mention], text: str) -> list[Mention]:
    """A cluster's inventory becomes ``other`` where its sentence says how much of it a run used.

    "Our cluster consists of 64 nodes with 4 V100s each; all experiments use at most two nodes (8
    GPUs)": 256 V100s are what the cluster holds, 8 what was used together.
    """
    out = []
    for m in mentions:
        if m.inventory and m.count is not None:
            s, e = sentence_bounds(text, m.start, m.end)
            if any(
                o is not m
                and o.chip == m.chip
                and not o.inventory
                and s <= o.start < e
                and (o.count or 0) < m.count
                for o in mentions
            ):
                m = replace(m, scope="other")
        out.append(m)
    return out


def generic_mentions(doc: ParsedDoc, res: Resources, named: list[Mention]) -> list[Mention]:
    """GPUs or TPUs used but not named: "4 GPUs", "a single GPU with 11GB memory", "8 Cloud TPUs".

    A count right after a sentence naming one GPU model is that model's ("We use A100 GPUs. The
    1.3B model required 32 GPUs."). Where the paper names its GPUs, an unnamed mention repeating a
    named count ("eight GPUs" for "8 P100s") or giving none adds nothing and is dropped.
    """
    text = doc.text
    found: list[Mention] = []
    for m in _GENERIC_GPU.finditer(text):
        if doc.section_of(m.start()) in (*_SKIPPED_SECTIONS, "title_block", "checklist"):
            continue
        if any(0 <= m.start() - n.end <= 2 for n in named):
            continue  # the class word of a named chip ("8 Ascend 910 GPUs"): its number is the name's
        cls = {"C": "cpu", "G": "gpu", "T": "tpu"}[m.group()[0]]
        if cls == "cpu" and not _ARTICLE_COUNT.search(text, max(0, m.start() - 40), m.start()):
            continue  # cheap first test: a class-named CPU counts only after "a", "one", "a single"
        s, e = sentence_bounds(text, m.start(), m.end())
        same = [n for n in named if s <= n.start < e and res.chip(n.chip).chip_class == cls]
        if same:  # the sentence names a chip of this class: that mention covers it, or takes its count
            if len({n.chip for n in same}) == 1 and all(n.count is None or n.inventory for n in same):
                mention = (
                    None
                    if _NOT_A_DEVICE.search(text[m.end() : m.end() + 30])
                    else _generic(doc, res, m, (s, e))
                )
                if mention is not None and mention.count is not None:  # "eight GPUs (NVIDIA A6000)"
                    memory = mention.memory_gb if mention.memory_gb is not None else same[0].memory_gb
                    found.append(replace(mention, chip=same[0].chip, memory_gb=memory, confidence=0.55))
            continue
        if _NOT_A_DEVICE.search(text[m.end() : m.end() + 30]):  # "GPU memory": a property, not a device
            continue
        mention = _generic(doc, res, m, (s, e))
        if mention is not None:
            found.append(_attributed(res, mention, named, s))
    found += _slices(doc, res, named)
    gpu_counts = {
        n.count
        for n in named
        if res.chip(n.chip).chip_class == "gpu" and n.scope != "other" and not n.foreign
    }
    if gpu_counts:
        found = [f for f in found if f.chip != "gpu" or (f.count is not None and f.count not in gpu_counts)]
    return found


def column_mentions(doc: ParsedDoc, res: Resources, named: list[Mention]) -> tuple[list[Mention], set[int]]:
    """Chips counted in a table column under a caption or header that names the chip.

    "Table 4: Training cost. GPU hours are A100-80GB hours." over "Model GPUs ..." rows: each row's
    GPUs cell is a set-up of A100s; a "Cores" column counts TPU cores (chips = cores / cores per chip).
    Only a named chip without a count of its own leads to its table; a cited row is another work's.
    Returns the rows' mentions and the starts of the named mentions that led to them.
    """
    text, found, leaders = doc.text, [], set()
    for n in named:
        if n.count is not None or n.foreign or tables.table_row(text, n.start, n.end) is not None:
            continue
        spec = res.chip(n.chip, n.memory_gb)
        if spec.chip_class not in ("gpu", "tpu"):
            continue
        for cell in tables.count_column(text, text.rfind("\n", 0, n.start) + 1):
            count = max(1, cell.count // (spec.cores_per_chip or 1)) if cell.cores else cell.count
            foreign = tables.is_cited(cell.row) and not tables.is_ours(cell.row)
            scope = "other" if foreign else ("main" if n.scope == "other" else n.scope)
            found.append(Mention(cell.start, cell.end, n.chip, count, n.memory_gb, scope, 0.6, foreign))
            leaders.add(n.start)
    return found, leaders


def cloud_mentions(doc: ParsedDoc, res: Resources, named: list[Mention]) -> list[Mention]:
    """Accelerators of cloud instances named by type ("an AWS p3.16xlarge": 8 V100s).

    Skipped where the sentence itself names that chip: the paper's own count is read there.
    """
    text, found = doc.text, []
    for c in cloud.instance_mentions(text):
        chip = c.instance.chip
        if chip not in res.chips or doc.section_of(c.start) in _SKIPPED_SECTIONS:
            continue
        s, e = sentence_bounds(text, c.start, c.end)
        if any(n.chip == chip and s <= n.start < e for n in named):
            continue
        foreign = (
            _foreign(res, text[s:e])
            or _clause_foreign(res, text, c.start, c.end, (s, e))
            or _cited_after(res, text, c.start, c.end, s)
            or _hypothetical(res, text, c.start, c.end, (s, e))
        )
        scope = "other" if foreign else scope_of(doc, res, c.start, c.end, (s, e))
        memory = c.instance.memory_gb
        found.append(
            Mention(c.start, c.end, chip, c.chips, memory, scope, 0.7, foreign, _timed(text, (s, e)))
        )
    return found


def _slices(doc: ParsedDoc, res: Resources, named: list[Mention]) -> list[Mention]:
    """TPU pod slices named without "TPU": "a v3-256 pod" (128 chips), "a v4-128 slice" (64)."""
    text, found = doc.text, []
    for m in _SLICE_NAME.finditer(text):
        chip = f"tpu-v{m.group('gen')}"
        if chip not in res.chips or doc.section_of(m.start()) in _SKIPPED_SECTIONS:
            continue
        sentence = sentence_bounds(text, m.start(), m.end())
        if (
            not _SLICE_WORD.match(text, m.end())
            and not _TPU_WORD.search(text, *sentence)
            and not _tpu_table(text, m.start(), m.end())
        ):
            continue  # "v3-8" in a sentence about no TPU: a version, a model name
        if any(n.chip == chip and _read_by(n, m, text) for n in named):
            continue  # the lexicon named it, or the named TPU just before it read it as its note
        per_chip = res.chip(chip).cores_per_chip or 1
        count = max(1, int(m.group("cores")) // per_chip)
        foreign = _foreign(res, text[slice(*sentence)]) or _cited_after(
            res, text, m.start(), m.end(), sentence[0]
        )
        scope = "other" if foreign else scope_of(doc, res, m.start(), m.end(), sentence)
        timed = _timed(text, sentence)
        found.append(Mention(m.start(), m.end(), chip, count, None, scope, 0.7, foreign, timed))
    return found


# what may stand between a named TPU and the slice name it reads as its note: "TPU v3 (v3-32)",
# "TPU v3 pod slice v3-256"; not "TPU v3-32 slices and scale up to a v3-256 slice"
_SLICE_NOTE_GAP = re.compile(
    r"[\s(,:]*(?:(?:[Pp]ods?|slices?|devices?|boards?|hosts?|each|i\.e\.|of|a|an)[\s(,:]+)*"
)


def _read_by(named: Mention, m: re.Match[str], text: str) -> bool:
    """True when the named mention spans the slice name or has it as its note right after it."""
    if named.start <= m.start() < named.end:
        return True
    return named.end <= m.start() and _SLICE_NOTE_GAP.fullmatch(text, named.end, m.start()) is not None


def _tpu_table(text: str, start: int, end: int) -> bool:
    """True for a table row under a header or caption that names TPUs ("TPUv3 slice")."""
    row = tables.table_row(text, start, end)
    header = tables.header_above(text, row[0]) if row else None
    return header is not None and bool(re.search(r"TPU", header))


def _generic(doc: ParsedDoc, res: Resources, m: re.Match[str], sentence: tuple[int, int]) -> Mention | None:
    text = doc.text
    before = text[max(0, m.start() - 80) : m.start()]
    if _PER_DEVICE.search(before) or _NEGATED.search(before[-40:]):  # a rate, or no device used at all
        return None
    cls = {"C": "cpu", "G": "gpu", "T": "tpu"}[m.group()[0]]  # a class named without its model
    after = text[m.end() : m.end() + 40]
    if cls == "cpu" and (_CLASS_COMPOUND.match(after) or _CPU_CORES.match(m.group()[3:] + after)):
        return None  # "a CPU-only build", "16 CPU cores": no count of chips
    days = bool(_GPU_DAYS.search(m.group()[3:] + text[m.end() : m.end() + 8]))
    hyphened = _HYPHEN_COUNT.search(before)
    if days:
        count = None
    elif hyphened:
        count = counts.number(hyphened.group(1))  # "8-GPU", "single-GPU"; "multi-GPU" has none
    else:
        count = counts.left_count(before)  # "a pair of GPUs": the count's own words first
        if count is None:  # "two powerful GPUs": the count before a few adjectives
            adjectives = _GENERIC_LEFT.search(before)
            count = counts.left_count(before[: adjectives.start()]) if adjectives else None
        count = None if _FACTOR.search(before[-50:]) else count  # "3x speed-up on GPU"
    if count == 1 and m.group().endswith(("s", "S")) and _ARTICLE_COUNT.search(before):
        count = None  # "a combination of CPUs and GPUs": an article counts no plural
    if cls == "cpu" and not (count == 1 and _ARTICLE_COUNT.search(before)):
        return None  # "4 to 6 CPUs" are often cores or vCPUs: only "a CPU", "one CPU" count one chip
    memory = counts.memory_near(before[-20:], text[m.end() : min(sentence[1], m.end() + 40)])
    whole = text[sentence[0] : sentence[1]]
    # "trained on GPUs" or "on Cloud TPUs" names a set-up; "slow on TPUs" is a remark; a bare CPU needs a count
    near = text[slice(*_clause(text, m.start(), m.end(), sentence))]
    plain_use = bool(_ON_GPUS.search(before)) and bool(
        res.cue("hardware_main", whole if cls == "gpu" else near)
    )
    if count is None and memory is None and not days and not plain_use:
        return None
    if count is not None and not 1 <= count <= 100_000:
        return None
    if count is not None:  # "2 compute nodes, each with 4 GPUs"
        clause = text[slice(*_clause(text, m.start(), m.end(), sentence, ";"))]
        near = text[slice(*_clause(text, m.start(), m.end(), sentence))]
        count *= counts.node_multiplier(clause, count, whole, near)
    scope = scope_of(doc, res, m.start(), m.end(), sentence)
    foreign = (
        _foreign(res, whole)
        or _clause_foreign(res, text, m.start(), m.end(), sentence)
        or _cited_after(res, text, m.start(), m.end(), sentence[0])
        or _hypothetical(res, text, m.start(), m.end(), sentence)
    )
    scope = "other" if foreign else scope
    return Mention(
        m.start(), m.start() + 3, cls, count, memory, scope, 0.6, foreign, bool(_TIMED.search(whole))
    )


def _attributed(res: Resources, mention: Mention, named: list[Mention], sentence_start: int) -> Mention:
    """The mention as the one model of its class (GPU, TPU) named just before it (previous sentence).

    A chip of another class never takes it: "on GPU" after a sentence naming a Xeon stays a GPU.
    """
    if mention.count is None:
        return mention
    recent = {
        n.chip: n
        for n in named
        if sentence_start - 300 <= n.start < sentence_start and res.chip(n.chip).chip_class == mention.chip
    }
    if len(recent) != 1:
        return mention
    chip, source = next(iter(recent.items()))
    memory = mention.memory_gb if mention.memory_gb is not None else source.memory_gb
    return replace(mention, chip=chip, memory_gb=memory, confidence=0.55)


def _only_model(res: Resources, best: Mention, pool: list[Mention]) -> Mention:
    """The one GPU model a paper names, counted by its unnamed "N GPUs" when it prints no count itself.

    "Experiments were conducted on Volta V100" ... "Batch size aggregated over 4 GPUs": 4 V100s. Only
    when every named GPU of the pool is that model; otherwise the class-only count stays the class's.
    """
    spec = res.chip(best.chip)
    if spec.chip_class != "gpu" or best.chip == "gpu":
        return best
    named = {m.chip for m in pool if m.chip != "gpu" and res.chip(m.chip).chip_class == "gpu"}
    unnamed = [m for m in pool if m.chip == "gpu" and m.count is not None]
    if named != {best.chip} or not unnamed:
        return best
    biggest = max(unnamed, key=lambda m: (m.count or 0, -m.start))
    return replace(best, count=biggest.count)


def tensor_peak(spec: ChipSpec) -> float | None:
    """Per-chip peak under the tensor policy: tensor FP16/BF16, else the faster of FP16 and FP32."""
    if spec.tensor_fp16_bf16_flops is not None:
        return spec.tensor_fp16_bf16_flops
    vector = [v for v in (spec.fp16_flops, spec.fp32_flops) if v is not None]
    return max(vector) if vector else None


def paper_setup(doc: ParsedDoc, res: Resources, mentions: list[Mention]) -> Label | None:
    """The largest set-up used together for the main experiments, or a ``not_reported`` set-up.

    Another work's set-up (a foreign mention: cited, "GPT-3 was trained on", a what-if) is never the
    paper's. Main- and unknown-scope mentions are pooled; only when there are none does the paper's
    own other-scope hardware count, unless its sentence is about timing (a paper whose experiments
    are inference ran them there; hardware that only timed a method is no set-up). Within the pool,
    accelerators with a known peak outrank CPUs (a CPU is the set-up only when no accelerator is
    reported); then main scope outranks unknown, then chips x per-chip peak, then the count. A
    mention without a count counts as one chip. Peaks use two policies: FP32 (vector) and tensor FP16/BF16.
    """
    prod = producer(doc, NAME, VERSION)
    own = [m for m in mentions if not m.foreign]
    # the paper's other-scope hardware that is not about timing ("for inference on PaLM we use TPU
    # v4"): a paper whose experiments are inference ran them there
    pool = [m for m in own if m.scope in ("main", "unknown")] or [m for m in own if not m.timed]
    if pool:

        def rank(m: Mention) -> tuple[bool, bool, bool, float, int, int]:
            spec = res.chip(m.chip, m.memory_gb)
            peak = tensor_peak(spec)
            accelerator = spec.chip_class != "cpu" and peak is not None
            not_cpu = spec.chip_class != "cpu"  # "8 GPUs" (no peak known) still outranks "16 CPUs"
            return (
                accelerator,
                not_cpu,
                m.scope == "main",
                (m.count or 1) * (peak or 0.0),
                m.count or 0,
                -m.start,
            )

        best = max(pool, key=rank)
        if best.count is None:  # "we used nodes with A100 GPUs" ... "on 1x A100": the count printed elsewhere
            counted = [m for m in pool if m.chip == best.chip and m.count is not None]
            best = (
                max(counted, key=lambda m: (m.count or 0, -m.start))
                if counted
                else _only_model(res, best, pool)
            )
        spec = res.chip(best.chip, best.memory_gb)
        n = best.count or 1
        fp32, tensor = spec.fp32_flops, tensor_peak(spec)
        value = HardwareSetup(
            status="reported",
            chip=best.chip,
            count=best.count,
            peak_flops_fp32=None if fp32 is None else n * fp32,
            peak_flops_tensor=None if tensor is None else n * tensor,
        )
        confidence = 0.8 if best.count is not None else 0.6
        return Label(
            paper_key=doc.paper_key,
            value=value,
            evidence=make_evidence(doc, best.start, best.end),
            producer=prod,
            confidence=confidence,
        )
    if mentions:
        return None
    answer = res.cue("hardware_not_reported", doc.text)
    if answer is None:
        return None
    return Label(
        paper_key=doc.paper_key,
        value=HardwareSetup(status="not_reported"),
        evidence=make_evidence(doc, answer.start(), answer.end(), context=(answer.start(), answer.end())),
        producer=prod,
        confidence=0.8,
    )
