"""Model sizes a paper states, in prose and in tables, each marked as its own model's or another's.

The rubric counts the largest model the paper itself trains. A size is ``other`` when it belongs to
a model named for comparison ("compared to GPT-3 (175B parameters)", "we compare against the 280B
parameter Gopher", "the state of the art is ViT-H (632M parameters)"), to a baseline, to an
auxiliary model (a reward model, a teacher) or to a cited work. Sizes are read from:

- prose: "1.5B parameters", "a 175B-parameter model", "the number of parameters is fixed to ~500k",
  and sizes that name a model without the word ("our 6.7B model", "the 125 million, ..., and 13
  billion model configurations");
- tables: a row headed by the parameter word ("Parameters (M) 19 60 431", "# Parameters 6,152,001"),
  a "Params" column whose cells carry a unit ("86M"), or a "Param (M)" column of bare numbers right
  after the row-naming columns; when every row has one word per header cell, only the parameter
  column's cell is read. A row marked "(ours)", or the rows under a "Method (ours)" line, are the
  paper's; when a table marks its own rows, the rest are others'; rows named by size alone ("Base",
  "XL") are one model's variants; a row the caption calls projected ("marked * ... not trained") is not.

Also the number and clause reading that :mod:`extract.training` shares.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from extract.evidence import sentence_bounds
from extract.resources import Resources, anchored
from paperscope.records import ModelSize

__all__ = ["MULT", "NUM", "Found", "clause", "foreign", "model_sizes", "number"]

_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "a few": 3, "a couple of": 2}  # fmt: skip
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|a couple of|a few|one|two|three|four|five|six|seven|eight|nine|ten|twelve|an?)"
MULT = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}

# a size found: the value, its span and a confidence
Found = tuple[ModelSize, int, int, float]

_PARAMS = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})(?:\s*|-(?=[a-z]))(?P<mult>[kKMBT]\b|thousand|million|billion|trillion)?[\s-]*"
    r"(?:trainable\s+|learnable\s+|total\s+)?(?:param(?:eter)?s?)\b",
)
# the size stated after the word: "the number of parameters is 12 million", "Parameters: 85M",
# "the number of parameters is fixed to ~500k"
_PARAMS_AFTER = re.compile(
    r"(?i:number of (?:trainable\s+|learnable\s+)?param(?:eter)?s|param(?:eter)?s?(?: count| budget)?)"
    r"(?:\s+of\s+(?:the|our|this)(?:\s+[\w-]+){1,2})?\s*"
    r"(?:(?:is|are|was|were)\s+(?:fixed|set|kept|limited|restricted|capped)\s+(?:to|at)|is|are|was|of|:|=)\s*"
    rf"(?:about\s+|approximately\s+|roughly\s+|around\s+|[~∼≈]\s*)?(?P<n>{NUM})\s*"
    r"(?P<mult>[kKMBT]\b|thousand|million|billion|trillion)",
)
# a size that names a model without the word "parameters": "our 6.7B model", "13 billion model configurations"
_SIZE = r"(?<![\w.])\d+(?:\.\d+)?\s*(?:[MBT]|million|billion|trillion)\b"
_SIZED_MODEL = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<mult>[MBT]|million|billion|trillion)\b[\s-]*"
    r"(?:models?|configurations?|variants?|LMs?|language models?|networks?|transformers?)\b",
)
_SIZED_MODEL_WORDS = ("model", "configuration", "variant", "LM", "network", "transformer")
# the sizes listed before it: "the 125 million, 355 million, ..., and "
_SIZE_LIST_BEFORE = re.compile(rf"(?:{_SIZE}\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|to)\s+))+$")
_ONE_SIZE = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<mult>[MBT]|million|billion|trillion)\b")
# a model named for comparison, its size in parentheses: "compared to GPT-3 (175B parameters)"
_COMPARED = re.compile(
    r"(?i:compared (?:to|with)|than|match(?:es|ing)?|outperform\w*|versus|vs\.?|unlike|surpass\w*|beat\w*|rival\w*)"
    r"\s+(?:the\s+)?(?:[A-Z][\w.+/-]*\s*){1,3}\(\s*$"
)
# earlier in the sentence, a phrase that introduces others' models: "we compare against the 280B parameter
# Gopher", "the state of the art ... is ViT-H (632M parameters)", "as baselines, we train ... 7.0B parameters"
_OTHERS_AHEAD = re.compile(
    r"(?i)\bcompar\w*\s+(?:\w+\s+){0,2}?(?:to|with|against)\b|\bstate[- ]of[- ]the[- ]art\b|\bbaselines?\b|"
    r"\bprior work\b|\bprevious(?:ly)?\b"
)
_OWN = re.compile(r"(?i)\b(?:our|ours)\b")
# a model that serves the trained one, not the paper's main model
# a model kept frozen is not trained by the paper: "the CLIP encoder (428M parameters) frozen"
_FROZEN_AFTER = re.compile(
    r"(?i)[^.;,]{0,12}?\)?\s*(?:is\s+|are\s+|was\s+|were\s+|remains?\s+|stays?\s+)?(?:kept\s+)?frozen\b"
)
_FROZEN_BEFORE = re.compile(r"(?i)\bfrozen\s+(?:pre-?trained\s+)?(?:[\w./-]+\s+){0,4}\(?\s*$")
# a size that is a difference, not a model's: "saves 18M parameters", "reduces the count by 3.2M"
_RELATIVE_BEFORE = re.compile(
    r"(?i)\b(?:sav\w*|reduc\w*(?:\s+\w+){0,3}\s+by|cuts?|adds?|remov\w*|prun\w*|fewer|less|more|extra|additional)\s+(?:about\s+|only\s+)?$"
)
_AUXILIARY = re.compile(
    r"(?i)\breward models?\b|\bvalue (?:models?|functions?|networks?)\b|\bteachers?\b|\bcritics?\b"
)
_CLAUSE = re.compile(
    r"[;:]|,\s*(?:and|while|whereas|but)\s|(?<!\bal)(?<!e\.g)(?<!i\.e)(?<!\bvs)(?<!Fig)(?<!Eq)\.\s"
)

# tables
_HEADER_WORD = re.compile(r"(?i)(?:#\s*|\b)param(?:eter)?s?\b\.?")
_PROSE = re.compile(r"\b(?:the|of|with|and|for|we|our|is|are|to|in|on|by|that|this|which|was|were)\b")
_ROW_HEADER = re.compile(
    r"^\s*(?:#\s*|No\.\s*of\s+|Number of\s+)?(?:trainable\s+)?[Pp]aram(?:eter)?s?\.?\s*(?:\((?P<unit>[KMB])\))?"
    r"(?P<cells>(?:\s+(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[KMB]?)+)\s*$"
)
_CELL = re.compile(r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<mult>[KMB])?")
_UNIT_CELL = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<mult>[MB])\b")
_OURS = re.compile(r"\((?:ours|Ours|OURS)\)|\bOurs\b")
# a parameter column whose unit is in its header ("Param (M)") and whose cells are bare numbers; read
# only when every column before it names rows ("Method Architecture Param (M) Top 1"), so a row's
# first trailing number is its parameter cell
_PARAM_UNIT = r"(?:#\s*)?param(?:eter)?s?\.?\s*\((?P<unit>[KMB])\)"  # "Param (M)", "#Params (B)"
_UNIT_HEADER = re.compile(
    r"\s*(?:(?:Method|Model|Architecture|Arch\.?|Backbone|Network|Encoder|Name|Approach)\s+)*" + _PARAM_UNIT,
    re.IGNORECASE,
)
# a header's cell: one word, with the unit in parentheses after it ("Params (B)", "#Params (M)")
_HEADER_CELL = re.compile(r"\S+(?:\s*\([^()\s]*\))?")
_PARAM_CELL = re.compile(rf"(?i)^(?:{_PARAM_UNIT}|(?:#\s*)?param(?:eter)?s?\.?)$")
# a caption saying some rows were never trained: "Models marked * are projected ... and were not trained"
_PROJECTED = re.compile(r"(?i)\b(?:not trained|never trained|projected|extrapolated)\b")
_MARKED_ROW = re.compile(r"^\s*\S*[*†‡]")
_TRAILING = re.compile(r"(?:\s+(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[-–—]))+\s*$")
_CITED = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|et al\.|\(\D{2,40},? (?:19|20)\d\d\)")
_TABLE_END = re.compile(r"^\s*(?:Table|Figure|Fig\.)\s*[A-Z]?\d")
# a column of results: a table comparing models, not one listing a model's variants
_RESULT_COLUMN = re.compile(
    r"(?i)\b(?:acc\w*|top-?[15]|mIoU|BLEU|PPL|perplexity|F1|AP|mAP|error|score|PQ)\b|%"
)
_FAMILY = re.compile(r"\s*([A-Za-z][A-Za-z]+)")
# rows named by size alone ("Base", "Large", "XL") are one model's variants, not a family of their own
_SIZE_WORDS = frozenset(
    {"tiny", "mini", "small", "base", "medium", "large", "huge", "giant", "xs", "xl", "xxl", "xxxl", "big"}
)
_TABLE_ROWS = 40  # lines read under a header at most


def number(token: str) -> float | None:
    """The value of a number as written: "1,000", "2.5", "two", "a few" (3)."""
    token = token.strip().lower().replace(",", "")
    try:
        return float(token)
    except ValueError:
        return float(_WORD_NUMBERS[token]) if token in _WORD_NUMBERS else None


def clause(text: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    """The clause of ``bounds`` (a sentence) that holds ``text[start:end]``; "et al. " ends none."""
    lefts = [m.end() for m in _CLAUSE.finditer(text, bounds[0], start)]
    right = _CLAUSE.search(text, end, bounds[1])
    return text[(lefts[-1] if lefts else bounds[0]) : (right.start() if right else bounds[1])]


def foreign(res: Resources, clause: str, lead: str = "") -> bool:
    """Another work's model or run: a citation or "GPT-3 was trained", and no first person (the hardware cues).

    ``lead`` is text just before the sentence that still belongs to it ("We use" on a line of its own).
    """
    return bool(res.cue("hardware_foreign", clause)) and not res.cue("hardware_first_person", lead + clause)


def _lead(text: str, start: int) -> str:
    """The start of a sentence a parser cut off as a short line: "We use" ending a line."""
    if start == 0 or text[start - 1] != "\n":
        return ""
    line = text[text.rfind("\n", 0, start - 1) + 1 : start - 1]
    if line.rstrip().endswith((".", "!", "?", ":")):
        return ""
    cut = line.rfind(". ")
    return line[cut + 2 :] if cut >= 0 else line


def model_sizes(text: str, res: Resources) -> list[Found]:
    """Every parameter count stated in ``text``, prose and tables, ordered by position."""
    return sorted([*_prose_sizes(text, res), *_table_sizes(text)], key=lambda f: f[1])


def _prose_sizes(text: str, res: Resources) -> Iterator[Found]:
    worded = anchored(_PARAMS, ("param",), text) + anchored(_PARAMS_AFTER, ("param",), text)
    spans = [(m.start(), m.end(), m.group("n"), m.group("mult")) for m in worded]
    for m in anchored(_SIZED_MODEL, _SIZED_MODEL_WORDS, text):
        spans.append((m.start(), m.end(), m.group("n"), m.group("mult")))
        listed = _SIZE_LIST_BEFORE.search(text, max(0, m.start() - 160), m.start())
        if listed:  # "the 1.3 billion, 2.7 billion and 13 billion models": each is a model's size
            sizes = _ONE_SIZE.finditer(text, listed.start(), listed.end())
            spans += [(s.start(), s.end(), s.group("n"), s.group("mult")) for s in sizes]
    for start, end, n_text, mult_text in spans:
        n = number(n_text)
        mult = MULT.get((mult_text or "").lower(), 1.0)
        if n is None or n * mult < 1000 or _RELATIVE_BEFORE.search(text, max(0, start - 40), start):
            continue
        scope = "other" if _others(text, res, start, end) else "main"
        yield ModelSize(params=round(n * mult), scope=scope), start, end, 0.7 if scope == "main" else 0.6


def _others(text: str, res: Resources, start: int, end: int) -> bool:
    """Whether the size at ``text[start:end]`` is another model's than the paper's own (module docstring)."""
    s, e = sentence_bounds(text, start, end)
    if _COMPARED.search(text, max(s, start - 60), start):
        return True
    part = clause(text, start, end, (s, e))
    if foreign(res, part, _lead(text, s)) or _AUXILIARY.search(part):
        return True
    if _FROZEN_AFTER.match(text, end, min(e, end + 40)) or _FROZEN_BEFORE.search(
        text, max(s, start - 60), start
    ):
        return True
    ahead = list(_OTHERS_AHEAD.finditer(text, s, start))
    return bool(ahead) and not _OWN.search(text, ahead[-1].end(), start)


def _table_sizes(text: str) -> Iterator[Found]:
    """Parameter counts in tables: a row headed by the word, or a column of cells with a unit under it."""
    lowered = text.lower()
    at = lowered.find("param")
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        at = lowered.find("param", line_end)
        line = text[line_start:line_end]
        row = _ROW_HEADER.match(line)
        if row:
            yield from _row_cells(row, line_start)
        elif len(line) <= 160 and _HEADER_WORD.search(line) and not _PROSE.search(line):
            yield from _column_cells(text, line_start, line_end)


def _row_cells(row: re.Match[str], offset: int) -> Iterator[Found]:
    """Cells of a row "Parameters (M) 19 60 431": each a size of one of the paper's models (no row names others)."""
    unit = MULT.get((row.group("unit") or "").lower(), 1.0)
    for cell in _CELL.finditer(row.string, row.start("cells"), row.end("cells")):
        n = number(cell.group("n"))
        value = (n or 0) * (MULT[cell.group("mult").lower()] if cell.group("mult") else unit)
        if value >= 1000:
            yield ModelSize(params=round(value)), offset + cell.start(), offset + cell.end(), 0.55


