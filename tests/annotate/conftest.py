"""A real Label Studio server for the `labelstudio` tests, started with annotate.server.

A migrated template data dir (about a minute to build) is cached under ~/.cache/paperscope/, keyed
by the Label Studio version, so later sessions (and CI with a cache) start in a few seconds. Each
session copies it, picks a free port on 127.0.0.1 and stops the server's process group at the end.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from annotate.server import Server, start
from tests.annotate.ls_server import (
    ANNOTATOR,
    ANNOTATOR_PASSWORD,
    LS_BIN,
    TOKEN,
    Annotator,
    DeskServer,
    LabelStudioServer,
    env,
    free_port,
    template_dir,
)


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudioServer]:
    """A running Label Studio on a free loopback port, admin token ``TOKEN``, serving ``pdf_root``.

    Tests whose tasks' PDF links must open keep their PDFs in ``pdf_root`` (a content-addressed
    store: tests sharing it cannot disturb each other).
    """
    if not LS_BIN.exists():
        pytest.skip("Label Studio is not installed in .venv-ls")
    data = tmp_path_factory.mktemp("ls-data")
    pdf_root = tmp_path_factory.mktemp("served-home") / "pdfs"  # as a home's PDF store
    pdf_root.mkdir()
    shutil.copytree(template_dir(), data, dirs_exist_ok=True)
    with (data / "server.log").open("wb") as log:
        server: Server = start(data, free_port(), env(), log, pdf_root=pdf_root)
        try:
            yield LabelStudioServer(server.url, TOKEN, data, server.process.pid, pdf_root)
        finally:
            server.stop()


def sign_up(server: LabelStudioServer, email: str, password: str) -> Annotator:
    """An account signed up through the server's invite link, as a real annotator does; its API token."""
    invite = httpx.get(f"{server.url}/api/invite", headers={"Authorization": f"Token {server.token}"}).json()
    with httpx.Client(base_url=server.url) as web:
        page = web.get("/user/signup/", params={"token": invite["token"]})
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf, "sign-up form has no CSRF token"
        reply = web.post(
            "/user/signup/",
            params={"token": invite["token"]},
            data={"email": email, "password": password, "csrfmiddlewaretoken": csrf.group(1)},
            headers={"Referer": f"{server.url}/user/signup/"},
        )
        assert reply.status_code == 302, reply.text[:300]
        token = web.get("/api/current-user/token").json()["token"]
    return Annotator(email, password, token)


@pytest.fixture(scope="session")
def annotator(label_studio: LabelStudioServer) -> Annotator:
    """A second account, signed up through the organisation's invite link like a real annotator."""
    return sign_up(label_studio, ANNOTATOR, ANNOTATOR_PASSWORD)


@pytest.fixture(scope="session")
def desks(
    tmp_path_factory: pytest.TempPathFactory, label_studio: LabelStudioServer
) -> Iterator[list[DeskServer]]:
    """Two annotators' own blind desks: a server each, same admin, each annotator signed up at theirs only."""
    out = []
    with ExitStack() as running:
        for who in ("desk-a@paperscope.test", "desk-b@paperscope.test"):
            data = tmp_path_factory.mktemp("ls-desk")
            shutil.copytree(template_dir(), data, dirs_exist_ok=True)
            log = running.enter_context((data / "server.log").open("wb"))
            server = start(data, free_port(), env(), log, pdf_root=label_studio.pdf_root)
            running.callback(server.stop)
            desk = LabelStudioServer(server.url, TOKEN, data, server.process.pid, label_studio.pdf_root)
            out.append(DeskServer(desk, sign_up(desk, who, f"{who}-password")))
        yield out


@pytest.fixture
def ls(label_studio: LabelStudioServer) -> Iterator[Any]:
    """The admin's SDK client; the CLI's projects ("paperscope: <field>") are removed before and after."""
    from label_studio_sdk import LabelStudio

    def clear() -> None:
        for p in sdk.projects.list():
            if p.title.startswith("paperscope: "):
                sdk.projects.delete(p.id)

    with httpx.Client(timeout=60) as http:
        sdk = LabelStudio(base_url=label_studio.url, api_key=label_studio.token, httpx_client=http)
        clear()
        yield sdk
        clear()
