"""ICML crawls against a loopback PMLR (two hosts): every listed paper stored or missed with its reason.

Each crawl is a subprocess (the CLI): Twisted's reactor cannot restart in one process.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pmlr_site import PMLR_FAULTS, V235, PmlrSite, build_pmlr

from tests.crawlers.crawlrun import PAPERSCOPE, pdf_files_ok, rows, snapshot
from tests.mockserver.process import MirrorProcess

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]
YEARS = "2015,2023,2024"


def icml_crawl(home: Path, site: str, years: str = YEARS) -> subprocess.CompletedProcess[str]:
    """``paperscope crawl icml`` against the mirror."""
    cmd = [*PAPERSCOPE, "crawl", "icml", "--years", years, "--site", site, "--home", str(home)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)


def outcomes(home: Path) -> dict[str, str]:
    """Each paper's end state: "stored" or its miss reason ("listed only" if neither)."""
    stored = dict(rows(home, "SELECT key, pdf_sha256 FROM papers"))
    missed = dict(rows(home, "SELECT paper_key, reason FROM misses"))
    return {k: "stored" if sha else str(missed.get(k, "listed only")) for k, sha in stored.items()}


@pytest.fixture(scope="module")
def pmlr(tmp_path_factory):
    base = tmp_path_factory.mktemp("pmlr")
    root, gh_root = base / "site", base / "github"
    root.mkdir()
    gh_root.mkdir()
    with MirrorProcess(root, PMLR_FAULTS) as site, MirrorProcess(gh_root) as gh:
        yield build_pmlr(root, gh_root, site.url, gh.url), site, gh


@pytest.fixture(scope="module")
def crawled(pmlr, tmp_path_factory):
    _built, site, _gh = pmlr
    home = tmp_path_factory.mktemp("home")
    return home, icml_crawl(home, site.url)


def test_every_listed_paper_is_stored_or_missed_with_its_reason(pmlr, crawled):
    built: PmlrSite = pmlr[0]
    home, result = crawled
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes(home) == built.expected
    stored = list(built.expected.values()).count("stored")
    assert f"listed {len(built.expected)}, stored {stored}" in " ".join(result.stdout.split())
    assert rows(home, "SELECT reason, detail FROM misses ORDER BY paper_key") == [
        ("http_status", "PDF: HTTP 404"),  # beta23a: its PDF is gone
    ]  # pi24a's page is gone, but the volume page gave its title, authors and PDF: stored
    pi = rows(home, "SELECT title, pdf_sha256 IS NOT NULL FROM papers WHERE key = 'icml/2024/main/pi24a'")
    assert pi == [(next(p.title for p in V235 if p.key == "pi24a"), 1)]
    n_files, problems = pdf_files_ok(home)
    assert problems == []
    assert n_files == stored - 1  # eps23a and alpha23a share one PDF: one file, two papers
    assert rows(home, "SELECT count(*) FROM layout_misses") == [(0,)]


def test_authors_come_from_the_bibliography_or_the_paper_page_in_order(pmlr, crawled):
    built: PmlrSite = pmlr[0]
    home, _ = crawled
    for key, names in built.authors.items():
        got = rows(home, f"SELECT name FROM authors WHERE paper_key = '{key}' ORDER BY position")
        assert tuple(n for (n,) in got) == names, key


def test_each_volume_was_read_the_way_it_allows(crawled):
    home, _ = crawled
    layouts = dict(rows(home, "SELECT key, json_extract(record_json, '$.source.layout') FROM papers"))
    assert layouts["icml/2023/main/alpha23a"] == "VolumePageCurrent+bibtex"  # no request per paper
    assert layouts["icml/2023/main/delta23a"] == "PaperPageCurrent"  # no BibTeX record: its own page
    assert layouts["icml/2024/main/xi24a"] == "PaperPageCurrent"  # the bibliography is a 404
    assert layouts["icml/2015/main/rho15"] == "PaperPageLegacy"
    assert layouts["icml/2024/main/pi24a"] == "VolumePageCurrent"  # page gone: the volume's listing


