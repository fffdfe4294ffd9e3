"""Page crops: the right page and rows, the evidence highlighted, cached, failures named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from annotate import crops as crops_mod
from annotate.crops import (
    HIGHLIGHT,
    RENDER_WIDTH,
    CropCache,
    CropError,
    CropSpec,
    crop_region,
    crop_spec,
    data_uri,
)
from paperscope.records import Box
from paperscope.store.pdfs import PdfStore
from tests.annotate.factory import labels_for, make_sample


def test_spec_takes_the_page_with_most_boxes():
    labels = labels_for(make_sample())
    spec = crop_spec(labels)
    assert spec is not None
    assert spec.page == 1  # hardware, BERT and code sentences are on page 2; the two authors on page 1
    assert len(spec.boxes) == 3
    header = crop_spec([lab for lab in labels if lab.field == "affiliation"])
    assert header is not None
    assert (header.page, len(header.boxes)) == (0, 2)
    assert crop_spec([lab for lab in labels if lab.field == "topic"]) is None


def test_spec_without_boxes_falls_back_to_the_evidence_page():
    (lab,) = [x for x in labels_for(make_sample()) if x.value.kind == "bert_role"]
    bare = lab.model_copy(update={"evidence": lab.evidence.model_copy(update={"boxes": ()})})
    spec = crop_spec([bare])
    assert spec is not None
    assert (spec.page, spec.boxes) == (1, ())
    assert crop_region(()) == (0.0, 0.0, 1.0, 1.0)


def test_region_keeps_a_margin_and_a_minimum_height():
    left, top, right, bottom = crop_region([Box(page=0, x=0.2, y=0.5, w=0.1, h=0.01)])
    assert (left, right) == (0.0, 1.0)
    assert top < 0.5
    assert bottom > 0.51
    assert bottom - top == pytest.approx(crops_mod.MIN_HEIGHT)
    tall = crop_region([Box(page=0, x=0.1, y=0.1, w=0.1, h=0.01), Box(page=0, x=0.1, y=0.8, w=0.1, h=0.01)])
    assert tall[1] == pytest.approx(0.1 - crops_mod.MARGIN_Y)
    assert tall[3] == pytest.approx(0.81 + crops_mod.MARGIN_Y)


def test_render_highlights_the_evidence_box(tmp_path: Path):
    sample = make_sample()
    spec = crop_spec([lab for lab in labels_for(sample) if lab.value.kind == "hardware"])
    assert spec is not None
    png = crops_mod.render_crop(sample.pdf, spec)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width == RENDER_WIDTH
    box = spec.boxes[0]
    _, top, _, bottom = crop_region(spec.boxes)
    page_h = image.height / (bottom - top)
    # the box's outline, in crop coordinates, is drawn in the highlight colour
    x = round((box.x + box.w / 2) * image.width)
    y = round((box.y - top) * page_h) - 3
    near = [image.getpixel((x, y + dy)) for dy in range(-2, 3)]
    assert any(sum(abs(a - b) for a, b in zip(px, HIGHLIGHT, strict=True)) < 60 for px in near)
    # far from the box, the page is white
    assert min(image.getpixel((5, 5))) >= 250
    assert data_uri(png).startswith("data:image/png;base64,iVBOR")


def test_cache_renders_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    sample = make_sample()
    pdfs = PdfStore(tmp_path / "pdfs")
    pdfs.put(sample.pdf)
    cache = CropCache(tmp_path / "crops", pdfs)
    spec = crop_spec(labels_for(sample))
    assert spec is not None
    calls = []
    real = crops_mod.render_crop
    monkeypatch.setattr(crops_mod, "render_crop", lambda pdf, s: calls.append(s) or real(pdf, s))
    first = cache.png(spec)
    second = cache.png(spec)
    assert first == second
    assert len(calls) == 1
    assert (tmp_path / "crops" / f"{spec.key}.png").is_file()


def test_missing_pdf_or_page_is_a_crop_error(tmp_path: Path):
    sample = make_sample()
    pdfs = PdfStore(tmp_path / "pdfs")
    cache = CropCache(tmp_path / "crops", pdfs)
    with pytest.raises(CropError, match="page 1"):
        cache.png(CropSpec(sample.sha, 0, ()))
    pdfs.put(sample.pdf)
    with pytest.raises(CropError, match="page 10"):
        cache.png(CropSpec(sample.sha, 9, ()))


def test_key_changes_with_what_is_shown():
    a = CropSpec("a" * 64, 1, (Box(page=1, x=0.1, y=0.1, w=0.1, h=0.1),))
    assert a.key == CropSpec("a" * 64, 1, a.boxes).key
    assert a.key != CropSpec("a" * 64, 2, a.boxes).key
    assert a.key != CropSpec("a" * 64, 1, ()).key


def test_evidence_without_boxes_is_found_on_the_page():
    sample = make_sample()
    (hw,) = [lab for lab in labels_for(sample) if lab.value.kind == "hardware"]
    bare = hw.model_copy(update={"evidence": hw.evidence.model_copy(update={"boxes": ()})})
    spec = crop_spec([bare])
    assert spec is not None
    assert spec.boxes == ()
    assert spec.find == (
        ("8 NVIDIA V100 GPUs", "All models were trained on 8 NVIDIA V100 GPUs for three days."),
    )
    (found,) = find_on_page(sample.pdf, 1, *spec.find[0])
    (drawn,) = hw.evidence.boxes  # where the factory drew it
    assert found.x == pytest.approx(drawn.x, abs=0.01)
    assert found.w == pytest.approx(drawn.w, abs=0.02)
    assert found.y == pytest.approx(drawn.y, abs=0.01)
    assert crop_region([found])[1] == pytest.approx(crop_region([drawn])[1], abs=0.02)


def find_on_page(pdf: bytes, page_index: int, matched: str, context: str) -> list[Box]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    page = doc[page_index]
    textpage = page.get_textpage()
    try:
        return crops_mod.locate(textpage, page.get_size(), page_index, matched, context)
    finally:
        textpage.close()
        page.close()
        doc.close()


@pytest.mark.parametrize(
    ("context", "line_y"),
    [
        ("Our code is available at https://github.com/ada/compute-claims.", 200),
        ("We fine-tune BERT on GLUE and compare it with our method.", 160),
    ],
)
def test_a_repeated_quote_is_found_where_its_context_is(context: str, line_y: float):
    from tests.annotate.factory import PAGE_H

    (box,) = find_on_page(make_sample().pdf, 1, "our", context)  # "our" is on both lines
    assert abs(box.y * PAGE_H - line_y) < 12  # lines are 40 pt apart
    assert find_on_page(make_sample().pdf, 1, "nowhere to be seen", context) == []


def test_spec_prefers_the_subjects_page():
    labels = labels_for(make_sample())
    (setup,) = [lab for lab in labels if lab.value.kind == "hardware_setup"]
    authors = [lab for lab in labels if lab.field == "affiliation"]
    spec = crop_spec([*authors, setup], prefer=[setup])
    assert spec is not None
    assert spec.page == 1  # the set-up's page, though two of the three labels are on page 1 of the PDF


def test_a_quote_split_over_two_lines_is_highlighted_whole():
    from reportlab.pdfgen import canvas

    from tests.annotate.factory import PAGE_H, PAGE_W

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    c.setFont("Helvetica", 10)
    c.drawString(72, PAGE_H - 100, "Jane Roe is with Megvii Inc")  # the affiliation breaks after "Inc"
    c.drawString(72, PAGE_H - 114, "(Face++) and with Peking University")
    c.save()
    boxes = find_on_page(out.getvalue(), 0, "Megvii Inc (Face++)", "Megvii Inc (Face++) and with Peking")
    rows = sorted({round(b.y * PAGE_H) for b in boxes})
    assert len(rows) == 2  # both lines: "Megvii Inc" and "(Face++)"
    second = [b for b in boxes if round(b.y * PAGE_H) == rows[1]]
    right_edge = max(b.x + b.w for b in second) * PAGE_W
    face = 72 + c.stringWidth("(Face++)", "Helvetica", 10)
    assert right_edge == pytest.approx(face, abs=3)  # up to the closing bracket, not a word short
    assert not any(b.x * PAGE_W > face + 3 for b in second)  # and not into "and with Peking"
