"""Training time, model size and training tokens: the inputs of a paper's training compute.

Epoch's two methods (Sevilla et al. 2022) need, besides the set-up's chips, how long it ran (the
hardware method: chips x peak FLOP/s x time x utilisation) or the model's size and data (operation
counting: 6 x parameters x tokens). Every statement becomes a label with its evidence:

- durations tied to training ("trained for 3 days", "pre-training takes about two weeks", "the run
  took 36 hours"), normalised to hours; a range takes its maximum; "per epoch", "per step" and
  "per image" times are rates, not durations;
- accelerator time ("320 GPU-days", "1,000 TPU-core-hours", "2k V100 hours") as chip-hours (TPU
  core-hours halved for generations with two cores per chip);
- parameters ("1.5B parameters", "a 175B-parameter model", "110 million parameters");
- tokens ("trained on 300B tokens"; x epochs when the sentence states them), or examples and epochs
  ("90 epochs over 1.28M images");
- steps with a time per step ("500k steps at 0.4 s/step"), as a wall-clock duration.

A duration's ``scope`` is ``fine_tuning`` or ``other`` (inference, evaluation, data generation)
when its clause says so, else ``main``; ``chip`` is the chip named in its sentence, which ties it
to that set-up when a paper reports several. :func:`main_hours` picks the paper's main duration.
"""

from __future__ import annotations

import re

from extract.document import ParsedDoc
from extract.evidence import make_evidence, producer, sentence_bounds
from extract.resources import Resources, anchored
from paperscope.records import Label, ModelSize, TrainingData, TrainingScope, TrainingTime
from paperscope.training import main_hours, main_params

__all__ = ["NAME", "VERSION", "extract_training", "main_hours", "main_params"]

NAME = "training"
VERSION = "0.4.0"

_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "a few": 3, "a couple of": 2}  # fmt: skip
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|a couple of|a few|one|two|three|four|five|six|seven|eight|nine|ten|twelve|an?)"
_HOURS = {"second": 1 / 3600, "sec": 1 / 3600, "minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "h": 1.0, "day": 24.0, "week": 168.0,
          "month": 720.0}  # fmt: skip
