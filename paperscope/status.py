"""The ``status`` view: what the store holds, per venue, year and track, and per label field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from paperscope.records import FIELDS, CodeRelease
from paperscope.runlock import running_owner
from paperscope.settings import Settings
from paperscope.store import Store
from paperscope.verified import effective_values


@dataclass(frozen=True, slots=True)
class CrawlCounts:
    """Papers of one venue, year and track: listed, with a stored PDF, missed (with a reason)."""

    venue: str
    year: int
    track: str
    listed: int
    stored: int
    missed: int


@dataclass(frozen=True, slots=True)
class FieldCounts:
    """Current labels of one field and how many of them carry a human verification."""

    field: str
    papers: int
    labels: int
    verified: int


def crawl_counts(store: Store) -> list[CrawlCounts]:
    """Listed / stored / missed papers per venue, year and track: the one place these are counted.

    A paper is stored when its PDF is; missed when it is not and a miss says why (a miss that a
    later crawl repaired no longer counts); listed = stored + missed + unaccounted.
    """
    rows = store.query(
        """SELECT p.venue, p.year, p.track, count(*) AS listed,
                  sum(p.pdf_sha256 IS NOT NULL) AS stored,
                  sum(p.pdf_sha256 IS NULL AND m.paper_key IS NOT NULL) AS missed
           FROM papers p LEFT JOIN misses m ON m.paper_key = p.key
           GROUP BY p.venue, p.year, p.track ORDER BY p.venue, p.year, p.track"""
    )
    return [CrawlCounts(r[0], r[1], r[2], r[3], r[4] or 0, r[5] or 0) for r in rows]


@dataclass(frozen=True, slots=True)
class LabelTotals:
    """Labels in the store: machine labels (every extractor version) and placeholders, counted apart.

    A placeholder stands in for a value the machine did not find, so that a person can enter it; it is
    no label of the machine's. ``status``, the report and the export all count labels this way.
    """

    machine: int
    placeholders: int


def label_totals(store: Store) -> LabelTotals:
    """Machine labels and placeholders in the store."""
    rows = store.query(
        "SELECT producer = 'placeholder', count(*) FROM labels GROUP BY producer = 'placeholder'"
    )
    counts: dict[int, int] = {int(r[0]): int(r[1]) for r in rows}
    return LabelTotals(machine=counts.get(0, 0), placeholders=counts.get(1, 0))


def field_counts(
    store: Store, venue: str | None = None, years: Sequence[int] | None = None
) -> list[FieldCounts]:
    """Machine labels per field (all extractor versions) and how many have at least one verification.

    Verifications of placeholders (hand-entered values for papers the machine found nothing in) are
    not counted here. ``venue`` and ``years`` narrow the count to those papers.
    """
    scope = ""
    params: list[object] = []
    if venue is not None:
        scope += " AND p.venue = ?"
        params.append(venue)
    if years is not None:
        scope += f" AND p.year IN ({','.join('?' * len(years))})"
        params.extend(years)
    rows = {
        r[0]: r
        for r in store.query(
            f"""SELECT l.field, count(DISTINCT l.paper_key), count(DISTINCT l.id),
                       count(DISTINCT v.label_id)
                FROM labels l JOIN papers p ON p.key = l.paper_key
                LEFT JOIN verifications v ON v.label_id = l.id
                WHERE l.producer != 'placeholder'{scope}  -- placeholders stand in for hand entry
                GROUP BY l.field""",
            params,
        )
    }
    return [
        FieldCounts(f, rows[f][1], rows[f][2], rows[f][3]) if f in rows else FieldCounts(f, 0, 0, 0)
        for f in FIELDS
    ]


def new_model_judgements(store: Store) -> tuple[int, int]:
    """Papers annotators judged to present a new model, and judged not to (the study's Table 1 population)."""
    verifications = store.verifications(field="code")
    if not verifications:
        return 0, 0
    needed = {v.label_id for v in verifications}
    judged = {lab.id: lab for lab in store.labels(kind="code_release") if lab.id in needed}
    effective = effective_values(store.labels(kind="code_release", current=True), verifications, judged)
    answers = [
        e.value.new_model
        for e in effective.values()
        if e.verified and isinstance(e.value, CodeRelease) and e.value.new_model is not None
    ]
    return sum(answers), len(answers) - sum(answers)


def render_status(store: Store, settings: Settings, console: Console | None = None) -> None:
    """Print the status tables."""
    console = console or Console()
    console.print(f"store: {settings.store_path} (schema v{store.schema_version()})")
    crawl = Table(title="papers")
    for col in ("venue", "year", "track", "listed", "stored", "missed"):
        crawl.add_column(col, justify="right" if col in {"year", "listed", "stored", "missed"} else "left")
    for c in crawl_counts(store):
        crawl.add_row(c.venue, str(c.year), c.track, str(c.listed), str(c.stored), str(c.missed))
    if not crawl.rows:
        crawl.caption = "no papers yet: run `paperscope crawl`, `paperscope ingest` or `paperscope demo`"
    console.print(crawl)
    layout = store.query("SELECT count(*) FROM layout_misses")[0][0]
    labels = Table(title="labels")
    for col in ("field", "papers", "labels", "verified", "unverified"):
        labels.add_column(col, justify="left" if col == "field" else "right")
    for f in field_counts(store):
        labels.add_row(f.field, str(f.papers), str(f.labels), str(f.verified), str(f.labels - f.verified))
    totals = label_totals(store)
    labels.caption = (
        f"{totals.machine} machine labels (every extractor version); "
        f"{totals.placeholders} placeholders for hand entry, counted apart"
    )
    console.print(labels)
    yes, no = new_model_judgements(store)
    console.print(f"layout misses: {layout}")
    render_failures(store, settings, console)
    console.print(f"new-model judgements (Table 1's population): {yes} yes, {no} no")


def failed_pdfs(store: Store) -> list[tuple[str, str, str]]:
    """PDFs whose extraction failed: (sha256, the papers or file it belongs to, reason), one row per PDF."""
    failed = {sha: error for sha, (state, error) in store.extraction_status().items() if state == "error"}
    if not failed:
        return []
    papers: dict[str, list[str]] = {}
    for row in store.query("SELECT pdf_sha256, key FROM papers WHERE pdf_sha256 IS NOT NULL ORDER BY key"):
        papers.setdefault(row[0], []).append(row[1])
    return [(sha, ", ".join(papers.get(sha, [])) or "(no paper)", failed[sha]) for sha in sorted(failed)]


def render_failures(store: Store, settings: Settings, console: Console, most: int = 20) -> None:
    """What failed and why, where users look: PDFs that could not be extracted, files ingest refused."""
    failed = failed_pdfs(store)
    statuses = [state for state, _ in store.extraction_status().values()]
    pending = statuses.count("not extracted")
    console.print(
        f"extraction: {statuses.count('ok')} PDFs ok, {len(failed)} failed, {pending} not extracted yet"
        + (
            ""
            if (owner := running_owner(settings.extract_marker)) is None
            else f" (running now: pid {owner})"
        )
    )
    for sha, where, reason in failed[:most]:
        console.print(
            f"  failed  {sha[:12]}  {where}: {reason}", markup=False, highlight=False, soft_wrap=True
        )
    if len(failed) > most:
        console.print(f"  ... and {len(failed) - most} more (`paperscope export` lists them all)")
    conflicts = store.id_conflicts()
    if conflicts:
        console.print(
            f"listings sharing a stored paper's id under another title, kept apart: {len(conflicts)}"
        )
        for row in conflicts[:most]:
            console.print(
                f"  {row['kind']} {row['value']}: {row['paper_key']} ({row['title']!r}) vs "
                f"{row['holder_key']} ({row['holder_title']!r})",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if len(conflicts) > most:
            console.print(f"  ... and {len(conflicts) - most} more")
    refused = store.ingest_refusals()
    if refused:
        console.print(f"ingest refused {len(refused)} files:")
        for path, reason, detail in refused[:most]:
            console.print(
                f"  refused  {path}: {reason}: {detail}", markup=False, highlight=False, soft_wrap=True
            )
        if len(refused) > most:
            console.print(f"  ... and {len(refused) - most} more")
