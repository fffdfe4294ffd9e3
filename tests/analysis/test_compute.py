"""Training compute from a store: planted durations, sizes and tokens give the planted compute both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.compute import UTILISATION, paper_compute
from analysis.synthetic import _label, fill_store
from analysis.tables import paper_values
from paperscope.records import ModelSize, TrainingData, TrainingTime
from paperscope.store import Store


def test_planted_inputs_give_the_planted_compute_by_both_methods(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 40, seed=3, years=(2021,))
        papers = paper_values(store)
        with_setup = papers[papers["peak_flops_fp32"].notna() & papers["chip"].notna()].head(3)
        planted = {}
        for i, row in enumerate(with_setup.itertuples()):
            labels = [
                _label(row.paper_key, TrainingTime(hours=24.0 * (i + 1), chip=row.chip), start=10),
                _label(row.paper_key, TrainingTime(hours=500.0, scope="fine_tuning"), start=20),  # not main
                _label(row.paper_key, ModelSize(params=10**9), start=30),
                # a cited model's size is not the paper's
                _label(row.paper_key, ModelSize(params=175 * 10**9, scope="other"), start=40),
                _label(row.paper_key, TrainingData(tokens=2 * 10**10), start=50),
            ]
            store.add_labels(labels)
            planted[row.paper_key] = (float(row.peak_flops_fp32), 24.0 * (i + 1))
        frame = paper_compute(store).set_index("paper_key")
    assert set(frame.index) == set(planted)
    for key, (peak, hours) in planted.items():
        got = frame.loc[key]
        assert got["hours"] == hours
        assert got["params"] == 10**9
        assert got["flop_hardware"] == pytest.approx(peak * hours * 3600 * UTILISATION)
        assert got["flop_counting"] == pytest.approx(6 * 10**9 * 2 * 10**10)
        assert got["ratio"] == pytest.approx(got["flop_hardware"] / got["flop_counting"])
        assert got["team"] in {"academic", "industry", "unknown"}


def test_no_training_labels_no_rows(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 10, seed=1, years=(2021,))
        assert paper_compute(store).empty


def test_the_report_shows_training_compute_by_team_beside_the_studys_109(tmp_path: Path) -> None:
    from analysis.params import load_params, load_targets
    from analysis.report import build

    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 40, seed=3, years=(2021,))
        before = build(store, load_params(), load_targets(), tmp_path).html
        key = str(paper_values(store)["paper_key"].iloc[0])
        store.add_labels([_label(key, ModelSize(params=10**9), start=30),
                          _label(key, TrainingData(tokens=10**10), start=50)])  # fmt: skip
        report = build(store, load_params(), load_targets(), tmp_path)
    assert "no training compute can be inferred here" in before
    assert "Training compute could be inferred for 1 of 40 papers" in report.html
    assert f"{6 * 10**9 * 10**10:.2e}" in report.html  # 6 x parameters x tokens
    assert len(report.tables["training_compute"]) == 1


def test_the_china_flag_splits_set_ups_and_compute(tmp_path: Path) -> None:
    from analysis.compute import china_breakdown
    from analysis.params import load_params, load_targets
    from analysis.report import build
    from paperscope.records import Affiliation

    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 80, seed=4, years=(2021,))
        papers = paper_values(store)
        chosen = papers[papers["peak_flops_fp32"].notna()].head(4)["paper_key"].tolist()
        assert len(chosen) == 4
        labels = []
        for i, key in enumerate(chosen):  # two papers with an author in China, two elsewhere
            country = "CN" if i < 2 else "GB"
            aff = Affiliation(
                author_position=0, author_name="A", raw="Org", org_type="academic", country=country
            )
            labels.append(_label(key, aff, pdf_sha256="f" * 64, start=90 + i))
        store.add_labels(labels)
        papers = paper_values(store)
        flags = dict(zip(papers["paper_key"], papers["china_author"], strict=True))
        compute = paper_compute(store)
        report = build(store, load_params(), load_targets(), tmp_path)
    assert [bool(flags[k]) for k in chosen] == [True, True, False, False]
    table = china_breakdown(papers, compute)
    got = {r.group: r for r in table.itertuples()}
    assert got["author in China"].papers == 2
    assert got["author in China"].setups == 2
    assert got["no author in China"].papers == 2
    assert "By an author at an organisation in China" in report.html


def test_verified_training_inputs_win_over_the_machines(tmp_path: Path) -> None:
    """A person's corrected duration (entered with the set-up in Label Studio) makes the compute."""
    from datetime import UTC, datetime

    from paperscope.records import HardwareSetup, TrainingInputs, Verification

    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 40, seed=3, years=(2021,))
        setups = [lab for lab in store.labels(kind="hardware_setup", current=True)
                  if isinstance(lab.value, HardwareSetup) and lab.value.peak_flops_fp32]  # fmt: skip
        machine, verified, old = setups[:3]
        for lab in (machine, verified):  # the machine read 24 h, and a duration label says 500 h
            assert isinstance(lab.value, HardwareSetup)
            value = lab.value.model_copy(update={"training": TrainingInputs(hours=24.0)})
            store.add_labels([_label(lab.paper_key, TrainingTime(hours=500.0), start=60),
                              lab.model_validate({**lab.model_dump(exclude={"id"}), "value": value.model_dump(), "confidence": 0.99})])  # fmt: skip
        relabelled = {lab.paper_key: lab for lab in store.labels(kind="hardware_setup", current=True)}
        target = relabelled[verified.paper_key]
        assert isinstance(target.value, HardwareSetup)
        corrected = target.value.model_copy(update={"training": TrainingInputs(hours=48.0, params=10**9)})
        store.add_verification(
            Verification(
                label_id=target.id,
                paper_key=target.paper_key,
                field="hardware",
                verdict="correct",
                corrected=corrected,
                annotator="a@x",
                origin="prediction-changed",
                at=datetime(2030, 1, 1, tzinfo=UTC),
            )
        )
        # a set-up from before training inputs were read takes them from the paper's duration labels
        store.add_labels([_label(old.paper_key, TrainingTime(hours=12.0), start=60)])
        frame = paper_compute(store).set_index("paper_key")
    assert frame.loc[machine.paper_key, "hours"] == 24.0  # the set-up's value, not the 500 h label
    assert frame.loc[verified.paper_key, "hours"] == 48.0
    assert frame.loc[verified.paper_key, "params"] == 10**9
    peak = corrected.peak_flops_fp32
    assert peak is not None
    assert frame.loc[verified.paper_key, "flop_hardware"] == pytest.approx(peak * 48 * 3600 * UTILISATION)
    assert frame.loc[old.paper_key, "hours"] == 12.0


def test_the_report_splits_compute_by_topic_with_the_utilisation_range(tmp_path: Path) -> None:
    from analysis.compute import UTILISATION_RANGE
    from analysis.figures import TOPIC_LABELS
    from analysis.params import load_params, load_targets
    from analysis.report import build

    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 40, seed=3, years=(2021,))
        papers = paper_values(store)
        row = papers[
            papers["peak_flops_fp32"].notna() & papers["topic"].notna() & papers["any_industry"].notna()
        ].iloc[0]
        store.add_labels(
            [_label(str(row["paper_key"]), TrainingTime(hours=10.0, chip=row["chip"]), start=10)]
        )
        report = build(store, load_params(), load_targets(), tmp_path)
    flop = float(row["peak_flops_fp32"]) * 10 * 3600 * UTILISATION
    html = report.html
    section = html[html.index("<h3>Training compute</h3>") :]
    assert "Training compute by team type and topic" in section
    assert TOPIC_LABELS[str(row["topic"])] in section
    assert f"{flop:.2e}" in section
    for u in UTILISATION_RANGE:  # the hardware method's sensitivity to utilisation
        assert f"{flop * u / UTILISATION:.2e}" in section
