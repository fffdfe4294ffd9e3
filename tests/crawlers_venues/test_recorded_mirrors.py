"""Crawls through Scrapy against loopback mirrors built from the real sites' recorded responses.

The mirrors (:mod:`recorded_site`) serve the recorded NeurIPS and PMLR markup and the recorded
OpenReview notes from ../shared/corpus/html, links rewritten to 127.0.0.1. Marked ``shared``: skipped
when ../shared is absent. Each crawl is a subprocess (the CLI), as users run it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openreview_site import PASSWORD, TOKEN, USER, OpenReviewProcess
from recorded_site import (
    build_icml_2024,
    build_neurips_2024,
    iclr_notes,
    pdf_value,
    profiles_for,
    write_openreview_api,
)

from tests.crawlers.crawlrun import PAPERSCOPE, pdf_files_ok, rows
from tests.mockserver.process import MirrorProcess

pytestmark = [pytest.mark.shared, pytest.mark.slow, pytest.mark.timeout(600)]


def crawl(venue: str, home: Path, site: str, years: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``paperscope crawl VENUE`` against a mirror (OpenReview credentials for the mock in the environment)."""
    cmd = [*PAPERSCOPE, "crawl", venue, "--years", years, "--site", site, "--home", str(home), *extra]
    env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": PASSWORD}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False, env=env)


def said(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout[-3000:] + done.stderr[-3000:]


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("paperscope: error:")]


def outcomes(home: Path) -> dict[str, str]:
    """Each stored paper's end state: "stored" or its miss reason ("listed only" if neither)."""
    stored = dict(rows(home, "SELECT key, pdf_sha256 FROM papers"))
    missed = dict(rows(home, "SELECT paper_key, reason FROM misses"))
    return {str(k): "stored" if sha else str(missed.get(k, "listed only")) for k, sha in stored.items()}


def kept(home: Path) -> dict[str, tuple[Any, ...]]:
    """What a later crawl must not lose: each paper's PDF and decision."""
    got = rows(home, "SELECT key, pdf_sha256, json_extract(record_json, '$.decision') FROM papers")
    return {str(k): (sha, decision) for k, sha, decision in got}


# -- NeurIPS: one DOI repeated on every paper page; then the index refuses connections -------------


def test_neurips_pages_repeating_one_doi_keep_every_paper_and_a_refused_index_loses_nothing(
    shared_dir, tmp_path
):
    root, home = tmp_path / "site", tmp_path / "home"
    repeated = "10.52202/079017-2512"  # the DOI the recorded 2024 paper page carries
    mirror = build_neurips_2024(shared_dir, root, doi=repeated)
    with MirrorProcess(root) as server:
        done = crawl("neurips", home, server.url, "2024")
        site = server.url
    assert done.returncode == 0, said(done)
    assert outcomes(home) == dict.fromkeys(mirror.titles, "stored")  # every listed paper, none merged
    assert dict(rows(home, "SELECT key, title FROM papers")) == mirror.titles
    assert len({sha for _, sha in rows(home, "SELECT key, pdf_sha256 FROM papers")}) == len(mirror.titles)
    clashes = rows(home, "SELECT kind, value, paper_key, holder_key FROM id_conflicts")
    assert {(kind, value) for kind, value, _, _ in clashes} == {("doi", repeated)}
    holders = {holder for *_, holder in clashes}
    assert len(holders) == 1
    assert {paper for _, _, paper, _ in clashes} == set(mirror.titles) - holders
    n = len(mirror.titles) - 1
    assert f"listings sharing a stored paper's id under another title (kept apart): {n}" in done.stdout

    before = kept(home)
    refused = crawl("neurips", home, site, "2024")  # the mirror is gone: every connection is refused
    assert refused.returncode == 2, said(refused)
    assert len(error_lines(refused)) == 1, refused.stderr
    assert "could not be read or lists nothing" in error_lines(refused)[0]
    assert kept(home) == before
    assert pdf_files_ok(home) == (len(mirror.titles), [])


