"""Bad files under the CLI: a damaged or locked store, a full disk while writing a PDF, an unreadable PDF folder.

Each case must end in one clear line on stderr (or a clean wait), a non-zero exit where the work
could not be done, and nothing half-written: the store unchanged or consistent, no PDF file under its
final name that is not whole, and the next run, once the fault is gone, finishing the job.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability.conftest import Tally
from tests.reliability.killing import PAPERSCOPE, REPO_ROOT, rows, run
from tests.reliability.lsdata import make_home
from tests.reliability.sources import PLACED, big_pdf, demo_pdfs

pytestmark = pytest.mark.slow

SEED = 5
ONE_LINE_STORE_ERROR = "paperscope: error: {path}: cannot open store ("


def damaged(data: bytes, kind: str, rng: random.Random) -> bytes:
    """The store file's bytes damaged in one of the ways disks and copies damage files."""
    page = int.from_bytes(data[16:18], "big")
    n_pages = len(data) // page
    if kind == "garbage":
        return bytes(rng.getrandbits(8) for _ in range(len(data)))
    if kind == "truncated":
        return data[: rng.randrange(page, len(data) - page)]
    if kind == "header":
        return bytes(100) + data[100:]
    if kind == "zeroed page":
        at = rng.randrange(1, n_pages) * page
        return data[:at] + bytes(page) + data[at + page :]
    if kind == "b-tree flips":  # the page-type byte of seeded b-tree pages
        out = bytearray(data)
        for at in rng.sample(range(1, n_pages), 3):
            out[at * page] ^= 0xFF
        return bytes(out)
    raise ValueError(kind)


def test_a_damaged_store_is_one_line_and_is_left_as_it_was(tmp_path: Path, tally: Tally):
    base = make_home(tmp_path / "base", 3)
    good = (base / "paperscope.sqlite").read_bytes()
    rng = random.Random(SEED)
    commands = (["status"], ["export", "--format", "csv"], ["extract"], ["verify", "push"])
    kinds = ("garbage", "truncated", "header", "zeroed page", "b-tree flips")
    for n, kind in enumerate(kinds):
        home = tmp_path / kind.replace(" ", "-")
        home.mkdir()
        store = home / "paperscope.sqlite"
        bad = damaged(good, kind, rng)
        store.write_bytes(bad)
        for command in (commands[0], commands[1 + n % 3]):
            result = run([*PAPERSCOPE, *command, "--home", str(home)])
            tally.bad_files[f"store: {kind}"] += 1
            assert result.returncode == 2, (kind, command, result.stdout, result.stderr)
            assert result.stderr.startswith(ONE_LINE_STORE_ERROR.format(path=store)), (kind, result.stderr)
            assert result.stderr.count("\n") == 1, result.stderr
            assert store.read_bytes() == bad, f"{kind}: {command[0]} wrote to a damaged store"
            assert not (home / "export").exists()
    folder = tmp_path / "folder-store"
    (folder / "paperscope.sqlite").mkdir(parents=True)
    result = run([*PAPERSCOPE, "status", "--home", str(folder)])
    tally.bad_files["store: a folder"] += 1
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr


