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
from extract.training_size import MULT, NUM, clause, foreign, model_sizes, number
from paperscope.records import Label, ModelSize, TrainingData, TrainingScope, TrainingTime
from paperscope.training import main_hours, main_params

__all__ = ["NAME", "VERSION", "extract_training", "main_hours", "main_params"]

NAME = "training"
VERSION = "0.13.0"

_HOURS = {"second": 1 / 3600, "sec": 1 / 3600, "minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "h": 1.0, "day": 24.0, "week": 168.0,
          "month": 720.0}  # fmt: skip
_UNIT = r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\b"
_DURATION = re.compile(
    rf"(?<![\w.])(?:(?P<low>{NUM})\s*(?:-|–|to|or)\s*)?(?P<n>{NUM})(?P<half>\s+and\s+a\s+half)?(?:\s*\+)?[\s-]*{_UNIT}",
    re.IGNORECASE,
)
_SHORT_UNITS = {"hr": "hour", "min": "minute", "sec": "second"}


def _unit_name(printed: str) -> str:
    """A printed unit as a key of ``_HOURS``: "Hours" -> "hour", "hrs" -> "hour", "h" -> "h"."""
    unit = printed.lower().rstrip("s")
    return _SHORT_UNITS.get(unit, unit)


_HALF_BEFORE = re.compile(r"(?i)\bhalf\s+$")
# the smaller unit of a compound duration, right after the larger: "2 weeks and 3 days", "1 day 12 hours";
# not two values of a list ("2 days and 6 hours, respectively")
_COMPOUND = re.compile(
    rf"\s+(?:and\s+)?(?P<n>{NUM})\s*(?P<unit>days?|hours?|hrs?|h|minutes?|mins?)\b(?![^.;]{{0,40}}\brespectively\b)",
    re.IGNORECASE,
)
_CHIP_TIME = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s*(?P<mult>[kK])?\s*(?P<chip>(?:[A-Za-z]+\d*[\s-]?)?(?:GPU|TPU(?:[\s-]?v\d)?|V100|A100|"
    rf"H100|P100|accelerator))(?P<core>[\s-]?cores?)?[\s-]*(?:(?:chip|device)[\s-]*)?(?P<unit>hours?|days?|weeks?|years?)\b",
    re.IGNORECASE,
)
# accelerator time said the other way round: "1145.8 days of TPUv2 compute", "10,249 days of TPUv3 usage"
_CHIP_TIME_OF = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s*(?P<mult>[kK])?\s*(?P<unit>hours?|days?)\s+of\s+(?P<chip>(?:[A-Za-z]+\d*[\s-]?)?"
    r"(?:GPU|TPU(?:[\s-]?v\d)?|V100|A100|H100|P100|accelerator))(?P<core>[\s-]?cores?)?s?\s+"
    r"(?:compute|computation|usage|use|time)\b",
    re.IGNORECASE,
)
# tokens, or words for word-level models ("a corpus of 33 billion words")
_TOKENS = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s*(?P<mult>[KMBT]\b|thousand|million|billion|trillion)[\s-]*"
    # what kind of tokens: "40B text tokens", "300B English web tokens", "1T pre-training tokens"
    r"(?:(?:training|pre-?training|text|code|web|English|multilingual|unique|unlabell?ed|high-quality|image|"
    r"speech|audio|BPE|subword)\s+){0,2}"
    r"(?P<what>tokens|words)\b",
)
_EPOCHS_OF = re.compile(r"(?i)\s*\(\s*(?:about\s+|~\s*)?[\d.]+\s*(?:epochs?|passes)\s+(?:of|over|through)\b")
_TOTAL_BEFORE = re.compile(
    r"(?i)\b(?:a total of|in total|totall?ing|overall)\s+(?:of\s+)?(?:about\s+|over\s+)?$"
)
_EPOCHS = re.compile(rf"(?<![\w.])(?P<n>{NUM})\s+(?:training\s+)?epochs\b", re.IGNORECASE)
_EXAMPLES = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s*(?P<mult>[KMB]\b|thousand|million|billion)?\s+(?:training\s+|labell?ed\s+)?"
    r"(?:examples|images|samples|sentences|sequences)\b",
)
_STEPS = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s*(?P<mult>[kKM]\b|thousand|million)?\s+(?:training\s+|gradient\s+|optimi[sz]ation\s+)?"
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
_TRAINING = re.compile(r"(?i)\b(?:train\w*|pre-?train\w*|fine-?tun\w*|converge\w*|run|runs|ran|experiments?|"
                       r"optimi[sz]\w*|learning|search)\b")  # fmt: skip
