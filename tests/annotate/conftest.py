"""A real Label Studio server for the `labelstudio` tests, started with annotate.server.

A migrated template data dir (about a minute to build) is cached under ~/.cache/paperscope/, keyed
by the Label Studio version, so later sessions (and CI with a cache) start in a few seconds. Each
session copies it, picks a free port on 127.0.0.1 and stops the server's process group at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from annotate.server import Server, start

LS_BIN = Path(__file__).resolve().parents[2] / ".venv-ls" / "bin" / "label-studio"
ADMIN = "admin@paperscope.test"
PASSWORD = "paperscope-test-password"
TOKEN = "paperscope0test0legacy0token000000000000"  # 40 chars, set on the template's admin
ANNOTATOR = "second@paperscope.test"
ANNOTATOR_PASSWORD = "second-annotator-password"


@dataclass(frozen=True)
class LabelStudioServer:
    url: str
    token: str
    data_dir: Path
    pid: int


@dataclass(frozen=True)
class Annotator:
    email: str
    password: str
    token: str


def ls_version() -> str:
    for dist in LS_BIN.parents[1].glob("lib/python*/site-packages/label_studio-*.dist-info"):
        return dist.name.removeprefix("label_studio-").removesuffix(".dist-info")
    return "unknown"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home_env: dict[str, str] | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "PAPERSCOPE_LS_BIN": str(LS_BIN),
        "LABEL_STUDIO_USERNAME": ADMIN,
        "LABEL_STUDIO_PASSWORD": PASSWORD,
        "LABEL_STUDIO_USER_TOKEN": TOKEN,
        **(home_env or {}),
    }


def template_dir() -> Path:
    """The cached, migrated data dir with the admin account; built once per Label Studio version."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "paperscope"
    key = hashlib.sha256(f"{ADMIN}:{TOKEN}".encode()).hexdigest()[:8]
    template = cache / f"ls-template-{ls_version()}-{key}"
    if (template / "ready").exists():
        return template
    building = cache / f"{template.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    with (building / "server.log").open("wb") as log:
        server = start(building, free_port(), _env(), log)
        server.stop()
    (building / "server.log").unlink()
    (building / "ready").write_text(ls_version())
    try:
        building.rename(template)
    except OSError:  # another session finished first
        shutil.rmtree(building, ignore_errors=True)
    return template


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudioServer]:
    """A running Label Studio on a free loopback port, admin token ``TOKEN``."""
    if not LS_BIN.exists():
        pytest.skip("Label Studio is not installed in .venv-ls")
    data = tmp_path_factory.mktemp("ls-data")
    shutil.copytree(template_dir(), data, dirs_exist_ok=True)
    with (data / "server.log").open("wb") as log:
        server: Server = start(data, free_port(), _env(), log)
        try:
            yield LabelStudioServer(server.url, TOKEN, data, server.process.pid)
        finally:
            server.stop()


@pytest.fixture(scope="session")
def annotator(label_studio: LabelStudioServer) -> Annotator:
    """A second account, signed up through the organisation's invite link like a real annotator."""
    invite = httpx.get(
        f"{label_studio.url}/api/invite", headers={"Authorization": f"Token {label_studio.token}"}
    ).json()["token"]
    with httpx.Client(base_url=label_studio.url) as web:
        page = web.get("/user/signup/", params={"token": invite})
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf, "sign-up form has no CSRF token"
        reply = web.post(
            "/user/signup/",
            params={"token": invite},
            data={"email": ANNOTATOR, "password": ANNOTATOR_PASSWORD, "csrfmiddlewaretoken": csrf.group(1)},
            headers={"Referer": f"{label_studio.url}/user/signup/"},
        )
        assert reply.status_code == 302, reply.text[:300]
        token = web.get("/api/current-user/token").json()["token"]
    return Annotator(ANNOTATOR, ANNOTATOR_PASSWORD, token)
