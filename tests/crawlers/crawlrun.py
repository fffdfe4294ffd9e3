"""Helpers for crawl tests: run the CLI or ``scrapy crawl`` as subprocesses; snapshot a store."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PAPERSCOPE = [sys.executable, "-c", "from paperscope.cli import main; main()"]
SCRAPY = str(Path(sys.executable).parent / "scrapy")
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_BACKOFF_BASE=0.05"]


def cli_crawl(home: Path, site: str, years: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``paperscope crawl neurips`` against a mirror."""
    cmd = [*PAPERSCOPE, "crawl", "neurips", "--years", years, "--site", site, "--home", str(home), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


def scrapy_cmd(home: Path, site: str, years: str, *settings: str) -> list[str]:
    """``scrapy crawl neurips`` as a user types it in the repository root."""
    return [SCRAPY, "crawl", "neurips", "-a", f"years={years}", "-a", "tracks=main,datasets", "-a", f"site={site}",
            "-s", f"PAPERSCOPE_HOME={home}", *FAST, *settings]  # fmt: skip


def rows(home: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query on the store of ``home``."""
    with sqlite3.connect(home / "paperscope.sqlite") as conn:
        return conn.execute(sql).fetchall()


def outcomes(home: Path) -> dict[str, str]:
    """Each stored paper's end state: "stored" or its miss reason ("listed only" if neither)."""
    stored = dict(rows(home, "SELECT key, pdf_sha256 FROM papers"))
    missed = dict(rows(home, "SELECT paper_key, reason FROM misses"))
    return {str(k): "stored" if sha else str(missed.get(k, "listed only")) for k, sha in stored.items()}


def stored_so_far(home: Path) -> int:
    """Papers with a stored PDF while a crawl runs (0 until the store and its tables exist)."""
    if not (home / "paperscope.sqlite").exists():
        return 0
    try:
        return int(rows(home, "SELECT count(*) FROM papers WHERE pdf_sha256 IS NOT NULL")[0][0])
    except sqlite3.OperationalError:  # the store file is there, its tables not yet
        return 0


def snapshot(home: Path) -> dict[str, object]:
    """Everything a re-crawl could change: every table row (with timestamps) and the PDF files."""
    tables = ("papers", "authors", "pdf_files", "misses", "layout_misses")
    snap: dict[str, object] = {t: sorted(map(repr, rows(home, f"SELECT * FROM {t}"))) for t in tables}
    snap["files"] = sorted(str(p.relative_to(home)) for p in (home / "pdfs").rglob("*") if p.is_file())
    return snap


def pdf_files_ok(home: Path) -> tuple[int, list[str]]:
    """(number of stored PDF files, problems): each file named by its sha256, no leftovers."""
    problems, n = [], 0
    for path in (home / "pdfs").rglob("*"):
        if not path.is_file():
            continue
        if path.name.startswith(".part-"):
            problems.append(f"leftover {path.name}")
            continue
        n += 1
        if hashlib.sha256(path.read_bytes()).hexdigest() != path.stem:
            problems.append(f"{path.name}: content does not match its name")
    return n, problems
