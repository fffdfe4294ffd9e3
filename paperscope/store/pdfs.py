"""The PDF store: one file per distinct PDF, addressed by the sha256 of its bytes.

Every PDF is checked before it is kept (``%PDF`` magic, an HTML page served as a PDF, size cap,
opens, at least one page) and written atomically (temp file, fsync, rename), so a killed run
never leaves a half-written PDF under its final name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from paperscope.errors import InputError, StoreError
from paperscope.records import MissReason, PdfFile

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PdfRejected(Exception):
    """Bytes that are not a usable PDF; ``reason`` is a :data:`MissReason`."""

    reason: MissReason
    detail: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


def check_pdf(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """Validate PDF bytes and return the page count; raise :class:`PdfRejected` with the reason."""
    if len(data) > max_bytes:
        raise PdfRejected("too_large", f"{len(data)} bytes > cap of {max_bytes}")
    head = data[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        lowered = head[:512].lower()
        if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
            raise PdfRejected("html_as_pdf", "an HTML page was served instead of a PDF")
        raise PdfRejected("not_pdf", f"no %PDF header (starts with {data[:8]!r})")
    if b"%%EOF" not in data[-2048:]:
        raise PdfRejected("truncated", "no %%EOF marker at the end of the file")
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfRejected("encrypted", "the PDF is encrypted (it needs a password to open)") from exc
        raise PdfRejected("unreadable", f"pdfium cannot open it ({exc})") from exc
    try:
        n_pages = len(doc)
    finally:
        doc.close()
    if n_pages < 1:
        raise PdfRejected("unreadable", "the PDF has no pages")
    return n_pages


class PdfStore:
    """Content-addressed PDF files under ``root`` (``root/ab/abcdef....pdf``)."""

    def __init__(self, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path_for(self, sha256: str) -> Path:
        """Where the PDF with this hash lives (whether or not it is stored yet)."""
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def has(self, sha256: str) -> bool:
        """True if a PDF with this hash is stored."""
        return self.path_for(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        """The bytes of a stored PDF."""
        path = self.path_for(sha256)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read stored PDF ({exc.strerror})") from exc

    def remove_partials(self, older_than: float = 600.0) -> int:
        """Delete temp files a killed writer left behind (older than ``older_than`` seconds).

        Younger ones may belong to a writer that is still running, so they stay. Returns the count.
        """
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than
        removed = 0
        for part in self.root.glob("*/.part-*.pdf"):
            try:
                if part.stat().st_mtime < cutoff:
                    part.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def put(self, data: bytes) -> PdfFile:
        """Check and store PDF bytes (idempotent); raise :class:`PdfRejected` if unusable.

        A full disk or an unwritable folder raises :class:`StoreError` (one line, with the folder and
        the system's reason) after the temp file is removed: nothing half-written stays behind.
        """
        n_pages = check_pdf(data, max_bytes=self.max_bytes)
        sha = hashlib.sha256(data).hexdigest()
        final = self.path_for(sha)
        if not final.is_file():
            tmp = ""
            try:
                final.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".pdf", dir=final.parent)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                Path(tmp).replace(final)
            except BaseException as exc:
                if tmp:
                    Path(tmp).unlink(missing_ok=True)
                if isinstance(exc, OSError):
                    raise StoreError(
                        f"{final.parent}: cannot write a PDF there ({exc.strerror or exc})"
                    ) from exc
                raise
        return PdfFile(sha256=sha, n_bytes=len(data), n_pages=n_pages)