# a model that takes a time is trained for it ("The 1.0B model takes 1.5 days; the 160M model under 10 hours"),
# unless the time is for something else ("takes 2 hours to evaluate")
_MODEL_TAKES = re.compile(
    r"(?i)\b(?:model|network|variant|configuration)s?\s+(?:takes?|took|requires?|required|needs?|needed)\s+"
    r"(?:about\s+|roughly\s+|around\s+|approximately\s+|less than\s+|under\s+|~\s*)?$"
)
_NOT_TRAINING_AFTER = re.compile(
    r"(?i)^\s*(?:to|for)\s+(?:evaluat|infer|generat|sampl|test|decod|render|synthesi[sz]|run inference|answer)"
)
_RATE = re.compile(r"(?i)^\s*(?:per|each|every|a|an)\s+(?:[\d,.]+\s*[kK]?\s+)?(?:epoch|iteration|step|update|batch|"
                   r"image|sample|example|episode|query|forward|frame|token)s?\b|^\.?\s*/\s*(?:epoch|step|iter|it\b|batch|image)")  # fmt: skip
_RATE_BEFORE = re.compile(r"(?i)\b(?:each|every|one|per|an?|single)\s+(?:epoch|iteration|step|update|forward pass)\b"
                          r"[^.;]{0,40}$")  # fmt: skip
_FINE_TUNING = re.compile(r"(?i)\bfine-?tun\w*|\bdownstream\b|\btransfer\w*")
_OTHER = re.compile(r"(?i)\binference\b|\bevaluat\w*|\btest(?:ing)?\b|\bgenerat\w* (?:the )?(?:[\w-]+ ){0,2}(?:data|samples|images)|"
                    r"\bsampling\b|\blatency\b|\bpreprocess\w*|\bdownload\w*|\bannotat\w*|\bhuman\b")  # fmt: skip
_CHIP_UNIT_HOURS = {"hour": 1.0, "day": 24.0, "week": 168.0, "year": 8760.0}
_CHIP_UNITS = tuple(_CHIP_UNIT_HOURS)  # the anchors of _CHIP_TIME
# a time that covers several runs or the whole project, not one run: "the five seeds complete in 8
# hours", "all experiments in this paper, including ablations, used about 9,000 GPU-hours"
_SEVERAL_RUNS = re.compile(
    r"(?i)\b(?:all|the|these)?\s*(?:two|three|four|five|six|ten|\d+)\s+(?:random\s+)?(?:seeds|runs|trials)\b"
)
_PROJECT = re.compile(
    r"(?i)\bincluding (?:all )?(?:ablations|hyper-?\s?parameter)|\b(?:entire|whole) (?:project|study|paper)\b|"
    r"\bin total\b[^.;]{0,40}\ball (?:(?:of )?(?:the|our) )?experiments\b"
)
# a factor of a product ("2 * 343W * 71,800h * 1.08"): an energy or cost estimate, not a run
_PRODUCT_BEFORE, _PRODUCT_AFTER = re.compile(r"[∗*×·]\s*$"), re.compile(r"\s*[∗*×·]")
# a span of the data, not of the run: "the first 20 days for training"
_DATA_SPAN_BEFORE = re.compile(r"(?i)\b(?:first|last|next|past|previous|final|remaining)\s+$")
# a time the paper only supposes: "a single-GPU machine could complete our experiments in 4-7 days"
_HYPOTHETICAL = re.compile(r"(?i)\b(?:could|would|might|can)\b")
# fine-tuning by reinforcement learning is the paper's training, not a downstream transfer
_RL = re.compile(r"(?i)\bwith RL\b|\breinforcement learning\b|\bRLHF\b|\bPPO\b")
_NOT_TIME = re.compile(r"(?i)^\s*(?:of (?:video|audio|speech|footage|recordings?|data)|ahead|horizon|window|later|"
                       r"before|after|old|long (?:videos?|clips?))")  # fmt: skip
_ON_CHIPS = re.compile(
    rf"\s*(?:of\s+(?:compute\s+)?)?(?:on|using|with|across)\s+(?:{NUM}\s+|an?\s+|the\s+|our\s+|a\s+single\s+)?"
    r"(?:[A-Z][\w-]*\s+){0,3}?(?:GPUs?|TPUs?|CPUs?|cores?|machines?|nodes?|V100s?|A100s?|H100s?|P100s?)\b",
    re.IGNORECASE,
)


