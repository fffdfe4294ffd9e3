"""Serve a folder on 127.0.0.1 (a free port) with configurable fault routes; print the base URL.

Run as ``python -m tests.mockserver.server ROOT [--faults FAULTS.json] [--delay SECONDS]``; the
first line on stdout is ``http://127.0.0.1:<port>``. Reused by every venue's crawl tests.

Fault routes map a URL path to one behaviour (``kind``):

- ``status``: answer ``status`` with a small HTML body (e.g. 404, 500).
- ``fail_then_ok``: answer ``status`` for the first ``times`` requests, then serve the file.
- ``error_page_then_ok``: a 200 "503 Service Unavailable" page for the first ``times`` requests.
- ``redirect``: answer ``status`` (default 301) with ``Location: location``.
- ``html_as_pdf``: a 200 HTML error page with ``Content-Type: application/pdf``.
- ``cut``: promise the full ``Content-Length`` but close after ``fraction`` of the body.
- ``truncate``: serve the first ``fraction`` of the file as a complete response.
- ``delay``: wait ``seconds`` before serving the file (timeouts).

``GET /_hits`` returns the request counts per path as JSON (for "fetched again?" checks). A path
``/x`` with no file is answered from ``/x/index.html``; every response can be slowed with ``--delay``.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class MirrorHandler(BaseHTTPRequestHandler):
    """Files from ``server.root``; fault routes from ``server.faults``."""

    server: MirrorServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        with self.server.lock:
            self.server.hits[path] += 1
            n = self.server.hits[path]
        if self.server.delay:
            time.sleep(self.server.delay)
        if path == "/_hits":
            self._send(200, json.dumps(self.server.hits).encode(), "application/json")
            return
        fault = self.server.faults.get(path)
        if fault is None or not self._fault(fault, path, n):
            self._serve_file(path)

    def _fault(self, fault: dict[str, Any], path: str, n: int) -> bool:
        """Apply a fault; return False when the file should be served after all."""
        kind = fault["kind"]
        if kind == "status":
            self._send(fault["status"], f"<html><body>{fault['status']}</body></html>".encode(), "text/html")
        elif kind == "fail_then_ok":
            if n > fault.get("times", 1):
                return False
            self._send(fault.get("status", 500), b"<html><body>try again</body></html>", "text/html")
        elif kind == "error_page_then_ok":
            if n > fault.get("times", 1):
                return False
            body = (
                b"<html><head><title>503 Service Temporarily Unavailable</title></head><body></body></html>"
            )
            self._send(200, body, "text/html")
        elif kind == "redirect":
            self.send_response(fault.get("status", 301))
            self.send_header("Location", fault["location"])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif kind == "html_as_pdf":
            body = b"<!DOCTYPE html><html><head><title>Error</title></head><body>Not found</body></html>"
            self._send(200, body, "application/pdf")
        elif kind in {"cut", "truncate"}:
            data = self._file_bytes(path)
            if data is None:
                self._send(404, b"missing", "text/plain")
                return True
            part = data[: int(len(data) * fault.get("fraction", 0.5))]
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(data) if kind == "cut" else len(part)))
            self.end_headers()
            self.wfile.write(part)
            self.wfile.flush()
            if kind == "cut":
                self.close_connection = True
        elif kind == "delay":
            time.sleep(fault["seconds"])
            return False
        else:
            raise ValueError(f"unknown fault kind {kind!r}")
        return True

    def _file_bytes(self, path: str) -> bytes | None:
        target = (self.server.root / path.lstrip("/")).resolve()
        if self.server.root not in target.parents and target != self.server.root:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target.read_bytes() if target.is_file() else None

    def _serve_file(self, path: str) -> None:
        data = self._file_bytes(path)
        if data is None:
            self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            return
        name = path if not path.endswith("/") and Path(path).suffix else "index.html"
        ctype = mimetypes.guess_type(name)[0] or "text/html"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        self._send(200, data, ctype)

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class MirrorServer(ThreadingHTTPServer):
    """The mirror: root folder, fault routes, hit counts, optional per-response delay."""

    daemon_threads = True

    def __init__(self, root: Path, faults: dict[str, dict[str, Any]], delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), MirrorHandler)
        self.root = root.resolve()
        self.faults = faults
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up (a killed crawl, a cut response); report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.server_address[1]}"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, print the URL, serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--faults", type=Path, help="JSON: {path: {kind: ..., ...}}")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every response")
    args = parser.parse_args(argv)
    faults = json.loads(args.faults.read_text()) if args.faults else {}
    server = MirrorServer(args.root, faults, args.delay)
    sys.stdout.write(server.url + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
