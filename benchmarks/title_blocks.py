"""Render a constructed title block (``benchmarks/gold/snippets/title_blocks.jsonl``) as a PDF first page.

Four layouts, as conference templates print them: ``marks`` (names with superscript marks on
centred lines, one affiliation line per mark), ``grid`` (one cell per author: name, affiliation
lines, e-mail), ``stacked`` (one such block per author, one under the other) and ``left`` (ICLR's
left-aligned blocks: names sharing an affiliation on one line, joined by commas and "&"). Footnotes go to the
page bottom in small print. The PDF then takes the same road as a crawled one (pdfplumber words,
the header parser), so a case measures what a real page would.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

WIDTH, HEIGHT = LETTER
TEXT_WIDTH = 470.0
_FILLER = (
    "We study a simple question and answer it with experiments on standard benchmarks and an analysis",
    "of when the method helps; the results hold across settings and the code is described in the paper.",
)

Run = tuple[str, str, float, float]  # text, font, size, rise
SERIF, BOLD, MONO = "Serif", "Serif-Bold", "Courier"


@cache
def _fonts() -> None:
    """Register DejaVu Serif (shipped with matplotlib): the base-14 Times has no "Ș", "ř" or "ł"."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    registerFont(TTFont(SERIF, str(folder / "DejaVuSerif.ttf")))
    registerFont(TTFont(BOLD, str(folder / "DejaVuSerif-Bold.ttf")))


def _width(runs: list[Run]) -> float:
    return sum(stringWidth(text, font, size) for text, font, size, _ in runs)


def _draw(c: Canvas, runs: list[Run], y: float, x: float | None = None) -> None:
    """Draw runs on one line, centred unless ``x`` is given."""
    x = (WIDTH - _width(runs)) / 2 if x is None else x
    for text, font, size, rise in runs:
        c.setFont(font, size)
        c.drawString(x, y + rise, text)
        x += stringWidth(text, font, size)


def _wrap(runs: list[list[Run]], sep: list[Run], limit: float) -> list[list[Run]]:
    """Group items (each a list of runs) into lines no wider than ``limit``, ``sep`` between items."""
    lines: list[list[Run]] = [[]]
    for item in runs:
        candidate = [*lines[-1], *(sep if lines[-1] else []), *item]
        if lines[-1] and _width(candidate) > limit:
            lines.append(list(item))
        else:
            lines[-1] = candidate
    return lines


def _name(author: dict[str, Any], font: str = SERIF, size: float = 11.0) -> list[Run]:
    runs: list[Run] = [(author["name"], font, size, 0.0)]
    if author.get("marks"):
        runs.append((",".join(author["marks"]), SERIF, size * 0.65, size * 0.38))
    return runs


def render_title_block(case: dict[str, Any]) -> bytes:
    """The PDF bytes of one case (deterministic)."""
    _fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=True)
    y = HEIGHT - 100
    for line in _title_lines(case["title"]):
        _draw(c, [(line, BOLD, 17.0, 0.0)], y)
        y -= 21
    y -= 14
    layout = case.get("layout", "marks")
    if layout == "marks":
        y = _marks(c, case, y)
    elif layout == "grid":
        y = _grid(c, case, y)
    elif layout == "left":
        y = _left(c, case, y)
    else:
        y = _stacked(c, case, y)
    y -= 20
    _draw(c, [("Abstract", BOLD, 12.0, 0.0)], y)
    for line in _FILLER * 6:  # a page's worth of abstract, so the body's type size is the page's commonest
        y -= 13
        _draw(c, [(line, SERIF, 8.5, 0.0)], y, x=(WIDTH - TEXT_WIDTH) / 2)
    _footnotes(c, case.get("footnotes") or [])
    c.showPage()
    c.save()
    return buf.getvalue()


def _title_lines(title: str) -> list[str]:
    lines: list[str] = []
    for given in title.split("\n"):
        words, current = given.split(), ""
        for word in words:
            if current and stringWidth(f"{current} {word}", BOLD, 17.0) > TEXT_WIDTH:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.append(current)
    return [line for line in lines if line]


