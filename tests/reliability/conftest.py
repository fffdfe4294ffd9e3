"""Reliability tests: a tally of what they tried, printed at the end of every pytest run.

Each test adds what it actually did to the session's :class:`Tally` (kill points where a live
process was killed, generated inputs an extractor or parser ran on, bad files fed to a stage, and
records found lost or duplicated after a restart); ``pytest_terminal_summary`` prints it.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@dataclass
class Tally:
    """What the reliability tests tried, per area (``crawl``, ``hardware``, ``pdf`` ...)."""

    kill_points: Counter[str] = field(default_factory=Counter)
    inputs_fuzzed: Counter[str] = field(default_factory=Counter)
    bad_files: Counter[str] = field(default_factory=Counter)
    records_lost: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    observed: Counter[str] = field(default_factory=Counter)  # side effects worth reporting

    def lines(self) -> list[str]:
        """The summary line the issue asks for, then one line of detail per kind."""
        head = (
            f"reliability: kill points tried {self.kill_points.total()}, "
            f"inputs fuzzed {self.inputs_fuzzed.total()}, bad files tried {self.bad_files.total()}, "
            f"records lost {self.records_lost.total()}"
        )
        out = [head]
        for name in (
            "kill_points",
            "inputs_fuzzed",
            "bad_files",
            "faults",
            "records_lost",
            "duplicates",
            "observed",
        ):
            counts: Counter[str] = getattr(self, name)
            detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"
            out.append(f"  {name.replace('_', ' ')}: {detail}")
        return out


TALLY = pytest.StashKey[Tally]()


@pytest.fixture(scope="session")
def tally(pytestconfig: pytest.Config) -> Tally:
    """The session's reliability tally (created on first use)."""
    return pytestconfig.stash.setdefault(TALLY, Tally())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print what the reliability tests tried, when any of them ran."""
    found = config.stash.get(TALLY, None)
    if found is None:
        return
    terminalreporter.section("reliability")
    for line in found.lines():
        terminalreporter.write_line(line)


@dataclass(frozen=True)
class LabelStudio:
    """A running Label Studio for the reliability tests: URL, admin token, data folder."""

    url: str
    token: str
    data_dir: Path


@pytest.fixture(scope="session")
def label_studio_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudio]:
    """A Label Studio of its own (the CLI's projects are named ``paperscope: <field>``, so these tests
    cannot share the annotate tests' server), started from the annotate tests' cached template."""
    from annotate.server import start
    from tests.annotate import ls_server as ls

    if not ls.LS_BIN.exists():
        pytest.skip("Label Studio is not installed in .venv-ls")
    data = tmp_path_factory.mktemp("ls-reliability")
    shutil.copytree(ls.template_dir(), data, dirs_exist_ok=True)
    with (data / "server.log").open("wb") as log:
        server = start(data, ls.free_port(), ls.env(), log)
        try:
            yield LabelStudio(server.url, ls.TOKEN, data)
        finally:
            server.stop()


@pytest.fixture
def label_studio(label_studio_server: LabelStudio) -> LabelStudio:
    """The reliability Label Studio with no projects left from an earlier test."""
    from tests.reliability.lsdata import clear_projects

    clear_projects(label_studio_server)
    return label_studio_server
