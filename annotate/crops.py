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
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperscope.errors import InputError
from paperscope.records import Box, Label
from paperscope.store.pdfs import PdfStore

RENDER_WIDTH = 1100  # pixels across the full page width
MAX_HEIGHT = 1400  # pixels; taller crops are scaled down
MARGIN_Y = 0.06  # page fraction kept above and below the boxes
MIN_HEIGHT = 0.20  # page fraction: a crop never shows less than this much of the page
HIGHLIGHT = (255, 214, 0)
COLOURS = 16  # palette size: text, greys and the highlight


class CropError(Exception):
    """A crop could not be rendered (PDF missing from the store, unreadable, page out of range)."""


@dataclass(frozen=True, slots=True)
class CropSpec:
    """Which part of which page to show, and what to highlight on it.

    ``boxes`` come with the evidence; ``find`` holds the quotes of evidence that came without boxes,
    located on the page when the crop is rendered.
    """

    pdf_sha256: str
    page: int
    boxes: tuple[Box, ...]
    find: tuple[tuple[str, str], ...] = ()  # (matched, context) pairs to locate on the page

    @property
    def key(self) -> str:
        """Stable name of the rendered crop (changes when the PDF, page, boxes or quotes change)."""
        blob = json.dumps(
            [self.pdf_sha256, self.page, [b.model_dump() for b in self.boxes], self.find],
            separators=(",", ":"),
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:24]


def crop_spec(labels: Sequence[Label], prefer: Sequence[Label] = ()) -> CropSpec | None:
    """The crop for a task, or None when no label has PDF evidence.

    The page is the one most of the ``prefer`` labels' evidence is on (else most of all the labels'),
    ties to the earlier page; every label's boxes and quotes on that page are highlighted.

    Only PDF evidence counts; labels read from metadata have no page to show.
    """
    votes: dict[tuple[str, int], int] = {}
    boxes: dict[tuple[str, int], list[Box]] = {}
    find: dict[tuple[str, int], list[tuple[str, str]]] = {}
    preferred = {lab.id for lab in prefer}
    preferred_votes: dict[tuple[str, int], int] = {}
    for lab in labels:
        ev = lab.evidence
        if ev.source != "pdf" or ev.pdf_sha256 is None:
            continue
        pages = sorted({b.page for b in ev.boxes}) or ([ev.page] if ev.page is not None else [])
        for page in pages:
            key = (ev.pdf_sha256, page)
            votes[key] = votes.get(key, 0) + 1
            if lab.id in preferred:
                preferred_votes[key] = preferred_votes.get(key, 0) + 1
            if ev.boxes:
                boxes.setdefault(key, []).extend(b for b in ev.boxes if b.page == page)
            else:
                find.setdefault(key, []).append((ev.matched, ev.context))
    tally = preferred_votes or votes
    if not tally:
        return None
    sha, page = max(tally, key=lambda k: (tally[k], -k[1]))
    key = (sha, page)
    return CropSpec(
        sha, page, tuple(dict.fromkeys(boxes.get(key, []))), tuple(dict.fromkeys(find.get(key, [])))
    )


