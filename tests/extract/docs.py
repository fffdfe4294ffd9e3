"""Build small ParsedDocs from text for rule tests (pages split at form feeds, sections found)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from extract.document import Link, PaperMeta, ParsedDoc, Section
from extract.parse import parse_text
from extract.resources import Resources
from paperscope.records import Label
from paperscope.settings import DATA_DIR

KEY = "neurips/2021/main/t1"


@cache
def resources() -> Resources:
    return Resources.load(DATA_DIR)


def make_doc(
    text: str,
    *,
    sections: tuple[Section, ...] | None = None,
    links: tuple[Link, ...] = (),
    meta: PaperMeta | None = None,
) -> ParsedDoc:
    doc = parse_text(text, paper_key=KEY, meta=meta, sections=sections, links=links)
    return replace(doc, parser="test")


def body_doc(
    body: str, *, title: str = "A Paper", refs: str = "", appendix: str = "", **kw: object
) -> ParsedDoc:
    """A paper-shaped document: title block, abstract, body, references, appendix."""
    text = (
        f"{title}\nAnn Author\nUniversity of Somewhere\nAbstract\nWe study things.\n1 Introduction\n{body}\n"
    )
    if refs:
        text += f"References\n{refs}\n"
    if appendix:
        text += f"\fA Appendix details\n{appendix}\n"
    return make_doc(text, **kw)  # type: ignore[arg-type]


def values(labels: list[Label], kind: str) -> list[object]:
    return [lab.value for lab in labels if lab.value.kind == kind]


def setup_pair(body: str) -> tuple[str, int | None] | None:
    """The hardware set-up's (chip, count) of a paper with ``body``, or None when it has none."""
    from extract.hardware import extract_hardware
    from paperscope.records import HardwareSetup

    labels = extract_hardware(body_doc(body), resources())
    setup = next((lab.value for lab in labels if isinstance(lab.value, HardwareSetup)), None)
    return (setup.chip, setup.count) if setup else None
