from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from paperscope.errors import StoreError
from paperscope.records import Paper, PdfFile
from paperscope.store import SCHEMA_VERSION, ExtractorRun, Store
from paperscope.store.migrations import MIGRATIONS
from tests.core.factories import hw_label, paper, setup_label, verification

REPO_ROOT = Path(__file__).resolve().parents[2]


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table except timestamps of first sight, for comparing whole stores."""
    tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    out = {}
    for t in tables:
        rows = store.query(f"SELECT * FROM {t}")
        out[t] = sorted(
            tuple(v for k, v in zip(r.keys(), r, strict=True) if k not in {"created_at"}) for r in rows
        )
    return out


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "s.sqlite") as s:
        yield s


def crawl(store: Store, papers: list[Paper]) -> None:
    for p in papers:
        store.upsert_paper(p)


def test_same_crawl_twice_gives_the_same_rows(store: Store):
    papers = [paper(i) for i in range(5)]
    crawl(store, papers)
    first = dump(store)
    crawl(store, papers)
    assert dump(store) == first
    assert [p.key for p in store.papers()] == sorted(p.key for p in papers)


def test_upsert_reports_changes_and_keeps_the_pdf_link(store: Store):
    p = paper(1)
    assert store.upsert_paper(p) is True
    assert store.upsert_paper(p) is False
    store.add_pdf(PdfFile(sha256="a" * 64, n_bytes=10, n_pages=1))
    store.set_paper_pdf(p.key, "a" * 64)
    renamed = p.model_copy(update={"title": "A better title"})
    assert store.upsert_paper(renamed) is True
    assert store.paper_pdf(p.key) == "a" * 64
    assert store.get_paper(p.key) == renamed
    assert store.paper_keys_by_title("a BETTER title!") == [p.key]


def test_labels_are_idempotent(store: Store):
    p = paper()
    store.upsert_paper(p)
    assert store.add_labels([hw_label(p), setup_label(p)]) == 2
    assert store.add_labels([hw_label(p), setup_label(p)]) == 0
    assert len(store.labels()) == 2


def test_verification_survives_recrawl_and_reextract_with_a_bumped_version(store: Store):
    p = paper()
    store.upsert_paper(p)
    old = setup_label(p, version="0.1.0")
    store.add_labels([old])
    v = verification(old, "correct")
    assert store.add_verification(v) is True
    assert store.add_verification(v) is False  # pulling twice adds nothing

    crawl(store, [p.model_copy(update={"title": "Re-crawled title"})])  # re-crawl
    new = setup_label(p, version="0.2.0")
    store.add_labels([new])  # re-extract with a bumped version

    assert store.verifications() == [v]
    assert store.get_label(old.id) == old  # the replaced label stays readable
    assert [lab.producer.version for lab in store.labels(current=True)] == ["0.2.0"]
    assert {lab.producer.version for lab in store.labels()} == {"0.1.0", "0.2.0"}


def test_verifications_cannot_be_updated_or_deleted_even_with_raw_sql(store: Store):
    p = paper()
    store.upsert_paper(p)
    lab = setup_label(p)
    store.add_labels([lab])
    store.add_verification(verification(lab))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.transaction() as conn:
        conn.execute("UPDATE verifications SET verdict = 'reject'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.transaction() as conn:
        conn.execute("DELETE FROM verifications")
    with pytest.raises(sqlite3.IntegrityError, match="verified label"), store.transaction() as conn:
        conn.execute("DELETE FROM labels")
    assert len(store.verifications()) == 1


def test_schema_migrates_from_the_previous_version(tmp_path: Path):
    path = tmp_path / "old.sqlite"
    with Store.open(path, migrate_to=SCHEMA_VERSION - 1) as old:
        assert old.schema_version() == SCHEMA_VERSION - 1
        p = paper()
        old.upsert_paper(p)
        lab = setup_label(p)
        old.add_labels([lab])
        old.add_verification(verification(lab))
    with Store.open(path) as new:
        assert new.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
        assert new.get_paper(p.key) == p
        assert new.verifications() == [verification(lab)]
        new.record_ls_task(p.key, "hardware", 1, 7, "f" * 64)  # a table of the newest version
        assert new.ls_task(p.key, "hardware", 1) == (7, "f" * 64)


def test_pushed_tasks_survive_the_desk_migration_on_the_shared_server(tmp_path: Path):
    path = tmp_path / "old.sqlite"
    with Store.open(path, migrate_to=7) as old:
        p = paper()
        old.upsert_paper(p)
        with old.transaction() as conn:
            conn.execute("INSERT INTO ls_tasks VALUES (?, 'bert', 3, 41, 'sha', '2026-01-01')", (p.key,))
    with Store.open(path) as new:
        assert new.ls_task(p.key, "bert", 3) == (41, "sha")  # the shared server's desk is ""
        new.record_ls_task(p.key, "bert", 3, 1, "other", desk="a@x.org")  # a desk numbers tasks apart
        assert new.ls_task(p.key, "bert", 3, "a@x.org") == (1, "other")
        assert new.ls_task(p.key, "bert", 3) == (41, "sha")


def test_a_store_from_a_newer_paperscope_is_refused(tmp_path: Path):
    path = tmp_path / "future.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this paperscope"):
        Store.open(path)


def test_a_corrupt_file_is_a_clear_store_error(tmp_path: Path):
    path = tmp_path / "corrupt.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"corrupt\.sqlite: cannot open store"):
        Store.open(path)


def test_readers_do_not_block_a_writer(tmp_path: Path):
    path = tmp_path / "wal.sqlite"
    with Store.open(path) as writer:
        writer.upsert_paper(paper(0))
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")  # a long read transaction holding a snapshot
        assert reader.execute("SELECT count(*) FROM papers").fetchone()[0] == 1
        done = threading.Event()

        def write() -> None:
            for i in range(1, 21):
                writer.upsert_paper(paper(i))
            done.set()

        t = threading.Thread(target=write)
        t.start()
        t.join(timeout=10)
        assert done.is_set(), "the writer was blocked by an open reader"
        assert reader.execute("SELECT count(*) FROM papers").fetchone()[0] == 1  # snapshot isolation
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM papers").fetchone()[0] == 21
        reader.close()
        assert writer.query("PRAGMA journal_mode")[0][0] == "wal"


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from paperscope.store import Store
    from tests.core.factories import paper, setup_label
    store = Store.open(__import__("pathlib").Path({path!r}))
    with store.transaction() as conn:
        for i in range(100, 150):
            p = paper(i)
            conn.execute(
                "INSERT INTO papers (key, venue, year, track, title, title_norm, record_json, first_seen) "
                "VALUES (?, 'neurips', 2021, 'main', ?, ?, ?, 'now')",
                (p.key, p.title, p.title.lower(), p.model_dump_json()),
            )
        print("in-transaction", flush=True)
        time.sleep(60)
    """
)


