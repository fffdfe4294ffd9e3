"""Serve a folder on 127.0.0.1 (a free port) from a background thread, for the demo's replica site."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files; ``/x`` also answers for ``/x/index.html``; no request log on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        return


class LoopbackSite:
    """A static site on ``http://127.0.0.1:<free port>``; use as a context manager."""

    def __init__(self, root: Path) -> None:
        handler = partial(_QuietHandler, directory=str(root))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The site's base URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
