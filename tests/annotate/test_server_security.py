"""The local Label Studio is private: loopback only, tokens checked, no open sign-up, quiet."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.annotate.ls_server import ADMIN, PASSWORD, TOKEN, LabelStudioServer

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def non_loopback_ip() -> str | None:
    """This machine's address on its default route (no packet is sent), else one from `hostname -I`."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only
            ip = str(s.getsockname()[0])
        except OSError:
            ip = ""
    if ip and not ip.startswith("127."):
        return ip
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    return next((a for a in out.split() if "." in a and not a.startswith("127.")), None)


def test_wrong_or_missing_token_is_refused(label_studio: LabelStudioServer):
    api = f"{label_studio.url}/api/projects"
    assert httpx.get(api, headers={"Authorization": f"Token {label_studio.token}"}).status_code == 200
    wrong = httpx.get(api, headers={"Authorization": "Token " + "f" * 40})
    assert wrong.status_code == 401
    assert httpx.get(api, headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    assert httpx.get(api).status_code == 401


def test_not_reachable_on_a_non_loopback_address(label_studio: LabelStudioServer):
    ip = non_loopback_ip()
    if ip is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    port = int(label_studio.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # listening on loopback
    with (
        pytest.raises((ConnectionRefusedError, TimeoutError)),
        socket.create_connection((ip, port), timeout=5),
    ):
        pass
    listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
    local = {line.split()[1] for line in listening if line.split()[3] == "0A"}  # 0A = LISTEN
    assert f"0100007F:{port:04X}" in local  # 127.0.0.1:port
    assert f"00000000:{port:04X}" not in local  # not 0.0.0.0:port
    tcp6 = Path("/proc/net/tcp6")
    if tcp6.exists():  # nor any IPv6 address
        listening6 = [line.split() for line in tcp6.read_text().splitlines()[1:]]
        assert not [cols for cols in listening6 if cols[3] == "0A" and cols[1].endswith(f":{port:04X}")]


def test_sign_up_needs_an_invite(label_studio: LabelStudioServer):
    with httpx.Client(base_url=label_studio.url) as web:
        page = web.get("/user/signup/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf
        reply = web.post(
            "/user/signup/",
            data={
                "email": "intruder@example.com",
                "password": "intruder-pass-1",
                "csrfmiddlewaretoken": csrf.group(1),
            },
            headers={"Referer": f"{label_studio.url}/user/signup/"},
        )
    assert reply.status_code == 403
    assert "CSRF" not in reply.text  # refused for the missing invite, not for the form
    users = httpx.get(f"{label_studio.url}/api/users", headers={"Authorization": f"Token {TOKEN}"}).json()
    assert "intruder@example.com" not in {u["email"] for u in users}


def test_credentials_stay_off_the_command_line_and_telemetry_is_off(label_studio: LabelStudioServer):
    cmdline = Path(f"/proc/{label_studio.pid}/cmdline").read_bytes().decode().split("\0")
    assert "--internal-host" in cmdline
    assert cmdline[cmdline.index("--internal-host") + 1] == "127.0.0.1"
    assert not {PASSWORD, TOKEN, ADMIN} & set(cmdline)
    environ = dict(
        item.split("=", 1)
        for item in Path(f"/proc/{label_studio.pid}/environ").read_bytes().decode().split("\0")
        if "=" in item
    )
    assert environ["SENTRY_DSN"] == ""
    assert environ["FRONTEND_SENTRY_DSN"] == ""
    assert environ["COLLECT_ANALYTICS"] == "false"
    assert environ["LATEST_VERSION_CHECK"] == "false"
    assert environ["LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK"] == "true"
    assert Path(environ["LABEL_STUDIO_BASE_DATA_DIR"]) == label_studio.data_dir.resolve()
