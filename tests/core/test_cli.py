from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from paperscope.cli import STAGE_COMMANDS, app
from paperscope.store import Store
from tests.core.factories import hw_label, paper, setup_label, verification

runner = CliRunner()
PAPERSCOPE = [sys.executable, "-c", "from paperscope.cli import main; main()"]


def filled_store(home: Path) -> None:
    with Store.open(home / "paperscope.sqlite") as s:
        for i in range(3):
            s.upsert_paper(paper(i))
        lab = setup_label(paper(1))
        s.add_labels([lab, hw_label(paper(1))])
        s.add_verification(verification(lab))


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "status" in result.stdout
    assert "export" in result.stdout


def test_status_counts_papers_and_verified_labels(tmp_path: Path):
    filled_store(tmp_path)
    result = runner.invoke(app, ["status", "--home", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "neurips" in x)
    assert line.split("│")[1:-1]
    assert [c.strip() for c in line.split("│")[1:-1]] == [
        "neurips",
        "2021",
        "main",
        "3",
        "0",
        "0",
    ]
    hw = next(x for x in result.stdout.splitlines() if "hardware" in x)
    assert [c.strip() for c in hw.split("│")[1:-1]] == ["hardware", "1", "2", "1", "1"]
    assert "new-model judgements (Table 1's population): 0 yes, 0 no" in result.stdout


def test_status_counts_new_model_judgements_by_their_latest_verdict(tmp_path: Path):
    from datetime import UTC, datetime

    from paperscope.records import CodeRelease, Label, Producer, Verification
    from paperscope.store import Store
    from tests.core.factories import evidence, paper

    with Store.open(tmp_path / "paperscope.sqlite") as store:
        labels = []
        for n in (1, 2, 3):
            p = paper(n)
            store.upsert_paper(p)
            labels.append(
                Label(
                    paper_key=p.key,
                    value=CodeRelease(released=True),
                    evidence=evidence(p),
                    producer=Producer(name="code_links", version="0.1.0"),
                    confidence=0.9,
                )
            )
        store.add_labels(labels)

        def judge(label: Label, new_model: bool, minute: int) -> Verification:
            return Verification(
                label_id=label.id,
                paper_key=label.paper_key,
                field="code",
                verdict="correct",
                corrected=CodeRelease(released=True, new_model=new_model),
                annotator="ann@example.org",
                origin="prediction-changed",
                at=datetime(2026, 11, 1, 12, minute, tzinfo=UTC),
            )

        store.add_verification(judge(labels[0], True, 0))
        store.add_verification(judge(labels[1], True, 0))
        store.add_verification(judge(labels[1], False, 5))  # changed their mind: the latest counts
    result = runner.invoke(app, ["status", "--home", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "new-model judgements (Table 1's population): 1 yes, 1 no" in result.stdout


def test_export_writes_csv_and_parquet_with_evidence(tmp_path: Path):
    filled_store(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--home", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    labels = pd.read_parquet(out / "labels.parquet")
    assert len(labels) == 2
    assert set(labels["matched"]) == {"8 NVIDIA V100 GPUs"}
    assert set(labels["page"]) == {6}  # 1-based in exports
    assert set(labels["producer"]) == {"hardware@0.1.0"}
    pd.testing.assert_frame_equal(
        pd.read_csv(out / "papers.csv")[["paper_key", "n_authors"]],
        pd.read_parquet(out / "papers.parquet")[["paper_key", "n_authors"]],
    )
    assert len(pd.read_csv(out / "verifications.csv")) == 1


def test_export_without_a_store_is_one_clear_line(tmp_path: Path):
    result = subprocess.run(
        [*PAPERSCOPE, "export", "--home", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("paperscope: error: ")
    assert "nowhere/paperscope.sqlite: no store here" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_corrupt_store_is_one_clear_line(tmp_path: Path):
    (tmp_path / "paperscope.sqlite").write_bytes(b"garbage" * 1000)
    result = subprocess.run(
        [*PAPERSCOPE, "status", "--home", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "paperscope.sqlite: cannot open store" in result.stderr


def test_bad_option_value_exits_non_zero(tmp_path: Path):
    filled_store(tmp_path)
    result = subprocess.run(
        [*PAPERSCOPE, "export", "--home", str(tmp_path), "--format", "xlsx"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--format 'xlsx': choose csv, parquet or both" in result.stderr


def test_an_unwritable_output_path_is_one_clear_line(tmp_path: Path):
    filled_store(tmp_path)
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    result = subprocess.run(
        [*PAPERSCOPE, "report", "--home", str(tmp_path), "--out", str(blocker / "r.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "afile" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("module", STAGE_COMMANDS)
def test_a_stage_commands_module_imports_first_without_a_cycle(module: str) -> None:
    import subprocess
    import sys

    code = f"import {module}; import paperscope.cli; assert hasattr({module}, 'register')"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-1500:]