def test_identities_and_links_read_from_the_pages(pmlr, crawled):
    _built, site, gh = pmlr
    home, _ = crawled
    ids = dict(rows(home, "SELECT key, json_extract(record_json, '$.ids.openreview_id') FROM papers"))
    assert ids["icml/2023/main/alpha23a"] == "AbCdEfGh01"
    assert ids["icml/2024/main/xi24a"] == "XyZ0123456"
    assert ids["icml/2015/main/rho15"] is None
    pmlr_ids = rows(home, "SELECT count(*) FROM papers WHERE json_extract(record_json, '$.ids.pmlr_id') = "
                    "substr(key, 16)")  # fmt: skip
    assert pmlr_ids == [(10,)]
    pdfs = dict(rows(home, "SELECT key, pdf_url FROM papers"))
    assert pdfs["icml/2024/main/xi24a"] == f"{gh.url}/mlresearch/v235/main/assets/xi24a/xi24a.pdf"
    assert pdfs["icml/2015/main/tau15"] == f"{site.url}/v37/tau15.pdf"
    supp = dict(rows(home, "SELECT key, json_extract(record_json, '$.supplementary_urls[0]') FROM papers"))
    assert supp["icml/2015/main/rho15"] == f"{site.url}/v37/rho15-supp.pdf"
    assert supp["icml/2023/main/gamma23a"] == f"{site.url}/v202/gamma23a/gamma23a-supp.pdf"


def test_a_second_crawl_changes_nothing_and_fetches_no_stored_pdf(pmlr, crawled):
    _built, site, gh = pmlr
    home, _ = crawled
    before, site_hits, gh_hits = snapshot(home), site.hits(), gh.hits()
    again = icml_crawl(home, site.url)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(home) == before
    assert "(0 new)" in again.stdout
    now = site.hits()
    assert all(now[p] == n for p, n in site_hits.items() if p.endswith(".pdf") and "beta23a" not in p)
    assert {p: n for p, n in gh.hits().items() if p.endswith(".pdf")} == {
        p: n for p, n in gh_hits.items() if p.endswith(".pdf")
    }


def test_a_changed_volume_layout_records_a_layout_miss_and_exits_non_zero(tmp_path):
    root, gh_root = tmp_path / "site", tmp_path / "github"
    root.mkdir()
    gh_root.mkdir()
    home = tmp_path / "home"
    with MirrorProcess(root, PMLR_FAULTS) as site, MirrorProcess(gh_root) as gh:
        build_pmlr(root, gh_root, site.url, gh.url, changed_layout=True)
        result = icml_crawl(home, site.url, "2023")
    assert result.returncode == 1, result.stdout + result.stderr
    misses = rows(home, "SELECT url, venue, page_kind, layouts_tried FROM layout_misses")
    assert misses == [(f"{site.url}/v202/", "icml", "volume", '["VolumePageCurrent", "VolumePageLegacy"]')]
    assert rows(home, "SELECT count(*) FROM papers") == [(0,)]


def test_a_year_pmlr_does_not_hold_is_a_one_line_error(tmp_path):
    cmd = [*PAPERSCOPE, "crawl", "icml", "--years", "2012", "--home", str(tmp_path)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "ICML 2012" in result.stderr


def test_a_mirror_of_pages_with_absolute_live_links_is_crawled_on_the_mirror(tmp_path):
    # recorded PMLR pages link to https://proceedings.mlr.press/...: a mirror of them must not send
    # the crawl to the live host (here unreachable: it would become network misses)
    base = tmp_path / "pmlr"
    root, gh_root = base / "site", base / "github"
    root.mkdir(parents=True)
    gh_root.mkdir()
    with MirrorProcess(root, PMLR_FAULTS) as site, MirrorProcess(gh_root) as gh:
        built = build_pmlr(root, gh_root, "https://proceedings.mlr.press", gh.url)
        home = tmp_path / "home"
        result = icml_crawl(home, site.url, "2015,2023")
    assert result.returncode == 0, result.stdout + result.stderr
    wanted = {k: v for k, v in built.expected.items() if k.startswith(("icml/2015/", "icml/2023/"))}
    assert outcomes(home) == wanted
    landing = [url for (url,) in rows(home, "SELECT landing_url FROM papers")]
    assert landing
    assert all(url.startswith(site.url) for url in landing), landing