def _marks(c: Canvas, case: dict[str, Any], y: float) -> float:
    names = [_name(a) for a in case["authors"]]
    # names with marks are set apart by space (ICML); unmarked ones by commas (ICLR, shared lines)
    marked = all(a.get("marks") for a in case["authors"])
    sep: list[Run] = [("   " if marked else ", ", SERIF, 11.0, 0.0)]
    for line in _wrap(names, sep, TEXT_WIDTH):
        _draw(c, line, y)
        y -= 15
    y -= 2
    for aff in case.get("affiliations") or []:
        words = [[(word, SERIF, 9.0, 0.0)] for word in ", ".join(aff["lines"]).split()]
        lines = _wrap(words, [(" ", SERIF, 9.0, 0.0)], TEXT_WIDTH)  # a long affiliation wraps, centred
        lines[0] = [(aff["mark"], SERIF, 6.0, 3.5), *lines[0]]
        for line in lines:
            _draw(c, line, y)
            y -= 11
    emails = case.get("emails_line") or ", ".join(a["email"] for a in case["authors"] if a.get("email"))
    if emails:
        _draw(c, [(emails, MONO, 8.5, 0.0)], y)
        y -= 12
    return y


def _cell_lines(author: dict[str, Any]) -> list[list[Run]]:
    lines = [_name(author, BOLD, 10.0)]
    lines += [[(text, SERIF, 8.5, 0.0)] for text in author.get("affiliation_lines") or []]
    if author.get("email"):
        lines.append([(author["email"], MONO, 8.0, 0.0)])
    return lines


def _grid(c: Canvas, case: dict[str, Any], y: float) -> float:
    authors = case["authors"]
    widest = max(_width(line) for a in authors for line in _cell_lines(a)) + 14
    # no more columns than the widest cell allows: LaTeX's tabular never lets cells overlap
    fits = max(1, int(TEXT_WIDTH // widest))
    columns = min(len(authors), fits, 4 if len(authors) % 4 == 0 or len(authors) > 6 else 3)
    width = TEXT_WIDTH / max(columns, 1)
    left = (WIDTH - TEXT_WIDTH) / 2
    for start in range(0, len(authors), columns):
        row = authors[start : start + columns]
        cells = [_cell_lines(a) for a in row]
        offset = (TEXT_WIDTH - width * len(row)) / 2
        for i, lines in enumerate(cells):
            for k, line in enumerate(lines):
                x = left + offset + width * i + (width - _width(line)) / 2
                _draw(c, line, y - 12 * k, x=x)
        y -= 12 * max(len(lines) for lines in cells) + 12
    return y


def _stacked(c: Canvas, case: dict[str, Any], y: float) -> float:
    for author in case["authors"]:
        for line in _cell_lines(author):
            _draw(c, line, y)
            y -= 12
        y -= 8
    return y


def _left(c: Canvas, case: dict[str, Any], y: float) -> float:
    """ICLR's template: left-aligned blocks, the names of authors sharing an affiliation joined by
    commas and "&" on one line, their affiliation lines under them."""
    left = (WIDTH - TEXT_WIDTH) / 2
    blocks: list[tuple[list[dict[str, Any]], list[str]]] = []
    for author in case["authors"]:
        lines = author.get("affiliation_lines") or []
        if blocks and blocks[-1][1] == lines:
            blocks[-1][0].append(author)
        else:
            blocks.append(([author], lines))
    for people, lines in blocks:
        names = [p["name"] for p in people]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
        words = [[(word, SERIF, 10.0, 0.0)] for word in joined.split()]
        for row in _wrap(words, [(" ", SERIF, 10.0, 0.0)], TEXT_WIDTH):
            _draw(c, row, y, x=left)
            y -= 12
        for text in lines:
            _draw(c, [(text, SERIF, 10.0, 0.0)], y, x=left)
            y -= 12
        y -= 10
    return y


def _footnotes(c: Canvas, notes: list[dict[str, str]]) -> None:
    """Footnotes at the foot of the page, each wrapped to the text width as LaTeX sets them."""
    if not notes:
        return
    left = (WIDTH - TEXT_WIDTH) / 2
    lines: list[list[Run]] = []
    for note in notes:
        words = [[(word, SERIF, 8.0, 0.0)] for word in note["text"].split()]
        wrapped = _wrap(words, [(" ", SERIF, 8.0, 0.0)], TEXT_WIDTH - 8)
        wrapped[0] = [(note["mark"], SERIF, 5.5, 3.0), *wrapped[0]]
        lines += wrapped
    y = 72 + 10 * len(lines)
    c.line(left, y + 10, left + 120, y + 10)
    for line in lines:
        _draw(c, line, y, x=left)
        y -= 10
