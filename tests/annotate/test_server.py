"""Starting and stopping the server, offline: a stand-in script plays Label Studio's /health."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from annotate.server import QUIET_ENV, check_credentials, ls_binary, server_env, start
from paperscope.errors import InputError, ServiceError

REPO = Path(__file__).resolve().parents[2]

FAKE = """\
import http.server, json, os, sys
args = sys.argv
host, port = args[args.index("--internal-host") + 1], int(args[args.index("--port") + 1])
mode = args[args.index("--data-dir") + 1] + "/mode"
if os.path.exists(mode) and "--exit" in open(mode).read():
    sys.exit(3)
ANSWERS = {
    "/health": {"status": "UP"},
    "/api/current-user/whoami": {"id": 1, "email": "a@b.c"},
    "/api/invite": {"invite_url": f"/user/signup/?token=invite{port}", "token": f"invite{port}"},
}
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        answer = ANSWERS.get(self.path.split("?")[0])
        self.send_response(200 if answer else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer or {}).encode())
    def log_message(self, *a):
        pass
http.server.HTTPServer((host, port), Health).serve_forever()
"""


@pytest.fixture
def fake_ls(tmp_path: Path) -> Path:
    script = tmp_path / "label-studio"
    script.write_text(f"#!{sys.executable}\n{FAKE}")
    script.chmod(0o755)
    return script


def env_for(fake: Path, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "PAPERSCOPE_LS_BIN": str(fake), **extra}


def test_env_passes_only_credentials_and_quiet_settings(tmp_path: Path):
    outside = {
        "PATH": "/usr/bin",
        "LABEL_STUDIO_USERNAME": "me@x.org",
        "LABEL_STUDIO_PASSWORD": "pw-123456",
        "PAPERSCOPE_LS_API_KEY": "secret",
        "AWS_SECRET_ACCESS_KEY": "nope",
    }
    env = server_env(tmp_path, outside)
    assert env["LABEL_STUDIO_USERNAME"] == "me@x.org"
    assert "PAPERSCOPE_LS_API_KEY" not in env
    assert "AWS_SECRET_ACCESS_KEY" not in env
    assert "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN" not in env  # personal access tokens only
    assert {k: env[k] for k in QUIET_ENV} == QUIET_ENV
    assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(tmp_path)
    assert env["HOME"] == str(tmp_path / "home")
    legacy = server_env(tmp_path, {**outside, "LABEL_STUDIO_USER_TOKEN": "t" * 40})
    assert legacy["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"


def test_first_start_needs_credentials_from_the_environment(tmp_path: Path):
    with pytest.raises(InputError, match="LABEL_STUDIO_USERNAME and LABEL_STUDIO_PASSWORD"):
        check_credentials(tmp_path, {})
    (tmp_path / "label_studio.sqlite3").write_bytes(b"")
    check_credentials(tmp_path, {})  # an existing server keeps its accounts


def test_missing_binary_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match=r"setup\.sh --test"):
        ls_binary({"PAPERSCOPE_LS_BIN": str(tmp_path / "absent")})


def test_start_waits_for_health_and_stop_ends_the_process_group(tmp_path: Path, fake_ls: Path):
    from tests.annotate.ls_server import free_port

    data = tmp_path / "data"
    data.mkdir()
    (data / "mode").write_text("serve")
    with (tmp_path / "log").open("wb") as log:
        server = start(
            data, free_port(), env_for(fake_ls, LABEL_STUDIO_USERNAME="a@b.c", LABEL_STUDIO_PASSWORD="p"), log
        )
        try:
            assert server.url.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(f"{server.url}/health") as reply:
                assert reply.status == 200
        finally:
            server.stop()
    assert server.process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(server.process.pid, 0)


def test_a_server_that_exits_early_is_a_service_error(tmp_path: Path, fake_ls: Path):
    from tests.annotate.ls_server import free_port

    data = tmp_path / "data"
    data.mkdir()
    (data / "mode").write_text("--exit")
    (data / "label_studio.sqlite3").write_bytes(b"")
    with (tmp_path / "log").open("wb") as log, pytest.raises(ServiceError, match="exited with code 3"):
        start(data, free_port(), env_for(fake_ls), log, timeout=30)


# -- `verify serve` as a process: stopped by signals, never left behind, never two on one port --------


def _serve(tmp_path: Path, fake: Path, port: int, home: str = "home", *more: str) -> subprocess.Popen[str]:
    env = {**env_for(fake, LABEL_STUDIO_USERNAME="a@b.c", LABEL_STUDIO_PASSWORD="p"), "PYTHONPATH": str(REPO)}
    env |= {"LABEL_STUDIO_USER_TOKEN": "t" * 40, "PAPERSCOPE_LS_API_KEY": "t" * 40}
    env["PAPERSCOPE_LS_URL"] = f"http://127.0.0.1:{port}"
    (tmp_path / home / "labelstudio").mkdir(parents=True, exist_ok=True)
    (tmp_path / home / "labelstudio" / "mode").write_text("serve")
    cli = [sys.executable, "-c", "from paperscope.cli import main; main()"]
    return subprocess.Popen(
        [*cli, "verify", "serve", "--home", str(tmp_path / home), "--port", str(port), *more],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _server_pids(data_dir: Path) -> list[int]:
    """Processes whose command line names ``data_dir``: the (stand-in) Label Studio server."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(data_dir) in cmdline.read_bytes().decode(errors="replace"):
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
def test_a_signal_to_verify_serve_leaves_no_server_behind(tmp_path: Path, fake_ls: Path, sig: signal.Signals):
    from tests.annotate.ls_server import free_port
    from tests.reliability.stops import wait_gone

    with _serve(tmp_path, fake_ls, free_port()) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        ready = proc.stdout.readline()  # printed once the server answers: the event to act on
        assert ready.startswith("Label Studio: http://127.0.0.1:"), ready + proc.stderr.read()
        servers = _server_pids((tmp_path / "home" / "labelstudio").resolve())
        assert servers, "the server was not found"
        os.kill(proc.pid, sig)  # the CLI alone, as a service manager or a closed terminal would
        proc.wait(60)
    left = wait_gone(servers, 5.0)
    for pid in left:  # never leave one to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"Label Studio left running after {sig.name}"
    if sig != signal.SIGKILL:
        assert proc.returncode in (0, 128 + sig), proc.returncode


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_verify_serve_stops_every_desk_too(tmp_path: Path, fake_ls: Path, sig: signal.Signals):
    from annotate.desks import read_desks
    from tests.annotate.ls_server import free_port
    from tests.reliability.stops import wait_gone

    ls_dir = (tmp_path / "home" / "labelstudio").resolve()
    port = free_port()
    with _serve(tmp_path, fake_ls, port, "home", "--annotators", "a@x.org,b@x.org") as proc:
        try:
            assert proc.stdout is not None
            assert proc.stderr is not None
            lines = [proc.stdout.readline() for _ in range(4)]  # the last is printed once every desk answers
            assert lines[-1].startswith("sign-up links, one per annotator: "), (
                "".join(lines) + proc.stderr.read()
            )
            desks = read_desks(ls_dir)
            assert [d.annotator for d in desks] == ["a@x.org", "b@x.org"]
            assert all(d.port > port for d in desks)
            assert [line.strip() for line in lines[1:3]] == [f"desk of {d.annotator}: {d.url}" for d in desks]
            invites = (ls_dir / "invites.txt").read_text(encoding="utf-8")
            assert f"a@x.org\t{desks[0].url}/user/signup/?token=invite{desks[0].port}" in invites
            assert "token=" not in "".join(lines)  # the links (tokens) go to the private file only
            servers = _server_pids(ls_dir)
            assert len(servers) >= 3, "the shared server and two desks"
        finally:
            os.kill(proc.pid, sig)
            proc.wait(60)
    left = wait_gone(servers, 5.0)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"a desk left running after {sig.name}"