# where a match can be: a unit or kind word, found with str.find by extract.resources.anchored (the full
# patterns would start a number at every character of a 100-page text); "36 h" by a short regex
_TIME_WORDS = ("second", "sec", "minute", "min", "hour", "day", "week", "month")
_SHORT_UNIT = re.compile(r"\d\s?(?:h|hrs?)\b")


def _scope(clause: str) -> TrainingScope:
    if _FINE_TUNING.search(clause) and not _RL.search(clause):
        return "fine_tuning"
    if _OTHER.search(clause) and not re.search(r"(?i)\b(?:pre-?)?train", clause):
        return "other"
    return "main"


# The hardware extractor reads the training inputs for its set-up just before this extractor runs on
# the same document: the last result is kept (one entry, keyed by the document's content and the
# resources), so the work is done once. The function stays pure: equal inputs, equal labels.
_last: tuple[tuple[str, str, str, int], list[Label]] | None = None


def extract_training(doc: ParsedDoc, res: Resources) -> list[Label]:
    """Duration, chip-time, parameter and token labels of ``doc``, each with its evidence."""
    global _last  # the one-entry memo above
    key = (doc.paper_key, doc.pdf_sha256, doc.text_sha256, id(res))
    if _last is not None and _last[0] == key:
        return list(_last[1])
    labels = _extract_training(doc, res)
    _last = (key, labels)
    return list(labels)