def _column_cells(text: str, header_start: int, header_end: int) -> Iterator[Found]:
    """Cells with a unit ("86M") in the rows under a header naming a parameter column.

    A row marked "(ours)", or under a line "Method (ours)", is the paper's; a row citing a work is
    another's; when the table marks its own rows, every unmarked row is another's; when it marks
    none, its rows are the paper's only in a table of its model's variants (:func:`_variants_table`).
    """
    rows: list[tuple[int, str, bool | None]] = []  # (offset, row, own: True/False/None unknown)
    bare_unit = _UNIT_HEADER.match(text, header_start, header_end)
    aligned = _aligned_column(text[header_start:header_end])
    group: bool | None = None
    pos = header_end + 1
    for _ in range(_TABLE_ROWS):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if pos >= len(text) or "\f" in line or _TABLE_END.match(line) or len(_PROSE.findall(line)) >= 3:
            break
        marked = True if _OURS.search(line) else False if _CITED.search(line) else None
        if (
            _UNIT_CELL.search(line)
            or (bare_unit and _TRAILING.search(line))
            or (aligned and len(line.split()) == aligned[1])
        ):
            rows.append((pos, line, marked if marked is not None else group))
        elif marked is not None:
            group = marked  # "MaskFormer (ours)" heads the rows below it
        pos = end + 1
    marks_own = any(own for _, _, own in rows)
    variants = not marks_own and _variants_table(text[header_start:header_end], [line for _, line, _ in rows])
    width = _trailing_width([line for _, line, _ in rows]) if bare_unit else 0
    if aligned and len(rows) >= 2 and all(len(line.split()) == aligned[1] for _, line, _ in rows):
        projected = _PROJECTED.search(text, max(0, header_start - 300), header_start) is not None
        for offset, line, own in rows:
            scope = "main" if own or (own is None and variants) else "other"
            if projected and _MARKED_ROW.match(line):
                scope = "other"  # "Models marked * are projected ... and were not trained"
            found = _aligned_cell(line, aligned)
            if found is not None:
                value, start, end = found
                yield ModelSize(params=round(value), scope=scope), offset + start, offset + end, 0.5
        return
    for offset, line, own in rows:
        scope = "main" if own or (own is None and variants) else "other"
        if bare_unit and not _UNIT_CELL.search(line):
            found = _bare_cell(line, width, MULT[bare_unit.group("unit").lower()])
            if found is not None:
                value, start, end = found
                yield ModelSize(params=round(value), scope=scope), offset + start, offset + end, 0.5
            continue
        for cell in _UNIT_CELL.finditer(line):
            n = number(cell.group("n"))
            value = (n or 0) * MULT[cell.group("mult").lower()]
            if value >= 1000:
                yield (
                    ModelSize(params=round(value), scope=scope),
                    offset + cell.start(),
                    offset + cell.end(),
                    0.5,
                )


