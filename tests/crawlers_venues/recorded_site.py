"""Loopback mirrors built from the real sites' recorded responses in ../shared/corpus/html.

Each builder writes the recorded markup (NeurIPS, PMLR) or the recorded notes (OpenReview) under a
root that :mod:`tests.mockserver` serves, with the live hosts' absolute links rewritten to the mirror.
Only what the recordings lack is added, and said so: PDFs (the recordings hold no PDF), paper pages
for listed papers whose page was not recorded (made from a recorded page of the same kind with that
paper's id and title swapped in), and OpenReview profiles (none were recorded). Nothing from
../shared is committed: the mirrors are written under pytest's temporary folders.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmlr_site import pdf_bytes

from tests.crawlers.sitegen import write

NEURIPS = "https://proceedings.neurips.cc"
PMLR = "https://proceedings.mlr.press"
GITHUB = "https://raw.githubusercontent.com"
_ENTRY = re.compile(
    r'href="(/paper_files/paper/2024/hash/([0-9a-f]{32})-Abstract-([A-Za-z_]+)\.html)">([^<]+)<'
)
_TEMPLATE_TITLE = re.compile(r"Synthetic title \d+(?!\d)")
_DOI = re.compile(r"10\.52202/079017-\d{4}")


def recorded(shared: Path, name: str) -> dict[str, Any]:
    """One recorded exchange (``{"_recorded", "request", "response"}``) by its corpus path."""
    data: dict[str, Any] = json.loads((shared / "corpus" / "html" / name).read_text(encoding="utf-8"))
    return data


def recorded_text(shared: Path, name: str, hosts: dict[str, str]) -> str:
    """A recorded page's markup with each live origin in ``hosts`` replaced by its mirror's."""
    text = str(recorded(shared, name)["response"]["text"])
    for live, mirror in hosts.items():
        text = text.replace(live, mirror)
    return text


# -- NeurIPS ---------------------------------------------------------------------------------------


@dataclass
class NeuripsMirror:
    """Store key -> title of every paper the recorded 2024 year page lists."""

    titles: dict[str, str] = field(default_factory=dict)


def build_neurips_2024(shared: Path, root: Path, *, doi: str | None = None) -> NeuripsMirror:
    """The recorded 2024 year page, a paper page and a PDF for each paper it lists.

    A listed paper whose page was recorded gets that page; the others get the recorded page of their
    track (main or D&B) with their hash and title. ``doi`` puts one DOI on every page (a site that
    repeats an id); otherwise each page keeps the DOI its template was recorded with, numbered apart.
    """
    hosts = {NEURIPS: ""}  # root-relative: the links stay on whatever host serves the mirror
    write(root, "/robots.txt", "User-agent: *\n")
    year_page = recorded_text(shared, "neurips/2024/year-index.json", hosts)
    write(root, "/paper_files/paper/2024", year_page)
    files = {"Conference": "neurips/2024/abstract-bare-lt.json",
             "Datasets_and_Benchmarks_Track": "neurips/2024/abstract-db-track.json"}  # fmt: skip
    pages = {token: recorded_text(shared, name, hosts) for token, name in files.items()}
    template_hash = {
        token: str(recorded(shared, name)["request"]["url"]).rsplit("/", 1)[1][:32]
        for token, name in files.items()
    }
    own = {template_hash[token]: page for token, page in pages.items()}  # a listed paper's recorded page
    out = NeuripsMirror()
    for n, (path, digest, token, title) in enumerate(_ENTRY.findall(year_page)):
        page = own.get(digest) or pages[token].replace(template_hash[token], digest)
        page = _TEMPLATE_TITLE.sub(title, page)
        page = _DOI.sub(doi or f"10.52202/079017-{9000 + n}", page)
        write(root, path, page)
        write(
            root, f"/paper_files/paper/2024/file/{digest}-Paper-{token}.pdf", pdf_bytes(f"NeurIPS {digest}")
        )
        track = "main" if token == "Conference" else "datasets"
        out.titles[f"neurips/2024/{track}/{digest}"] = title
    assert len(out.titles) >= 4, "the recorded 2024 year page lists fewer papers than it did"
    return out


# -- PMLR (ICML) -----------------------------------------------------------------------------------


def build_icml_2024(shared: Path, root: Path, github: Path, site_url: str, github_url: str) -> list[str]:
    """The recorded v235 volume page and paper page (links to both mirrors), a PDF per listed paper.

    Returns the PMLR ids the volume page lists, in order. Only ``abe24a``'s page was recorded.
    """
    hosts = {PMLR: site_url, GITHUB: github_url}
    write(root, "/", recorded_text(shared, "pmlr/index.json", hosts))
    volume = recorded_text(shared, "pmlr/v235/volume-index.json", hosts)
    write(root, "/v235/", volume)
    write(root, "/v235/abe24a.html", recorded_text(shared, "pmlr/v235/paper.json", hosts))
    ids = list(
        dict.fromkeys(
            re.findall(re.escape(github_url) + r"/mlresearch/v235/main/assets/([^/]+)/\1\.pdf", volume)
        )
    )
    for pmlr_id in ids:
        write(github, f"/mlresearch/v235/main/assets/{pmlr_id}/{pmlr_id}.pdf", pdf_bytes(f"PMLR {pmlr_id}"))
    assert len(ids) >= 3, "the recorded v235 volume page lists fewer papers than it did"
    return ids


# -- OpenReview (ICLR) -----------------------------------------------------------------------------

_ICLR_2018 = (
    "notes-blind-accepted-with-withdrawn-twin",
    "notes-blind-authors-and",
    "notes-blind-listing",
    "notes-withdrawn-listing",
    "notes-withdrawn-twin-of-accepted",
    "forum-accepted-with-withdrawn-twin",
    "forum-rejected",
)
_ICLR_2024 = (  # notes-count last: its note carries only an id (``select=id``), its answer the count
    "notes-accepted",
    "notes-presentation-conference",
    "notes-rejected",
    "notes-withdrawn",
    "notes-desk-rejected",
    "notes-count",
)


@dataclass
class OpenReviewMirror:
    """The notes served, the counts the recorded listings state, and the submissions among the notes."""

    notes: list[dict[str, Any]]
    counts: dict[str, int]
    submissions: dict[str, dict[str, Any]]  # store key -> note


def _listing_key(request_url: str) -> str | None:
    query = dict(p.split("=", 1) for p in request_url.split("?", 1)[1].split("&"))
    return query.get("invitation") or query.get("content.venueid")


def iclr_notes(shared: Path) -> OpenReviewMirror:
    """ICLR 2018 (API v1: decisions in forums, a withdrawn twin) and 2024 (API v2) as recorded."""
    notes: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    files = [f"openreview/v1/iclr-2018/{n}.json" for n in _ICLR_2018]
    files += [f"openreview/v2/iclr-2024/{n}.json" for n in _ICLR_2024]
    for name in files:
        data = recorded(shared, name)
        answer = data["response"]["json"]
        key = _listing_key(data["request"]["url"])
        if "forum=" not in data["request"]["url"] and key and "count" in answer:
            counts[key] = max(counts.get(key, 0), int(answer["count"]))
        for note in answer["notes"]:
            notes.setdefault(note["id"], note)
    _unique_titles(notes.values())
    submissions = {}
    for note in notes.values():
        invitation = note.get("invitation") or ""
        if invitation.endswith("_Submission") or note.get("version") == 2 or "invitations" in note:
            year = 2018 if invitation else 2024
            submissions[f"iclr/{year}/main/{note['id']}"] = note
    return OpenReviewMirror(list(notes.values()), counts, submissions)


def _unique_titles(notes: Any) -> None:
    """Number apart synthetic titles that collide across recordings ("Synthetic title text 1." is in many).

    The recordings were scrubbed file by file, so two different papers can carry one synthetic
    title, which would make them twins; notes naming one PDF keep their recorded titles.
    """
    seen: dict[str, str] = {}  # title -> PDF of the first note with it
    for note in notes:
        content = note.get("content") or {}
        field = content.get("title")
        title = field.get("value") if isinstance(field, dict) else field
        kind = (note.get("invitation") or "").split("/-/")[-1]
        if not title or ("invitations" not in note and kind not in _SUBMISSIONS):
            continue
        if title in seen and seen[title] != pdf_value(note):
            title = f"{title} ({note['id']})"
            content["title"] = {"value": title} if isinstance(field, dict) else title
        seen.setdefault(title, pdf_value(note))


_SUBMISSIONS = {"Blind_Submission", "Withdrawn_Submission", "Desk_Rejected_Submission", "Submission"}


def pdf_value(note: dict[str, Any]) -> str:
    """The note's ``content.pdf`` in either API shape ('' when it has none)."""
    value = (note.get("content") or {}).get("pdf")
    return str((value.get("value") if isinstance(value, dict) else value) or "")


