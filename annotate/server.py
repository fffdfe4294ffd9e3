"""Start and stop a local Label Studio server from its own virtual environment (``.venv-ls``).

The server listens on 127.0.0.1 only (a port already in use is refused), dies with the process
that started it (a parent-death signal; SIGTERM, SIGHUP and Ctrl-C on ``verify serve`` stop it),
keeps its data under the work dir, takes its admin account from the environment only
(``LABEL_STUDIO_USERNAME`` / ``LABEL_STUDIO_PASSWORD``, optionally ``LABEL_STUDIO_USER_TOKEN`` for a
legacy API token), refuses sign-up without an invite link, and has Sentry, analytics and the version
check switched off. The pytest fixture uses the same functions.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from paperscope.errors import InputError, ServiceError
from paperscope.procs import die_with_parent
from paperscope.settings import REPO_ROOT

HOST = "127.0.0.1"
START_TIMEOUT = 240.0  # seconds; a fresh database migrates for about a minute

# Settings that keep the server private and quiet; Label Studio reads them from its environment.
QUIET_ENV = {
    "DJANGO_DB": "sqlite",
    "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    "COLLECT_ANALYTICS": "false",
    "LATEST_VERSION_CHECK": "false",
    "FEATURE_FLAGS_OFFLINE": "true",
    "LOCAL_FILES_SERVING_ENABLED": "false",
}
# a secret in a logged URL ("/user/signup/?token=..."), kept out of server.log
_SECRET_IN_URL = re.compile(rb"((?:token|password|key|secret)=)[^&\s\"']+", re.IGNORECASE)
PASSED_ON = ("LABEL_STUDIO_USERNAME", "LABEL_STUDIO_PASSWORD", "LABEL_STUDIO_USER_TOKEN")


def ls_binary(env: Mapping[str, str]) -> Path:
    """The ``label-studio`` script: ``$PAPERSCOPE_LS_BIN`` or ``.venv-ls/bin/label-studio`` in the repo."""
    path = Path(env.get("PAPERSCOPE_LS_BIN") or REPO_ROOT / ".venv-ls" / "bin" / "label-studio")
    if not path.is_file():
        raise InputError(
            f"{path}: Label Studio is not installed (run `bash scripts/setup.sh --test`, "
            "or set PAPERSCOPE_LS_BIN to a label-studio script)"
        )
    return path


def server_env(data_dir: Path, env: Mapping[str, str], pdf_root: Path | None = None) -> dict[str, str]:
    """The server's environment: system basics, the admin credentials from ``env``, and QUIET_ENV.

    ``pdf_root``: the PDF store (a home's ``pdfs`` folder), served to signed-in members of a project
    whose local-file storage is that folder (the tasks' PDF links). Label Studio wants a storage
    strictly inside its document root, so the root is the folder holding it (the home).
    """
    base = {k: env[k] for k in ("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR") if k in env}
    creds = {k: env[k] for k in PASSED_ON if env.get(k)}
    out = {
        **base,
        **creds,
        **QUIET_ENV,
        "HOME": str(data_dir / "home"),
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
    }
    if "LABEL_STUDIO_USER_TOKEN" in creds:
        out["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] = "true"  # noqa: S105 - a switch, not a secret
    if pdf_root is not None:
        root = str(pdf_root.resolve().parent)
        out |= {"LOCAL_FILES_SERVING_ENABLED": "true", "LOCAL_FILES_DOCUMENT_ROOT": root}
    return out


def check_credentials(data_dir: Path, env: Mapping[str, str]) -> None:
    """A first start needs an admin account from the environment; later starts reuse the stored one."""
    if (data_dir / "label_studio.sqlite3").exists():
        return
    missing = [k for k in PASSED_ON[:2] if not env.get(k)]
    if missing:
        raise InputError(
            f"first start of Label Studio in {data_dir}: set {' and '.join(missing)} in the environment "
            "(the admin account; never passed on the command line)"
        )


@dataclass(slots=True)
class Server:
    """A running Label Studio process and where it answers."""

    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    log_copier: threading.Thread | None = None

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server's whole process group (SIGTERM, then SIGKILL) and let its log copy finish."""
        stop_process(self.process, timeout)
        if self.log_copier is not None:
            self.log_copier.join(timeout=5)


def start(
    data_dir: Path,
    port: int,
    env: Mapping[str, str],
    log: IO[bytes],
    *,
    timeout: float = START_TIMEOUT,
    pdf_root: Path | None = None,
) -> Server:
    """Start Label Studio on 127.0.0.1:``port`` with data in ``data_dir``; return once /health answers.

    ``pdf_root``: the PDF store to serve for the tasks' PDF links (see :func:`server_env`).
    """
    binary = ls_binary(env)
    data_dir = data_dir.resolve()
    check_credentials(data_dir, env)
    refuse_busy_port(port)
    (data_dir / "home").mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            str(binary),
            "start",
            "--no-browser",
            "--internal-host",
            HOST,
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--log-level",
            "WARNING",
        ],
        env=server_env(data_dir, env, pdf_root),
        cwd=data_dir,  # never a folder holding mydata/: that would switch local-file serving on
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=die_with_parent(),  # noqa: PLW1509 - no other thread runs while the server starts
    )
    assert process.stdout is not None  # noqa: S101 - stdout=PIPE above
    copier = threading.Thread(target=copy_log, args=(process.stdout, log), daemon=True, name="ls-log")
    copier.start()
    url = f"http://{HOST}:{port}"
    try:
        wait_healthy(url, process, timeout)
    except BaseException:
        stop_process(process)
        copier.join(timeout=5)
        raise
    return Server(process, url, data_dir, copier)


def copy_log(source: IO[bytes], log: IO[bytes]) -> None:
    """Copy the server's output to its log, each line once and with secrets in URLs redacted.

    Label Studio's ``django`` logger writes every record twice: through its own handler and the root's.
    """
    previous = b""
    try:
        for line in iter(source.readline, b""):
            line = _SECRET_IN_URL.sub(rb"\1[redacted]", line)
            if line != previous:
                log.write(line)
                log.flush()
            previous = line
    except (OSError, ValueError):  # the log was closed under us: the server is going away
        pass
    finally:
        source.close()


def port_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:``port`` (a port in TIME_WAIT counts as free)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a listener fails it; TIME_WAIT does not
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def refuse_busy_port(port: int) -> None:
    """ServiceError (one line) when something already listens on 127.0.0.1:``port``.

    Label Studio would otherwise move to the next free port on the same data, and a second server
    would look like success.
    """
    if not port_free(port):
        raise ServiceError(
            f"{HOST}:{port} is already in use (another Label Studio?): stop it, or choose another --port"
        )


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll ``url``/health until it answers 200; ServiceError if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(
                f"Label Studio exited with code {process.returncode} before answering at {url}"
            )
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:  # noqa: S310 - our own http URL
                if reply.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise ServiceError(f"Label Studio did not answer at {url}/health within {timeout:.0f} s")


def stop_process(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """SIGTERM the process group, SIGKILL it if it is still there after ``timeout`` seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()