@pytest.mark.slow
def test_a_writer_killed_mid_transaction_leaves_the_store_consistent(tmp_path: Path):
    path = tmp_path / "killed.sqlite"
    with Store.open(path) as s:
        crawl(s, [paper(i) for i in range(10)])
        lab = setup_label(paper(1))
        s.add_labels([lab])
        s.add_verification(verification(lab))
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER.format(root=str(REPO_ROOT), path=str(path))],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "in-transaction"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    time.sleep(0.1)
    with Store.open(path) as s:
        assert s.query("PRAGMA integrity_check")[0][0] == "ok"
        assert len(list(s.papers())) == 10  # the killed transaction left nothing behind
        assert s.verifications() == [verification(lab)]
        s.upsert_paper(paper(11))  # and the store takes writes again
        assert len(list(s.papers())) == 11


def test_a_store_locked_by_another_writer_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "locked.sqlite"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with (
            Store.open(path, busy_timeout=0.2) as s,
            pytest.raises(StoreError, match="locked by another process"),
        ):
            s.upsert_paper(paper(1))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(path) as s:
        assert s.upsert_paper(paper(1)) is True


def filed_paper(store: Store) -> Paper:
    """A crawled paper with its PDF (sha256 "b" * 64) filed in ``store``."""
    p = paper()
    store.upsert_paper(p)
    store.add_pdf(PdfFile(sha256="b" * 64, n_bytes=10, n_pages=1))
    store.set_paper_pdf(p.key, "b" * 64)
    return p