def write_openreview_api(root: Path, mirror: OpenReviewMirror, api: dict[str, Any]) -> None:
    """``api.json`` for :mod:`tests.mockserver.openreview` and one PDF per attachment.

    Notes naming one PDF path (a withdrawn twin) get the same bytes, as the real attachment store does.
    """
    for note in mirror.notes:
        if pdf := pdf_value(note):
            target = root / "attachments" / note["id"] / "pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf_bytes(f"OpenReview {pdf}"))
    root.mkdir(parents=True, exist_ok=True)
    (root / "api.json").write_text(json.dumps({**api, "notes": mirror.notes}))


def profiles_for(notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A synthetic profile (none were recorded) for every ``~`` author id of the v2 notes.

    Odd-numbered people were at a university, even-numbered ones at a company, from 2020 on.
    """
    out = []
    for note in notes:
        ids = (
            ((note.get("content") or {}).get("authorids") or {}).get("value")
            if "invitations" in note
            else None
        )
        for pid in ids or []:
            if not str(pid).startswith("~") or any(p["id"] == pid for p in out):
                continue
            odd = int(re.sub(r"\D", "", pid) or 0) % 2
            institution = {"name": "Carnegie Mellon University", "domain": "cmu.edu"} if odd else {
                "name": "Google", "domain": "google.com"}  # fmt: skip
            out.append({"id": pid, "content": {"history": [{"position": "Researcher", "institution": institution,
                                                              "start": 2020, "end": None}]}})  # fmt: skip
    return out
