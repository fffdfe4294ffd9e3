"""A loopback OpenReview API (v1 and v2 routes on one port) for crawl tests.

Run as ``python -m tests.mockserver.openreview ROOT [--faults FAULTS.json] [--delay S]``; like
:mod:`tests.mockserver.server` it prints ``http://127.0.0.1:<port>`` first and counts hits. ``ROOT``
holds ``api.json`` (``{"user", "password", "token", "notes": [...], "page_cap": N}``, notes in the
API's own v1 or v2 shape; ``page_cap`` makes pages shorter than ``limit``, as a server may; ``short_by`` N serves N notes fewer than
the listing's stated count; ``counts`` maps an invitation or venueid to the count a listing states
(a recorded answer's real total beside its trimmed notes); a forum's notes are faulted under the route ``/notes?forum=<id>``) and ``attachments/<note id>/<name>`` files. It answers as the real API does:

- ``POST /login`` -> ``{"token"}`` or a 403 JSON error; any other request without
  ``Authorization: Bearer <token>`` -> the 200 HTML browser check;
- ``GET /notes`` by ``invitation`` (v1), ``content.venueid`` (v2) or ``forum``, paged by ``limit``
  (<= 1000, else a 400) and ``offset``; v1 always states ``count``, v2 only with ``offset``;
  ``details`` only when asked for;
- ``GET /attachment?id=&name=`` -> the file, or a 404 JSON ``NotFoundError``.

Faults are keyed by route (``/notes``, ``/attachment?id=X&name=pdf``) or ``*`` (every request);
besides :mod:`tests.mockserver.server`'s kinds, ``rate_limit`` answers the first ``times`` requests
with a 429 ``RateLimitError`` whose wait (``seconds``) is given as ``via``: ``retry-after`` (a
header), ``ratelimit-reset`` (a header) or ``body`` (``details.resetTime``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.mockserver.server import MirrorHandler, MirrorServer

CHALLENGE = b"<!DOCTYPE html><html><head><title>Verifying your browser | OpenReview</title></head><body></body></html>"


def _venueid(note: dict[str, Any]) -> str | None:
    field = (note.get("content") or {}).get("venueid")
    return field.get("value") if isinstance(field, dict) else field


class OpenReviewHandler(MirrorHandler):
    """The API routes above, with the base handler's fault kinds and hit counting."""

    _body: bytes | None = None

    def _route(self) -> tuple[str, dict[str, str]]:
        parts = urlsplit(self.path)
        return parts.path, dict(parse_qsl(parts.query))

    def _count(self, route: str) -> tuple[int, int]:
        with self.server.lock:
            self.server.hits[route] += 1
            self.server.hits["*"] += 1
            return self.server.hits[route], self.server.hits["*"]

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _rate_limited(self, fault: dict[str, Any], n: int) -> bool:
        if n > fault.get("times", 1):
            return False
        wait = float(fault.get("seconds", 1))
        reset = datetime.now(UTC) + timedelta(seconds=wait)
        via = fault.get("via", "retry-after")
        headers = {"ratelimit-policy": "500;w=3600", "ratelimit-remaining": "0"}
        if via == "retry-after":
            headers["Retry-After"] = str(int(wait))
        elif via == "ratelimit-reset":
            headers["ratelimit-reset"] = str(int(wait))
        msg = f"Too many requests: You have made 37 requests, surpassing the limit of 36 requests. ({n})"
        details = {"limit": 36, "remaining": 0, "resetTime": reset.isoformat(timespec="milliseconds")}
        self._json(
            429, {"name": "RateLimitError", "message": msg, "status": 429, "details": details}, headers
        )
        return True

    def _faulted(self, route: str, path: str, counts: tuple[int, int]) -> bool:
        for key, n in ((route, counts[0]), ("*", counts[1])):
            fault = self.server.faults.get(key)
            if fault is None:
                continue
            if fault["kind"] == "rate_limit":
                if self._rate_limited(fault, n):
                    return True
            elif self._fault(fault, path, n):
                return True
        return False

    def _file_bytes(self, path: str) -> bytes | None:  # the base faults "cut"/"truncate" read this
        return self._body

    def do_POST(self) -> None:  # noqa: N802  (http.server names)
        path, _ = self._route()
        self._count(path)
        api = self.server.api  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        try:
            creds = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            creds = {}
        if path != "/login":
            self._json(404, {"name": "NotFoundError", "message": f"{path} not found", "status": 404})
        elif creds.get("id") == api["user"] and creds.get("password") == api["password"]:
            self._json(200, {"token": api["token"], "user": {"id": "~Crawler_Test1"}})
        else:
            self._json(
                403, {"name": "ForbiddenError", "message": "Invalid username or password", "status": 403}
            )

    def do_GET(self) -> None:  # noqa: N802  (http.server names)
        path, query = self._route()
        route = path if path != "/attachment" else f"{path}?id={query.get('id')}&name={query.get('name')}"
        if path == "/notes" and "forum" in query:  # a forum's notes can be faulted one by one
            route = f"{path}?forum={query['forum']}"
        counts = self._count(route)
        if path == "/_hits":
            self._send(200, json.dumps(self.server.hits).encode(), "application/json")
            return
        api = self.server.api  # type: ignore[attr-defined]
        if self.headers.get("Authorization") != f"Bearer {api['token']}":
            self._send(200, CHALLENGE, "text/html; charset=utf-8")
            return
        self._body = self._attachment(query) if path == "/attachment" else None
        if self._faulted(route, path, counts):
            return
        if path == "/notes":
            self._notes(api["notes"], query)
        elif path == "/profiles":
            wanted = set(query.get("ids", "").split(","))
            self._json(200, {"profiles": [p for p in api.get("profiles", []) if p.get("id") in wanted]})
        elif path == "/attachment" and self._body is not None:
            ctype = "application/pdf" if query.get("name") == "pdf" else "application/zip"
            self._send(200, self._body, ctype)
        else:
            self._json(404, {"name": "NotFoundError", "message": f"{self.path} not found", "status": 404})

    def _attachment(self, query: dict[str, str]) -> bytes | None:
        target = self.server.root / "attachments" / query.get("id", "") / query.get("name", "")
        return target.read_bytes() if target.is_file() and self.server.root in target.parents else None

    def _notes(self, notes: list[dict[str, Any]], query: dict[str, str]) -> None:
        limit = int(query.get("limit", "1000"))
        if limit > 1000:
            msg = f"limit must be <= 1000 (req {limit})"
            self._json(400, {"name": "ValidationError", "message": msg, "status": 400})
            return
        if "forum" in query:
            hits = [n for n in notes if n.get("forum") == query["forum"]]
        elif "invitation" in query:
            hits = [n for n in notes if n.get("invitation") == query["invitation"]]
        elif "content.venueid" in query:
            hits = [n for n in notes if "invitations" in n and _venueid(n) == query["content.venueid"]]
        else:
            hits = []
        total = len(hits)
        if "forum" not in query:  # ``short_by``: a listing that serves fewer notes than its count
            hits = hits[: max(0, total - int(self.server.api.get("short_by", 0)))]  # type: ignore[attr-defined]
        offset = int(query.get("offset", "0"))
        page = hits[offset : offset + min(limit, int(self.server.api.get("page_cap", limit)))]  # type: ignore[attr-defined]
        if "directReplies" not in query.get("details", ""):
            page = [{k: v for k, v in n.items() if k != "details"} for n in page]
        data: dict[str, Any] = {"notes": page}
        if "offset" in query or "invitation" in query or "forum" in query:
            # ``counts``: a listing's stated total (a recorded answer's real count beside its trimmed notes)
            stated = self.server.api.get("counts", {}).get(
                query.get("invitation") or query.get("content.venueid")
            )  # type: ignore[attr-defined]
            data["count"] = max(total, int(stated or 0))
        self._json(200, data, {"ratelimit-policy": "500;w=3600"})


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, print the URL, serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--faults", type=Path)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args(argv)
    faults = json.loads(args.faults.read_text()) if args.faults else {}
    server = MirrorServer(args.root, faults, args.delay)
    server.RequestHandlerClass = OpenReviewHandler
    server.api = json.loads((args.root / "api.json").read_text())  # type: ignore[attr-defined]
    sys.stdout.write(server.url + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