def locate(textpage: Any, size: tuple[float, float], page: int, matched: str, context: str) -> list[Box]:
    """Boxes of ``matched`` on a pdfium text page.

    Of several hits, the one whose surroundings share most words with ``context`` wins. A quote
    pdfium cannot find whole (split over lines, hyphenated) is found word by word: its first word's
    best hit, then each next word after the one before, at most :data:`WORD_GAP` characters on; the
    boxes cover every word so found, so the highlight spans the whole quote.
    """
    words = {w.casefold() for w in context.split() if len(w) >= 4}

    def hits_of(needle: str, start: int = 0, most: int = 50) -> list[tuple[int, int]]:
        searcher = textpage.search(needle, index=start, match_case=False)
        found: list[tuple[int, int]] = []
        while len(found) < most and (hit := searcher.get_next()) is not None:
            found.append(hit)
        searcher.close()
        return found

    def shared(hit: tuple[int, int]) -> int:
        around = textpage.get_text_range(max(0, hit[0] - 60), hit[1] + 120).casefold()
        return sum(w in around for w in words)

    whole = matched.strip()
    if len(whole) >= 3 and (hits := hits_of(whole)):
        return _boxes(textpage, size, page, [max(hits, key=lambda h: (shared(h), -h[0]))])
    parts = [w for w in whole.split() if w]
    if not parts:
        return []
    spans: list[tuple[int, int]] = []
    for first in hits_of(parts[0]) if len(parts[0]) >= 2 else []:
        chain = [first]
        for word in parts[1:]:
            end = chain[-1][0] + chain[-1][1]
            follow = [h for h in hits_of(word, end, most=1) if h[0] - end <= WORD_GAP]
            if not follow:
                break
            chain.append(follow[0])
        if len(chain) > len(spans) or (len(chain) == len(spans) and shared(first) > shared(spans[0])):
            spans = chain
    if len(spans) < max(2, (len(parts) + 1) // 2):  # not the quote: its longest word alone, if anywhere
        longest = max(parts, key=len)
        hits = hits_of(longest) if len(longest) >= 3 else []
        spans = [max(hits, key=lambda h: (shared(h), -h[0]))] if hits else []
    return _boxes(textpage, size, page, spans)


WORD_GAP = 3  # characters allowed between a quote's words on the page (a line break, a hyphen)


def _boxes(
    textpage: Any, size: tuple[float, float], page: int, spans: Sequence[tuple[int, int]]
) -> list[Box]:
    """The page-fraction boxes of text spans (index, count) on a pdfium text page."""
    width, height = size
    out = []
    for index, count in spans:
        for i in range(textpage.count_rects(index, count)):
            left, bottom, right, top = textpage.get_rect(i)
            x, y = min(1.0, max(0.0, left / width)), min(1.0, max(0.0, (height - top) / height))
            w, h = (right - left) / width, (top - bottom) / height
            out.append(Box(page=page, x=x, y=y, w=min(1.0 - x, max(0.0, w)), h=min(1.0 - y, max(0.0, h))))
    return out


SETUP_PAGE = -1  # CropSpec.page of "the page describing the experimental set-up", found when rendered
_SETUP_CUES = re.compile(
    r"\b(?:GPUs?|TPUs?|CPUs?|V100|A100|H100|trained|training|hours?|days|epochs|batch size|"
    r"implementation details|experimental set-?up|compute|hardware)\b",
    re.IGNORECASE,
)
_REFERENCES = re.compile(r"^\s*(?:\d+\s+)?(?:References|Bibliography)\s*$", re.IGNORECASE | re.MULTILINE)


def setup_page(doc: Any) -> int:
    """The page (0-based) of an open PDF that most describes the experimental set-up.

    Pages are scored by set-up words (chips, training, hours, batch size, "implementation details");
    pages after the one where the references start are not read. Ties go to the earlier page; a
    paper without any such word gives page 0.
    """
    best, best_score = 0, 0
    for index in range(len(doc)):
        page = doc[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
        score = len(_SETUP_CUES.findall(text))
        if score > best_score:
            best, best_score = index, score
        if _REFERENCES.search(text):
            break
    return best


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
    """Render the crop as a palette PNG with the evidence boxes outlined and shaded.

    Only the cropped region of the page is rasterised.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[spec.page if spec.page != SETUP_PAGE else setup_page(doc)]
        width_pt, height_pt = page.get_size()
        boxes = list(spec.boxes)
        if spec.find:
            textpage = page.get_textpage()
            for matched, context in spec.find:
                boxes += locate(textpage, (width_pt, height_pt), spec.page, matched, context)
            textpage.close()
        left, top, right, bottom = crop_region(boxes)
        scale = RENDER_WIDTH / width_pt
        cut = (left * width_pt, (1 - bottom) * height_pt, (1 - right) * width_pt, top * height_pt)
        image = page.render(scale=scale, crop=cut).to_pil().convert("RGBA")
        page.close()
    finally:
        doc.close()
    page_w, page_h = width_pt * scale, height_pt * scale  # whole page in pixels
    dx, dy = left * page_w, top * page_h
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        x0, y0 = box.x * page_w - dx, box.y * page_h - dy
        rect = (x0 - 3, y0 - 3, x0 + box.w * page_w + 3, y0 + box.h * page_h + 3)
        draw.rectangle(rect, fill=(*HIGHLIGHT, 70), outline=(*HIGHLIGHT, 255), width=3)
    image = Image.alpha_composite(image, overlay).convert("RGB")
    if image.height > MAX_HEIGHT:
        image = image.resize((round(image.width * MAX_HEIGHT / image.height), MAX_HEIGHT))
    out = io.BytesIO()
    image.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
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
