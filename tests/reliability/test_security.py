"""Security: no secret in logs or exports, servers on loopback only, PDFs parsed in capped workers.

The Label Studio token and admin password sit in the environment of every command here, as in a
user's shell; after a crawl, pushes (good, refused key, server gone), a pull, status and exports, no
file the commands wrote, no line they printed and no line of Label Studio's own log may hold them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paperscope.demo.server import LoopbackSite
from paperscope.settings import Settings
from tests.mockserver.process import MirrorProcess
from tests.reliability.conftest import LabelStudio, Tally
from tests.reliability.faultproxy import FaultProxy
from tests.reliability.killing import PAPERSCOPE, REPO_ROOT, rows, run
from tests.reliability.lsdata import annotate_all, ls_env, make_home
from tests.reliability.sources import PLACED, build_mirror, demo_pdfs

pytestmark = pytest.mark.slow

WRONG_KEY = "wrong0secret0key0that0must0never0be0printed"


def secrets() -> dict[str, str]:
    from tests.annotate import ls_server

    return {"token": ls_server.TOKEN, "password": ls_server.PASSWORD, "wrong key": WRONG_KEY}


def file_text(path: Path) -> str:
    """A file's text as a reader of it would see it (Parquet decoded, everything else as bytes)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return repr(pq.read_table(path).to_pylist())
    return path.read_bytes().decode("latin-1")


@pytest.mark.labelstudio
def test_no_secret_in_any_log_export_or_message(tmp_path: Path, label_studio: LabelStudio, tally: Tally):
    home = make_home(tmp_path / "home", 2)
    env = {**ls_env(label_studio), "LABEL_STUDIO_PASSWORD": secrets()["password"]}
    outputs: list[str] = []

    def cli(*args: str, env_: dict[str, str] = env) -> subprocess.CompletedProcess[str]:
        done = run([*PAPERSCOPE, *args, "--home", str(home)], env=env_)
        outputs.extend((done.stdout, done.stderr))
        return done

    site = build_mirror(tmp_path / "site")
    with MirrorProcess(tmp_path / "site", site.faults) as mirror:
        assert cli("crawl", "neurips", "--years", "2019", "--site", mirror.url).returncode == 0
    assert cli("verify", "push").returncode == 0
    annotate_all(label_studio)
    assert cli("verify", "pull").returncode == 0
    assert cli("verify", "agreement").returncode == 0
    assert cli("status").returncode == 0
    assert cli("export", "--format", "both").returncode == 0
    assert cli("verify", "push", env_={**env, "PAPERSCOPE_LS_API_KEY": WRONG_KEY}).returncode == 2
    with FaultProxy(label_studio.url, "refuse", after=2) as proxy:
        assert cli("verify", "push", env_=ls_env(label_studio, proxy.url)).returncode == 2
    assert any("HTTP 401" in out for out in outputs)

    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in written), "the crawl wrote no log to check"
    assert {".csv", ".parquet"} <= {p.suffix for p in written}
    written.append(label_studio.data_dir / "server.log")
    texts = {str(p): file_text(p) for p in written} | {f"output {i}": o for i, o in enumerate(outputs)}
    tally.observed["security: files and outputs searched for secrets"] += len(texts)
    leaks = [(name, where) for name, secret in secrets().items() for where, t in texts.items() if secret in t]
    assert leaks == []


def listening(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1 (kernel byte order)


@pytest.mark.labelstudio
def test_every_server_of_ours_listens_on_loopback_only(tmp_path: Path, label_studio: LabelStudio):
    assert Settings.from_env({}).ls_url.startswith("http://127.0.0.1:")
    ls_port = int(label_studio.url.rsplit(":", 1)[1])
    assert listening(ls_port), "no listening socket found for Label Studio"
    assert listening(ls_port) <= LOOPBACK
    tmp_path.joinpath("index.html").write_text("demo")
    with LoopbackSite(tmp_path) as site:
        port = int(site.url.rsplit(":", 1)[1])
        assert listening(port)
        assert listening(port) <= LOOPBACK


# the CLI with an audit hook that notes every PDF file opened, by the CLI process itself or by a
# forked worker (which inherits the hook), with the address-space cap in force at that moment: the
# worker reports its own limits as it opens each PDF, so no test process has to catch it alive
AUDITED = """
import os, resource, sys
log = sys.argv.pop(1)
cli = os.getpid()
def note(event, args):
    if event == "open" and str(args[0]).endswith(".pdf"):
        who = "cli" if os.getpid() == cli else "worker"
        cap = resource.getrlimit(resource.RLIMIT_AS)[0]
        with open(log, "a") as fh:
            fh.write(f"{who}\\t{os.getpid()}\\t{cap}\\t{args[0]}\\n")
sys.addaudithook(note)
from paperscope.cli import main
main()
"""


def test_pdfs_are_read_only_in_capped_worker_processes(tmp_path: Path, tally: Tally):
    home = tmp_path / "home"
    pdfs = demo_pdfs(tmp_path / "in", 3)
    assert run([*PAPERSCOPE, "ingest", str(pdfs), "--home", str(home), *PLACED]).returncode == 0
    log = tmp_path / "pdf-opens.txt"
    log.write_text("")
    cmd = [sys.executable, "-c", AUDITED, str(log), "extract", "--home", str(home), "--workers", "1",
           "--memory-mb", "1500"]  # fmt: skip
    done = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    opens = [line.split("\t") for line in log.read_text().splitlines()]
    assert not [o for o in opens if o[0] == "cli"], "the CLI process read PDFs itself"
    parsers = {pid: cap for who, pid, cap, _path in opens if who == "worker"}
    assert parsers, "no worker process opened a PDF (were the workers not forked with the audit hook?)"
    # each worker reports the cap in force at the moment it opens a PDF, from inside itself
    assert set(parsers.values()) == {str(1500 * 1024 * 1024)}, parsers
    assert len({path for *_, path in opens}) == 3
    assert rows(home / "paperscope.sqlite", "SELECT count(DISTINCT pdf_sha256) FROM extraction_runs "
                "WHERE status = 'ok' AND n_pages > 0") == [(3,)]  # fmt: skip
    tally.observed["security: pdf parsing processes seen, all capped"] += len(parsers)
