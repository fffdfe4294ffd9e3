"""A site that repeats one DOI on different papers: every paper is kept, the clashes are recorded.

Real proceedings carry wrong or repeated ids; merging by id alone once turned 22 listings into one
paper holding another paper's PDF. The crawl runs through Scrapy against a loopback mirror in the
live NeurIPS layout (era C, whose paper pages print the DOI).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from crawlrun import cli_crawl, outcomes, rows
from sitegen import SitePaper, era_c_abstract, era_c_index, pdf_bytes, write

from tests.mockserver.process import MirrorProcess

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
REPEATED = "10.52202/079017-0001"


def test_a_repeated_doi_keeps_every_paper_and_records_each_clash(tmp_path: Path) -> None:
    root = tmp_path / "site"
    papers = [SitePaper(2024, n, "Conference", doi=REPEATED) for n in range(1, 6)]
    write(root, "/robots.txt", "User-agent: *\n")
    write(root, "/paper_files/paper/2024", era_c_index(2024, papers))
    for p in papers:
        write(root, p.abstract_path(), era_c_abstract(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p))
    home = tmp_path / "home"
    with MirrorProcess(root) as server:
        done = cli_crawl(home, server.url, "2024")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    keys = {f"neurips/2024/main/{p.hash}" for p in papers}
    assert outcomes(home) == dict.fromkeys(keys, "stored")  # five papers, each with its own PDF
    pdfs = rows(home, "SELECT key, pdf_sha256 FROM papers")
    assert len({sha for _, sha in pdfs}) == 5
    clashes = rows(home, "SELECT kind, value, paper_key, holder_key FROM id_conflicts")
    assert len(clashes) == 4
    assert {(kind, value) for kind, value, _, _ in clashes} == {("doi", REPEATED)}
    holder = {h for *_, h in clashes}
    assert len(holder) == 1
    assert holder < keys
    assert {k for _, _, k, _ in clashes} == keys - holder
    assert "listings sharing a stored paper's id under another title (kept apart): 4" in done.stdout
    status = subprocess.run(
        [sys.executable, "-c", "from paperscope.cli import main; main()", "status", "--home", str(home)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "sharing a stored paper's id under another title, kept apart: 4" in status.stdout
    assert f"doi {REPEATED}: " in status.stdout