_UNIT = r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\b"
_DURATION = re.compile(
    rf"(?<![\w.])(?:(?P<low>{_NUM})\s*(?:-|–|to|or)\s*)?(?P<n>{_NUM})(?:\s*\+)?[\s-]*{_UNIT}", re.IGNORECASE
)
_CHIP_TIME = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})\s*(?P<mult>[kK])?\s*(?P<chip>(?:[A-Za-z]+\d*[\s-]?)?(?:GPU|TPU(?:[\s-]?v\d)?|V100|A100|"
    rf"H100|P100|accelerator))(?P<core>[\s-]?cores?)?[\s-]*(?P<unit>hours?|days?)\b",
    re.IGNORECASE,
)
_PARAMS = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})(?:\s*|-(?=[a-z]))(?P<mult>[KMBT]\b|thousand|million|billion|trillion)?[\s-]*"
    r"(?:trainable\s+|learnable\s+|total\s+)?(?:param(?:eter)?s?)\b",
)
# the size stated after the word: "the number of parameters is 12 million", "Parameters: 85M"
_PARAMS_AFTER = re.compile(
    r"(?i:number of (?:trainable\s+|learnable\s+)?param(?:eter)?s|param(?:eter)?s?(?: count)?)"
    r"(?:\s+of\s+(?:the|our|this)(?:\s+[\w-]+){1,2})?\s*(?:is|are|was|of|:|=)\s*"
    rf"(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?(?P<n>{_NUM})\s*(?P<mult>[KMBT]\b|thousand|million|billion|trillion)",
)
# a model named for comparison, its size in parentheses: "compared to GPT-3 (175B parameters)"
_COMPARED = re.compile(
    r"(?i:compared (?:to|with)|than|match(?:es|ing)?|outperform\w*|versus|vs\.?|unlike|surpass\w*|beat\w*|rival\w*)"
    r"\s+(?:the\s+)?(?:[A-Z][\w.+/-]*\s*){1,3}\(\s*$"
)
_TOKENS = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})\s*(?P<mult>[KMBT]\b|thousand|million|billion|trillion)[\s-]*(?:training\s+)?tokens\b",
)
_EPOCHS = re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s+(?:training\s+)?epochs\b", re.IGNORECASE)
_EXAMPLES = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})\s*(?P<mult>[KMB]\b|thousand|million|billion)?\s+(?:training\s+|labell?ed\s+)?"
    r"(?:examples|images|samples|sentences|sequences)\b",
)
_STEPS = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})\s*(?P<mult>[kKM]\b|thousand|million)?\s+(?:training\s+|gradient\s+|optimi[sz]ation\s+)?"
    r"(?:steps|iterations|updates)\b",
)
_PER_STEP = re.compile(
    r"(?<![\w.])(?P<t>\d+(?:\.\d+)?)\s*(?P<unit>ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|h)\s*"
    r"(?:/\s*|per\s+|an?\s+|each\s+)(?:training\s+)?(?P<per>step|iteration|it|update|epoch)\b",
    re.IGNORECASE,
)
# the time per step said the other way round: "each step takes 1.2 seconds", "one epoch took 30 minutes"
_STEP_TAKES = re.compile(
    r"(?<![\w.])(?:each|every|one|a|per|an)\s+(?:training\s+)?(?P<per>step|iteration|update|epoch)\s+"
    r"(?:takes|took|lasts|lasted|requires|required)\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?"
    r"(?P<t>\d+(?:\.\d+)?)\s*(?P<unit>ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|h)\b",
    re.IGNORECASE,
)
_MULT = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}
_TRAINING = re.compile(r"(?i)\b(?:train\w*|pre-?train\w*|fine-?tun\w*|converge\w*|run|runs|ran|experiments?|"
                       r"optimi[sz]\w*|learning|search)\b")  # fmt: skip
_RATE = re.compile(r"(?i)^\s*(?:per|each|every|a|an)\s+(?:epoch|iteration|step|update|batch|image|sample|example|"
                   r"episode|query|forward|frame|token)\b|^\.?\s*/\s*(?:epoch|step|iter|it\b|batch|image)")  # fmt: skip
_RATE_BEFORE = re.compile(r"(?i)\b(?:each|every|one|per|an?|single)\s+(?:epoch|iteration|step|update|forward pass)\b"
                          r"[^.;]{0,40}$")  # fmt: skip
_FINE_TUNING = re.compile(r"(?i)\bfine-?tun\w*|\bdownstream\b|\btransfer\w*")
_OTHER = re.compile(r"(?i)\binference\b|\bevaluat\w*|\btest(?:ing)?\b|\bgenerat\w* (?:the )?(?:data|samples)|"
                    r"\bsampling\b|\blatency\b|\bpreprocess\w*|\bdownload\w*|\bannotat\w*|\bhuman\b")  # fmt: skip
_NOT_TIME = re.compile(r"(?i)^\s*(?:of (?:video|audio|speech|footage|recordings?|data)|ahead|horizon|window|later|"
                       r"before|after|old|long (?:videos?|clips?))")  # fmt: skip
_ON_CHIPS = re.compile(
    rf"\s*(?:of\s+(?:compute\s+)?)?(?:on|using|with|across)\s+(?:{_NUM}\s+|an?\s+|the\s+|our\s+|a\s+single\s+)?"
    r"(?:[A-Z][\w-]*\s+){0,3}?(?:GPUs?|TPUs?|CPUs?|cores?|machines?|nodes?|V100s?|A100s?|H100s?|P100s?)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[;:]|,\s*(?:and|while|whereas|but)\s|\.\s")


# where a match can be: a unit or kind word, found with str.find by extract.resources.anchored (the full
# patterns would start a number at every character of a 100-page text); "36 h" by a short regex
_TIME_WORDS = ("second", "sec", "minute", "min", "hour", "day", "week", "month")
_SHORT_UNIT = re.compile(r"\d\s?(?:h|hrs?)\b")


