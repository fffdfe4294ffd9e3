"""ICLR crawls against a loopback OpenReview API (v1 and v2): login, 429 storms, decisions, resume.

Each crawl is a subprocess (the CLI, or ``scrapy crawl`` as users type it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openreview_site import PASSWORD, STORM, TOKEN, USER, OpenReviewProcess, build_openreview

from tests.crawlers.crawlrun import (
    FAST,
    PAPERSCOPE,
    REPO_ROOT,
    SCRAPY,
    pdf_files_ok,
    rows,
    snapshot,
    stored_so_far,
)

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]
YEARS = "2020,2024"


def iclr_crawl(
    home: Path, site: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``paperscope crawl iclr`` against the mock API, logged in unless ``env`` says otherwise."""
    cmd = [*PAPERSCOPE, "crawl", "iclr", "--years", YEARS, "--site", site, "--home", str(home), *extra]
    env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": PASSWORD} if env is None else env
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False, env=env)


def outcomes(home: Path) -> dict[str, str]:
    """Each paper's end state: "stored" or its miss reason ("listed only" if neither)."""
    stored = dict(rows(home, "SELECT key, pdf_sha256 FROM papers"))
    missed = dict(rows(home, "SELECT paper_key, reason FROM misses"))
    return {k: "stored" if sha else str(missed.get(k, "listed only")) for k, sha in stored.items()}


