"""A loopback OpenReview API for the ICLR crawl tests (served by ``tests.mockserver.openreview``).

ICLR 2020 on API v1 (decisions as reply notes, one only in its forum), ICLR 2024 on API v2 (status
in the venueid). Pages are capped at 2 notes so every listing pages. Bad cases: a 429 storm on
every route, a PDF behind repeated 429s, a missing PDF (404), a withdrawn paper whose PDF is
hidden (403), a desk rejection without PDF.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from pmlr_site import pdf_bytes

from tests.mockserver.process import REPO_ROOT, MirrorProcess

USER, PASSWORD, TOKEN = "crawler@example.org", "s3cret", "tok-123"
STORM = {"*": {"kind": "rate_limit", "times": 8, "seconds": 1, "via": "retry-after"}}


class OpenReviewProcess(MirrorProcess):
    """:class:`MirrorProcess` running the OpenReview API mock instead of the file server."""

    def __enter__(self) -> Self:
        faults_file = self.root.parent / f"{self.root.name}.faults.json"
        faults_file.write_text(json.dumps(self.faults))
        cmd = [
            sys.executable,
            "-m",
            "tests.mockserver.openreview",
            str(self.root),
            "--faults",
            str(faults_file),
        ]
        self._proc = subprocess.Popen(
            [*cmd, "--delay", str(self.delay)], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        self.url = self._proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self._proc.kill()
            raise RuntimeError(f"openreview mock did not start (said {self.url!r})")
        return self


@dataclass
class OpenReviewSite:
    """What each crawl mode must end with: store key -> ``stored`` or miss reason; key -> decision."""

    accepted: dict[str, str] = field(default_factory=dict)
    everything: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)
    faults: dict[str, dict[str, Any]] = field(default_factory=dict)


def _v1(nid: str, num: int, invitation: str, title: str, authors: list[str], ids: list[str],
        replies: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    note: dict[str, Any] = {
        "id": nid, "original": None, "number": num, "forum": nid, "replyto": None, "invitation": invitation,
        "content": {"title": title, "authors": authors, "authorids": ids, "abstract": f"About {title}.",
                    "keywords": ["kw"], "pdf": f"/pdf/{nid:0<40}.pdf"},
        "readers": ["everyone"],
    }  # fmt: skip
    if replies is not None:
        note["details"] = {"replyCount": len(replies), "directReplies": replies}
    return note


def _decision(forum: str, num: int, decision: str) -> dict[str, Any]:
    return {"id": f"dec{forum}", "forum": forum, "replyto": forum, "number": 1,
            "invitation": f"ICLR.cc/2020/Conference/Paper{num}/-/Decision",
            "content": {"title": "Paper Decision", "decision": decision}}  # fmt: skip


def _v2(nid: str, num: int, venueid: str, venue: str, title: str, *, pdf: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {
        "title": {"value": title}, "authors": {"value": [f"{title} Author", "Second Author"]},
        "authorids": {"value": [f"~{nid}_A1", "second@example.org"]}, "abstract": {"value": f"About {title}."},
        "venue": {"value": venue}, "venueid": {"value": venueid},
    }  # fmt: skip
    if pdf:
        content["pdf"] = {"value": f"/pdf/{nid:0<40}.pdf"}
    return {"id": nid, "forum": nid, "number": num, "domain": "ICLR.cc/2024/Conference",
            "invitations": ["ICLR.cc/2024/Conference/-/Submission"], "content": content, "version": 2}  # fmt: skip


def build_openreview(root: Path, *, extra_accepted: int = 0) -> OpenReviewSite:
    """Write ``api.json`` and the attachments; ``extra_accepted`` adds ICLR 2024 papers (for kill tests)."""
    out = OpenReviewSite()
    blind, notes = "ICLR.cc/2020/Conference/-/Blind_Submission", []
    v1 = [("acc1", 11, "Accept (Poster)"), ("acc2", 12, "Accept (Spotlight)"), ("acc3", 13, "Accept (Talk)"),
          ("rej1", 14, "Reject"), ("rej2", 15, "Reject"), ("late1", 16, "Accept (Poster)")]  # fmt: skip
    for nid, num, decision in v1:
        replies = (
            [] if nid == "late1" else [_decision(nid, num, decision)]
        )  # late1: decision only in its forum
        authors = ["Ann Author and Bob Builder", "and Cy Coder"] if nid == "acc1" else [f"{nid} Author"]
        ids = ["~Ann_Author1", "bob@example.org", "~Cy_Coder2"] if nid == "acc1" else [f"~{nid}_Author1"]
        notes += [_v1(nid, num, blind, f"Paper {nid}", authors, ids, replies), _decision(nid, num, decision)]
        status = "accepted" if decision.startswith("Accept") else "rejected"
        out.decisions[f"iclr/2020/main/{nid}"] = f"{status}: {decision}"
    notes.append(
        _v1(
            "wdr1",
            17,
            "ICLR.cc/2020/Conference/-/Withdrawn_Submission",
            "Withdrawn 2020",
            ["W A"],
            ["~W_A1"],
            [],
        )
    )
    notes.append(
        _v1(
            "desk1",
            18,
            "ICLR.cc/2020/Conference/-/Desk_Rejected_Submission",
            "Desk 2020",
            ["D A"],
            ["~D_A1"],
            [],
        )
    )
    out.decisions |= {"iclr/2020/main/wdr1": "withdrawn", "iclr/2020/main/desk1": "desk_rejected"}
    venue = "ICLR.cc/2024/Conference"
    v2 = [_v2(f"a{i}", i, venue, "ICLR 2024 poster", f"Accepted {i}") for i in range(1, 5 + extra_accepted)]
    v2 += [
        _v2("r1", 101, f"{venue}/Rejected_Submission", "Submitted to ICLR 2024", "Rejected 1"),
        _v2("wd1", 102, f"{venue}/Withdrawn_Submission", "ICLR 2024 Conference Withdrawn Submission", "Withdrawn 1"),
        _v2("dr1", 103, f"{venue}/Desk_Rejected_Submission", "ICLR 2024 Conference Desk Rejected Submission",
            "Desk 1", pdf=False),
    ]  # fmt: skip
    notes += v2
    for note in notes:
        if "pdf" in note.get("content", {}):
            (root / "attachments" / note["id"]).mkdir(parents=True, exist_ok=True)
            (root / "attachments" / note["id"] / "pdf").write_bytes(pdf_bytes(f"OpenReview {note['id']}"))
    (root / "attachments" / "a2" / "pdf").unlink()  # listed, but its PDF is gone: a 404
    for note in v2:
        status = (
            note["content"]["venueid"]["value"].removeprefix(venue).strip("/").removesuffix("_Submission")
        )
        status = {
            "": "accepted",
            "Rejected": "rejected",
            "Withdrawn": "withdrawn",
            "Desk_Rejected": "desk_rejected",
        }[status]
        out.decisions[f"iclr/2024/main/{note['id']}"] = f"{status}: {note['content']['venue']['value']}"
    for key, decision in out.decisions.items():
        outcome = {"iclr/2024/main/a2": "http_status", "iclr/2024/main/wd1": "http_status",
                   "iclr/2024/main/dr1": "no_pdf_link"}.get(key, "stored")  # fmt: skip
        out.everything[key] = outcome
        if decision.startswith("accepted"):
            out.accepted[key] = outcome
    out.faults = {
        # more 429s than the generic retries allow (3), each naming its wait a different way
        "/attachment?id=a3&name=pdf": {
            "kind": "rate_limit",
            "times": 4,
            "seconds": 1,
            "via": "ratelimit-reset",
        },
        "/attachment?id=a4&name=pdf": {"kind": "rate_limit", "times": 4, "seconds": 1, "via": "body"},
        "/attachment?id=wd1&name=pdf": {"kind": "status", "status": 403},
    }
    api = {"user": USER, "password": PASSWORD, "token": TOKEN, "page_cap": 2, "notes": notes}
    root.mkdir(parents=True, exist_ok=True)
    (root / "api.json").write_text(json.dumps(api))
    return out
