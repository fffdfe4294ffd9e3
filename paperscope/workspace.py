"""A paperscope home opened from Python: the store's records and tidy tables, read-only.

For notebooks::

    import paperscope
    ws = paperscope.open_workspace("paperscope-data")
    papers = ws.papers()            # one row per paper, with its extraction status
    labels = ws.labels()            # one row per label, with its evidence (page 1-based)
    ws.status()["extraction"]       # PDFs ok / failed / not extracted

The tables are the ones ``paperscope export`` writes; nothing here writes to the home.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from paperscope.settings import Settings
from paperscope.store import Store

if TYPE_CHECKING:
    import pandas as pd

    from paperscope.records import Label, Paper


@dataclass
class Workspace:
    """An open home: its settings and its store (opened without creating or migrating anything)."""

    settings: Settings
    store: Store

    def papers(self) -> pd.DataFrame:
        """One row per paper: venue, year, track, title, PDF, miss reason, authors, extraction status."""
        from paperscope.export import papers_frame

        return papers_frame(self.store)

    def authors(self) -> pd.DataFrame:
        """One row per (paper, author position)."""
        from paperscope.export import authors_frame

        return authors_frame(self.store)

    def labels(self) -> pd.DataFrame:
        """One row per label (every extractor version), value and evidence in columns."""
        from paperscope.export import labels_frame

        return labels_frame(self.store)

    def verifications(self) -> pd.DataFrame:
        """One row per human verification, oldest first."""
        from paperscope.export import verifications_frame

        return verifications_frame(self.store)

    def paper(self, key: str) -> Paper | None:
        """One paper as a typed record."""
        return self.store.get_paper(key)

    def label_records(self, paper_key: str | None = None, field: str | None = None) -> list[Label]:
        """Labels as typed records, with their evidence."""
        return self.store.labels(paper_key=paper_key, field=field)

    def status(self) -> dict[str, Any]:
        """Counts: papers per venue and year, labels per field, PDFs by extraction status."""
        from paperscope.status import field_counts

        papers = Counter((p.venue, p.year) for p in self.store.papers())
        return {
            "papers": dict(sorted(papers.items())),
            "labels": {f.field: f.labels for f in field_counts(self.store)},
            "extraction": dict(Counter(state for state, _ in self.store.extraction_status().values())),
        }

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workspace(home: str | Path | None = None) -> Workspace:
    """Open a paperscope home (default: ``$PAPERSCOPE_HOME`` or ``./paperscope-data``) for reading.

    Raises :class:`paperscope.errors.StoreError` when the home holds no store.
    """
    settings = Settings.from_env(work_dir=Path(home) if home is not None else None)
    return Workspace(settings, Store.open(settings.store_path, create=False))
