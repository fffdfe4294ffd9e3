"""Crawls that must fail loudly or stay single: an unwritable PDF folder, a job folder in use, a
parent killed under its scrapy child, and one paper listed twice under two keys.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from crawlrun import PAPERSCOPE, REPO_ROOT, cli_crawl, outcomes, rows, stored_so_far
from mirror import YEARS, build_mirror
from sitegen import SitePaper, era_c_abstract, era_c_index, pdf_bytes, write

from crawlers.jobdir import MARKER, is_running
from tests.mockserver.process import MirrorProcess

pytestmark = pytest.mark.timeout(300)
JOB = Path("crawls") / "jobs" / "neurips-2017-2024-main+datasets"
FINISHED = (
    "SELECT count(*) FROM papers p WHERE p.pdf_sha256 IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM misses m WHERE m.paper_key = p.key)"
)


def one_line(text: str) -> str:
    return " ".join(text.split())


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_an_unwritable_pdf_folder_stops_the_crawl_with_one_line_and_loses_no_paper(tmp_path):
    root, home = tmp_path / "site", tmp_path / "home"
    built = build_mirror(root)
    home.mkdir()
    (home / "pdfs").write_text("a file where the PDF folder should be")
    expected = {k: v for k, v in built.expected.items() if k.startswith("neurips/2024/")}
    with MirrorProcess(root, built.faults) as server:
        stopped = cli_crawl(home, server.url, "2024")
        assert stopped.returncode == 2, stopped.stdout + stopped.stderr
        assert stopped.stderr.strip().count("\n") == 0, stopped.stderr
        assert "neurips crawl stopped: cannot store neurips/2024/" in stopped.stderr
        assert "cannot write a PDF there" in stopped.stderr
        got = outcomes(home)
        unfinished = [k for k, v in got.items() if v == "listed only"]
        assert unfinished, got  # the paper whose PDF could not be written is among them
        assert f"{len(unfinished)} listed papers have neither a stored PDF nor a recorded miss" in one_line(
            stopped.stdout
        )
        assert rows(home, "SELECT count(*) FROM papers WHERE pdf_sha256 IS NOT NULL") == [(0,)]
        (home / "pdfs").unlink()  # the user fixes the folder and runs the same command
        again = cli_crawl(home, server.url, "2024")
    assert again.returncode == 0, again.stdout + again.stderr
    assert outcomes(home) == expected


def staggered(root: Path, faults: dict[str, Any], step: float) -> dict[str, Any]:
    """The mirror's faults plus the n-th PDF served n * step s late: the crawl lasts a while."""
    pdfs = sorted("/" + p.relative_to(root).as_posix() for p in root.rglob("*.pdf"))
    return {**{p: {"kind": "delay", "seconds": n * step} for n, p in enumerate(pdfs)}, **faults}


def test_a_live_crawl_keeps_its_job_folder_and_its_scrapy_child_dies_with_it(tmp_path):
    root, home = tmp_path / "site", tmp_path / "home"
    built = build_mirror(root)
    jobdir = home / JOB
    with MirrorProcess(root, staggered(root, built.faults, 0.6)) as server:
        cmd = [*PAPERSCOPE, "crawl", "neurips", "--years", YEARS, "--site", server.url, "--home", str(home)]
        parent = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)  # fmt: skip
        try:
            assert wait_for(lambda: (jobdir / MARKER).exists() and stored_so_far(home) >= 2, 120)
            child = int((jobdir / MARKER).read_text().split()[0])
            assert child != parent.pid
            for extra in ((), ("--fresh",)):  # --fresh must not wipe a live crawl's queue either
                busy = cli_crawl(home, server.url, YEARS, *extra)
                assert busy.returncode == 2, busy.stdout + busy.stderr
                assert busy.stderr.strip().count("\n") == 0
                assert f"another crawl (pid {child}) is still running on this job folder" in busy.stderr
            assert is_running(child)
            os.kill(parent.pid, signal.SIGKILL)  # only the parent
            parent.wait()
            assert wait_for(lambda: not is_running(child), 10), "the scrapy child outlived its parent"
            assert rows(home, FINISHED)[0][0] < len(built.expected)  # it stopped; it did not run to the end
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(parent.pid, signal.SIGKILL)
            parent.wait()
        rerun = cli_crawl(home, server.url, YEARS)  # the dead child's marker: resume from the store
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert outcomes(home) == built.expected
    assert not (jobdir / MARKER).exists()