def test_desks_need_the_one_admin_token_paperscope_talks_to_them_with(tmp_path: Path, fake_ls: Path):
    env = {
        **env_for(fake_ls, LABEL_STUDIO_USERNAME="a@b.c", LABEL_STUDIO_PASSWORD="p"),
        "PYTHONPATH": str(REPO),
    }
    cli = [sys.executable, "-c", "from paperscope.cli import main; main()", "verify", "serve"]
    result = subprocess.run(
        [*cli, "--home", str(tmp_path), "--annotators", "a@x.org"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    one_line = (
        "paperscope: error: --annotators: set LABEL_STUDIO_USER_TOKEN (and PAPERSCOPE_LS_API_KEY to the same "
        "token): paperscope talks to every desk with that one admin token"
    )
    assert result.stderr.strip().splitlines() == [one_line]


def test_a_second_serve_on_a_busy_port_is_refused_in_one_line(tmp_path: Path, fake_ls: Path):
    from tests.annotate.ls_server import free_port

    port = free_port()
    with _serve(tmp_path, fake_ls, port) as first:
        try:
            assert first.stdout is not None
            assert first.stdout.readline().startswith("Label Studio: ")
            with _serve(tmp_path, fake_ls, port, home="other") as second:
                out, err = second.communicate(timeout=60)
            assert second.returncode == 2, out + err
            busy = f"127.0.0.1:{port} is already in use (another Label Studio?): stop it, or choose another --port"
            assert err.strip().splitlines() == [f"paperscope: error: {busy}"]
        finally:
            os.kill(first.pid, signal.SIGTERM)
            first.wait(60)


def test_the_log_copy_writes_each_line_once_and_redacts_secrets_in_urls():
    import io

    from annotate.server import copy_log

    source = io.BytesIO(
        b'"GET /user/signup/?token=H9On0wbdx HTTP/1.1" 200\n'
        b'"GET /user/signup/?token=H9On0wbdx HTTP/1.1" 200\n'
        b"Not Found: /api/x\nNot Found: /api/x\nNot Found: /api/x\nsomething else\n"
    )
    log = io.BytesIO()
    copy_log(source, log)
    assert log.getvalue().splitlines() == [
        b'"GET /user/signup/?token=[redacted] HTTP/1.1" 200',
        b"Not Found: /api/x",
        b"something else",
    ]
