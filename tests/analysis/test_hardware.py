"""Fig. 2's headline numbers and their bootstrap on hand-made tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from analysis import hardware
from analysis.params import BootstrapParams, HardwareParams
from analysis.sensitivity import bootstrap_hardware

PARAMS = HardwareParams(venue="neurips", year=2021, precision="fp32")


def papers(rows: list[tuple[str, float | None, bool | None, bool | None]]) -> pd.DataFrame:
    """(topic, peak fp32, any_industry, majority_industry) per paper; tensor peak = 8 x fp32."""
    return pd.DataFrame(
        {
            "paper_key": [f"p{i}" for i in range(len(rows))],
            "topic": [r[0] for r in rows],
            "hardware_status": ["reported" if r[1] else "not_reported" for r in rows],
            "peak_flops_fp32": pd.array([r[1] for r in rows], dtype="Float64"),
            "peak_flops_tensor": pd.array(
                [None if r[1] is None else 8 * r[1] for r in rows], dtype="Float64"
            ),
            "any_industry": pd.array([r[2] for r in rows], dtype="boolean"),
            "majority_industry": pd.array([r[3] for r in rows], dtype="boolean"),
            "hardware_verified": pd.array([True] * len(rows), dtype="boolean"),
            "affiliation_verified": pd.array([True] * len(rows), dtype="boolean"),
            "topic_verified": pd.array([i % 2 == 0 for i in range(len(rows))], dtype="boolean"),
        }
    )


ROWS = [
    ("vision", 1e13, False, False),
    ("vision", 3e13, False, False),
    ("other", 2e13, False, False),
    ("nlp_speech", 1e13, True, False),
    ("nlp_speech", 4e13, True, True),
    ("other", 1e14, True, True),
    ("other", 2.5e14, True, True),
    ("vision", None, True, True),  # no hardware reported
    ("other", 5e13, None, None),  # no known affiliation: no team
]


def test_headline_numbers() -> None:
    result = hardware.headline(papers(ROWS), PARAMS)
    assert (result.n_sampled, result.n_with_hardware) == (9, 8)
    assert (result.n_academic, result.n_industry) == (3, 4)
    assert result.mean_academic == pytest.approx(2e13)
    assert result.mean_industry == pytest.approx(1e14)
    assert result.ratio_of_means == pytest.approx(5.0)
    assert result.best_academic == 3e13
    assert result.share_above_best_academic == pytest.approx(0.75)


def test_majority_definition_and_geometric_mean_change_the_numbers() -> None:
    majority = hardware.headline(papers(ROWS), PARAMS.model_copy(update={"industry_definition": "majority"}))
    assert (majority.n_academic, majority.n_industry) == (4, 3)
    geometric = hardware.headline(papers(ROWS), PARAMS.model_copy(update={"mean": "geometric"}))
    assert geometric.mean_academic == pytest.approx(np.exp(np.mean(np.log([1e13, 3e13, 2e13]))))


def test_tensor_policy_reads_the_tensor_peak() -> None:
    table = hardware.setups(papers(ROWS), "tensor", "any")
    assert table["peak_flops"].max() == 8 * 2.5e14


def test_no_academic_set_up_gives_missing_ratio_not_an_error() -> None:
    result = hardware.headline(papers([r for r in ROWS if r[2]]), PARAMS)
    assert result.ratio_of_means is None
    assert result.share_above_best_academic is None


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    table = hardware.setups(papers(ROWS * 5), "fp32", "any")
    boot = BootstrapParams(n=500, seed=3, ci=95)
    first = bootstrap_hardware(table, "arithmetic", boot, np.random.default_rng(3))
    again = bootstrap_hardware(table, "arithmetic", boot, np.random.default_rng(3))
    assert first == again
    low, high = first["ratio"]
    assert low is not None
    assert high is not None
    assert low < 5.0 < high


def test_figure_draws_every_topic_panel() -> None:
    table = hardware.setups(papers(ROWS), "fp32", "any")
    fig = hardware.figure(table, hardware.headline(papers(ROWS), PARAMS), PARAMS)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["NLP & speech", "Computer vision", "Other"]
    assert fig.axes[-1].get_xscale() == "log"


def with_tpus(rows: list[tuple[str | None, float | None, bool | None, bool | None]]) -> pd.DataFrame:
    """``papers(rows)`` plus reported TPU set-ups with a tensor peak and no FP32 peak (as chips.csv has it)."""
    frame = papers([(r[0] or "other", r[1], r[2], r[3]) for r in rows])
    frame["topic"] = pd.array([r[0] for r in rows], dtype="string")
    tpu = pd.DataFrame(
        {
            "paper_key": ["tpu-a", "tpu-i", "tpu-i2"],
            "topic": pd.array(["vision", "nlp_speech", "other"], dtype="string"),
            "hardware_status": "reported",
            "peak_flops_fp32": pd.array([None, None, None], dtype="Float64"),
            "peak_flops_tensor": pd.array([1.2e14, 4.9e14, 9.8e14], dtype="Float64"),
            "any_industry": pd.array([False, True, True], dtype="boolean"),
            "majority_industry": pd.array([False, True, True], dtype="boolean"),
            "hardware_verified": pd.array([True] * 3, dtype="boolean"),
            "affiliation_verified": pd.array([True] * 3, dtype="boolean"),
            "topic_verified": pd.array([True] * 3, dtype="boolean"),
        }
    )
    return pd.concat([frame, tpu], ignore_index=True)


def test_papers_with_hardware_count_every_reported_set_up_and_say_which_have_no_peak() -> None:
    frame = with_tpus(ROWS)
    fp32 = hardware.headline(frame, PARAMS)
    assert (fp32.n_sampled, fp32.n_with_hardware) == (12, 11)
    assert (fp32.n_academic, fp32.n_industry) == (3, 4)  # the TPUs have no FP32 peak: left out of Fig. 2
    assert (fp32.n_no_peak_academic, fp32.n_no_peak_industry) == (1, 2)
    tensor = hardware.headline(frame, PARAMS.model_copy(update={"precision": "tensor"}))
    assert tensor.n_with_hardware == 11
    assert (tensor.n_academic, tensor.n_industry) == (4, 6)
    assert (tensor.n_no_peak_academic, tensor.n_no_peak_industry) == (0, 0)


def test_the_precision_policy_must_be_stated() -> None:
    with pytest.raises(ValidationError, match="precision"):
        HardwareParams(venue="neurips", year=2021)  # type: ignore[call-arg]


def test_set_ups_without_a_topic_are_an_unknown_topic_not_other() -> None:
    frame = with_tpus([(None, 1e13, False, False), ("other", 2e13, True, True)])
    table = hardware.setups(frame, "fp32", "any")
    assert list(table["topic"]) == ["unknown", "other"]
    summary = hardware.summary(table)
    assert summary.loc[summary["topic"] == "other", "n"].sum() == 1
    assert summary.loc[summary["topic"] == "unknown", "n"].sum() == 1
    fig = hardware.figure(table, hardware.headline(frame, PARAMS), PARAMS)
    assert [ax.get_title(loc="left") for ax in fig.axes][-1] == "Unknown topic"
    known_only = hardware.setups(papers(ROWS), "fp32", "any")
    assert "unknown" not in set(hardware.summary(known_only)["topic"])


def _tick_labels_overlap(fig: object) -> list[tuple[str, str]]:
    """Pairs of visible x tick labels of the bottom panel whose drawn boxes overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[-1]
    low, high = ax.get_xlim()
    labels = [t for t in ax.get_xticklabels() if t.get_text() and low <= t.get_position()[0] <= high]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1 :] if ba.overlaps(bb)]