def _aligned_column(header: str) -> tuple[int, int, float | None] | None:
    """``(index, cells, unit)`` of a header's one parameter column, its cells single words ("Params (B)").

    When every row has as many words as the header has cells, rows are read cell by cell, so only the
    parameter column's cell counts (not a "Training steps" column's "2.5M" beside it).
    """
    cells = _HEADER_CELL.findall(header)
    at = [i for i, cell in enumerate(cells) if _PARAM_CELL.match(cell)]
    if len(at) != 1 or len(cells) < 2:
        return None
    m = _PARAM_CELL.match(cells[at[0]])
    unit = MULT[m.group("unit").lower()] if m and m.group("unit") else None
    return at[0], len(cells), unit


def _aligned_cell(row: str, aligned: tuple[int, int, float | None]) -> tuple[float, int, int] | None:
    """The parameter cell of a row with one word per header cell, in parameters, with its span."""
    index, width, unit = aligned
    words = list(re.finditer(r"\S+", row))
    if len(words) != width:
        return None
    word = words[index]
    m = _CELL.fullmatch(word.group())
    if m is None:
        return None
    n = number(m.group("n")) or 0
    if m.group("mult"):
        value = n * MULT[m.group("mult").lower()]
    elif unit is not None:
        value = n * unit
    else:
        value = n if n >= 10_000 else 0  # a bare count without a unit only when written out in full
    return (value, word.start(), word.end()) if value >= 1000 else None


