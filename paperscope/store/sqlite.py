"""The SQLite store: one file, WAL, foreign keys, transactions, idempotent upserts.

Verifications are append-only (enforced by triggers, not only by this class), and labels are
immutable: a new extractor version adds labels next to the old ones, which stay readable.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self, TypeVar

from pydantic import BaseModel, ValidationError

from paperscope.errors import StoreError
from paperscope.records import (
    Author,
    Label,
    LayoutMiss,
    Miss,
    Paper,
    PdfFile,
    SourceIds,
    Verification,
)
from paperscope.store.migrations import MIGRATIONS, SCHEMA_VERSION

R = TypeVar("R", bound=BaseModel)


def normalize_title(title: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces: the key for joining by title."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def source_id_pairs(ids: SourceIds) -> list[tuple[str, str]]:
    """``(kind, value)`` of the ids that name one paper across sources (DOIs lower-cased)."""
    pairs = [("doi", ids.doi.lower())] if ids.doi else []
    pairs += [(kind, v) for kind in ("arxiv_id", "openreview_id", "pmlr_id") if (v := getattr(ids, kind))]
    return pairs


class ExtractorRun(NamedTuple):
    """One extractor's finished run on a PDF: its labels, or the error that ended it."""

    producer: str
    version: str
    labels: tuple[Label, ...] = ()
    error: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def version_key(version: str) -> tuple[int, ...]:
    """Order ``1.10.0`` after ``1.9.0``."""
    return tuple(int(p) for p in version.split("."))


