"""paperlists import: blank affiliation fields are none, figures over nothing are n/a, entries keep their ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.affiliations.orgs.table import OrgIndex
from extract.paperlists import (
    ListedPaper,
    conference_figure,
    import_into_store,
    listed_paper,
    parse_entries,
    read_paperlists,
    source_ids,
)
from paperscope.cli import app
from paperscope.records import Paper, SourceIds
from paperscope.store import Store

BLANK = [  # as ICLR 2018 and ICML 2018-2019 list papers without affiliations
    {"id": "B11bwYgfM", "title": "No affiliations here", "status": "Poster", "author": "A One;B Two",
     "aff": ";", "aff_domain": ";"},
    {"id": "B12Js_yRb", "title": "Nor here", "status": "Oral", "author": "C Three", "aff": "", "aff_domain": ""},
]  # fmt: skip


def parse(entries: list[dict[str, str]]) -> list[ListedPaper]:
    return list(parse_entries(entries, source="iclr2018.json", venue="iclr", year=2018))


def test_blank_affiliation_fields_are_no_affiliations(orgs: OrgIndex) -> None:
    first, second = parse(BLANK)
    assert (first.affiliations, second.affiliations) == ((), ())
    assert not first.aligned
    fig = conference_figure([first, second], orgs)
    assert (fig.n_papers, fig.n_with_affiliations) == (2, 0)  # counted as "no affiliation"
    assert (fig.share_any_industry, fig.mean_frac_industry) == (None, None)  # nothing to compute, not 0


def test_a_blank_part_is_dropped_and_the_entry_is_no_longer_one_per_author() -> None:
    (entry,) = parse([{**BLANK[0], "author": "A One;B Two;C Three", "aff": "Google;;Stanford University",
                       "aff_domain": "google.com;;stanford.edu"}])  # fmt: skip
    assert entry.affiliations == ("Google", "Stanford University")
    assert entry.domains == ("google.com", "", "stanford.edu")  # domains keep their positions
    assert not entry.aligned  # which author has none is known, but not who holds which listed one


def test_the_cli_prints_n_a_for_a_file_without_affiliations(tmp_path: Path) -> None:
    source = tmp_path / "iclr2018.json"
    source.write_text(json.dumps(BLANK), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "paperlists", str(source), "--figure-only"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "0 of 2 accepted papers list affiliations" in out
    assert "share with an industry co-author n/a" in out
    assert "mean frac_industry n/a over 0 papers" in out
    assert "0.000" not in out


@pytest.mark.parametrize(
    ("entry", "ids"),
    [
        ({"id": "-16dlERMZkO", "site": "https://nips.cc/virtual/2021/poster/27141",
          "openreview": "https://openreview.net/forum?id=-16dlERMZkO"}, SourceIds(openreview_id="-16dlERMZkO")),
        # the link names the forum when the file's id is another note of it
        ({"id": "-__S9T8QrDD", "openreview": "https://openreview.net/forum?id=O-fOgeI_D-B"},
         SourceIds(openreview_id="O-fOgeI_D-B")),
        ({"id": "B1e-kxSKDH"}, SourceIds(openreview_id="B1e-kxSKDH")),  # ICLR 2020: the note id alone
        ({"id": "site_a08dd09ff1", "site": "https://icml.cc/virtual/2021/poster/10271",
          "proceeding": "http://proceedings.mlr.press/v139/kidger21a.html"}, SourceIds(pmlr_id="kidger21a")),
        ({"id": "2485", "pdf": "http://proceedings.mlr.press/v80/tang18a/tang18a.pdf"}, SourceIds(pmlr_id="tang18a")),
        ({"id": "b5a2a8306f", "site": "https://proceedings.mlr.press/v80/wang18i.html"}, SourceIds(pmlr_id="wang18i")),
        ({"id": "01ommd4uLX", "proceeding": "http://proceedings.mlr.press/v202/ohayon23a.html"},
         SourceIds(openreview_id="01ommd4uLX", pmlr_id="ohayon23a")),
        ({"id": "11127", "pdf": "https://papers.nips.cc/paper_files/paper/2018/file/"
          "8b16ebc056e613024c057be590b542eb-Paper.pdf"}, SourceIds(proceedings_hash="8b16ebc056e613024c057be590b542eb")),
        ({"id": "site_909d9fddd4", "site": "https://nips.cc/virtual/2019/poster/13959"}, SourceIds()),
        ({"id": "25639", "site": "https://icml.cc/virtual/2023/poster/25639"}, SourceIds()),
    ],
)  # fmt: skip
def test_an_entry_names_its_source_ids(entry: dict[str, str], ids: SourceIds) -> None:
    assert source_ids(entry) == ids


def test_a_listed_paper_carries_its_source_ids() -> None:
    (entry,) = parse([{**BLANK[0], "site": "https://openreview.net/forum?id=B11bwYgfM"}])
    assert listed_paper(entry).ids == SourceIds(openreview_id="B11bwYgfM")


def test_import_joins_a_stored_paper_by_id_though_its_title_differs(tmp_path: Path, orgs: OrgIndex) -> None:
    crawled = Paper(key="iclr/2018/main/crawled", venue="iclr", year=2018, track="main",
                    title="No Affiliations Here: Revised", ids=SourceIds(openreview_id="B11bwYgfM"))  # fmt: skip
    source = tmp_path / "iclr2018.json"
    source.write_text(json.dumps(BLANK), encoding="utf-8")
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(crawled)
        report = import_into_store(store, read_paperlists(source), orgs)
        keys = sorted(p.key for p in store.papers())
        created = store.get_paper("iclr/2018/main/B12Js_yRb")
    assert (report.n_joined, report.n_created) == (1, 1)
    assert keys == ["iclr/2018/main/B12Js_yRb", crawled.key]
    assert created is not None
    assert created.ids == SourceIds(openreview_id="B12Js_yRb")
