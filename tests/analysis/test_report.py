"""The whole run: store -> report, deterministic, every number beside the paper's, no NaN."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from analysis import report
from analysis.params import Params, load_targets
from paperscope.cli import app
from paperscope.store import Store


def build(home: Path, params: Params) -> report.Report:
    with Store.open(home / "paperscope.sqlite") as store:
        return report.build(store, params, load_targets(), home)


def test_store_to_report_is_deterministic(synthetic_home: Path, quick_params: Params, tmp_path: Path) -> None:
    first, second = build(synthetic_home, quick_params), build(synthetic_home, quick_params)
    assert first.html == second.html
    assert first.figures == second.figures
    assert first.tables.keys() == second.tables.keys()
    for name in first.tables:
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name])
    a = report.write(first, tmp_path / "a" / "report.html")
    b = report.write(second, tmp_path / "b" / "report.html")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert {p.name for p in a} >= {
        "report.html",
        "table1.csv",
        "fig2_hardware.png",
        "sensitivity_code_release.csv",
    }


def test_report_shows_the_papers_numbers_beside_ours(synthetic_home: Path, quick_params: Params) -> None:
    built = build(synthetic_home, quick_params)
    html = built.html
    assert "nan" not in re.sub(r'src="data:[^"]+"', "", html).lower()
    for printed in ("−1.52*", "0.719", "0.219", "81.40%", "32.45%", "519", "109", "65"):
        assert printed in html, printed
    assert html.count('src="data:image/png;base64,') == 3
    comparison = {str(r["key"]): r for r in built.tables["comparison"].to_dict("records")}
    assert comparison["code_release.coef"]["paper"] == -1.52
    assert comparison["code_release.n"]["ours"] == comparison["code_release.n"]["n"]
    # the planted effect is found from the store (600 papers; planted b = -1.52)
    assert -2.6 < float(comparison["code_release.coef"]["ours"]) < -0.5
    assert comparison["hardware.n_sampled"]["ours"] == 100  # population of 2021 < 519: every paper
    assert 0 < float(comparison["code_release.coef"]["verified_share"]) < 1
    assert "/tmp" not in html
    assert "/work" not in html


def test_sensitivity_covers_every_choice(synthetic_home: Path, quick_params: Params) -> None:
    built = build(synthetic_home, quick_params)
    hw = built.tables["sensitivity_hardware"]
    code = built.tables["sensitivity_code_release"]
    assert set(hw["precision"]) == {"fp32", "tensor"}
    assert set(hw["industry"]) == {"any", "majority"}
    assert set(hw["labels"]) == {"all", "verified"}
    assert set(hw["mean"]) == {"arithmetic", "geometric"}
    rules = {"verified > PDF > paper list/profile", "verified > paper list/profile > PDF",
             "unknown authors as non-industry"}  # fmt: skip
    assert set(hw["authors"]) == rules  # the synthetic store has paper-list affiliations
    assert set(code["authors"]) == rules
    # Table 1 on the study's population too: only papers an annotator judged to present a new model
    assert set(code["population"]) == {"every paper", "papers judged to present a new model"}
    assert set(code.loc[code["setting"], "population"]) == {"every paper"}
    assert set(built.tables["sensitivity_bertology"]["definition"]) == {
        "studies BERT (the study's rubric)", "studies or uses BERT"}  # fmt: skip
    assert set(code["estimator"]) == {"mle", "firth"}
    assert set(code["regressor"]) == {"frac_industry", "any_industry", "majority_industry"}
    setting = code[code["setting"]].iloc[0]
    assert setting["coef_ci_low"] < setting["coef"] < setting["coef_ci_high"]
    assert int(hw["setting"].sum()) == 1


def test_empty_store_still_gives_a_report_without_nan(tmp_path: Path, quick_params: Params) -> None:
    Store.open(tmp_path / "paperscope.sqlite").close()
    built = build(tmp_path, quick_params)
    assert "nan" not in re.sub(r'src="data:[^"]+"', "", built.html).lower()
    assert "Not computable from this store." in built.html


def test_cli_report_writes_the_file(synthetic_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "r" / "report.html"
    params = tmp_path / "params.yaml"
    from analysis.params import DEFAULT_PARAMS

    params.write_text(DEFAULT_PARAMS.read_text().replace("logit_bootstrap_n: 200", "logit_bootstrap_n: 10"))
    result = CliRunner().invoke(
        app, ["report", "--home", str(synthetic_home), "--params", str(params), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    bad = CliRunner().invoke(app, ["report", "--home", str(tmp_path / "nowhere"), "--out", str(out)])
    assert bad.exit_code != 0


def test_report_states_the_precision_policy_and_the_set_ups_it_leaves_out(
    synthetic_home: Path, quick_params: Params
) -> None:
    built = build(synthetic_home, quick_params)
    papers = built.tables["papers"]
    sampled = papers[papers["paper_key"].isin(built.tables["hardware_papers"]["paper_key"])]
    no_fp32 = sampled[(sampled["hardware_status"] == "reported") & sampled["peak_flops_fp32"].isna()]
    industry = no_fp32["any_industry"].astype("boolean")
    n_academic, n_industry = int((~industry).fillna(False).sum()), int(industry.fillna(False).sum())
    assert n_academic + n_industry > 0  # the synthetic store has TPU v3 set-ups (no FP32 peak)
    html = built.html
    assert "Precision policy: FP32" in html
    assert "Reported set-ups left out, no FP32 peak: academic / industry-involved</td>" in html
    assert f"{n_academic} / {n_industry}</td>" in html
    comparison = {str(r["key"]): r for r in built.tables["comparison"].to_dict("records")}
    assert comparison["hardware.n_with_hardware"]["ours"] == int(
        (sampled["hardware_status"] == "reported").sum()
    )


def test_report_counts_authors_whose_sources_disagree_as_unknown(
    synthetic_home: Path, quick_params: Params
) -> None:
    built = build(synthetic_home, quick_params)
    papers = built.tables["papers"]
    conflicts = int(papers["n_affil_conflicts"].fillna(0).sum())
    assert "unknown: one source gives two types, no verdict</td>" in built.html
    assert f'gives two types, no verdict</td><td class="num">{conflicts:,}</td>' in built.html


def test_the_new_model_population_regresses_only_papers_judged_so(
    synthetic_home: Path, quick_params: Params, tmp_path: Path
) -> None:
    import shutil
    from datetime import UTC, datetime

    from paperscope.records import CodeRelease, Verification

    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(synthetic_home / "paperscope.sqlite", home / "paperscope.sqlite")
    with Store.open(home / "paperscope.sqlite") as store:
        codes = [lab for lab in store.labels(kind="code_release") if lab.paper_key.startswith("neurips/")]
        judged = codes[:120]
        for n, lab in enumerate(judged):
            assert isinstance(lab.value, CodeRelease)
            store.add_verification(
                Verification(
                    label_id=lab.id,
                    paper_key=lab.paper_key,
                    field="code",
                    verdict="correct",
                    corrected=lab.value.model_copy(update={"new_model": n % 3 != 0}),  # a third: "no"
                    annotator="judge@paperscope.test",
                    origin="prediction-changed",
                    at=datetime(2030, 1, 1, tzinfo=UTC),
                )
            )
    params = quick_params.model_copy(
        update={"code_release": quick_params.code_release.model_copy(update={"population": "new_model"})}
    )
    built = build(home, params)
    ours = int(built.tables["comparison"].set_index("key").loc["code_release.n", "ours"])
    assert 0 < ours <= 80  # at most the "yes" papers (some lack a known industry share or a regression year)
    assert "Only papers an annotator judged to present a new model are regressed" in built.html
    assert ours < int(
        build(home, quick_params).tables["comparison"].set_index("key").loc["code_release.n", "ours"]
    )


def test_a_bootstrap_with_too_many_failed_resamples_shows_no_interval() -> None:
    from analysis.sensitivity import shown

    assert shown((0.1, 0.9), 0, 200) == ((0.1, 0.9), "")
    assert shown((0.1, 0.9), 20, 200) == ((0.1, 0.9), "20 of 200 resamples failed")  # 10%: still shown
    interval, note = shown((0.1, 0.9), 155, 200)
    assert interval == (None, None)
    assert note == "155 of 200 resamples failed: no interval shown (more than 10% failed)"
