"""The store: every stage reads and writes it, and only it."""

from paperscope.store.migrations import SCHEMA_VERSION
from paperscope.store.sqlite import ExtractorRun, Store, normalize_title

__all__ = ["SCHEMA_VERSION", "ExtractorRun", "Store", "normalize_title"]
