"""The built wheel installs into a fresh environment outside the checkout and runs the demo there.

The curated reference data (``data/``) travels inside the package (``paperscope/data``), so an
installed paperscope extracts without a checkout beside it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UV = REPO / ".venv-uv" / "bin" / "uv"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def uv() -> str:
    found = str(UV) if UV.exists() else shutil.which("uv")
    if found is None:
        pytest.skip("uv is not installed (scripts/setup.sh installs it into .venv-uv)")
    return found


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{cmd[:3]}: {done.stdout[-1500:]}{done.stderr[-1500:]}"
    return done


def test_the_wheel_carries_the_data_and_runs_the_demo_outside_the_checkout(tmp_path: Path) -> None:
    tool = uv()
    run([tool, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(REPO)], cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("paperscope-*.whl"))
    venv = tmp_path / "venv"
    run([tool, "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=tmp_path)
    run(
        [tool, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
        cwd=tmp_path,
    )
    where = run([str(venv / "bin" / "python"), "-c", "from paperscope.settings import DATA_DIR; print(DATA_DIR)"],
                cwd=tmp_path)  # fmt: skip
    data_dir = Path(where.stdout.strip())
    assert data_dir.is_relative_to(venv)  # the installed copy, not the checkout's
    assert (data_dir / "hardware" / "chips.csv").is_file()
    probe = ("from annotate.rubric import rubric_path; from annotate.client import guidelines; "
             "print(rubric_path()); print('Cloud TPU' in guidelines('hardware'))")  # fmt: skip
    rubric = run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path)
    where_rubric, shown = rubric.stdout.split()
    assert Path(where_rubric).is_relative_to(venv)  # the annotators' guidelines travel with the package
    assert shown == "True"
    home = tmp_path / "home"
    demo = run([str(venv / "bin" / "paperscope"), "demo", "--home", str(home)], cwd=tmp_path)
    assert "extraction errors 0" in " ".join(demo.stdout.split())
    assert (home / "report" / "report.html").is_file()
    with sqlite3.connect(home / "paperscope.sqlite") as conn:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM labels GROUP BY kind"))
    assert {"hardware", "bert", "code_link", "affiliation", "topic"} <= set(kinds), kinds
