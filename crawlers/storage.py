"""Where a crawl writes: the paperscope store and PDF store named by the ``PAPERSCOPE_HOME`` setting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from paperscope.settings import Settings
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def paperscope_settings(settings: BaseSettings) -> Settings:
    """The paperscope Settings of a crawl: ``PAPERSCOPE_HOME`` if set, else the environment's default."""
    home = settings.get("PAPERSCOPE_HOME")
    return Settings.from_env(work_dir=Path(home) if home else None)


def open_stores(settings: BaseSettings) -> tuple[Store, PdfStore]:
    """Open the store and the PDF store of this crawl."""
    ps = paperscope_settings(settings)
    return Store.open(ps.store_path), PdfStore(ps.pdf_dir, max_bytes=settings.getint("DOWNLOAD_MAXSIZE"))


def has_stored_pdf(store: Store, pdfs: PdfStore, paper_key: str) -> bool:
    """True if the paper (or the paper it was found to be, listed by another source) has its PDF stored."""
    sha = store.paper_pdf(paper_key)
    if sha is None and (same := store.key_for_id("key", paper_key)) is not None:
        sha = store.paper_pdf(same)
    return sha is not None and pdfs.has(sha)