HOLD_LOCK = """
import sys, time
from paperscope.store import Store
with Store.open(sys.argv[1]).transaction() as conn:
    conn.execute("UPDATE papers SET title = 'half-written by a killed writer'")
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_store_locked_by_a_writer_killed_mid_transaction(tmp_path: Path, tally: Tally):
    home = make_home(tmp_path / "home", 2)
    db = home / "paperscope.sqlite"
    titles = rows(db, "SELECT key, title FROM papers ORDER BY key")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        ingest = subprocess.Popen(
            [*PAPERSCOPE, "ingest", str(demo_pdfs(tmp_path / "in", 1)), "--home", str(home), *PLACED],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2.0)
        assert ingest.poll() is None, "ingest did not wait for the lock"
    finally:
        holder.kill()  # SIGKILL in the middle of its transaction
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    out, err = ingest.communicate(timeout=60)
    tally.bad_files["store: locked by a writer killed mid-transaction"] += 1
    assert ingest.returncode == 0, out + err
    assert "1 of 1 PDFs stored" in out
    after = rows(db, "SELECT key, title FROM papers ORDER BY key")
    assert [r for r in after if r in titles] == titles  # every paper there before is there, unchanged
    new = [str(key) for key, title in after if (key, title) not in titles]
    assert [key.split("/")[2] for key in new] == ["local"]  # the ingested PDF, at the venue and year given
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _disk_of(limit: int) -> Callable[[], None]:
    def cap() -> None:  # a write past ``limit`` bytes fails with EFBIG, as a full disk fails one
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return cap


def pdf_files(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "pdfs").rglob("*") if p.is_file())


def test_a_full_disk_while_writing_a_pdf(tmp_path: Path, tally: Tally):
    pdf = big_pdf(tmp_path / "in" / "large.pdf")
    home = tmp_path / "home"
    cmd = [*PAPERSCOPE, "ingest", str(pdf.parent), "--home", str(home)]
    full = subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_disk_of(1_000_000),
        check=False,
    )
    tally.bad_files["pdf: full disk"] += 1
    assert full.returncode == 2, full.stdout + full.stderr
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1, full.stderr
    assert lines[0].startswith(f"paperscope: error: {home / 'pdfs'}"), lines[0]
    assert "File too large" in lines[0]
    assert pdf_files(home) == []  # no temp file, no partial PDF
    assert rows(home / "paperscope.sqlite", "SELECT count(*) FROM papers") == [(0,)]
    again = run(cmd)
    assert again.returncode == 0, again.stderr
    assert len(pdf_files(home)) == 1


def test_an_unreadable_pdf_folder(tmp_path: Path, tally: Tally):
    pdfs = demo_pdfs(tmp_path / "in", 2)
    # ingest into a home whose PDF folder is a file: one line, nothing stored
    home = tmp_path / "home"
    home.mkdir()
    (home / "pdfs").write_text("not a folder")
    refused = run([*PAPERSCOPE, "ingest", str(pdfs), "--home", str(home)])
    tally.bad_files["pdf folder: not a folder (ingest)"] += 1
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "cannot write a PDF there" in refused.stderr
    assert rows(home / "paperscope.sqlite", "SELECT count(*) FROM papers") == [(0,)]

    # extract while the PDF folder is away: error rows with the reason, no labels; once it is back
    # the next extract finishes the job
    (home / "pdfs").unlink()
    assert run([*PAPERSCOPE, "ingest", str(pdfs), "--home", str(home), *PLACED]).returncode == 0
    shutil.move(home / "pdfs", tmp_path / "pdfs-away")
    (home / "pdfs").write_text("not a folder")
    failed = run([*PAPERSCOPE, "extract", "--home", str(home)])
    tally.bad_files["pdf folder: not a folder (extract)"] += 1
    db = home / "paperscope.sqlite"
    assert "2 PDFs with errors" in failed.stdout, failed.stdout + failed.stderr
    assert "missing: cannot read the stored PDF" in failed.stderr
    assert rows(db, "SELECT count(*) FROM labels") == [(0,)]
    (home / "pdfs").unlink()
    shutil.move(tmp_path / "pdfs-away", home / "pdfs")
    done = run([*PAPERSCOPE, "extract", "--home", str(home)])
    assert done.returncode == 0, done.stderr
    assert "2 PDFs," in done.stdout
    assert rows(db, "SELECT count(*) FROM extraction_runs WHERE status != 'ok'") == [(0,)]
    assert rows(db, "SELECT count(*) FROM labels")[0][0] > 0


# A decompression bomb through one capped worker, in a fresh interpreter whose only child is that
# worker, so RUSAGE_CHILDREN's peak resident size is the worker's own.
BOMB_RUN = """
import hashlib, json, resource, sys
from pathlib import Path
from extract.document import PaperMeta
from extract.pool import Caps, WorkerPool
from extract.worker import Job
from paperscope.settings import DATA_DIR
path, cap = Path(sys.argv[1]), int(sys.argv[2])
sha = hashlib.sha256(path.read_bytes()).hexdigest()
job = Job(sha, str(path), (("local/2020/bomb/x", PaperMeta()),), ("hardware",))
with WorkerPool(1, DATA_DIR, Caps(seconds=120, memory_mb=cap)) as pool:
    [outcome] = list(pool.run([job]))
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"errors": outcome.errors, "peak_mb": peak}))
"""


def test_a_decompression_bomb_is_stopped_by_the_workers_own_memory_cap(tmp_path: Path, tally: Tally):
    from tests.extract.badpdfs import bomb

    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb(inflated_mb=1200))
    cap = 1024
    done = run([sys.executable, "-c", BOMB_RUN, str(path), str(cap)])
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    [reason] = result["errors"].values()
    assert reason.startswith("crashed: the worker died (killed by SIG"), reason
    # the worker's own allocation failed at its address-space cap (it aborted), it was not killed by
    # the kernel's OOM killer (SIGKILL), and it never held more memory than the cap
    assert "SIGKILL" not in reason
    assert 0 < result["peak_mb"] <= cap, result
    tally.bad_files["decompression bomb stopped at the worker's cap"] += 1
