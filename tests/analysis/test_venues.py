"""``report --venue neurips,icml``: every venue's figures side by side, each with its own n."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis import report
from analysis.params import Params, load_targets
from analysis.synthetic import fill_store
from analysis.venues import parse_venues
from paperscope.cli import app
from paperscope.errors import InputError
from paperscope.store import Store


@pytest.fixture(scope="module")
def two_venues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venues")
    with Store.open(home / "paperscope.sqlite") as store:
        fill_store(store, 240, seed=3)  # NeurIPS, 40 a year
        fill_store(store, 90, seed=4, venue="icml", years=(2020, 2021, 2022))  # ICML, 30 a year
    return home


def test_each_venue_gets_the_same_figures_with_its_own_n(two_venues: Path, quick_params: Params) -> None:
    with Store.open(two_venues / "paperscope.sqlite", create=False) as store:
        built = report.build(store, quick_params, load_targets(), two_venues, venues=("neurips", "icml"))
    frame = built.tables["venues"]
    selected = frame[frame["quantity"] == "papers selected"].set_index("venue")["value"]
    assert (selected["neurips"], selected["icml"]) == (40, 30)  # each venue's own 2021 papers
    fig5_2018 = frame[(frame["figure"] == "Fig. 5") & (frame["quantity"] == "share 2018")].set_index("venue")
    assert fig5_2018.loc["neurips", "n"] > 0
    assert fig5_2018.loc["icml", "n"] == 0  # no ICML paper of 2018 in the store ...
    assert str(fig5_2018.loc["icml", "value"]) == "<NA>"  # ... so a gap, not a zero
    assert {"fig2_hardware_icml", "fig5_bertology_icml", "fig6_code_release_icml"} <= set(built.figures)
    assert 'id="venues"' in built.html
    assert "Venues side by side" in built.html
    assert "— (no paper read)" in built.html


def test_one_venue_moves_the_whole_report_and_a_bad_venue_is_one_line(
    two_venues: Path, quick_params: Params
) -> None:
    with Store.open(two_venues / "paperscope.sqlite", create=False) as store:
        built = report.build(store, quick_params, load_targets(), two_venues, venues=("icml",))
    assert "venues" not in built.tables
    assert "This report measures ICML; the study measured NeurIPS." in built.html  # said where numbers stand
    assert list(built.tables["hardware_papers"]["paper_key"].str.split("/").str[0].unique()) == ["icml"]
    with pytest.raises(InputError, match="give one or more of neurips, icml, iclr"):
        parse_venues("neurips,cvpr")
    result = CliRunner().invoke(app, ["report", "--home", str(two_venues), "--venue", "neurips,neurips"])
    assert isinstance(result.exception, InputError)
    assert "named twice" in str(result.exception)
