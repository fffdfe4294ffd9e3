from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from paperscope.errors import StoreError
from paperscope.store.pdfs import PdfRejected, PdfStore, check_pdf


def make_pdf(pages: int = 2, text: str = "hello") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for i in range(pages):
        c.drawString(72, 720, f"{text} page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_put_is_content_addressed_and_idempotent(tmp_path: Path):
    store = PdfStore(tmp_path)
    data = make_pdf(3)
    first = store.put(data)
    second = store.put(data)
    assert first == second
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    assert first.n_pages == 3
    assert store.read(first.sha256) == data
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{first.sha256}.pdf"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "html_as_pdf"),
        (b"\x89PNG\r\n\x1a\n....", "not_pdf"),
        (None, "truncated"),
        (b"%PDF-1.4\n garbage that is no pdf at all \n%%EOF\n", "unreadable"),
    ],
)
def test_bad_bytes_are_rejected_with_the_reason(tmp_path: Path, data: bytes | None, reason: str):
    if data is None:
        full = make_pdf(2)
        data = full[: len(full) // 2]
    with pytest.raises(PdfRejected) as info:
        PdfStore(tmp_path).put(data)
    assert info.value.reason == reason
    assert not any(tmp_path.rglob("*.pdf"))


def test_size_cap(tmp_path: Path):
    with pytest.raises(PdfRejected, match="too_large"):
        check_pdf(make_pdf(1), max_bytes=100)


def test_failed_write_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = PdfStore(tmp_path)

    def full_disk(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(StoreError, match="No space left"):
        store.put(make_pdf(1))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_partials_left_by_a_killed_writer_are_swept_but_young_ones_stay(tmp_path: Path):
    import os
    import time

    store = PdfStore(tmp_path)
    pdf = store.put(make_pdf(1))
    folder = store.path_for(pdf.sha256).parent
    old, young = folder / ".part-old.pdf", folder / ".part-young.pdf"
    old.write_bytes(b"%PDF-1.4 half")
    young.write_bytes(b"%PDF-1.4 half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert store.remove_partials(older_than=600) == 1
    assert not old.exists()
    assert young.exists()
    assert store.has(pdf.sha256)