# -- ICML: every paper page fails; the volume page still gives each paper and its PDF ------------


def test_icml_with_every_paper_page_failing_stores_every_pdf_the_recorded_volume_lists(shared_dir, tmp_path):
    root, github, home = tmp_path / "pmlr", tmp_path / "github", tmp_path / "home"
    root.mkdir()
    github.mkdir()
    ids = ["abad-rocamora24a", "abe24a", "abhyankar24a"]  # the recorded v235 volume page's papers
    faults = {f"/v235/{pmlr_id}.html": {"kind": "status", "status": 500} for pmlr_id in ids}
    with MirrorProcess(root, faults) as site, MirrorProcess(github) as gh:
        assert build_icml_2024(shared_dir, root, github, site.url, gh.url) == ids
        done = crawl("icml", home, site.url, "2024")
        site_hits, gh_hits = site.hits(), gh.hits()
    assert done.returncode == 0, said(done)
    assert outcomes(home) == {f"icml/2024/main/{pmlr_id}": "stored" for pmlr_id in ids}
    assert all(site_hits.get(f"/v235/{pmlr_id}.html", 0) >= 1 for pmlr_id in ids)  # each page was tried
    assert {path for path in gh_hits if path.endswith(".pdf")} == {
        f"/mlresearch/v235/main/assets/{pmlr_id}/{pmlr_id}.pdf" for pmlr_id in ids
    }  # the PDFs came from the GitHub mirror: no link led to a live host
    titles = dict(rows(home, "SELECT key, title FROM papers"))
    assert all(titles.values())
    authors = rows(home, "SELECT paper_key, count(*) FROM authors GROUP BY paper_key")
    assert len(authors) == len(ids)
    assert all(n > 0 for _, n in authors)


# -- ICLR: recorded notes of 2018 (API v1, a withdrawn twin) and 2024 (API v2) -------------------


@pytest.fixture(scope="module")
def iclr(shared_dir, tmp_path_factory):
    """The recorded notes, the mock API over them (counts as served) and one complete crawl of them."""
    mirror = iclr_notes(shared_dir)
    root = tmp_path_factory.mktemp("openreview") / "api"
    write_openreview_api(root, mirror, {"user": USER, "password": PASSWORD, "token": TOKEN,
                                        "profiles": profiles_for(mirror.notes)})  # fmt: skip
    home = tmp_path_factory.mktemp("home")
    with OpenReviewProcess(root, {}) as server:
        done = crawl("iclr", home, server.url, "2018,2024", "--decisions", "all")
    return mirror, root, home, done


def test_iclr_recorded_notes_are_each_stored_or_linked_and_the_withdrawn_twin_is_linked(iclr):
    mirror, _root, home, done = iclr
    assert done.returncode == 0, said(done)
    twin, paper = "iclr/2018/main/SJTCsqMUf", "iclr/2018/main/S1p31z-Ab"  # one PDF, recorded as such
    assert pdf_value(mirror.submissions[twin]) == pdf_value(mirror.submissions[paper])
    got = outcomes(home)
    assert set(got) == set(mirror.submissions) - {twin}  # the twin is not a paper of its own
    assert all(v == "stored" for k, v in got.items() if not k.endswith("/mnyXZBa5dP")), got
    assert got["iclr/2024/main/mnyXZBa5dP"] == "no_pdf_link"  # the recorded desk rejection has no PDF
    ids = dict(rows(home, "SELECT value, paper_key FROM paper_ids WHERE kind IN ('key', 'openreview_id')"))
    assert ids[twin] == ids["SJTCsqMUf"] == paper
    decisions = dict(rows(home, "SELECT key, json_extract(record_json, '$.decision') FROM papers"))
    assert decisions[paper] == "accepted: Accept (Poster)"  # read from its recorded forum
    assert decisions["iclr/2018/main/rJLTTe-0W"] == "rejected: Reject"
    assert decisions["iclr/2024/main/cXs5md5wAq"].startswith("rejected")
    assert "twins linked to their paper (not counted as papers): 1" in " ".join(done.stdout.split())
    assert pdf_files_ok(home)[1] == []


