"""Render a demo paper as a NeurIPS-style PDF (reportlab): title block, sections, links, checklist."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from paperscope.demo.papers import DemoPaper

_FILLER = (
    "Recent work has made rapid progress on this problem, yet most methods remain difficult to analyse and "
    "expensive to reproduce. We revisit the setting with a simple formulation, state our assumptions "
    "explicitly and compare against strong baselines under matched budgets. Our contributions are a method, "
    "an analysis of when it helps, and an empirical study on standard benchmarks."
)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Times-Roman", fontSize=10, leading=12)
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontName="Times-Bold", fontSize=17, leading=20
        ),
        "author": ParagraphStyle("author", parent=body, alignment=1, fontSize=10),
        "affil": ParagraphStyle("affil", parent=body, alignment=1, fontSize=9),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName="Times-Bold", fontSize=12, spaceBefore=8, spaceAfter=4
        ),
        "abstract_head": ParagraphStyle("ah", parent=body, fontName="Times-Bold", alignment=1, fontSize=12),
        "body": body,
        "ref": ParagraphStyle("ref", parent=body, fontSize=9, leading=11),
    }


def _linked(text: str) -> str:
    """Escape text and turn URLs into link annotations, as LaTeX's hyperref does."""
    words = []
    for word in escape(text).split(" "):
        url = word.rstrip(".,;")
        if url.startswith("https://"):
            word = f'<a href="{url}" color="blue">{url}</a>{word[len(url) :]}'
        words.append(word)
    return " ".join(words)


def render_pdf(paper: DemoPaper, year: int = 2021) -> bytes:
    """Return the PDF bytes of a demo paper (deterministic: same paper -> same bytes)."""
    st = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=1.5 * inch,
        rightMargin=1.5 * inch,
        title=paper.title,
        author=", ".join(a.name for a in paper.authors),
        invariant=True,
    )
    names = ", ".join(
        f"{escape(a.name)}<super>{','.join(str(m) for m in a.marks)}</super>" for a in paper.authors
    )
    story = [
        Paragraph(escape(paper.title), st["title"]),
        Paragraph(names, st["author"]),
        *(
            Paragraph(f"<super>{i}</super>{escape(aff)}", st["affil"])
            for i, aff in enumerate(paper.affiliations, 1)
        ),
        Paragraph(escape(", ".join(a.email for a in paper.authors)), st["affil"]),
        Spacer(1, 12),
        Paragraph("Abstract", st["abstract_head"]),
        Paragraph(escape(paper.abstract), st["body"]),
        Paragraph("1 Introduction", st["h1"]),
        Paragraph(_FILLER, st["body"]),
    ]
    if paper.bert_sentence:
        story.append(Paragraph(escape(paper.bert_sentence), st["body"]))
    story += [
        Paragraph("2 Method", st["h1"]),
        Paragraph(_FILLER, st["body"]),
        Paragraph("3 Experiments", st["h1"]),
        Paragraph(escape(paper.experiments), st["body"]),
    ]
    if paper.code_sentence:
        story.append(Paragraph(_linked(paper.code_sentence), st["body"]))
    story += [
        Paragraph("4 Conclusion", st["h1"]),
        Paragraph(_FILLER, st["body"]),
        Paragraph("References", st["h1"]),
        *(Paragraph(f"[{i}] {escape(ref)}", st["ref"]) for i, ref in enumerate(paper.references, 1)),
    ]
    if year >= 2021:
        story += [
            PageBreak(),
            Paragraph("Checklist", st["h1"]),
            Paragraph(
                "1. For all authors... (a) Do the main claims made in the abstract and introduction "
                "accurately reflect the paper's contributions and scope? [Yes]",
                st["body"],
            ),
            Paragraph(
                "3. If you ran experiments... (d) Did you include the total amount of compute and the "
                f"type of resources used (e.g., type of GPUs, internal cluster, or cloud provider)? "
                f"{escape(paper.compute_answer)}",
                st["body"],
            ),
        ]
    doc.build(story)
    return buf.getvalue()