class Store:
    """A paperscope store in one SQLite file.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite") as s:
    ...     s.schema_version() == SCHEMA_VERSION
    True
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    # -- opening, migrating, transactions ----------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, migrate_to: int = SCHEMA_VERSION, busy_timeout: float = 30.0
    ) -> Store:
        """Open (and create or migrate) the store at ``path``; raise StoreError if unusable.

        ``busy_timeout`` is how long (seconds) a write waits for another writer before giving up.
        """
        path = Path(path)
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no store here (run a crawl or ingest first)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create store folder ({exc.strerror})") from exc
        try:
            conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":  # damage is reported as rows, not raised; never migrate a damaged file
                raise sqlite3.DatabaseError(f"damaged: {' '.join(str(check).split())}")
            store = cls(conn, path)
            store._migrate(migrate_to)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open store ({exc})") from exc
        return store

    def close(self) -> None:
        """Close the connection (a WAL checkpoint happens on the last close)."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _load(self, model: type[R], raw: str, table: str) -> R:
        """Validate one stored record; a damaged one is a StoreError naming the table, not a traceback."""
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            raise StoreError(
                f"{self.path}: a damaged {table} record ({exc.error_count()} error(s), first: "
                f"{exc.errors()[0]['msg']}); restore the store from a backup or re-run the stage that wrote it"
            ) from exc

    def _migrate(self, target: int) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema v{current} is newer than this paperscope (v{SCHEMA_VERSION})"
            )
        for version in range(current, target):
            self._conn.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction: all of it lands, or none of it."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: store is locked by another process ({exc})") from exc
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only query (for status views and analysis tables)."""
        return self._conn.execute(sql, tuple(params)).fetchall()

    # -- papers and authors ------------------------------------------------------------------------

    def upsert_paper(self, paper: Paper) -> bool:
        """Insert or update a paper and its authors by key; return True if anything changed.

        The paper's stored PDF link (set by :meth:`set_paper_pdf`) is kept across re-crawls.
        """
        record = paper.model_dump_json()
        with self.transaction() as conn:
            row = conn.execute("SELECT record_json FROM papers WHERE key = ?", (paper.key,)).fetchone()
            if row is not None and row["record_json"] == record:
                return False
            values = (
                paper.venue,
                paper.year,
                paper.track,
                paper.title,
                normalize_title(paper.title),
                paper.landing_url,
                paper.pdf_url,
                record,
            )
            # a plain UPDATE, not an UPSERT: inside an UPSERT SQLite lets the outer statement's
            # conflict policy override the id triggers' INSERT OR IGNORE, so a re-crawl that changed
            # a paper (a mirror's port, a corrected title) failed on ids the paper already holds
            if row is not None:
                conn.execute(
                    """UPDATE papers SET venue = ?, year = ?, track = ?, title = ?, title_norm = ?,
                           landing_url = ?, pdf_url = ?, record_json = ? WHERE key = ?""",
                    (*values, paper.key),
                )
            else:
                conn.execute(
                    """INSERT INTO papers (venue, year, track, title, title_norm, landing_url, pdf_url,
                                           record_json, key, first_seen)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (*values, paper.key, _now()),
                )
            conn.execute("DELETE FROM authors WHERE paper_key = ?", (paper.key,))
            conn.executemany(
                "INSERT INTO authors VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (paper.key, a.position, a.name, json.dumps(a.affiliations_raw), a.email, a.profile_id)
                    for a in paper.authors
                ],
            )
        return True

    def get_paper(self, key: str) -> Paper | None:
        """The paper with this key, or None."""
        row = self._conn.execute("SELECT record_json FROM papers WHERE key = ?", (key,)).fetchone()
        return None if row is None else self._load(Paper, row["record_json"], "papers")

    def papers(
        self, venue: str | None = None, year: int | None = None, track: str | None = None
    ) -> Iterator[Paper]:
        """Papers in key order, optionally filtered."""
        where, params = _filters(venue=venue, year=year, track=track)
        for row in self._conn.execute(f"SELECT record_json FROM papers {where} ORDER BY key", params):
            yield self._load(Paper, row["record_json"], "papers")

    def paper_keys_by_title(self, title: str) -> list[str]:
        """Keys of papers whose normalised title equals that of ``title``."""
        rows = self._conn.execute(
            "SELECT key FROM papers WHERE title_norm = ? ORDER BY key", (normalize_title(title),)
        )
        return [r["key"] for r in rows]

    def paper_keys_by_pdf_digest(self, digest: str) -> list[str]:
        """Keys of papers whose source names their PDF by ``digest`` (see ``SourceIds.pdf_digest``)."""
        rows = self._conn.execute(
            "SELECT key FROM papers WHERE json_extract(record_json, '$.ids.pdf_digest') = ? ORDER BY key",
            (digest,),
        )
        return [r["key"] for r in rows]

    def key_for_ids(self, ids: SourceIds) -> str | None:
        """The key of the stored paper that holds any of these source ids (None if none does).

        DOI, arXiv, OpenReview and PMLR ids name one paper across sources; the proceedings hash
        does not (NeurIPS reuses a hash for different papers on its main and D&B hosts).
        """
        for kind, value in source_id_pairs(ids):
            if (key := self.key_for_id(kind, value)) is not None:
                return key
        return None

    def key_for_id(self, kind: str, value: str) -> str | None:
        """The key of the paper known by one identity (a source id, another source's key or URL)."""
        row = self._conn.execute(
            "SELECT paper_key FROM paper_ids WHERE kind = ? AND value = ?", (kind, value)
        ).fetchone()
        return None if row is None else str(row["paper_key"])

    def add_paper_ids(self, key: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Record more identities of a paper, e.g. ``("key", ...)`` of another source's listing.

        An identity already held by a paper keeps that paper; an unknown kind or paper key is an
        ``sqlite3.IntegrityError``.
        """
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO paper_ids (kind, value, paper_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(kind, value, key) for kind, value in pairs],
            )

    def authors(self, paper_key: str) -> list[Author]:
        """The authors of a paper in order."""
        paper = self.get_paper(paper_key)
        return list(paper.authors) if paper else []

    # -- PDFs and misses ---------------------------------------------------------------------------

    def add_pdf(self, pdf: PdfFile) -> None:
        """Record a stored PDF (idempotent: the same bytes are one row)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO pdf_files VALUES (?, ?, ?, ?)",
                (pdf.sha256, pdf.n_bytes, pdf.n_pages, _now()),
            )

    def set_paper_pdf(self, paper_key: str, sha256: str) -> None:
        """Link a paper to its stored PDF and clear its miss, in one transaction."""
        with self.transaction() as conn:
            cur = conn.execute("UPDATE papers SET pdf_sha256 = ? WHERE key = ?", (sha256, paper_key))
            if cur.rowcount == 0:
                raise StoreError(f"{self.path}: no paper {paper_key!r} to link a PDF to")
            conn.execute("DELETE FROM misses WHERE paper_key = ?", (paper_key,))

    def paper_pdf(self, paper_key: str) -> str | None:
        """The sha256 of a paper's stored PDF, if any."""
        row = self._conn.execute("SELECT pdf_sha256 FROM papers WHERE key = ?", (paper_key,)).fetchone()
        return None if row is None else row["pdf_sha256"]

    def get_pdf(self, sha256: str) -> PdfFile | None:
        """The stored PDF with this hash, or None."""
        row = self._conn.execute("SELECT * FROM pdf_files WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        return PdfFile(sha256=row["sha256"], n_bytes=row["n_bytes"], n_pages=row["n_pages"])

    def pdfs(self, venue: str | None = None, year: int | None = None) -> list[tuple[str, list[str]]]:
        """Stored PDFs (sha256, paper keys) of papers matching the filters, in hash order."""
        where, params = _filters(venue=venue, year=year)
        where = f"{where} {'AND' if where else 'WHERE'} pdf_sha256 IS NOT NULL"
        rows = self._conn.execute(
            f"SELECT pdf_sha256, group_concat(key, ' ') AS keys FROM "
            f"(SELECT pdf_sha256, key FROM papers {where} ORDER BY key) "
            "GROUP BY pdf_sha256 ORDER BY pdf_sha256",
            params,
        )
        return [(r["pdf_sha256"], r["keys"].split(" ")) for r in rows]

    def record_miss(self, miss: Miss) -> None:
        """Record (or replace) why a paper's PDF is not stored."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO misses VALUES (?, ?, ?, ?, ?)",
                (miss.paper_key, miss.reason, miss.detail, miss.url, miss.at.isoformat()),
            )

    def record_ingest(self, path: str, refusal: tuple[str, str] | None) -> None:
        """Record that a local file was refused ((reason, detail)), or stored (None: its refusal goes)."""
        with self.transaction() as conn:
            if refusal is None:
                conn.execute("DELETE FROM ingest_refusals WHERE path = ?", (path,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO ingest_refusals VALUES (?, ?, ?, ?)", (path, *refusal, _now())
                )

    def put_profiles(self, profiles: Iterable[tuple[str, str]]) -> int:
        """Store (or refresh) profiles as ``(profile id, record JSON)``; returns how many were written."""
        rows = [(pid, record, _now()) for pid, record in profiles]
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?)", rows)
        return len(rows)

    def profile_ids(self) -> set[str]:
        """Ids of the stored profiles (a crawl does not fetch them again)."""
        return {r[0] for r in self._conn.execute("SELECT profile_id FROM profiles")}

    def profile(self, profile_id: str) -> dict[str, Any] | None:
        """A stored profile's record, as fetched."""
        row = self._conn.execute(
            "SELECT record_json FROM profiles WHERE profile_id = ?", (profile_id,)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def absorb_twin(self, twin: str, into: str) -> bool:
        """Make ``twin`` (a withdrawn or desk-rejected listing of paper ``into``) an identity of ``into``.

        Its ids and key then point to ``into`` and its row goes. Refused (False) when anything was
        made from the twin (labels, Label Studio tasks): a twin found that late stays, for a person.
        """
        with self.transaction() as conn:
            used = conn.execute(
                """SELECT (SELECT count(*) FROM labels WHERE paper_key = ?)
                          + (SELECT count(*) FROM ls_tasks WHERE paper_key = ?)""",
                (twin, twin),
            ).fetchone()[0]
            if used or conn.execute("SELECT 1 FROM papers WHERE key = ?", (into,)).fetchone() is None:
                return False
            conn.execute("UPDATE paper_ids SET paper_key = ? WHERE paper_key = ?", (into, twin))
            conn.execute(
                "INSERT OR IGNORE INTO paper_ids (kind, value, paper_key) VALUES ('key', ?, ?)", (twin, into)
            )
            for table in ("misses", "authors", "id_conflicts"):
                conn.execute(f"DELETE FROM {table} WHERE paper_key = ?", (twin,))
            conn.execute("DELETE FROM papers WHERE key = ?", (twin,))
        return True

    def record_id_conflict(
        self, kind: str, value: str, paper: tuple[str, str], holder: tuple[str, str]
    ) -> None:
        """Record that ``paper`` ((key, title)) shares id ``kind``/``value`` with ``holder``, another title."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO id_conflicts VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, value, paper[0], holder[0], paper[1], holder[1], _now()),
            )

    def id_conflicts(self, venue: str | None = None, year: int | None = None) -> list[sqlite3.Row]:
        """Recorded id clashes (kind, value, paper_key, holder_key, title, holder_title), in order."""
        where, params = _filters("p.", venue=venue, year=year)
        return self.query(
            f"""SELECT c.kind, c.value, c.paper_key, c.holder_key, c.title, c.holder_title
                FROM id_conflicts c JOIN papers p ON p.key = c.paper_key {where}
                ORDER BY c.kind, c.value, c.paper_key""",
            params,
        )

    def ingest_refusals(self) -> list[tuple[str, str, str]]:
        """Local files ``paperscope ingest`` refused: (path, reason, detail), by path."""
        rows = self._conn.execute("SELECT path, reason, detail FROM ingest_refusals ORDER BY path")
        return [(r["path"], r["reason"], r["detail"]) for r in rows]

    def extraction_status(self) -> dict[str, tuple[str, str]]:
        """Per stored PDF: ``("ok" | "error" | "not extracted", first error)``, from its extraction runs.

        A PDF is ``error`` when any extractor's newest run on it failed (counted once per PDF).
        """
        status = {r[0]: ("not extracted", "") for r in self._conn.execute("SELECT sha256 FROM pdf_files")}
        rows = self._conn.execute(
            "SELECT pdf_sha256, producer, version, status, error FROM extraction_runs "
            "ORDER BY pdf_sha256, producer"
        )
        newest: dict[tuple[str, str], tuple[tuple[int, ...], str, str]] = {}
        for r in rows:
            key, version = (r["pdf_sha256"], r["producer"]), version_key(r["version"])
            if key not in newest or version > newest[key][0]:
                newest[key] = (version, r["status"], r["error"])
        for (sha, _), (_, state, error) in sorted(newest.items()):
            if state == "error":
                if status[sha][0] != "error":
                    status[sha] = ("error", error)
            elif status[sha][0] == "not extracted":
                status[sha] = ("ok", "")
        return status

    def misses(self, venue: str | None = None, year: int | None = None) -> list[Miss]:
        """Papers listed but not stored, with the reason."""
        where, params = _filters(prefix="p.", venue=venue, year=year)
        rows = self._conn.execute(
            f"SELECT m.* FROM misses m JOIN papers p ON p.key = m.paper_key {where} ORDER BY m.paper_key",
            params,
        )
        return [
            Miss(
                paper_key=r["paper_key"],
                reason=r["reason"],
                detail=r["detail"],
                url=r["url"],
                at=datetime.fromisoformat(r["at"]),
            )
            for r in rows
        ]

    def record_layout_miss(self, miss: LayoutMiss) -> None:
        """Record a page no known layout could parse (idempotent per URL and response body)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO layout_misses VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    miss.url,
                    miss.response_sha256,
                    miss.venue,
                    miss.page_kind,
                    json.dumps(miss.layouts_tried),
                    miss.detail,
                    miss.at.isoformat(),
                ),
            )

    def layout_misses(self, venue: str | None = None) -> list[LayoutMiss]:
        """Every recorded layout miss, by URL."""
        where, params = _filters(venue=venue)
        rows = self._conn.execute(f"SELECT * FROM layout_misses {where} ORDER BY url", params)
        return [
            LayoutMiss(
                url=r["url"],
                venue=r["venue"],
                page_kind=r["page_kind"],
                layouts_tried=tuple(json.loads(r["layouts_tried"])),
                response_sha256=r["response_sha256"],
                detail=r["detail"],
                at=datetime.fromisoformat(r["at"]),
            )
            for r in rows
        ]

    # -- labels and extraction runs ----------------------------------------------------------------

    def add_labels(self, labels: Iterable[Label]) -> int:
        """Insert labels; ones already stored (same id) are left alone. Returns how many were new."""
        with self.transaction() as conn:
            before = conn.total_changes
            _insert_labels(conn, labels)
            return conn.total_changes - before

    def labels(
        self,
        *,
        paper_key: str | None = None,
        field: str | None = None,
        kind: str | None = None,
        current: bool = False,
    ) -> list[Label]:
        """Labels in (paper, field, id) order.

        With ``current=True`` only each producer's current version per paper is returned: the newest
        version with a successful extraction run on the paper's PDF (so a new version that finds
        nothing makes the old labels non-current), else, for producers without runs (imports), the
        newest version among the paper's labels. Older versions stay readable with ``current=False``.
        """
        where, params = _filters(prefix="l.", paper_key=paper_key, field=field, kind=kind)
        rows = self._conn.execute(
            f"SELECT l.paper_key, l.producer, l.version, l.record_json, p.pdf_sha256 FROM labels l "
            f"JOIN papers p ON p.key = l.paper_key {where} ORDER BY l.paper_key, l.field, l.id",
            params,
        ).fetchall()
        if current:
            runs = self._newest_ok_runs()
            newest: dict[tuple[str, str], tuple[int, ...]] = {}
            for r in rows:
                k = (r["paper_key"], r["producer"])
                newest[k] = max(newest.get(k, ()), version_key(r["version"]))

            def is_current(r: sqlite3.Row) -> bool:
                ran = runs.get((r["pdf_sha256"], r["producer"]))
                return version_key(r["version"]) == (ran or newest[(r["paper_key"], r["producer"])])

            rows = [r for r in rows if is_current(r)]
        return [self._load(Label, r["record_json"], "labels") for r in rows]

    def _newest_ok_runs(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """(pdf sha256, producer) -> newest version with a successful extraction run."""
        newest: dict[tuple[str, str], tuple[int, ...]] = {}
        for r in self._conn.execute(
            "SELECT pdf_sha256, producer, version FROM extraction_runs WHERE status = 'ok'"
        ):
            k = (r["pdf_sha256"], r["producer"])
            newest[k] = max(newest.get(k, ()), version_key(r["version"]))
        return newest

    def papers_extracted(self, producer: str) -> set[str]:
        """Keys of papers whose PDF the producer read successfully (some version, an ``ok`` run).

        Such a paper without a current label of that producer is a true "not found", not a paper
        whose PDF is missing or unreadable.
        """
        rows = self._conn.execute(
            """SELECT DISTINCT p.key FROM papers p JOIN extraction_runs r ON r.pdf_sha256 = p.pdf_sha256
               WHERE r.producer = ? AND r.status = 'ok'""",
            (producer,),
        )
        return {r["key"] for r in rows}

    def get_label(self, label_id: str) -> Label | None:
        """The label with this id, or None."""
        row = self._conn.execute("SELECT record_json FROM labels WHERE id = ?", (label_id,)).fetchone()
        return None if row is None else self._load(Label, row["record_json"], "labels")

    def record_extraction(
        self,
        pdf_sha256: str,
        producer: str,
        version: str,
        labels: Iterable[Label] = (),
        *,
        error: str = "",
        n_pages: int = 0,
        seconds: float = 0.0,
    ) -> int:
        """Store one extractor's labels for one PDF and mark the run done, atomically.

        Returns the number of new labels. A second run of the same version adds nothing.
        """
        run = ExtractorRun(producer, version, tuple(labels), error)
        return self.record_extractions(pdf_sha256, [run], n_pages=n_pages, seconds=seconds)

    def record_extractions(
        self, pdf_sha256: str, runs: Iterable[ExtractorRun], *, n_pages: int = 0, seconds: float = 0.0
    ) -> int:
        """Store several extractors' runs on one PDF in one transaction (all land, or none).

        Returns the number of new labels; a run of a version already recorded adds nothing.
        """
        with self.transaction() as conn:
            before = conn.total_changes
            marks = []
            for run in runs:
                _insert_labels(conn, list(run.labels))
                marks.append((
                    pdf_sha256, run.producer, run.version, "error" if run.error else "ok", run.error,
                    len(run.labels), n_pages, seconds, _now(),
                ))  # fmt: skip
            added = conn.total_changes - before
            conn.executemany(
                "INSERT OR REPLACE INTO extraction_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", marks
            )
        return added

    def extraction_done(self, producer: str, version: str) -> set[str]:
        """PDF hashes this producer version has finished (with labels or with a recorded error)."""
        rows = self._conn.execute(
            "SELECT pdf_sha256 FROM extraction_runs WHERE producer = ? AND version = ?", (producer, version)
        )
        return {r["pdf_sha256"] for r in rows}

    def extraction_errors(self) -> list[sqlite3.Row]:
        """Runs that ended in an error, with their reason."""
        return self._conn.execute(
            "SELECT * FROM extraction_runs WHERE status = 'error' ORDER BY pdf_sha256, producer"
        ).fetchall()

    # -- verifications -----------------------------------------------------------------------------

    def add_verification(self, verification: Verification) -> bool:
        """Append a verification; the same one again is ignored. Returns True if it was new."""
        v = verification
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO verifications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    v.id,
                    v.label_id,
                    v.paper_key,
                    v.field,
                    v.verdict,
                    v.annotator,
                    v.ls_annotation,
                    v.at.isoformat(),
                    v.model_dump_json(),
                ),
            )
            return cur.rowcount == 1

    def verifications(self, *, paper_key: str | None = None, field: str | None = None) -> list[Verification]:
        """All verifications, oldest first."""
        where, params = _filters(paper_key=paper_key, field=field)
        rows = self._conn.execute(f"SELECT record_json FROM verifications {where} ORDER BY at, id", params)
        return [self._load(Verification, r["record_json"], "verifications") for r in rows]

    # -- Label Studio push sidecar -----------------------------------------------------------------

    def ls_task(self, paper_key: str, field: str, project_id: int, desk: str = "") -> tuple[int, str] | None:
        """(task id, content hash) of the task pushed for this paper and field, if any.

        ``desk``: the annotator whose own server holds the task; "" for the shared server.
        """
        row = self._conn.execute(
            "SELECT task_id, content_sha256 FROM ls_tasks "
            "WHERE paper_key=? AND field=? AND project_id=? AND desk=?",
            (paper_key, field, project_id, desk),
        ).fetchone()
        return None if row is None else (row["task_id"], row["content_sha256"])

    def record_ls_task(
        self, paper_key: str, field: str, project_id: int, task_id: int, sha: str, desk: str = ""
    ) -> None:
        """Remember a pushed task so a second push creates nothing new."""
        with self.transaction() as conn:
            conn.execute(LS_TASK_UPSERT, (paper_key, field, project_id, task_id, sha, _now(), desk))


LS_TASK_UPSERT = (
    "INSERT OR REPLACE INTO ls_tasks (paper_key, field, project_id, task_id, content_sha256, pushed_at, desk) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _insert_labels(conn: sqlite3.Connection, labels: Iterable[Label]) -> None:
    """Insert labels inside the caller's transaction; a label already stored (same id) is left alone."""
    conn.executemany(
        "INSERT OR IGNORE INTO labels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                lab.id,
                lab.paper_key,
                lab.field,
                lab.value.kind,
                lab.producer.name,
                lab.producer.version,
                lab.confidence,
                lab.model_dump_json(),
                _now(),
            )
            for lab in labels
        ],
    )


def _filters(prefix: str = "", **conditions: object) -> tuple[str, tuple[object, ...]]:
    """Build ``WHERE a = ? AND b = ?`` from the conditions that are not None (names are ours)."""
    used = {k: v for k, v in conditions.items() if v is not None}
    if not used:
        return "", ()
    return "WHERE " + " AND ".join(f"{prefix}{k} = ?" for k in used), tuple(used.values())