def test_fig2_tick_labels_stay_readable_over_a_whole_conferences_range() -> None:
    rng = np.random.default_rng(0)
    peaks = 10 ** rng.uniform(np.log10(5e12), np.log10(1e16), 2500)  # 5 TFLOP/s to 10 PFLOP/s
    rows = [
        (("vision", "other", "nlp_speech")[i % 3], float(p), bool(i % 2), bool(i % 4 == 0))
        for i, p in enumerate(peaks)
    ]
    frame = papers(rows)
    fig = hardware.figure(hardware.setups(frame, "fp32", "any"), hardware.headline(frame, PARAMS), PARAMS)
    assert _tick_labels_overlap(fig) == []
    assert len([t for t in fig.axes[-1].get_xticklabels() if t.get_text()]) >= 3  # still labelled


def test_fig2_over_a_narrow_range_keeps_its_finer_ticks() -> None:
    frame = papers(ROWS)
    fig = hardware.figure(hardware.setups(frame, "fp32", "any"), hardware.headline(frame, PARAMS), PARAMS)
    assert _tick_labels_overlap(fig) == []


def test_the_sensitivity_table_shows_fig2_with_the_other_mean() -> None:
    from analysis.sensitivity import Selections, hardware_table

    frame = papers(ROWS)
    sel = Selections(hardware_all=frame, hardware_verified=frame, code_all=pd.DataFrame(),
                     code_verified=pd.DataFrame())  # fmt: skip
    boot = BootstrapParams(n=50, seed=1, ci=95)
    table = hardware_table(sel, PARAMS, boot, np.random.default_rng(0))
    geometric = table[table["mean"] == "geometric"]
    assert len(geometric) == 1
    assert not bool(geometric["setting"].iloc[0])
    chosen = PARAMS.model_copy(update={"mean": "geometric"})
    assert geometric["ratio"].iloc[0] == pytest.approx(hardware.headline(frame, chosen).ratio_of_means)
    setting = table[table["setting"]]
    assert list(setting["mean"]) == ["arithmetic"]
