"""Crawl arguments, site URLs, failure reasons and the JOBDIR guard (no crawl runs here)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from scrapy.exceptions import DownloadTimeoutError, ResponseDataLossError
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from crawlers.extensions import JobDirGuard, crawl_counts
from crawlers.failures import miss_of_exception
from crawlers.jobdir import MARKER, JobDirBusy, marker_text, running_owner
from crawlers.options import NeuripsSite, parse_tracks, parse_years
from paperscope.errors import InputError


def test_years_ranges_and_lists():
    assert parse_years("2019-2021") == (2019, 2020, 2021)
    assert parse_years("2024, 2019") == (2019, 2024)


@pytest.mark.parametrize("bad", ["", "abc", "2021-2019", "1980", "2019-20x"])
def test_bad_years_are_input_errors(bad):
    with pytest.raises(InputError):
        parse_years(bad)


def test_tracks():
    assert parse_tracks("main, datasets") == ("main", "datasets")
    assert parse_tracks("all") == ("main", "datasets", "position", "creative_ai")
    with pytest.raises(InputError):
        parse_tracks("main,workshops")


def test_2021_datasets_track_is_on_its_own_host_unless_mirrored():
    live = NeuripsSite.at(None).index_urls((2020, 2021), ("main", "datasets"))
    assert live == [
        "https://proceedings.neurips.cc/paper_files/paper/2020",
        "https://proceedings.neurips.cc/paper_files/paper/2021",
        "https://datasets-benchmarks-proceedings.neurips.cc/paper/2021",
    ]
    assert NeuripsSite.at(None).index_urls((2021,), ("main",)) == [
        "https://proceedings.neurips.cc/paper_files/paper/2021"
    ]
    mirror = NeuripsSite.at("http://127.0.0.1:9/").index_urls((2021,), ("datasets",))
    assert mirror == ["http://127.0.0.1:9/paper_files/paper/2021", "http://127.0.0.1:9/paper/2021"]


def test_failures_map_to_miss_reasons():
    response = Response("http://x/a.pdf", status=404)
    assert miss_of_exception(HttpError(response), "PDF") == ("http_status", "PDF: HTTP 404")
    assert miss_of_exception(DownloadTimeoutError("t"), "PDF")[0] == "timeout"
    assert miss_of_exception(ResponseDataLossError(), "PDF")[0] == "truncated"
    assert miss_of_exception(ConnectionRefusedError(), "PDF")[0] == "network"


def test_crawl_counts_from_stats():
    stats = {"paperscope/listed": 5, "paperscope/pdf/stored": 2, "paperscope/pdf/already_stored": 1,
             "paperscope/pdf/missed": 2, "paperscope/layout_misses": 1, "paperscope/second_source": 1,
             "paperscope/id_conflict": 3, "paperscope/incomplete": 1, "paperscope/twin": 2}  # fmt: skip
    assert crawl_counts(stats) == {"listed": 5, "stored": 3, "new_pdfs": 2, "missed": 2, "layout_misses": 1,
                                   "second_sources": 1, "id_conflicts": 3, "incomplete": 1, "twins": 2}  # fmt: skip


def dead_pid() -> int:
    """The PID of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_jobdir_guard_drops_the_queue_of_a_run_that_died(tmp_path):
    (tmp_path / "requests.queue").mkdir()
    (tmp_path / "requests.queue" / "p0").write_text("x")
    (tmp_path / "requests.seen").write_text("fp\n")
    guard = JobDirGuard(tmp_path)  # a clean start: the queue is kept
    assert (tmp_path / "requests.queue").exists()
    assert guard.marker.read_text().split()[0] == str(os.getpid())
    guard.marker.write_text(marker_text(dead_pid()))  # as a run killed with SIGKILL leaves it
    JobDirGuard(tmp_path)  # the marker is still there: the last run died
    assert not (tmp_path / "requests.queue").exists()
    assert not (tmp_path / "requests.seen").exists()
    guard.spider_closed()
    assert not guard.marker.exists()


def test_jobdir_guard_refuses_a_folder_a_live_crawl_owns(tmp_path):
    (tmp_path / "requests.queue").mkdir()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:
            (tmp_path / MARKER).write_text(marker_text(other.pid))
            with pytest.raises(JobDirBusy, match=f"another crawl \\(pid {other.pid}\\) is still running"):
                JobDirGuard(tmp_path)
            assert (tmp_path / "requests.queue").exists()  # the live crawl's queue is untouched
            assert (tmp_path / MARKER).read_text() == marker_text(other.pid)
        finally:
            other.kill()
    JobDirGuard(tmp_path)  # once it has ended, the folder is free again


def test_a_reused_pid_or_our_own_pid_in_a_marker_is_not_a_live_crawl(tmp_path):
    parent = os.getppid()  # alive, but started at another time than the marker says
    assert running_owner_of(tmp_path, f"{parent} 1") is None
    assert running_owner_of(tmp_path, f"{parent}") == parent  # no start time recorded: trust the PID
    assert running_owner_of(tmp_path, marker_text(os.getpid())) is None  # this process: a dead run's PID
    assert running_owner_of(tmp_path, "garbage") is None


def running_owner_of(jobdir, text: str):
    (jobdir / MARKER).write_text(text)
    return running_owner(jobdir)
