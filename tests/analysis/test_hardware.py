"""Fig. 2's headline numbers and their bootstrap on hand-made tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import hardware
from analysis.params import BootstrapParams, HardwareParams
from analysis.sensitivity import bootstrap_hardware

PARAMS = HardwareParams(venue="neurips", year=2021)


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
