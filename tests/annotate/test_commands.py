"""`paperscope verify ...` as a user runs it: help, one-line errors, the agreement table."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from paperscope.cli import app
from paperscope.records import Verification
from paperscope.store import Store
from tests.annotate.factory import labels_for, make_sample

PAPERSCOPE = [sys.executable, "-c", "from paperscope.cli import main; main()"]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERSCOPE_", "LABEL_STUDIO_"))}
    return subprocess.run(
        [*PAPERSCOPE, *args], check=False, capture_output=True, text=True, env={**clean, **env}, timeout=120
    )


def store_with_verdicts(home: Path) -> None:
    sample = make_sample()
    labels = labels_for(sample)
    with Store.open(home / "paperscope.sqlite") as store:
        store.upsert_paper(sample.paper)
        store.add_labels(labels)
        for lab in labels:
            if lab.value.kind in {"bert_role", "topic"}:
                for who in ("a@x.org", "b@x.org"):
                    store.add_verification(
                        Verification(
                            label_id=lab.id,
                            paper_key=lab.paper_key,
                            field=lab.field,
                            verdict="accept" if who == "a@x.org" or lab.value.kind == "topic" else "reject",
                            annotator=who,
                            origin="prediction",
                            at=datetime(2026, 11, 1, tzinfo=UTC),
                            desk=who if lab.value.kind == "topic" else None,  # bert: on the shared server
                        )
                    )


def test_verify_help_lists_its_commands():
    result = CliRunner().invoke(app, ["verify", "--help"])
    assert result.exit_code == 0
    for command in ("serve", "push", "pull", "agreement"):
        assert command in result.stdout


def test_push_without_api_key_is_one_line(tmp_path: Path):
    store_with_verdicts(tmp_path)
    result = run("verify", "push", "--home", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "PAPERSCOPE_LS_API_KEY" in result.stderr


def test_unknown_field_and_unreachable_server(tmp_path: Path):
    store_with_verdicts(tmp_path)
    bad = run("verify", "pull", "--home", str(tmp_path), "--field", "gpu")
    assert bad.returncode == 2
    assert "--field gpu: choose from hardware, bert, code, affiliation, topic" in bad.stderr
    down = run(
        "verify",
        "pull",
        "--home",
        str(tmp_path),
        PAPERSCOPE_LS_URL="http://127.0.0.1:9",
        PAPERSCOPE_LS_API_KEY="k" * 40,
    )
    assert down.returncode == 2
    assert down.stderr.startswith("paperscope: error: Label Studio at http://127.0.0.1:9:")
    assert "cannot reach it" in down.stderr
    assert down.stderr.strip().count("\n") == 0


def test_serve_without_credentials_on_a_fresh_home(tmp_path: Path):
    fake = tmp_path / "label-studio"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    result = run("verify", "serve", "--home", str(tmp_path), PAPERSCOPE_LS_BIN=str(fake))
    assert result.returncode == 2
    assert "set LABEL_STUDIO_USERNAME and LABEL_STUDIO_PASSWORD in the environment" in result.stderr


def test_agreement_table(tmp_path: Path):
    store_with_verdicts(tmp_path)
    result = CliRunner().invoke(app, ["verify", "agreement", "--home", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    kappa_part, precision_part = result.stdout.split("machine precision")

    def rows(text: str) -> dict[str, list[str]]:
        cells = [
            [c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.count("│") > 3
        ]
        return {row[0]: row for row in cells}

    kappa, precision = rows(kappa_part), rows(precision_part)
    assert kappa["topic"][:6] == ["topic", "cohen", "2", "1", "1.000", "-"]  # one label: kappa undefined
    assert kappa["bert"][:4] == ["bert", "-", "0", "0"]  # judged on the shared server: not blind
    assert "bert: 1 slot(s) judged by 2+ annotators on the shared server left out" in " ".join(
        kappa_part.split()
    )
    assert kappa["hardware"][:4] == ["hardware", "-", "0", "0"]
    assert precision["topic"][:7] == ["topic", "1", "1", "0", "0", "0", "1.000"]
    assert precision["bert"][:7] == ["bert", "0", "0", "0", "0", "1", "-"]  # accept vs reject: disputed


def test_push_names_the_sampled_papers_without_a_pdf_and_what_their_annotators_get(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from annotate.commands import _without_pdf
    from paperscope.records import Miss
    from paperscope.store import Store
    from tests.core.factories import paper

    with Store.open(tmp_path / "s.sqlite") as store:
        gone, kept = paper(1), paper(2)
        for p in (gone, kept):
            store.upsert_paper(p)
        store.record_miss(Miss(paper_key=gone.key, reason="http_status", detail="PDF: HTTP 404", url=None,
                               at=datetime.now(UTC)))  # fmt: skip
        lines = _without_pdf(store, [gone.key, kept.key, "neurips/2021/main/not-stored"])
    assert lines[0].startswith("2 sampled papers have no stored PDF: their tasks carry the title")
    assert f"  no PDF: {gone.key} (http_status)" in lines
    assert f"  no PDF: {kept.key} (no miss recorded)" in lines
