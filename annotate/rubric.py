"""The gold set's rubric, the same words the projects' instructions give Label Studio's annotators.

One file is the source: ``benchmarks/gold/RUBRIC.md`` in a checkout (the wheel carries it as
``annotate/guidelines/RUBRIC.md``). Each field's project shows its numbered sections, rendered with
markdown-it-py (CommonMark), so the guidelines cannot drift from the rubric the gold set was
labelled by.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from paperscope.records import Field_

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (_HERE.parent / "benchmarks" / "gold" / "RUBRIC.md", _HERE / "guidelines" / "RUBRIC.md")
FIELD_SECTIONS: dict[Field_, tuple[int, ...]] = {
    "hardware": (1, 2),  # the set-up, and the inputs of training compute asked with it
    "bert": (3,),
    "code": (4,),
    "affiliation": (5,),
    "topic": (6,),
}
_SECTION = re.compile(r"^## (\d+)\. .*$", re.MULTILINE)


def rubric_path() -> Path:
    """Where the rubric is: the checkout's, else the installed package's copy."""
    for path in _CANDIDATES:
        if path.is_file():
            return path
    raise FileNotFoundError(f"the gold rubric is missing (looked for {', '.join(map(str, _CANDIDATES))})")


@cache
def sections() -> dict[int, str]:
    """Section number -> its Markdown (heading included)."""
    text = rubric_path().read_text(encoding="utf-8")
    starts = list(_SECTION.finditer(text))
    return {
        int(m.group(1)): text[m.start() : starts[i + 1].start() if i + 1 < len(starts) else len(text)].strip()
        for i, m in enumerate(starts)
    }


def rubric_html(field: Field_) -> str:
    """The field's sections of the rubric as HTML (headings one level down, for the instructions panel)."""
    from markdown_it import MarkdownIt

    found = sections()
    markdown = "\n\n".join(found[n] for n in FIELD_SECTIONS[field] if n in found)
    return str(MarkdownIt("commonmark").render(markdown.replace("\n## ", "\n### ").replace("## ", "### ", 1)))