def _number(token: str) -> float | None:
    token = token.strip().lower().replace(",", "")
    try:
        return float(token)
    except ValueError:
        return float(_WORD_NUMBERS[token]) if token in _WORD_NUMBERS else None


def _clause(text: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    lefts = [m.end() for m in _CLAUSE.finditer(text, bounds[0], start)]
    right = _CLAUSE.search(text, end, bounds[1])
    return text[(lefts[-1] if lefts else bounds[0]) : (right.start() if right else bounds[1])]


def _scope(clause: str) -> TrainingScope:
    if _FINE_TUNING.search(clause):
        return "fine_tuning"
    if _OTHER.search(clause) and not re.search(r"(?i)\b(?:pre-?)?train", clause):
        return "other"
    return "main"


def extract_training(doc: ParsedDoc, res: Resources) -> list[Label]:
    """Duration, chip-time, parameter and token labels of ``doc``, each with its evidence."""
    text = doc.text
    prod = producer(doc, NAME, VERSION)
    labels: list[Label] = []

    def add(value: TrainingTime | ModelSize | TrainingData, start: int, end: int, confidence: float) -> None:
        if doc.section_of(start) in ("references", "title_block"):
            return
        labels.append(Label(paper_key=doc.paper_key, value=value, evidence=make_evidence(doc, start, end),
                            producer=prod, confidence=confidence))  # fmt: skip

    taken: list[tuple[int, int]] = []
    for m in anchored(_CHIP_TIME, ("hour", "day"), text):
        n = _number(m.group("n"))
        if not n or n < 0:  # "0 GPU hours" says nothing
            continue
        n *= 1000 if m.group("mult") else 1
        hours = n * (24 if m.group("unit").lower().startswith("day") else 1)
        if m.group("core") and "tpu" in m.group("chip").lower() and not re.search(r"v[45]", m.group("chip")):
            hours /= 2  # TPU v2/v3: two cores per chip
        s, e = sentence_bounds(text, m.start(), m.end())
        add(TrainingTime(chip_hours=hours, scope=_scope(_clause(text, m.start(), m.end(), (s, e)))),
            m.start(), m.end(), 0.75)  # fmt: skip
        taken.append((m.start(), m.end()))
    for m in anchored(_DURATION, _TIME_WORDS, text, _SHORT_UNIT):
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit = m.group("unit").lower().rstrip("s")
        unit = {"hr": "hour", "min": "minute", "sec": "second"}.get(unit, unit)
        if unit == "h" and not re.match(r"\d", m.group("n")):
            continue  # "a h" is no duration
        n = _number(m.group("n"))
        if not n or n < 0 or (m.group("low") and _number(m.group("low")) is None):
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        sentence = text[s:e]
        after, before = text[m.end() : m.end() + 40], text[max(s, m.start() - 60) : m.start()]
        on_chips = bool(_ON_CHIPS.match(after))  # "(9.5 days on a GPU)": compute time, a cue of its own
        if not (_TRAINING.search(sentence) or on_chips) or _RATE.match(after) or _RATE_BEFORE.search(before):
            continue
        if _NOT_TIME.match(after) or re.search(r"(?i)\b(?:every|each|per)\s+$", before):
            continue
        hours = n * _HOURS[unit]
        clause = _clause(text, m.start(), m.end(), (s, e))
        scope = "other" if _foreign(res, clause) else _scope(clause)
        chip = _chip_in(res, clause) or _chip_in(res, sentence)  # its own clause's chip first
        add(
            TrainingTime(hours=hours, scope=scope, chip=chip),
            m.start(),
            m.end(),
            0.7 if chip else 0.6,
        )
    for m in sorted(
        anchored(_PARAMS, ("param",), text) + anchored(_PARAMS_AFTER, ("param",), text), key=_start
    ):
        n = _number(m.group("n"))
        mult = _MULT.get((m.group("mult") or "").lower(), 1.0)
        if n is None or n * mult < 1000:
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        compared = bool(_COMPARED.search(text, max(s, m.start() - 60), m.start()))
        scope = "other" if compared or _foreign(res, _clause(text, m.start(), m.end(), (s, e))) else "main"
        add(
            ModelSize(params=round(n * mult), scope=scope),
            m.start(),
            m.end(),
            0.7 if scope == "main" else 0.6,
        )
    for m in anchored(_TOKENS, ("token",), text):
        n = _number(m.group("n"))
        if not n or n < 0:
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        epochs = _epochs(text[s:e])  # "3.3B tokens for 40 epochs": tokens seen
        add(TrainingData(tokens=round(n * _MULT[m.group("mult").lower()] * (epochs or 1)), epochs=epochs),
            m.start(), m.end(), 0.65)  # fmt: skip
    for m in anchored(_EXAMPLES, ("example", "image", "sample", "sentence", "sequence"), text):
        n = _number(m.group("n"))
        if not n or n < 0:
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        epochs = _epochs(text[s:e])
        if epochs is None or not _TRAINING.search(text[s:e]):
            continue
        examples = round(n * _MULT.get((m.group("mult") or "").lower(), 1.0))
        add(TrainingData(examples=examples, epochs=epochs), m.start(), m.end(), 0.6)
    anchors = ("step", "iter", "/it", "update", "epoch")
    for m in sorted(anchored(_PER_STEP, anchors, text) + anchored(_STEP_TAKES, anchors, text), key=_start):
        s, e = sentence_bounds(text, m.start(), m.end())
        found = _times_rate(text, m, (s, e))
        if found is None:
            continue
        hours, start, end = found
        clause = _clause(text, start, end, (s, e))
        scope = "other" if _foreign(res, clause) else _scope(clause)
        add(TrainingTime(hours=hours, scope=scope, chip=_chip_in(res, text[s:e])), start, end, 0.6)
    return labels


def _unit_seconds(unit: str) -> float:
    """Seconds in one ``unit``: "ms"/"milliseconds", "s"/"sec", "min"/"minutes", "h"/"hours"."""
    unit = unit.lower()
    if unit == "ms" or unit.startswith("milli"):
        return 0.001
    if unit.startswith("min"):
        return 60.0
    return 3600.0 if unit.startswith("h") else 1.0


def _start(m: re.Match[str]) -> int:
    return m.start()


def _times_rate(text: str, rate: re.Match[str], sentence: tuple[int, int]) -> tuple[float, int, int] | None:
    """Hours of "500k steps at 0.4 s/step" or "100 epochs, 30 minutes per epoch", and the span of both.

    ``rate`` is a time per step or per epoch; the count of steps or epochs is looked for in its sentence.
    """
    per = rate.group("per").lower()
    counted = (_EPOCHS if per == "epoch" else _STEPS).search(text, *sentence)
    seconds = _number(rate.group("t"))
    if counted is None or not seconds:
        return None
    n = _number(counted.group("n"))
    if not n:
        return None
    mult = counted.groupdict().get("mult")
    n *= _MULT.get((mult or "").lower(), 1.0)
    seconds *= _unit_seconds(rate.group("unit"))
    start, end = min(counted.start(), rate.start()), max(counted.end(), rate.end())
    return n * seconds / 3600, start, end


def _epochs(sentence: str) -> float | None:
    """The number of epochs a sentence states ("for 40 epochs"), if one."""
    m = _EPOCHS.search(sentence)
    return _number(m.group("n")) if m else None


def _foreign(res: Resources, clause: str) -> bool:
    """Another work's model or run: a citation or "GPT-3 was trained", and no first person (the hardware cues)."""
    return bool(res.cue("hardware_foreign", clause)) and not res.cue("hardware_first_person", clause)


def _chip_in(res: Resources, sentence: str) -> str | None:
    """The chip id named in the sentence (the first), if any."""
    from extract.resources import group_index

    m = res.chip_regex.search(sentence)
    return res.chip_groups[group_index(m)][0] if m else None
