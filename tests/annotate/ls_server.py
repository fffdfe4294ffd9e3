"""The real Label Studio used by the `labelstudio` tests: accounts, template data dir, free ports."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from annotate.server import start

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
    pdf_root: Path | None = None  # the PDF store the server serves to project members


@dataclass(frozen=True)
class Annotator:
    email: str
    password: str
    token: str


@dataclass(frozen=True)
class DeskServer:
    """An annotator's own blind desk: its server and the one annotator signed up there."""

    server: LabelStudioServer
    annotator: Annotator


def ls_version() -> str:
    for dist in LS_BIN.parents[1].glob("lib/python*/site-packages/label_studio-*.dist-info"):
        return dist.name.removeprefix("label_studio-").removesuffix(".dist-info")
    return "unknown"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(home_env: dict[str, str] | None = None) -> dict[str, str]:
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
        server = start(building, free_port(), env(), log)
        server.stop()
    (building / "server.log").unlink()
    (building / "ready").write_text(ls_version())
    try:
        building.rename(template)
    except OSError:  # another session finished first
        shutil.rmtree(building, ignore_errors=True)
    return template


def paperscope_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the ``paperscope`` CLI as a user does, with only ``env``'s paperscope and Label Studio settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERSCOPE_", "LABEL_STUDIO_"))}
    return subprocess.run([sys.executable, "-c", "from paperscope.cli import main; main()", *args], check=False,
                          capture_output=True, text=True, env={**clean, **(env or {})}, timeout=timeout)  # fmt: skip
