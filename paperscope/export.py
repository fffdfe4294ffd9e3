"""Export the store as flat tables (CSV and Parquet): papers, authors, labels with evidence, verifications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperscope.errors import InputError
from paperscope.records import Verification
from paperscope.store import Store
from paperscope.verified import is_placeholder

if TYPE_CHECKING:
    import pandas as pd


PAPER_COLUMNS = ["paper_key", "venue", "year", "track", "title", "landing_url", "pdf_url", "pdf_sha256",
                 "miss_reason", "miss_detail", "n_authors"]  # fmt: skip
LABEL_COLUMNS = ["label_id", "paper_key", "field", "kind", "producer", "placeholder", "confidence", "value", "evidence_source",
                 "pdf_sha256", "page", "start", "end", "matched", "context", "section", "boxes", "locator"]  # fmt: skip


def papers_frame(store: Store) -> pd.DataFrame:
    """One row per paper: its stored PDF hash, miss reason, and extraction status and error."""
    import pandas as pd

    rows = store.query(
        """SELECT p.key AS paper_key, p.venue, p.year, p.track, p.title, p.landing_url, p.pdf_url,
                  p.pdf_sha256, m.reason AS miss_reason, m.detail AS miss_detail, p.record_json
           FROM papers p LEFT JOIN misses m ON m.paper_key = p.key ORDER BY p.key"""
    )
    records = []
    for r in rows:
        rec = dict(r)
        ids = json.loads(rec.pop("record_json"))["ids"]
        records.append({**rec, **{f"id_{k}": v for k, v in ids.items()}, "n_authors": None})
    frame = pd.DataFrame.from_records(records, columns=PAPER_COLUMNS if not records else None)
    counts = {r[0]: r[1] for r in store.query("SELECT paper_key, count(*) FROM authors GROUP BY paper_key")}
    status = store.extraction_status()
    frame["n_authors"] = frame["paper_key"].map(counts).fillna(0).astype("int64")
    # a failed paper is not a paper where nothing was found: say which it is, and why
    frame["extraction_status"] = [
        status.get(sha, ("not extracted", ""))[0] if isinstance(sha, str) else "no pdf"
        for sha in frame["pdf_sha256"]
    ]
    frame["extraction_error"] = [
        status.get(sha, ("", ""))[1] if isinstance(sha, str) else "" for sha in frame["pdf_sha256"]
    ]
    return frame


def authors_frame(store: Store) -> pd.DataFrame:
    """One row per (paper, author position)."""
    import pandas as pd

    rows = store.query("SELECT * FROM authors ORDER BY paper_key, position")
    return pd.DataFrame.from_records(
        [{**dict(r), "affiliations": "; ".join(json.loads(r["affiliations_json"]))} for r in rows],
        columns=["paper_key", "position", "name", "affiliations_json", "email", "profile_id", "affiliations"],
    ).drop(columns="affiliations_json")


def labels_frame(store: Store) -> pd.DataFrame:
    """One row per label (every extractor version), value and evidence flattened into columns.

    ``placeholder`` marks the rows that stand in for hand entry (no machine label; counted apart).
    """
    import pandas as pd

    records: list[dict[str, Any]] = []
    for lab in store.labels():
        ev = lab.evidence
        value = lab.value.model_dump(mode="json")
        records.append(
            {
                "label_id": lab.id,
                "paper_key": lab.paper_key,
                "field": lab.field,
                "kind": value.pop("kind"),
                "producer": lab.producer.tag,
                "placeholder": is_placeholder(lab),  # stands in for hand entry: no machine label
                "confidence": lab.confidence,
                "value": json.dumps(value, sort_keys=True),
                "evidence_source": ev.source,
                "pdf_sha256": ev.pdf_sha256,
                "page": None if ev.page is None else ev.page + 1,
                "start": ev.start,
                "end": ev.end,
                "matched": ev.matched,
                "context": ev.context,
                "section": ev.section,
                "boxes": json.dumps([b.model_dump() for b in ev.boxes]),
                "locator": ev.locator,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=LABEL_COLUMNS)
    if not frame.empty:
        for col in ("page", "start", "end"):
            frame[col] = frame[col].astype("Int64")
    return frame


def verifications_frame(store: Store) -> pd.DataFrame:
    """One row per verification, oldest first."""
    import pandas as pd

    records = []
    for v in store.verifications():
        rec = v.model_dump(mode="json")
        rec["corrected"] = None if v.corrected is None else json.dumps(rec["corrected"], sort_keys=True)
        records.append(rec)
    # an empty table still gets its header row (readers such as pandas fail on an empty file)
    return pd.DataFrame.from_records(
        records, columns=list(Verification.model_fields) if not records else None
    )


def export_tables(store: Store, out: Path, *, csv: bool = True, parquet: bool = True) -> list[Path]:
    """Write every table to ``out`` and return the paths written (page numbers are 1-based)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create export folder ({exc.strerror})") from exc
    frames = {
        "papers": papers_frame(store),
        "authors": authors_frame(store),
        "labels": labels_frame(store),
        "verifications": verifications_frame(store),
    }
    written: list[Path] = []
    for name, frame in frames.items():
        if csv:
            frame.to_csv(out / f"{name}.csv", index=False, float_format="%.6g")
            written.append(out / f"{name}.csv")
        if parquet:
            frame.to_parquet(out / f"{name}.parquet", index=False)
            written.append(out / f"{name}.parquet")
    return written
