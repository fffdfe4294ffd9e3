"""The crawl tests' loopback mirror: four layout eras, both tracks, and every bad case.

:func:`build_mirror` writes the site and returns the fault routes plus the outcome expected for
each listed paper (``"stored"`` or the miss reason), keyed by the paper's store key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen import (
    SitePaper,
    bibtex,
    era_a_book,
    era_a_paper,
    era_b_abstract,
    era_b_index,
    era_c_abstract,
    era_c_index,
    metadata_json,
    pdf_bytes,
    write,
)

YEARS = "2017-2024"


@dataclass
class Mirror:
    """Fault routes for the server and the expected end state of each listed paper."""

    faults: dict[str, dict[str, Any]]
    expected: dict[str, str]  # paper key -> "stored" | miss reason
    authors: dict[str, list[tuple[str, tuple[str, ...]]]]  # paper key -> [(name, affiliations)]


def _key(year: int, track: str, local_id: str) -> str:
    return f"neurips/{year}/{track}/{local_id}"


def build_mirror(root: Path, *, changed_layout: bool = False) -> Mirror:
    """Write the mirror under ``root``; ``changed_layout`` re-renders 2024's paper pages in an unknown markup."""
    faults: dict[str, dict[str, Any]] = {}
    expected: dict[str, str] = {}
    authors: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    write(root, "/robots.txt", "User-agent: *\nDisallow: /admin/\n")

    # 2024, the live layout (era C): main + D&B track, and the bad cases on PDFs and pages.
    y24 = [SitePaper(2024, n, "Conference", doi=f"10.52202/079017-{n:04d}") for n in range(1, 9)]
    y24 += [SitePaper(2024, n, "Datasets_and_Benchmarks_Track") for n in range(9, 12)]
    write(root, "/paper_files/paper/2024", era_c_index(2024, y24))

    def render(p: SitePaper) -> str:
        page = era_c_abstract(p)
        if changed_layout:
            page = page.replace("paper-detail", "paper-view").replace("paper-title", "paper-heading")
        return page

    for p in y24:
        write(root, p.abstract_path(), render(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p, pages=2))
        track = "main" if p.token == "Conference" else "datasets"
        expected[_key(2024, track, p.hash)] = "stored"
    bad = {
        1: ({"kind": "status", "status": 404}, "http_status"),
        2: ({"kind": "html_as_pdf"}, "html_as_pdf"),
        3: ({"kind": "truncate", "fraction": 0.6}, "truncated"),
        4: ({"kind": "fail_then_ok", "status": 500, "times": 1}, "stored"),
        5: ({"kind": "cut", "fraction": 0.5}, "truncated"),
    }
    for n, (fault, outcome) in bad.items():
        faults[y24[n - 1].file_path("Paper", "pdf")] = fault
        expected[_key(2024, "main", y24[n - 1].hash)] = outcome
    # a paper page that moved (redirect), a paper page that is gone, a PDF behind a redirect
    moved = y24[5]
    alias = moved.abstract_path().replace(
        "-Abstract-Conference.html", "-Abstract.html"
    )  # the tokenless alias
    faults[moved.abstract_path()] = {"kind": "redirect", "location": alias}
    write(root, alias, render(moved))
    flaky = y24[8]  # a D&B page that first answers 200 with an error page
    faults[flaky.abstract_path()] = {"kind": "error_page_then_ok", "times": 1}
    gone = y24[6]
    faults[gone.abstract_path()] = {"kind": "status", "status": 404}
    expected[_key(2024, "main", gone.hash)] = "http_status"
    via = y24[7]
    faults[via.file_path("Paper", "pdf")] = {
        "kind": "redirect",
        "status": 302,
        "location": "/mirror/" + via.hash + ".pdf",
    }
    write(root, f"/mirror/{via.hash}.pdf", pdf_bytes(via, pages=2))
    if changed_layout:
        for p in y24:
            if p is not gone:
                expected[_key(2024, "main" if p.token == "Conference" else "datasets", p.hash)] = (
                    "no_pdf_link"
                )

    # 2021 main: an archived Bootstrap (era B) copy; 2021 D&B: its own host's list, round1/round2.
    y21 = [SitePaper(2021, n) for n in range(1, 4)]
    db21 = [SitePaper(2021, 1, "round2"), SitePaper(2021, 4, "round1"), SitePaper(2021, 5, "round2")]
    write(root, "/paper_files/paper/2021", era_b_index(2021, y21))
    write(root, "/paper/2021", era_b_index(2021, db21, db_host=True))
    for p in y21 + db21:
        write(root, p.abstract_path(), era_b_abstract(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p))
        local = p.hash + (f"-{p.token}" if p.token else "")
        expected[_key(2021, "datasets" if p.token else "main", local)] = "stored"

    # 2019: the live layout with -Metadata.json (authors with institutions).
    y19 = [
        SitePaper(2019, n, authors=(("Cy Coder", "Example Lab"), ("Dee Dev", "Other University")))
        for n in (1, 2)
    ]
    write(root, "/paper_files/paper/2019", era_c_index(2019, y19))
    for p in y19:
        write(root, p.abstract_path(), era_c_abstract(p, metadata=True))
        write(root, p.file_path("Metadata", "json"), metadata_json(p))
        write(root, p.file_path("Bibtex", "bib"), bibtex(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p))
        key = _key(2019, "main", p.hash)
        expected[key] = "stored"
        authors[key] = [("Cy Coder", ("Example Lab",)), ("Dee Dev", ("Other University",))]

    # 2017: an archived papers.nips.cc book (era A).
    y17 = [SitePaper(2017, n, old_id=6600 + n) for n in (1, 2)]
    write(root, "/paper_files/paper/2017", era_a_book(2017, y17))
    for p in y17:
        write(root, p.old_slug, era_a_paper(p))
        write(root, p.old_slug + ".pdf", pdf_bytes(p))
        expected[_key(2017, "main", str(p.old_id))] = "stored"
    return Mirror(faults, expected, authors)