def test_iclr_profiles_give_affiliations_with_their_evidence(iclr):
    mirror, _root, home, _done = iclr
    extract = subprocess.run([*PAPERSCOPE, "extract", "--home", str(home), "--workers", "1"],
                             capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert extract.returncode == 0, said(extract)
    got = rows(
        home,
        """SELECT paper_key, json_extract(record_json, '$.value.author_position'),
                  json_extract(record_json, '$.value.org_type'), json_extract(record_json, '$.evidence.locator')
           FROM labels WHERE producer = 'openreview_profiles'""",
    )
    assert got
    for key, position, org_type, locator in got:
        note = mirror.submissions[key]
        pid = note["content"]["authorids"]["value"][position]
        assert locator == f"openreview:profile/{pid}#history/0"
        assert org_type == ("academic" if int(pid.rsplit("Person", 1)[1]) % 2 else "industry")
    with_profiles = {k for k, n in mirror.submissions.items() if "invitations" in n}  # v2: ~ids for all
    assert {key for key, *_ in got} == with_profiles  # the desk rejection without a PDF too


def _crawl_again(
    iclr: Any, tmp_path: Path, faults: dict[str, Any], edit: dict[str, Any] | None = None
) -> Any:
    """A copy of the complete crawl's home, crawled again against the mock with ``faults`` (and ``edit``)."""
    _mirror, root, home, _done = iclr
    if edit:
        root = tmp_path / "api"
        shutil.copytree(iclr[1], root)
        api = json.loads((root / "api.json").read_text())
        (root / "api.json").write_text(json.dumps({**api, **edit}))
    again = tmp_path / "home"
    shutil.copytree(home, again)
    fresh = tmp_path / "fresh"
    with OpenReviewProcess(root, faults) as server:
        on_kept = crawl("iclr", again, server.url, "2018,2024", "--decisions", "all")
        on_fresh = crawl("iclr", fresh, server.url, "2018,2024", "--decisions", "all")
    return kept(home), again, on_kept, fresh, on_fresh


def test_a_listing_shorter_than_its_recorded_count_exits_non_zero_and_loses_nothing(iclr, tmp_path):
    mirror = iclr[0]
    assert mirror.counts["ICLR.cc/2018/Conference/-/Blind_Submission"] == 935  # 5 notes recorded of 935
    before, again, on_kept, fresh, on_fresh = _crawl_again(iclr, tmp_path, {}, {"counts": mirror.counts})
    for done in (on_kept, on_fresh):
        assert done.returncode != 0, said(done)
        assert len(error_lines(done)) == 1, done.stderr
        assert "the iclr crawl is incomplete" in error_lines(done)[0]
    assert kept(again) == before
    assert {k for k, v in outcomes(fresh).items() if v == "stored"} == {
        k for k, (sha, _) in before.items() if sha
    }


def test_a_failed_recorded_forum_is_a_miss_that_exits_non_zero_and_loses_nothing(iclr, tmp_path):
    faults = {"/notes?forum=S1p31z-Ab": {"kind": "status", "status": 500}}
    before, again, on_kept, fresh, on_fresh = _crawl_again(iclr, tmp_path, faults)
    for done in (on_kept, on_fresh):
        assert done.returncode != 0, said(done)
        assert len(error_lines(done)) == 1, done.stderr
        assert "1 listing pages or forum pages could not be read" in error_lines(done)[0]
    assert kept(again) == before  # the stored decision and PDF stay
    paper = "iclr/2018/main/S1p31z-Ab"
    assert kept(fresh)[paper][1] == "unknown"  # kept, not dropped
    assert (
        dict(rows(fresh, "SELECT paper_key, detail FROM misses"))[paper]
        == "forum: HTTP 500; decision unknown"
    )
