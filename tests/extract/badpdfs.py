"""Generators of bad PDFs for the batch's error handling: each writes bytes a real crawl can meet."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from reportlab.pdfgen import canvas

TINY = Path(__file__).resolve().parents[1] / "pdfs" / "tiny-paper.pdf"


def minimal_pdf(content: bytes, *, filters: str = "", pages: int = 1) -> bytes:
    """A hand-written PDF whose pages all show ``content`` (already encoded with ``filters``)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Length %d %s>>\nstream\n" % (len(content), filters.encode()) + content + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        for _ in range(pages)
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % off for off in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def good() -> bytes:
    """A readable two-page paper (the parser-stability fixture)."""
    return TINY.read_bytes()


def truncated() -> bytes:
    """A download cut off half-way (no ``%%EOF``)."""
    data = good()
    return data[: len(data) // 2]


def encrypted() -> bytes:
    """A PDF that needs a user password to open."""
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt="secret", invariant=1)
    c.drawString(72, 720, "Secret paper trained on 8 V100 GPUs.")
    c.showPage()
    c.save()
    return out.getvalue()


def zero_pages() -> bytes:
    """A well-formed PDF with an empty page tree."""
    data = minimal_pdf(b"BT ET")
    data = data.replace(b"/Kids [4 0 R] /Count 1", b"/Kids [] /Count 0")
    return re.sub(
        rb"4 0 obj\n<< /Type /Page .*?endobj\n", lambda m: b" " * len(m.group()), data, flags=re.DOTALL
    )


def html_page() -> bytes:
    """An HTML error page served under a .pdf URL."""
    return b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not found</body></html>\n%%EOF\n"


def many_pages(n: int = 2000, words_per_page: int = 1) -> bytes:
    """A PDF of ``n`` pages (2,000 by default), each showing ``words_per_page`` words."""
    return minimal_pdf(b"BT /F1 12 Tf 72 720 Td " + b"(page ) Tj " * words_per_page + b"ET", pages=n)


def bomb(inflated_mb: int = 1200) -> bytes:
    """A content stream that inflates to ``inflated_mb`` MB from a few MB: a decompression bomb."""
    co = zlib.compressobj(1)
    chunk = b"(A) Tj " * (1 << 17)
    parts = [co.compress(b"BT /F1 12 Tf 72 720 Td ")]
    parts += [co.compress(chunk) for _ in range(inflated_mb * (1 << 20) // len(chunk))]
    parts += [co.compress(b" ET"), co.flush()]
    return minimal_pdf(b"".join(parts), filters="/Filter /FlateDecode ")


def broken_xref() -> bytes:
    """Cross-reference table and object markers destroyed: nothing left to rebuild it from."""
    data = re.sub(rb"startxref\s+\d+", b"startxref\n999999", good())
    return re.sub(rb"(\d+) 0 obj", rb"\1 0 jbo", data)


def repairable_xref() -> bytes:
    """Only the ``startxref`` offset is wrong: pdfium rebuilds the table and reads the paper."""
    return re.sub(rb"startxref\s+\d+", b"startxref\n999999", good())


BAD = {
    "truncated": truncated,
    "encrypted": encrypted,
    "zero_pages": zero_pages,
    "html": html_page,
    "2000_pages": many_pages,
    "decompression_bomb": bomb,
    "broken_xref": broken_xref,
}