def _trailing_width(rows: list[str]) -> int:
    """How many cells (numbers or dashes) end most rows: the table's numeric columns."""
    widths = Counter(len(m.group().split()) for row in rows if (m := _TRAILING.search(row)))
    return widths.most_common(1)[0][0] if widths else 0


def _bare_cell(row: str, width: int, unit: float) -> tuple[float, int, int] | None:
    """The first of a row's ``width`` trailing cells (the parameter column), in parameters, with its span."""
    m = _TRAILING.search(row)
    if m is None or width < 1:
        return None
    cells = list(re.finditer(r"\S+", row[m.start() : m.end()]))
    if len(cells) < width:
        return None
    cell = cells[-width]
    n = number(cell.group())
    if n is None or n * unit < 1000:
        return None
    return n * unit, m.start() + cell.start(), m.start() + cell.end()


def _variants_table(header: str, rows: list[str]) -> bool:
    """A table of one model's variants ("ViT-Base ... 86M", "ViT-Huge ... 632M"), not a comparison.

    No row cites a work, no column holds results, and every row names the same family or none.
    """
    if _RESULT_COLUMN.search(header) or any(_CITED.search(row) for row in rows):
        return False
    families = {m.group(1).lower() for m in map(_FAMILY.match, rows) if m} - _SIZE_WORDS
    return len(families) <= 1