def test_the_same_paper_under_two_proceedings_pages_is_one_paper(tmp_path):
    """Two listings with their own hash (two keys) and one DOI: one paper, the other a second source."""
    root, home = tmp_path / "site", tmp_path / "home"
    first = SitePaper(2024, 1, "Conference", doi="10.52202/079017-0001")
    other = SitePaper(2024, 2, "Conference", doi="10.52202/079017-0002")
    twin = SitePaper(2024, 90, "Conference", title=first.name, doi="10.52202/079017-0001")
    write(root, "/paper_files/paper/2024", era_c_index(2024, [first, other, twin]))
    for p in (first, other, twin):
        write(root, p.abstract_path(), era_c_abstract(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p))
    key = {
        name: f"neurips/2024/main/{p.hash}"
        for name, p in (("first", first), ("other", other), ("twin", twin))
    }
    with MirrorProcess(root, {}) as server:
        result = cli_crawl(home, server.url, "2024")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "listings of a paper already stored under another source's key: 1" in one_line(result.stdout)
        assert "listed 2, stored 2" in one_line(result.stdout)
        stored = {k for (k,) in rows(home, "SELECT key FROM papers")}
        assert len(stored) == 2
        assert key["other"] in stored
        kept = (stored - {key["other"]}).pop()  # whichever of the two listings was stored first
        second = "twin" if kept == key["first"] else "first"
        assert rows(
            home, f"SELECT paper_key FROM paper_ids WHERE kind = 'key' AND value = '{key[second]}'"
        ) == [(kept,)]
        assert outcomes(home) == {kept: "stored", key["other"]: "stored"}
        hits = server.hits()
        again = cli_crawl(home, server.url, "2024")
        assert again.returncode == 0, again.stdout + again.stderr
        assert {k for (k,) in rows(home, "SELECT key FROM papers")} == stored
        second_page = (first if second == "first" else twin).abstract_path()
        assert server.hits().get(second_page) == hits.get(second_page)  # its paper is stored: not fetched


def test_ctrl_c_on_the_cli_lets_its_child_close_cleanly_and_keeps_the_queue(tmp_path):
    """Ctrl-C reaches the whole process group: the CLI waits for Scrapy's clean close (no SIGKILL)."""
    root, home = tmp_path / "site", tmp_path / "home"
    built = build_mirror(root)
    jobdir = home / JOB
    with MirrorProcess(root, staggered(root, built.faults, 0.3)) as server:
        cmd = [*PAPERSCOPE, "crawl", "neurips", "--years", YEARS, "--site", server.url, "--home", str(home)]
        parent = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True)  # fmt: skip
        try:
            assert wait_for(lambda: (jobdir / MARKER).exists() and stored_so_far(home) >= 2, 120)
            child = int((jobdir / MARKER).read_text().split()[0])
            os.killpg(parent.pid, signal.SIGINT)  # as the terminal does
            _, stderr = parent.communicate(timeout=120)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(parent.pid, signal.SIGKILL)
            parent.wait()
        assert parent.returncode == 130, stderr
        assert not is_running(child)
        assert not (jobdir / MARKER).exists()  # the child closed cleanly: it was not killed with its parent
        assert (jobdir / "requests.queue").is_dir()
        rerun = cli_crawl(home, server.url, YEARS)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert outcomes(home) == built.expected
