"""Reproducible samples: pure in (population, n, seed), stored once, used by the report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis import report
from analysis.params import DEFAULT_PARAMS, load_params, load_targets
from analysis.sample import draw_sample, make_sample, sample_keys, sample_path, write_sample
from paperscope.cli import app
from paperscope.errors import InputError
from paperscope.store import Store

KEYS = [f"neurips/2021/main/p{i:04d}" for i in range(2000)]


def test_same_population_n_and_seed_give_the_same_sample() -> None:
    first = draw_sample(KEYS, 519, seed=11)
    assert first == draw_sample(list(reversed(KEYS)), 519, seed=11)
    assert len(set(first)) == 519
    assert first == sorted(first)
    assert set(first) <= set(KEYS)
    assert first != draw_sample(KEYS, 519, seed=12)


def test_sample_is_uniform_enough() -> None:
    hits = [0] * 4
    for seed in range(200):
        for key in draw_sample(KEYS, 100, seed):
            hits[int(key[-4:]) * 4 // len(KEYS)] += 1
    assert max(hits) / min(hits) < 1.1


def test_more_than_the_population_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot sample 5"):
        draw_sample(KEYS[:3], 5, seed=1)


def test_cli_writes_once_and_refuses_a_different_sample(synthetic_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "paperscope.sqlite").write_bytes((synthetic_home / "paperscope.sqlite").read_bytes())
    runner = CliRunner()
    args = ["sample", "--venue", "neurips", "--year", "2021", "--n", "20", "--seed", "5", "--home", str(home)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "sampled 20 of 100 neurips 2021 papers" in first.output
    path = sample_path(home, "neurips", 2021, 20, 5)
    stored = json.loads(path.read_text())
    assert len(stored["keys"]) == 20
    again = runner.invoke(app, args)
    assert "unchanged" in again.output
    with Store.open(home / "paperscope.sqlite") as store:
        other = make_sample(store, "neurips", 2021, 20, 5).model_copy(update={"keys": ("x",) * 20})
        with pytest.raises(InputError, match="use --force"):
            write_sample(other, path)
        keys, note = sample_keys(store, home, "neurips", 2021, 20, 5)
    assert keys == stored["keys"]
    assert note.startswith("stored sample")


def test_report_draws_the_same_sample_when_none_is_stored(synthetic_home: Path, tmp_path: Path) -> None:
    with Store.open(synthetic_home / "paperscope.sqlite") as store:
        keys, note = sample_keys(store, tmp_path, "neurips", 2021, 20, 5)
        assert keys == list(make_sample(store, "neurips", 2021, 20, 5).keys)
        assert "drawn at report time" in note
        everyone, note = sample_keys(store, tmp_path, "neurips", 2021, 519, 5)
    assert len(everyone) == 100
    assert "fewer than the sample size" in note


def copy_home(synthetic_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "paperscope.sqlite").write_bytes((synthetic_home / "paperscope.sqlite").read_bytes())
    return home


def test_sample_says_how_to_use_it_and_report_sample_uses_that_file(
    synthetic_home: Path, tmp_path: Path
) -> None:
    home = copy_home(synthetic_home, tmp_path)
    runner = CliRunner()
    drawn = runner.invoke(app, ["sample", "--year", "2021", "--n", "20", "--seed", "5", "--home", str(home)])
    assert drawn.exit_code == 0, drawn.output
    path = sample_path(home, "neurips", 2021, 20, 5)
    assert f"paperscope report --sample {path}" in " ".join(drawn.output.split())
    params = tmp_path / "params.yaml"
    params.write_text(DEFAULT_PARAMS.read_text().replace("logit_bootstrap_n: 200", "logit_bootstrap_n: 10"))
    out = tmp_path / "r" / "report.html"
    args = ["report", "--home", str(home), "--params", str(params), "--out", str(out)]
    result = runner.invoke(app, [*args, "--sample", str(path)])
    assert result.exit_code == 0, result.output
    papers_behind_fig2 = pd.read_csv(out.parent / "report_files" / "tables" / "hardware_papers.csv")
    assert sorted(papers_behind_fig2["paper_key"]) == json.loads(path.read_text())["keys"]
    html = out.read_text()
    assert "sample file neurips-2021-n20-seed5.json" in html
    # the store holds the whole conference too: Fig. 2's figures on both populations, each named
    assert "Fig. 2&#x27;s headline figures on both populations" in html
    assert "the study&#x27;s Methods sampled 519" in html
    assert "Every NeurIPS 2021 paper in the store; the study&#x27;s caption says 2,333" in html


def test_report_refuses_a_sample_no_analysis_can_use(synthetic_home: Path, tmp_path: Path) -> None:
    home = copy_home(synthetic_home, tmp_path)
    with Store.open(home / "paperscope.sqlite") as store:
        other_year = make_sample(store, "neurips", 2019, 10, 1)
        path = tmp_path / "s2019.json"
        write_sample(other_year, path)
        with pytest.raises(InputError, match=r"neurips 2019 sample.*hardware: neurips 2021"):
            report.build(store, load_params(), load_targets(), home, sample_file=path)
    result = CliRunner().invoke(app, ["report", "--home", str(home), "--sample", str(tmp_path / "none.json")])
    assert isinstance(result.exception, InputError)  # `paperscope` prints it as one line, exit 2
    assert "not a readable sample file" in str(result.exception)


def test_the_report_analyses_the_sample_recorded_not_a_draw_of_its_own(
    synthetic_home: Path, tmp_path: Path
) -> None:
    home = copy_home(synthetic_home, tmp_path)
    with Store.open(home / "paperscope.sqlite") as store:
        recorded = make_sample(store, "neurips", 2021, 20, 11)  # the sample pushed for verification
        write_sample(recorded, sample_path(home, "neurips", 2021, 20, 11))
        keys, note = sample_keys(store, home, "neurips", 2021, 20, 5)  # the params say seed 5
        assert keys == list(recorded.keys)
        assert "seed11" in note
        write_sample(make_sample(store, "neurips", 2021, 30, 12), sample_path(home, "neurips", 2021, 30, 12))
        with pytest.raises(InputError, match="2 recorded neurips 2021 samples"):
            sample_keys(store, home, "neurips", 2021, 20, 5)


def test_allocation_is_proportional_with_two_per_stratum_at_least() -> None:
    from analysis.sample import allocate

    assert allocate(10, {"a": 50, "b": 30, "c": 20}) == {"a": 5, "b": 3, "c": 2}
    assert allocate(100, {"a": 1500, "b": 450, "c": 50}) == {"a": 75, "b": 23, "c": 2}
    assert allocate(7, {"a": 1, "b": 100}) == {"a": 1, "b": 6}  # a stratum of one is drawn whole
    with pytest.raises(InputError, match="at least 2 per stratum"):
        allocate(3, {"a": 10, "b": 10, "c": 10})


def test_a_stratified_sample_is_reproducible_and_an_old_file_still_reads(tmp_path: Path) -> None:
    from analysis.sample import SampleFile, make_sample, read_sample, write_sample
    from analysis.synthetic import fill_store
    from paperscope.store import Store

    with Store.open(tmp_path / "s.sqlite") as store:
        fill_store(store, 120, seed=2, years=(2021,))
        first = make_sample(store, "neurips", 2021, 30, 4, by="hardware")
        again = make_sample(store, "neurips", 2021, 30, 4, by="hardware")
    assert first == again
    assert first.strata_by == "hardware"
    assert first.strata is not None
    assert set(first.strata) <= {"set-up found", "no set-up found"}
    old = SampleFile(venue="neurips", year=2021, n=2, seed=1, population_size=3, population_sha256="0" * 64,
                     keys=("a", "b"))  # fmt: skip
    write_sample(old, tmp_path / "old.json")
    assert read_sample(tmp_path / "old.json").strata is None
