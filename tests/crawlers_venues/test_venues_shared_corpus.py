"""Every PMLR and OpenReview page object over the recorded responses in ../shared/corpus/html.

Marked ``shared``: skipped when ../shared is absent. Nothing from ../shared is committed.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
from web_poet import HttpResponse

from crawlers.pages.layouts import LayoutChanged
from crawlers.pages.openreview import ApiError, AuthenticationRequired, NotesPage
from crawlers.pages.pmlr import PmlrPaperPage, PmlrVolumePage, volume_problem
from crawlers.pmlr_volumes import icml_volumes

pytestmark = pytest.mark.shared


def _recorded(path: Path) -> HttpResponse:
    data = json.loads(path.read_text(encoding="utf-8"))
    r = data["response"]
    body = r["text"].encode() if "text" in r else json.dumps(r["json"]).encode()
    return HttpResponse(url=data["request"]["url"], body=body, status=r["status"], headers=r["headers"])


def _files(shared_dir: Path, pattern: str) -> list[Path]:
    files = sorted((shared_dir / "corpus" / "html").glob(pattern))
    assert files, f"no recorded responses match {pattern}"
    return files


def _item(page: Any, response: HttpResponse) -> Any:
    return asyncio.run(page(response=response).to_item())


def test_every_recorded_pmlr_volume_page_parses_without_a_layout_miss(shared_dir):
    icml = {v: y for y, v in icml_volumes().items()}
    for path in _files(shared_dir, "pmlr/v*/volume-index.json"):
        response = _recorded(path)
        volume = _item(PmlrVolumePage, response)
        papers = len(re.findall(rb'<div class="paper">', bytes(response.body)))
        assert (len(volume.entries), volume.unparsed) == (papers, 0), path
        assert all(e.key and e.pdf_url and e.abs_url.endswith(f"/{e.key}.html") for e in volume.entries), path
        if volume.volume in icml:  # v81 (FAT*) and v220 (NeurIPS competitions) are PMLR but not ICML
            assert volume_problem(volume, volume.volume) is None, path
            if icml[volume.volume] >= 2024:  # PDFs moved to GitHub
                assert all(e.pdf_url.startswith("https://raw.githubusercontent.com/") for e in volume.entries)
            if icml[volume.volume] >= 2023:
                assert all(e.openreview_id for e in volume.entries), path
        else:
            assert volume_problem(volume, volume.volume) is not None, path


def test_every_recorded_pmlr_paper_page_parses_with_the_pdf_it_names(shared_dir):
    for path in _files(shared_dir, "pmlr/v*/paper*.json"):
        response = _recorded(path)
        paper = _item(PmlrPaperPage, response)
        meta = re.search(rb'name="citation_pdf_url" content="([^"]+)"', bytes(response.body))
        assert meta is not None, path
        assert paper.pdf_url == meta[1].decode(), path
        assert (bool(paper.title), bool(paper.authors), bool(paper.abstract)) == (True, True, True), path
        assert paper.year == int(
            re.search(rb"citation_publication_date\" content=\"(\d{4})", bytes(response.body))[1]
        )
    bare = _item(PmlrPaperPage, _recorded(shared_dir / "corpus/html/pmlr/v202/paper-bare-lt.json"))
    assert "$P_T< \\! \\!<P_S$" in bare.abstract
    assert bare.abstract.endswith("Synthetic closing sentence.")


def test_the_pmlr_site_index_is_not_mistaken_for_a_volume(shared_dir):
    with pytest.raises(LayoutChanged):
        _item(PmlrVolumePage, _recorded(shared_dir / "corpus/html/pmlr/index.json"))


def _submissions(response: HttpResponse) -> int:
    data = json.loads(bytes(response.body))
    return sum(
        1 for n in data["notes"] if not n.get("replyto") and n.get("forum", n.get("id")) == n.get("id")
    )


def test_every_recorded_openreview_listing_parses_in_its_api_shape(shared_dir):
    seen = {"v1": 0, "v2": 0}
    for path in _files(shared_dir, "openreview/v*/*/note*-*.json") + _files(
        shared_dir, "openreview/v1/*/forum-*.json"
    ):
        response = _recorded(path)
        listing = _item(NotesPage, response)
        api = "v2" if "//api2." in str(response.url) else "v1"
        assert listing.api == api, path
        seen[api] += 1
        if "select=id" in str(response.url):  # an id-only count query holds no submissions to parse
            continue
        assert (len(listing.papers), listing.unparsed) == (_submissions(response), ()), path
        for paper in listing.papers:
            assert paper.decision, path
            assert paper.openreview_id == paper.local_id, path
            attachment = (
                paper.pdf_url is None or "/attachment?id=" in paper.pdf_url or "arxiv.org" in paper.pdf_url
            )
            assert attachment, path
    assert seen["v1"] >= 30
    assert seen["v2"] >= 30


@pytest.mark.parametrize(
    ("name", "decision"),
    [("v1/iclr-2018/forum-accepted-with-withdrawn-twin.json", "accepted: Accept (Poster)"),
     ("v1/iclr-2018/forum-rejected.json", "rejected: Reject"),
     ("v1/iclr-2019/forum-rejected-meta-review.json", "rejected: Reject"),
     ("v1/iclr-2020/forum-accepted-talk.json", "accepted: Accept (Talk)"),
     ("v1/iclr-2021/note-withdrawn-with-accepted-venue.json", "withdrawn"),
     ("v1/iclr-2022/note-rejected-bare-venueid.json", "rejected: ICLR 2022 Submitted"),
     ("v1/iclr-2022/note-withdrawn-empty-venueid.json", "withdrawn"),
     ("v1/iclr-2023/note-desk-rejected.json", "desk_rejected"),
     ("v1/iclr-2023/note-rejected-bare-venueid.json", "rejected: Submitted to ICLR 2023"),
     ("v2/iclr-2024/notes-rejected.json", "rejected: Submitted to ICLR 2024"),
     ("v2/iclr-2024/notes-withdrawn.json", "withdrawn: ICLR 2024 Conference Withdrawn Submission"),
     ("v2/iclr-2024/notes-accepted.json", "accepted: ICLR 2024 poster")],
)  # fmt: skip
def test_recorded_decisions(shared_dir, name, decision):
    listing = _item(NotesPage, _recorded(shared_dir / "corpus/html/openreview" / name))
    assert [p.decision for p in listing.papers] == [decision]


def test_recorded_author_quirks_split_into_people(shared_dir):
    base = shared_dir / "corpus/html/openreview/v1"
    listing = _item(NotesPage, _recorded(base / "iclr-2018/notes-blind-authors-and.json"))
    assert [len(p.authors) for p in listing.papers] == [3, 2, 2]
    assert [a.name for a in listing.papers[0].authors][-1] == "Synthetic Author 8"  # "and Synthetic Author 8"
    assert all(a.email is None for a in listing.papers[1].authors)  # 2 names, 1 id: not paired
    string = _item(NotesPage, _recorded(base / "iclr-2017/notes-conference-authors-string.json"))
    assert [a.name for a in string.papers[0].authors] == ["Synthetic Author 6", "Synthetic Author 7"]


def test_recorded_errors_are_raised_not_read_as_empty(shared_dir):
    base = shared_dir / "corpus/html/openreview/v2/errors"
    with pytest.raises(AuthenticationRequired):
        _item(NotesPage, _recorded(base / "anonymous-challenge.json"))
    for name, status in (("limit-over-1000.json", 400), ("v1-note-not-found.json", 404)):
        with pytest.raises(ApiError) as info:
            _item(NotesPage, _recorded(base / name))
        assert info.value.status == status
