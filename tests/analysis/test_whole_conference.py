"""The report's whole-conference figures: machine labels on every paper, corrected by a recorded verified sample."""

from __future__ import annotations

import math
from pathlib import Path

from analysis.params import load_params, load_targets
from analysis.report import build
from analysis.sample import make_sample, sample_path, write_sample
from analysis.synthetic import fill_store
from analysis.whole_conference import LOGIT, PEAK_QUANTITIES, QUANTITIES, whole_conference
from paperscope.store import Store


def sampled_store(
    tmp_path: Path, n: int, seed: int, verified: float, sample_n: int, sample_seed: int
) -> Store:
    """A synthetic NeurIPS 2021 store with a recorded random sample in ``tmp_path`` (closed by the caller)."""
    store = Store.open(tmp_path / "s.sqlite")
    fill_store(store, n, seed=seed, years=(2021,), verified_share=verified)
    sample = make_sample(store, "neurips", 2021, n=sample_n, seed=sample_seed)
    write_sample(sample, sample_path(tmp_path, "neurips", 2021, sample_n, sample_seed))
    return store


def test_without_a_recorded_sample_there_is_nothing_to_correct(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 60, seed=3, years=(2021,), verified_share=1.0)
        assert whole_conference(store, tmp_path).empty


def test_each_quantity_three_ways_from_the_sampled_verified_papers(tmp_path: Path) -> None:
    with sampled_store(tmp_path, 300, 5, 0.6, 120, 7) as store:
        rows = whole_conference(store, tmp_path)
        html = build(store, load_params(), load_targets(), tmp_path).html
    peaks = {name for name, _ in PEAK_QUANTITIES.values()}
    assert set(rows["quantity"]) - {LOGIT} - peaks == set(QUANTITIES)
    for quantity, group in rows[~rows["quantity"].isin({LOGIT, *peaks})].groupby("quantity"):
        by = {r.method: r for r in group.itertuples()}
        if quantity == "share studying BERT":  # only papers naming BERT can be verified: few here
            assert by["machine only"].N > 250  # every read paper counts, not only those naming BERT
            continue
        assert set(by) == {"machine only", "sample only", "prediction-powered"}
        machine, sample_only, ppi = by["machine only"], by["sample only"], by["prediction-powered"]
        assert machine.low is None or math.isnan(machine.low)  # biased: no interval
        assert 0 < ppi.n <= 120  # sampled papers a person verified, none from outside the draw
        assert ppi.N == machine.N > ppi.n
        assert ppi.low <= ppi.value <= ppi.high
        assert sample_only.low <= sample_only.value <= sample_only.high
    assert "Whole conference: machine labels corrected by a verified random sample" in html
    assert "prediction-powered" in html
    glance = html[html.index("At a glance") : html.index("Whole conferences, from paper-list metadata")]
    assert "corrected by the verified random sample" in glance  # the PPI values in At a glance


def test_status_says_what_each_estimate_rests_on_and_what_would_halve_it(tmp_path: Path) -> None:
    from analysis.whole_conference import sample_status, to_halve

    assert to_halve(100, 2000) == 348  # 1/n' - 1/N = (1/n - 1/N) / 4
    assert to_halve(1900, 2000) == 1975  # near the whole conference: nearly all of it
    assert to_halve(2000, 2000) is None  # the whole conference verified: no interval left to halve
    with sampled_store(tmp_path, 300, 5, 0.6, 120, 7) as store:
        lines = sample_status(store, tmp_path)
    code = next(line for line in lines if "share releasing code" in line)
    assert "verified of 282" in code
    assert "more verified sample papers would halve it" in code


def test_table_1s_coefficient_three_ways_once_enough_papers_have_both_fields_verified(tmp_path: Path) -> None:
    with sampled_store(tmp_path, 400, 11, 0.9, 200, 3) as store:
        rows = whole_conference(store, tmp_path)
        html = build(store, load_params(), load_targets(), tmp_path).html
    logit = rows[rows["quantity"] == LOGIT].set_index("method")
    assert set(logit.index) == {"machine only", "sample only", "prediction-powered"}
    assert set(logit["unit"]) == {"coefficient"}
    pp = logit.loc["prediction-powered"]
    assert pp["low"] <= pp["value"] <= pp["high"]
    assert pp["n"] >= 30
    assert LOGIT in html


def test_a_stratified_sample_weighs_each_stratum_by_its_share_of_the_papers(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 300, seed=5, years=(2021,), verified_share=1.0)
        sample = make_sample(store, "neurips", 2021, n=90, seed=7, by="topic")
        write_sample(sample, sample_path(tmp_path, "neurips", 2021, 90, 7, "topic"))
        rows = whole_conference(store, tmp_path)
        html = build(store, load_params(), load_targets(), tmp_path).html
    assert sample.strata is not None
    assert sum(len(s.population) for s in sample.strata.values()) == 300  # every paper in one stratum
    assert set(sample.keys) == {k for s in sample.strata.values() for k in s.keys}
    for stratum in sample.strata.values():  # proportional, at least two each
        assert len(stratum.keys) >= 2
        assert abs(len(stratum.keys) - 90 * len(stratum.population) / 300) <= 2
    code = {r.method: r for r in rows[rows["quantity"] == "share releasing code"].itertuples()}
    assert set(code) == {"machine only", "sample only", "prediction-powered"}
    assert {r.design for r in code.values()} == {"stratified by topic"}
    assert 250 < code["prediction-powered"].N <= 300  # the papers with a machine value for it
    assert 0 < code["prediction-powered"].n <= 90
    assert (
        code["prediction-powered"].low <= code["prediction-powered"].value <= code["prediction-powered"].high
    )
    assert LOGIT not in set(rows["quantity"])  # Table 1's coefficient: simple random samples only
    assert "stratified by topic" in html


def test_fig2_geometric_means_and_their_ratio_three_ways(tmp_path: Path) -> None:
    with sampled_store(tmp_path, 400, 11, 0.9, 200, 3) as store:
        rows = whole_conference(store, tmp_path)
        html = build(store, load_params(), load_targets(), tmp_path).html
    for key, (name, unit) in PEAK_QUANTITIES.items():
        got = rows[rows["quantity"] == name].set_index("method")
        assert set(got.index) == {"machine only", "sample only", "prediction-powered"}, key
        assert set(got["unit"]) == {unit}
        pp = got.loc["prediction-powered"]
        assert 0 < pp["low"] <= pp["value"] <= pp["high"]  # an interval on the FLOP/s (or ratio) scale
        assert pp["n"] >= 10
        assert pp["N"] > pp["n"]
    ratio = rows[rows["quantity"] == PEAK_QUANTITIES["ratio"][0]].set_index("method")
    academic = rows[rows["quantity"] == PEAK_QUANTITIES["academic"][0]].set_index("method")
    industry = rows[rows["quantity"] == PEAK_QUANTITIES["industry"][0]].set_index("method")
    for method in ("machine only", "prediction-powered"):  # the ratio is the teams' ratio
        assert math.isclose(
            ratio.at[method, "value"], industry.at[method, "value"] / academic.at[method, "value"]
        )
    assert PEAK_QUANTITIES["ratio"][0] in html