def api_with(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """The mock API's root, built and then changed by ``edit`` on its ``api.json``."""
    root = tmp_path / "api"
    build_openreview(root)
    api_file = root / "api.json"
    api = json.loads(api_file.read_text())
    edit(api)
    api_file.write_text(json.dumps(api))
    return root


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("openreview") / "api"
    built = build_openreview(root)
    with OpenReviewProcess(root, STORM | built.faults) as server:
        yield built, server


@pytest.fixture(scope="module")
def accepted(api, tmp_path_factory):
    _built, server = api
    home = tmp_path_factory.mktemp("home")
    return home, iclr_crawl(home, server.url)


def test_accepted_papers_through_a_429_storm_each_stored_or_missed(api, accepted):
    built, server = api
    home, result = accepted
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes(home) == built.accepted
    hits = server.hits()
    assert hits["*"] > 8  # the storm's 8 answers were 429s, and the crawl went on after them
    assert (
        hits["/attachment?id=a3&name=pdf"] == hits["/attachment?id=a4&name=pdf"] == 5
    )  # four 429s, then the PDF
    assert rows(home, "SELECT reason, detail FROM misses") == [("http_status", "PDF: HTTP 404")]
    assert rows(home, "SELECT count(*) FROM layout_misses") == [(0,)]
    assert pdf_files_ok(home)[1] == []


def test_decisions_are_recorded_from_both_api_shapes(api, accepted):
    built, _ = api
    home, _ = accepted
    got = dict(rows(home, "SELECT key, json_extract(record_json, '$.decision') FROM papers"))
    assert got == {k: v for k, v in built.decisions.items() if k in built.accepted}
    assert got["iclr/2020/main/late1"] == "accepted: Accept (Poster)"  # read from its forum


def test_authors_keep_profile_ids_and_emails_in_order(accepted):
    home, _ = accepted
    got = rows(home, "SELECT name, profile_id, email FROM authors WHERE paper_key = 'iclr/2020/main/acc1' "
                     "ORDER BY position")  # fmt: skip
    assert got == [("Ann Author", "~Ann_Author1", None), ("Bob Builder", None, "bob@example.org"),
                   ("Cy Coder", "~Cy_Coder2", None)]  # fmt: skip
    ids = rows(home, "SELECT json_extract(record_json, '$.ids.openreview_id'), substr(key, 16) FROM papers")
    assert all(a == b for a, b in ids)


def test_decisions_all_adds_rejected_withdrawn_and_desk_rejected(api, tmp_path):
    built, server = api
    home = tmp_path / "home"
    result = iclr_crawl(home, server.url, "--decisions", "all")
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes(home) == built.everything
    got = dict(rows(home, "SELECT key, json_extract(record_json, '$.decision') FROM papers"))
    assert got == built.decisions
    misses = dict(rows(home, "SELECT paper_key, detail FROM misses"))
    assert misses["iclr/2024/main/wd1"] == "PDF: HTTP 403"  # the withdrawn paper's PDF is hidden
    assert misses["iclr/2024/main/dr1"] == "the paper page links no PDF"  # desk-rejected without a PDF


def test_a_second_crawl_changes_nothing_and_fetches_no_stored_pdf(api, accepted):
    _built, server = api
    home, _ = accepted
    before, hits_before = snapshot(home), server.hits()
    again = iclr_crawl(home, server.url)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(home) == before
    hits = server.hits()
    for (key,) in rows(home, "SELECT substr(key, 16) FROM papers WHERE pdf_sha256 IS NOT NULL"):
        route = f"/attachment?id={key}&name=pdf"
        assert hits.get(route) == hits_before.get(route), f"{route} fetched again"


def test_without_credentials_the_crawl_refuses_with_one_line(api, tmp_path):
    _built, server = api
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENREVIEW_")}
    result = iclr_crawl(tmp_path, server.url, env=env)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "OPENREVIEW_USERNAME" in result.stderr


def test_a_refused_login_stops_the_crawl_with_a_clear_error_not_an_empty_venue(api, tmp_path):
    _built, server = api
    env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": "wrong"}
    result = iclr_crawl(tmp_path, server.url, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "login failed" in result.stderr
    assert "Invalid username or password" in result.stderr
    assert rows(tmp_path, "SELECT count(*) FROM papers") == [(0,)]


def test_an_html_answer_is_an_authentication_failure(api, tmp_path):
    """A token the API does not accept gets the browser check (HTML, status 200)."""
    _built, server = api
    cmd = [SCRAPY, "crawl", "iclr", "-a", "years=2024", "-a", f"site={server.url}", "-s", f"PAPERSCOPE_HOME={tmp_path}",
           *FAST]  # fmt: skip
    env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": PASSWORD}
    # log in as usual, then send a stale token: the middleware keeps a header it finds on a request
    result = subprocess.run([*cmd, "-s", "DEFAULT_REQUEST_HEADERS={\"Authorization\": \"Bearer stale\"}"],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert "openreview authentication failed" in result.stderr
    assert "Verifying your browser" in result.stderr
    assert rows(tmp_path, "SELECT count(*) FROM papers") == [(0,)]


def test_a_crawl_killed_half_way_resumes_with_nothing_lost_or_duplicated(tmp_path):
    root = tmp_path / "api"
    built = build_openreview(root, extra_accepted=20)
    home, jobdir = tmp_path / "home", tmp_path / "job"
    env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": PASSWORD}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    with OpenReviewProcess(root, built.faults, delay=0.15) as server:
        cmd = [SCRAPY, "crawl", "iclr", "-a", f"years={YEARS}", "-a", f"site={server.url}",
               "-s", f"PAPERSCOPE_HOME={home}", "-s", f"JOBDIR={jobdir}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
               "-s", "LOG_LEVEL=WARNING", *FAST]  # fmt: skip
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline, stored = time.monotonic() + 120, 0
        while time.monotonic() < deadline and proc.poll() is None:
            if (stored := stored_so_far(home)) >= 5:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the crawl ended before it could be killed half way"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert 5 <= stored < list(built.accepted.values()).count("stored")
        done = [k for (k,) in rows(home, "SELECT substr(key, 16) FROM papers WHERE pdf_sha256 IS NOT NULL")]
        hits_at_kill = server.hits()
        rerun = subprocess.run(
            cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
        )
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        hits = server.hits()
    assert outcomes(home) == built.accepted  # 0 lost
    assert rows(home, "SELECT count(*), count(DISTINCT key) FROM papers") == [(len(built.accepted),) * 2]
    shas = rows(home, "SELECT count(*), count(DISTINCT sha256) FROM pdf_files")[0]
    n_files, problems = pdf_files_ok(home)
    assert [p for p in problems if not p.startswith("leftover")] == []
    assert shas[0] == shas[1] == n_files  # 0 duplicates
    refetched = [
        k
        for k in done
        if hits[f"/attachment?id={k}&name=pdf"] != hits_at_kill[f"/attachment?id={k}&name=pdf"]
    ]
    assert refetched == []  # no PDF stored before the kill was fetched again


def test_the_password_and_token_appear_in_no_crawl_file(api, accepted, tmp_path):
    _built, server = api
    home, _ = accepted
    written = [p for p in (home / "crawls").rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in written)
    # and at DEBUG, where every request is logged
    cmd = [SCRAPY, "crawl", "iclr", "-a", "years=2024", "-a", "limit=1", "-a", f"site={server.url}",
           "-s", f"PAPERSCOPE_HOME={tmp_path}", "-s", "LOG_LEVEL=DEBUG", *FAST]  # fmt: skip
    env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": PASSWORD}
    debug = subprocess.run(
        cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert debug.returncode == 0, debug.stderr[-3000:]
    assert "Crawled (200) <POST" in debug.stderr  # the login request was logged
    for text in [p.read_text(errors="replace") for p in written] + [debug.stderr]:
        assert PASSWORD not in text
        assert TOKEN not in text


def test_credentials_given_as_scrapy_settings_are_refused(api, tmp_path):
    """Scrapy logs every overridden setting with its value: a password there would be in the log."""
    _built, server = api
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENREVIEW_")}
    cmd = [SCRAPY, "crawl", "iclr", "-a", "years=2024", "-a", f"site={server.url}", "-s", f"PAPERSCOPE_HOME={tmp_path}",
           "-s", f"OPENREVIEW_USERNAME={USER}", "-s", f"OPENREVIEW_PASSWORD={PASSWORD}", *FAST]  # fmt: skip
    result = subprocess.run(
        cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert "OPENREVIEW_USERNAME given as a Scrapy setting" in result.stderr
    assert rows(tmp_path, "SELECT count(*) FROM papers") == [(0,)]


def test_a_failed_forum_page_is_a_miss_and_the_crawl_exits_non_zero_then_a_rerun_settles_it(tmp_path):
    root = tmp_path / "api"
    build_openreview(root)
    home = tmp_path / "home"
    late = "iclr/2020/main/late1"  # its decision is only in its forum
    with OpenReviewProcess(root, {"/notes?forum=late1": {"kind": "status", "status": 500}}) as server:
        first = iclr_crawl(home, server.url)
    assert first.returncode != 0
    errors = [line for line in first.stderr.splitlines() if line.startswith("paperscope: error:")]
    assert len(errors) == 1, first.stderr
    assert "the iclr crawl is incomplete: 1 listing pages or forum pages could not be read" in errors[0]
    got = dict(rows(home, "SELECT key, json_extract(record_json, '$.decision') FROM papers"))
    assert got[late] == "unknown"  # kept, not dropped
    assert (
        dict(rows(home, "SELECT paper_key, detail FROM misses"))[late] == "forum: HTTP 500; decision unknown"
    )
    stored_before = rows(home, "SELECT key FROM papers WHERE pdf_sha256 IS NOT NULL")
    assert stored_before  # everything else went on
    with OpenReviewProcess(root, {}) as server:
        second = iclr_crawl(home, server.url)
    assert second.returncode == 0, second.stdout + second.stderr
    got = dict(rows(home, "SELECT key, json_extract(record_json, '$.decision') FROM papers"))
    assert got[late] == "accepted: Accept (Poster)"
    assert outcomes(home)[late] == "stored"
    assert set(stored_before) <= set(rows(home, "SELECT key FROM papers WHERE pdf_sha256 IS NOT NULL"))


def test_a_listing_shorter_than_its_count_exits_non_zero_with_one_line(tmp_path):
    root = api_with(tmp_path, lambda api: api.update(short_by=1))
    home = tmp_path / "home"
    with OpenReviewProcess(root, {}) as server:
        done = iclr_crawl(home, server.url)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("paperscope: error:")]
    assert len(errors) == 1, done.stderr
    assert "the iclr crawl is incomplete" in errors[0]
    assert (
        rows(home, "SELECT count(*) FROM papers WHERE pdf_sha256 IS NOT NULL")[0][0] > 0
    )  # kept what it got


def test_a_withdrawn_twin_of_an_accepted_paper_is_linked_not_counted(tmp_path):
    def add_twin(api: dict[str, Any]) -> None:
        accepted = next(n for n in api["notes"] if n.get("id") == "acc1")
        api["notes"].append({**json.loads(json.dumps(accepted)), "id": "acc1w", "forum": "acc1w", "number": 99,
                             "invitation": "ICLR.cc/2020/Conference/-/Withdrawn_Submission",
                             "details": {"directReplies": []}})  # fmt: skip

    root = api_with(tmp_path, add_twin)
    (root / "attachments" / "acc1w").mkdir(parents=True)
    (root / "attachments" / "acc1w" / "pdf").write_bytes((root / "attachments" / "acc1" / "pdf").read_bytes())
    home = tmp_path / "home"
    with OpenReviewProcess(root, {}) as server:
        done = iclr_crawl(home, server.url, "--decisions", "all")
    assert done.returncode == 0, done.stdout + done.stderr
    keys = {k for (k,) in rows(home, "SELECT key FROM papers")}
    assert "iclr/2020/main/acc1" in keys
    assert "iclr/2020/main/acc1w" not in keys  # the twin is not a paper of its own
    ids = dict(rows(home, "SELECT value, paper_key FROM paper_ids WHERE kind IN ('key', 'openreview_id')"))
    assert ids["iclr/2020/main/acc1w"] == "iclr/2020/main/acc1"
    assert ids["acc1w"] == "iclr/2020/main/acc1"
    assert "twins linked to their paper (not counted as papers): 1" in " ".join(done.stdout.split())


def test_iclr_profiles_give_affiliations_at_the_papers_date_with_evidence(tmp_path):
    import urllib.request

    profiles = [
        {"id": "~Ann_Author1", "content": {"history": [
            {"position": "PhD student", "institution": {"name": "Carnegie Mellon University", "domain": "cmu.edu"},
             "start": 2016, "end": 2020},
            {"position": "Research scientist", "institution": {"name": "Google", "domain": "google.com"},
             "start": 2021, "end": None},
        ]}},
        {"id": "~Cy_Coder2", "content": {"history": [
            {"position": "Researcher", "institution": {"name": "", "domain": "microsoft.com"}, "start": 2019},
        ]}},
    ]  # fmt: skip
    root = api_with(tmp_path, lambda api: api.update(profiles=profiles))
    home = tmp_path / "home"

    def profile_hits(server: OpenReviewProcess) -> int:
        with urllib.request.urlopen(f"{server.url}/_hits", timeout=10) as answer:
            return int(json.loads(answer.read()).get("/profiles", 0))

    with OpenReviewProcess(root, {}) as server:
        done = iclr_crawl(home, server.url)
        asked = profile_hits(server)
        again = iclr_crawl(home, server.url)
        assert profile_hits(server) == asked  # stored profiles are not fetched again
    assert done.returncode == 0, done.stdout + done.stderr
    assert again.returncode == 0, again.stdout + again.stderr
    public = rows(home, "SELECT profile_id FROM profiles WHERE json_extract(record_json, '$.absent') IS NULL")
    assert sorted(r[0] for r in public) == ["~Ann_Author1", "~Cy_Coder2"]
    assert rows(home, "SELECT count(*) FROM profiles")[0][0] > 2  # ids without a profile, remembered
    assert asked >= 1
    extract = subprocess.run([*PAPERSCOPE, "extract", "--home", str(home), "--workers", "1"],
                             capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert extract.returncode == 0, extract.stdout + extract.stderr
    assert "new affiliation labels from OpenReview profiles" in extract.stdout
    got = {
        (r[0], r[1]): (r[2], r[3], r[4])
        for r in rows(
            home,
            """SELECT paper_key, json_extract(record_json, '$.value.author_position'),
                      json_extract(record_json, '$.value.org_type'),
                      json_extract(record_json, '$.evidence.locator'),
                      json_extract(record_json, '$.evidence.source')
               FROM labels WHERE producer = 'openreview_profiles'""",
        )
    }
    paper = "iclr/2020/main/acc1"  # a 2020 paper: Ann was at CMU then, not yet at Google
    assert got[(paper, 0)] == ("academic", "openreview:profile/~Ann_Author1#history/0", "metadata")
    assert got[(paper, 2)][0] == "industry"  # Cy, by the institution's domain
    assert (paper, 1) not in got  # Bob has an e-mail, no profile: his PDF is the source
    rerun = subprocess.run([*PAPERSCOPE, "extract", "--home", str(home), "--workers", "1"],
                           capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert "new affiliation labels from OpenReview profiles" not in rerun.stdout  # idempotent


def test_a_failing_attachment_falls_back_to_the_arxiv_copy_the_note_links(tmp_path):
    from tests.crawlers.sitegen import write
    from tests.mockserver.process import MirrorProcess

    def link_arxiv(api: dict[str, Any]) -> None:
        next(n for n in api["notes"] if n.get("id") == "acc2")["content"]["html"] = (
            "https://arxiv.org/abs/2001.00001"
        )

    root = api_with(tmp_path, link_arxiv)
    pdf = (root / "attachments" / "acc2" / "pdf").read_bytes()
    arxiv_root = tmp_path / "arxiv"
    write(arxiv_root, "/pdf/2001.00001", pdf)
    home = tmp_path / "home"
    with (
        MirrorProcess(arxiv_root) as arxiv,
        OpenReviewProcess(
            root, {"/attachment?id=acc2&name=pdf": {"kind": "status", "status": 403}}
        ) as server,
    ):
        env = {**os.environ, "OPENREVIEW_USERNAME": USER, "OPENREVIEW_PASSWORD": PASSWORD,
               "PAPERSCOPE_ARXIV_SITE": arxiv.url}  # fmt: skip
        done = iclr_crawl(home, server.url, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outcomes(home)["iclr/2020/main/acc2"] == "stored"  # its attachment refused, its arXiv copy taken
    ids = dict(rows(home, "SELECT value, paper_key FROM paper_ids WHERE kind = 'arxiv_id'"))
    assert ids["2001.00001"] == "iclr/2020/main/acc2"
