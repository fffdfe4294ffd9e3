"""A crawl that could not read its index lists nothing: that is an error, said in one line, not exit 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.annotate.ls_server import free_port

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("venue", ["neurips", "icml"])
def test_a_refused_index_exits_non_zero_with_one_line(tmp_path: Path, venue: str) -> None:
    site = f"http://127.0.0.1:{free_port()}"  # nothing listens there: every connection is refused
    home = tmp_path / "home"
    cli = [sys.executable, "-c", "from paperscope.cli import main; main()"]
    done = subprocess.run(
        [*cli, "crawl", venue, "--years", "2021", "--site", site, "--home", str(home)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("paperscope: error:")]
    assert len(errors) == 1, done.stderr
    assert f"the {venue} crawl listed no paper for 2021-" in errors[0]
    assert f"the index at {site} could not be read or lists nothing" in errors[0]
