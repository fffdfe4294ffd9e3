"""Evidence boxes: where on the page a label's span is, read from pdfium's character boxes.

Extractors find spans in text; this adds the boxes (one per line of the span, relative to the page)
while the PDF is still open, so Label Studio can highlight the evidence.
"""

from __future__ import annotations

from extract.document import ParsedDoc
from extract.parse import OpenPages, text_index
from extract.pdfium_reader import span_rects
from paperscope.records import Box, Label


def span_boxes(doc: ParsedDoc, pages: OpenPages, start: int, end: int) -> tuple[Box, ...]:
    """Boxes of ``doc.text[start:end]`` (a span within one page), or ``()`` if the page is not open."""
    page_index, first = text_index(doc, start)
    _, last = text_index(doc, max(start, end - 1))
    if page_index not in pages:
        return ()
    page, textpage = pages[page_index]
    boxes = []
    for x0, top, x1, bottom in span_rects(page, textpage, first, last + 1):
        if x1 > x0 and bottom > top:
            boxes.append(Box(page=page_index, x=x0, y=top, w=x1 - x0, h=bottom - top))
    return tuple(boxes)


def with_boxes(labels: list[Label], doc: ParsedDoc, pages: OpenPages) -> list[Label]:
    """The labels with boxes added to their PDF evidence (labels already boxed are kept as they are)."""
    boxed: list[Label] = []
    for label in labels:
        ev = label.evidence
        if ev.source != "pdf" or ev.boxes or ev.start is None or ev.end is None:
            boxed.append(label)
            continue
        boxes = span_boxes(doc, pages, ev.start, ev.end)
        if not boxes:
            boxed.append(label)
            continue
        boxed.append(
            Label(
                paper_key=label.paper_key,
                value=label.value,
                evidence=ev.model_copy(update={"boxes": boxes}),
                producer=label.producer,
                confidence=label.confidence,
            )
        )
    return boxed
