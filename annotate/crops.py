"""PNG crops of the page region evidence was read from, rendered with pypdfium2 from the PDF store.

Label Studio has no PDF view, so each task carries a small picture of the page around its evidence
boxes, with the boxes highlighted. Crops are cached on disk by what they show (PDF hash, page,
boxes), so a second push renders nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperscope.errors import InputError
from paperscope.records import Box, Label
from paperscope.store.pdfs import PdfStore

RENDER_WIDTH = 1100  # pixels across the full page width
MAX_HEIGHT = 1400  # pixels; taller crops are scaled down
MARGIN_Y = 0.06  # page fraction kept above and below the boxes
MIN_HEIGHT = 0.20  # page fraction: a crop never shows less than this much of the page
HIGHLIGHT = (255, 214, 0)


class CropError(Exception):
    """A crop could not be rendered (PDF missing from the store, unreadable, page out of range)."""


@dataclass(frozen=True, slots=True)
class CropSpec:
    """Which part of which page to show: the page of a PDF and the evidence boxes on it."""

    pdf_sha256: str
    page: int
    boxes: tuple[Box, ...]

    @property
    def key(self) -> str:
        """Stable name of the rendered crop (changes when the PDF, page or boxes change)."""
        blob = json.dumps(
            [self.pdf_sha256, self.page, [b.model_dump() for b in self.boxes]], separators=(",", ":")
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:24]


def crop_spec(labels: Iterable[Label]) -> CropSpec | None:
    """The crop for a task: the page most of the labels' PDF boxes are on (else their first page).

    Only PDF evidence counts; labels read from metadata have no page to show.
    """
    pdf_labels = [
        lab for lab in labels if lab.evidence.source == "pdf" and lab.evidence.pdf_sha256 is not None
    ]
    if not pdf_labels:
        return None
    boxes_by_page: dict[tuple[str, int], list[Box]] = {}
    for lab in pdf_labels:
        for box in lab.evidence.boxes:
            boxes_by_page.setdefault((str(lab.evidence.pdf_sha256), box.page), []).append(box)
    if boxes_by_page:
        (sha, page), boxes = max(boxes_by_page.items(), key=lambda kv: (len(kv[1]), -kv[0][1]))
        return CropSpec(sha, page, tuple(dict.fromkeys(boxes)))
    first = min(pdf_labels, key=lambda lab: (lab.evidence.page or 0, lab.evidence.start or 0))
    return CropSpec(str(first.evidence.pdf_sha256), first.evidence.page or 0, ())


def crop_region(boxes: Sequence[Box]) -> tuple[float, float, float, float]:
    """The page fraction (left, top, right, bottom) to show: full width, the boxes' rows plus a margin."""
    if not boxes:
        return (0.0, 0.0, 1.0, 1.0)
    top = max(0.0, min(b.y for b in boxes) - MARGIN_Y)
    bottom = min(1.0, max(b.y + b.h for b in boxes) + MARGIN_Y)
    if bottom - top < MIN_HEIGHT:
        middle = (top + bottom) / 2
        top, bottom = max(0.0, middle - MIN_HEIGHT / 2), min(1.0, middle + MIN_HEIGHT / 2)
    return (0.0, top, 1.0, bottom)


def render_crop(pdf: bytes, spec: CropSpec) -> bytes:
    """Render the crop as a palette PNG with the evidence boxes outlined and shaded."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[spec.page]
        width_pt, _ = page.get_size()
        image = page.render(scale=RENDER_WIDTH / width_pt).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    w, h = image.size
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in spec.boxes:
        rect = (box.x * w - 3, box.y * h - 3, (box.x + box.w) * w + 3, (box.y + box.h) * h + 3)
        draw.rectangle(rect, fill=(*HIGHLIGHT, 70), outline=(*HIGHLIGHT, 255), width=3)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    left, top, right, bottom = crop_region(spec.boxes)
    image = image.crop((round(left * w), round(top * h), round(right * w), round(bottom * h)))
    if image.height > MAX_HEIGHT:
        image = image.resize((round(image.width * MAX_HEIGHT / image.height), MAX_HEIGHT))
    out = io.BytesIO()
    image.quantize(colors=64).save(out, format="PNG", optimize=True)
    return out.getvalue()


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, which Label Studio's Image tag shows as is."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class CropCache:
    """Rendered crops on disk under ``root``, named by :attr:`CropSpec.key`."""

    def __init__(self, root: Path, pdfs: PdfStore) -> None:
        self.root = Path(root)
        self.pdfs = pdfs

    def png(self, spec: CropSpec) -> bytes:
        """The crop's PNG bytes, rendered once and then read from disk; CropError if it cannot be."""
        import pypdfium2 as pdfium

        path = self.root / f"{spec.key}.png"
        if path.is_file():
            return path.read_bytes()
        try:
            png = render_crop(self.pdfs.read(spec.pdf_sha256), spec)
        except (InputError, pdfium.PdfiumError, IndexError, ValueError) as exc:
            raise CropError(f"{spec.pdf_sha256[:12]} page {spec.page + 1}: {exc}") from exc
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(png)
        tmp.replace(path)
        return png
