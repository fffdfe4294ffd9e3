"""Build small ParsedDocs from text for rule tests (pages split at form feeds, sections found)."""

from __future__ import annotations

import hashlib
from functools import cache

from extract.document import PAGE_SEP, Link, Page, PaperMeta, ParsedDoc, Section
from extract.resources import Resources
from extract.sections import find_sections
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
    pages, offset = [], 0
    for i, page_text in enumerate(text.split(PAGE_SEP)):
        pages.append(Page(i, offset, offset + len(page_text), 612.0, 792.0))
        offset += len(page_text) + len(PAGE_SEP)
    return ParsedDoc(
        paper_key=KEY,
        pdf_sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        pages=tuple(pages),
        sections=find_sections(text) if sections is None else sections,
        links=links,
        parser="test",
        meta=meta or PaperMeta(),
    )


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