def _extract_training(doc: ParsedDoc, res: Resources) -> list[Label]:
    text = doc.text
    prod = producer(doc, NAME, VERSION)
    labels: list[Label] = []

    def add(value: TrainingTime | ModelSize | TrainingData, start: int, end: int, confidence: float) -> None:
        if doc.section_of(start) in ("references", "title_block"):
            return
        labels.append(Label(paper_key=doc.paper_key, value=value, evidence=make_evidence(doc, start, end),
                            producer=prod, confidence=confidence))  # fmt: skip

    taken: list[tuple[int, int]] = []
    chip_times = anchored(_CHIP_TIME, _CHIP_UNITS, text) + anchored(_CHIP_TIME_OF, ("hour", "day"), text)
    for m in sorted(chip_times, key=_start):
        n = number(m.group("n"))
        if not n or n < 0:  # "0 GPU hours" says nothing
            continue
        n *= 1000 if m.group("mult") else 1
        hours = n * _CHIP_UNIT_HOURS[m.group("unit").lower().rstrip("s")]
        if m.group("core") and "tpu" in m.group("chip").lower() and not re.search(r"v[45]", m.group("chip")):
            hours /= 2  # TPU v2/v3: two cores per chip
        s, e = sentence_bounds(text, m.start(), m.end())
        part = clause(text, m.start(), m.end(), (s, e))
        scope = (
            "other"
            if foreign(res, part) or _HYPOTHETICAL.search(part) or _PROJECT.search(part)
            else _scope(part)
        )
        add(TrainingTime(chip_hours=hours, scope=scope), m.start(), m.end(), 0.75)
        taken.append((m.start(), m.end()))
    for m in anchored(_DURATION, _TIME_WORDS, text, _SHORT_UNIT):
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit = _unit_name(m.group("unit"))
        if unit == "h" and not re.match(r"\d", m.group("n")):
            continue  # "a h" is no duration
        n = number(m.group("n"))
        if not n or n < 0 or (m.group("low") and number(m.group("low")) is None):
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        sentence = text[s:e]
        after, before = text[m.end() : m.end() + 40], text[max(s, m.start() - 60) : m.start()]
        on_chips = bool(_ON_CHIPS.match(after))  # "(9.5 days on a GPU)": compute time, a cue of its own
        taking = bool(_MODEL_TAKES.search(before)) and not _NOT_TRAINING_AFTER.match(after)
        if (
            not (_TRAINING.search(sentence) or on_chips or taking)
            or _RATE.match(after)
            or _RATE_BEFORE.search(before)
        ):
            continue
        if _NOT_TIME.match(after) or re.search(r"(?i)\b(?:every|each|per)\s+$", before):
            continue
        if _PRODUCT_BEFORE.search(before) or _PRODUCT_AFTER.match(after) or _DATA_SPAN_BEFORE.search(before):
            continue
        if _HALF_BEFORE.search(before) and n == 1:  # "half a day": the "a" is one, the half halves it
            n = 0.5
        hours = (n + (0.5 if m.group("half") else 0.0)) * _HOURS[unit]
        larger, at = unit, m.end()
        while (more := _COMPOUND.match(text, at)) and (extra := number(more.group("n"))):
            smaller = _unit_name(more.group("unit"))
            if _HOURS[smaller] >= _HOURS[larger]:
                break
            hours += extra * _HOURS[smaller]  # "2 weeks and 3 days", "3 days and 4 hours and 20 minutes"
            taken.append((more.start("n"), more.end()))
            larger, at = smaller, more.end()
        part = clause(text, m.start(), m.end(), (s, e))
        lo, hi = text.rfind(",", s, m.start()) + 1 or s, text.find(",", m.end(), e)
        several = _SEVERAL_RUNS.search(text, lo, e if hi < 0 else hi)  # "the five seeds complete in 8 hours"
        scope = "other" if foreign(res, part) or _HYPOTHETICAL.search(part) or several else _scope(part)
        chip, count = _chip_in(res, part)
        if chip is None:
            chip, count = _chip_in(res, sentence)  # its own clause's chip first
        add(
            TrainingTime(hours=hours, scope=scope, chip=chip, count=count),
            m.start(),
            m.end(),
            0.7 if chip else 0.6,
        )
    for size, start, end, confidence in model_sizes(text, res):
        add(size, start, end, confidence)
    for m in anchored(_TOKENS, ("token", "word"), text):
        n = number(m.group("n"))
        if not n or n < 0:
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        if m.group("what") == "words" and (
            _HYPOTHETICAL.search(text[s:e]) or not _TRAINING.search(text[s:e])
        ):
            continue  # "can train on 100 billion words in one day": a speed, not the data
        if foreign(res, clause(text, m.start(), m.end(), (s, e))):
            continue  # "GPT-3 XL was trained on 300B tokens [4]": another work's data
        epochs = _epochs(text[s:e])  # "3.3B tokens for 40 epochs": tokens seen
        # "a total of 300B tokens", "180B tokens (1.5 epochs of ...)": the epochs are counted already
        if _TOTAL_BEFORE.search(text, max(s, m.start() - 30), m.start()) or _EPOCHS_OF.match(text, m.end()):
            epochs = None
        add(TrainingData(tokens=round(n * MULT[m.group("mult").lower()] * (epochs or 1)), epochs=epochs),
            m.start(), m.end(), 0.65)  # fmt: skip
    for m in anchored(_EXAMPLES, ("example", "image", "sample", "sentence", "sequence"), text):
        n = number(m.group("n"))
        if not n or n < 0:
            continue
        s, e = sentence_bounds(text, m.start(), m.end())
        epochs = _epochs(text[s:e])
        if epochs is None or not _TRAINING.search(text[s:e]):
            continue
        examples = round(n * MULT.get((m.group("mult") or "").lower(), 1.0))
        add(TrainingData(examples=examples, epochs=epochs), m.start(), m.end(), 0.6)
    anchors = ("step", "iter", "/it", "update", "epoch")
    for m in sorted(anchored(_PER_STEP, anchors, text) + anchored(_STEP_TAKES, anchors, text), key=_start):
        s, e = sentence_bounds(text, m.start(), m.end())
        found = _times_rate(text, m, (s, e))
        if found is None:
            continue
        hours, start, end = found
        part = clause(text, start, end, (s, e))
        scope = "other" if foreign(res, part) else _scope(part)
        chip, count = _chip_in(res, text[s:e])
        add(TrainingTime(hours=hours, scope=scope, chip=chip, count=count), start, end, 0.6)
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
    seconds = number(rate.group("t"))
    if counted is None or not seconds:
        return None
    n = number(counted.group("n"))
    if not n:
        return None
    mult = counted.groupdict().get("mult")
    n *= MULT.get((mult or "").lower(), 1.0)
    seconds *= _unit_seconds(rate.group("unit"))
    start, end = min(counted.start(), rate.start()), max(counted.end(), rate.end())
    return n * seconds / 3600, start, end


def _epochs(sentence: str) -> float | None:
    """The number of epochs a sentence states ("for 40 epochs"), if one."""
    m = _EPOCHS.search(sentence)
    return number(m.group("n")) if m else None


def _chip_in(res: Resources, sentence: str) -> tuple[str | None, int | None]:
    """The chip id named in the sentence (the first), if any, and the count printed before it."""
    from extract.hardware_counts import left_count
    from extract.resources import group_index

    m = res.chip_regex.search(sentence)
    if m is None:
        return None, None
    count = left_count(sentence[: m.start()])
    return res.chip_groups[group_index(m)][0], count if count is not None and 1 <= count <= 100_000 else None
