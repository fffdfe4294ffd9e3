"""PMLR parsing rules beyond the fixture pages: BibTeX records, the volume table, volume checks."""

from __future__ import annotations

import asyncio

import pytest
from web_poet import HttpResponse

from crawlers.pages.bibtex import decode_tex, display_name, parse_bibtex, split_names
from crawlers.pages.layouts import LayoutChanged
from crawlers.pages.pmlr import (
    PmlrEntry,
    PmlrPaperPage,
    PmlrVolumeItem,
    PmlrVolumePage,
    paper_from_volume,
    volume_problem,
)
from crawlers.pmlr_volumes import icml_volumes, volumes_for
from paperscope.errors import InputError

BIB = r"""
@InProceedings{pmlr-v80-tang18a,
  title = {Learning {LSTM}s with $O(n)$ Memory},
  author = {Tang, Hanlin and M{\"u}ller, J{\'e}r{\^o}me and {Google Brain Team} and van der Berg, Jr, Karl},
  pages = {4848--4856},
  volume = 80,
  abstract = {We show that $a<b$ for {50\%} of cases.}
}
@InProceedings{pmlr-v80-broken18a, title = {Unclosed, author = {A, B}
@InProceedings{pmlr-v80-quoted18b, title = "Quoted Title", author = "Solo, Han and {Smith and Sons}"}
"""


def test_bibtex_records_decode_tex_and_order_authors():
    records = parse_bibtex(BIB)
    tang = records["pmlr-v80-tang18a"]
    assert tang.authors == ("Hanlin Tang", "Jérôme Müller", "Google Brain Team", "Karl van der Berg Jr")
    assert tang.title == "Learning LSTMs with $O(n)$ Memory"
    assert tang.fields["abstract"] == "We show that $a<b$ for 50% of cases."
    assert tang.fields["volume"] == "80"
    assert records["pmlr-v80-quoted18b"].authors == ("Han Solo", "Smith and Sons")


def test_a_record_with_unbalanced_braces_is_skipped_not_guessed():
    assert "pmlr-v80-broken18a" not in parse_bibtex(BIB)


@pytest.mark.parametrize(
    ("tex", "text"),
    [(r"Erd{\H{o}}s", "Erdős"), (r"{\v{S}}koda", "Škoda"), (r"Ku{\c{c}}uk", "Kuçuk"), (r"Gr{\o}n", "Grøn"),
     (r"Stra{\ss}e", "Straße"), (r"Jos\'{e}", "José"), (r"{\'\i}ndice", "índice"), (r"A \& B", "A & B")],
)  # fmt: skip
def test_tex_accents_become_unicode(tex, text):
    assert decode_tex(tex) == text


def test_names_split_only_on_top_level_and():
    assert split_names("A, B and {C and D} and E") == ["A, B", "{C and D}", "E"]
    assert display_name("Family, Given") == "Given Family"
    assert display_name("Given Family") == "Given Family"


def _volume(
    volume: int = 202, heading: str = "International Conference on Machine Learning"
) -> PmlrVolumeItem:
    entry = PmlrEntry(
        "x23a", "https://p/v202/x23a.html", "T", ("Listed Name",), "https://p/v202/x23a/x23a.pdf"
    )
    return PmlrVolumeItem("https://p/v202/", volume, f"Volume {volume}: {heading}", "VolumePageCurrent", "0" * 64,
                          (entry,))  # fmt: skip


def test_a_paper_from_the_volume_takes_bibtex_authors_when_given():
    volume = _volume()
    record = parse_bibtex("@InProceedings{pmlr-v202-x23a, author = {Name, Bib}, abstract = {Abs.}}")[
        "pmlr-v202-x23a"
    ]
    with_bib = paper_from_volume(volume, volume.entries[0], 2023, record)
    listed = paper_from_volume(volume, volume.entries[0], 2023)
    assert [a.name for a in with_bib.authors] == ["Bib Name"]
    assert (with_bib.layout, with_bib.abstract) == ("VolumePageCurrent+bibtex", "Abs.")
    assert [a.name for a in listed.authors] == ["Listed Name"]
    assert (listed.layout, listed.abstract) == ("VolumePageCurrent", None)
    paper = with_bib.to_paper()
    assert (paper.key, paper.ids.pmlr_id, paper.source.url) == (
        "icml/2023/main/x23a",
        "x23a",
        "https://p/v202/",
    )


def test_volume_problem_catches_a_wrong_table_row_or_a_workshop_volume():
    assert volume_problem(_volume(), 202) is None
    assert "volume 202, the volume table says 235" in str(volume_problem(_volume(), 235))
    assert "not an ICML volume" in str(volume_problem(_volume(heading="NeurIPS 2022 Competition Track"), 202))


def test_the_volume_table_covers_icml_2013_to_2025_on_pmlr():
    table = icml_volumes()
    assert list(table) == list(range(2013, 2026))
    assert table[2018] == 80
    assert table[2024] == 235
    assert table[2025] == 267
    assert list(table.values()) == sorted(table.values())
    with pytest.raises(InputError, match="ICML 2012"):
        volumes_for((2012, 2013))


@pytest.mark.parametrize("page", [PmlrVolumePage, PmlrPaperPage])
def test_a_page_no_template_fits_is_a_layout_miss_with_its_hash(page):
    body = b"<html><body><h1>Site maintenance</h1><p>Back soon.</p></body></html>"
    response = HttpResponse(url="https://proceedings.mlr.press/v235/x24a.html", body=body, status=200)
    with pytest.raises(LayoutChanged) as info:
        asyncio.run(page(response=response).to_item())
    miss = info.value.miss
    assert miss.venue == "icml"
    assert len(miss.layouts_tried) == 2
    assert len(miss.response_sha256) == 64