def test_a_new_version_that_finds_nothing_makes_old_labels_non_current(store: Store):
    p = filed_paper(store)
    old = setup_label(p, version="0.1.0")
    store.record_extraction("b" * 64, "hardware", "0.1.0", [old])
    assert store.labels(current=True) == [old]
    assert store.papers_extracted("hardware") == {p.key}
    store.record_extraction("b" * 64, "hardware", "0.2.0", [])  # the new version finds nothing
    assert store.labels(current=True) == []
    assert store.labels() == [old]  # still readable
    store.record_extraction("b" * 64, "hardware", "0.3.0", [], error="timeout: 120 s")  # a failed run
    assert store.labels(current=True) == []  # the newest successful run (0.2.0) decides
    assert store.papers_extracted("hardware") == {p.key}
    assert store.papers_extracted("bert") == set()


def test_one_pdfs_runs_land_together_or_not_at_all(store: Store):
    p = filed_paper(store)
    label = setup_label(p, version="0.1.0")

    def runs_then_crash():
        yield ExtractorRun("hardware", "0.1.0", (label,))
        raise RuntimeError("worker result unreadable")

    with pytest.raises(RuntimeError):
        store.record_extractions("b" * 64, runs_then_crash())
    assert store.labels() == []  # the first run's labels were rolled back with the rest
    assert store.papers_extracted("hardware") == set()
    runs = [
        ExtractorRun("hardware", "0.1.0", (label,)),
        ExtractorRun("bert", "0.1.0", error="timeout: 120 s"),
    ]
    assert store.record_extractions("b" * 64, runs, n_pages=1) == 1
    assert store.labels() == [label]
    assert store.papers_extracted("hardware") == {p.key}
    assert [r["producer"] for r in store.extraction_errors()] == ["bert"]
    assert store.record_extractions("b" * 64, runs, n_pages=1) == 0  # the same runs again add nothing


def test_labels_of_producers_without_runs_use_their_newest_version(store: Store):
    p = paper()
    store.upsert_paper(p)
    store.add_labels([hw_label(p, version="0.1.0"), hw_label(p, version="0.2.0")])
    assert [lab.producer.version for lab in store.labels(current=True)] == ["0.2.0"]


def test_a_damaged_record_is_a_store_error_naming_the_table(store: Store):
    p = paper()
    store.upsert_paper(p)
    lab = setup_label(p)
    store.add_labels([lab])
    raw = store.query("SELECT record_json FROM labels")[0][0]
    with store.transaction() as conn:  # a bit flip inside the stored JSON; SQLite has no checksums
        conn.execute("DROP TRIGGER labels_immutable")
        conn.execute(
            "UPDATE labels SET record_json = ?", (raw.replace('"confidence":0.8', '"confidence":8.0'),)
        )
    with pytest.raises(StoreError, match=r"s\.sqlite: a damaged labels record"):
        store.labels()


def test_a_paper_changed_by_a_recrawl_keeps_its_ids_and_updates(tmp_path: Path) -> None:
    from paperscope.records import Paper, SourceIds

    with Store.open(tmp_path / "s.sqlite") as store:
        first = Paper(key="iclr/2020/main/acc1", venue="iclr", year=2020, track="main", title="Paper acc1",
                      landing_url="http://127.0.0.1:1/forum?id=acc1", ids=SourceIds(openreview_id="acc1"))  # fmt: skip
        store.upsert_paper(first)
        moved = first.model_copy(
            update={"landing_url": "http://127.0.0.1:2/forum?id=acc1", "title": "Paper acc1."}
        )
        assert store.upsert_paper(moved)  # a mirror on another port, a corrected title: no id clash
        got = store.get_paper(first.key)
        assert got is not None
        assert (got.landing_url, got.title) == (moved.landing_url, "Paper acc1.")
        assert store.key_for_ids(SourceIds(openreview_id="acc1")) == first.key
