"""A loopback HTTP proxy in front of a real server that starts failing after N requests.

Requests whose ``METHOD path`` matches ``match`` are counted; once ``after`` of them have passed,
the next matching request and every request after it fail, in one of three modes:

- ``http500``: answer 500 without forwarding (the server never saw the request);
- ``lost_reply``: forward the request, then answer 500 (the server did the work, the reply is lost);
- ``refuse``: drop the connection and close the listening socket (the server went away: further
  connections are refused).
"""

from __future__ import annotations

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Literal, Self
from urllib.parse import urlsplit

Mode = Literal["http500", "lost_reply", "refuse"]
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"}


class _Handler(BaseHTTPRequestHandler):
    server: _ProxyServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _relay(self) -> None:
        proxy = self.server.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = f"{self.command} {self.path}"
        with proxy.lock:
            proxy.requests += 1
            if not proxy.failed and proxy.match.search(request):
                proxy.matched += 1
            failing = bool(proxy.failed) or proxy.matched > proxy.after
            if failing:
                proxy.failed.append(request)
        if failing and proxy.mode == "refuse":
            self.close_connection = True
            threading.Thread(target=proxy.stop_listening, daemon=True).start()
            return
        if failing and proxy.mode == "http500":
            self._send(500, [("Content-Type", "application/json")], b'{"detail": "Internal Server Error"}')
            return
        status, headers, data = proxy.forward(self.command, self.path, self.headers.items(), body)
        if failing:  # lost_reply: the server has done it
            self._send(500, [("Content-Type", "application/json")], b'{"detail": "Internal Server Error"}')
            return
        self._send(status, headers, data)

    def _send(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in _HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _relay  # noqa: N815  (http.server names them)


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    proxy: FaultProxy


class FaultProxy:
    """``with FaultProxy(upstream, "http500", after=5) as proxy: proxy.url``."""

    def __init__(self, upstream: str, mode: Mode, *, after: int, match: str = "") -> None:
        parts = urlsplit(upstream)
        self.upstream_host, self.upstream_port = parts.hostname or "127.0.0.1", parts.port or 80
        self.mode = mode
        self.after = after
        self.match = re.compile(match)
        self.matched = 0
        self.requests = 0
        self.failed: list[str] = []
        self.lock = threading.Lock()
        self._server = _ProxyServer(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._listening = True

    def forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Send one request upstream; return its status, headers and body."""
        conn = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=120)
        try:
            sent = {k: v for k, v in headers if k.lower() not in _HOP | {"host", "accept-encoding"}}
            conn.request(method, path, body=body or None, headers=sent)
            reply = conn.getresponse()
            return reply.status, reply.getheaders(), reply.read()
        finally:
            conn.close()

    def stop_listening(self) -> None:
        """Close the listening socket: new connections are refused from now on."""
        with self.lock:
            if not self._listening:
                return
            self._listening = False
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop_listening()
        self._thread.join(10)
