"""End to end on the demo, against a real Label Studio: sample, push, verdicts, pull, the corrected report.

An annotator who knows each demo paper's answer (``DemoPaper.expect_*``, what the paper says) gives a
verdict on every sampled paper's BERT and code task, correcting the machine where it erred. The
report's "Whole conference" section then gives those shares three ways, the prediction-powered one
with its interval, and ``paperscope status`` says how many verified papers each rests on.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from paperscope.demo.papers import DEMO_PAPERS
from tests.annotate.ls_server import LabelStudioServer, paperscope_cli

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow, pytest.mark.timeout(900)]


def result(name: str, value: dict[str, Any], to: str) -> dict[str, Any]:
    return {"id": name, "from_name": name, "to_name": to, "type": "choices", "value": value}


def truth_of(field: str, paper_key: str) -> tuple[str, str]:
    """(control, choice) a person reading the demo paper gives for its BERT role or code release."""
    paper = next(p for p in DEMO_PAPERS if paper_key.endswith(p.hash))
    if field == "bert":
        return "role", paper.expect_bert_role
    return "released", "yes" if paper.expect_released else "no"


def whole_section(report: Path) -> str:
    """The text of the report's "Whole conference" section."""
    page = report.read_text(encoding="utf-8")
    section = re.search(r'<section id="whole">(.*?)</section>', page, re.DOTALL)
    assert section, "the report has no Whole conference section"
    return html.unescape(re.sub(r"<[^>]+>", " ", section.group(1)))


def test_demo_sample_verified_in_label_studio_corrects_the_whole_conference(
    tmp_path: Path, label_studio: LabelStudioServer, ls: Any
) -> None:
    home = tmp_path / "demo"
    assert (
        demo := paperscope_cli("demo", "--home", str(home), "--workers", "1", timeout=600)
    ).returncode == 0, demo.stderr
    drawn = paperscope_cli("sample", "--year", "2021", "--n", "12", "--seed", "5", "--home", str(home))
    assert drawn.returncode == 0, drawn.stderr
    (sample_file,) = (home / "samples").glob("*.json")
    env = {"PAPERSCOPE_LS_URL": label_studio.url, "PAPERSCOPE_LS_API_KEY": label_studio.token}
    pushed = paperscope_cli("verify", "push", "--home", str(home), "--sample", str(sample_file), env=env)
    assert pushed.returncode == 0, pushed.stderr
    for field in ("bert", "code"):
        assert f"{field}: 12 created" in pushed.stdout  # every sampled paper, found by the machine or not

    wrong = 0
    for field in ("bert", "code"):
        (project,) = [p for p in ls.projects.list() if p.title == f"paperscope: {field}"]
        tasks = list(ls.tasks.list(project=project.id, fields="all"))
        assert len(tasks) == 12
        for task in tasks:
            control, truth = truth_of(field, task.data["paper_key"])
            to = "items" if field == "code" else "evidence"  # the controls' object in each config
            prediction = task.predictions[0] if task.predictions else None
            machine = [r["value"]["choices"][0] for r in (prediction.result if prediction else [])
                       if r.get("from_name") == control]  # fmt: skip
            if truth == "none":  # no BERT in the paper: nothing to enter, the machine's nothing is right
                verdict, given = ("accept" if not machine else "reject"), []
            else:
                verdict = "accept" if machine == [truth] else "correct"
                given = [result(control, {"choices": [truth]}, to)]
            wrong += verdict != "accept"
            ls.annotations.create(id=task.id, result=[result("verdict", {"choices": [verdict]}, to), *given],
                                  parent_prediction=prediction.id if prediction else None)  # fmt: skip
    pulled = paperscope_cli("verify", "pull", "--home", str(home), env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert "bert: 12 annotated task(s), 12 new verification(s)" in pulled.stdout
    assert "code: 12 annotated task(s)" in pulled.stdout, pulled.stdout  # and a verdict per link

    reported = paperscope_cli("report", "--home", str(home))
    assert reported.returncode == 0, reported.stderr
    section = " ".join(whole_section(home / "report" / "report.html").split())
    studying = sum(p.expect_bert_role == "studies" for p in DEMO_PAPERS) / len(DEMO_PAPERS)
    releasing = sum(p.expect_released for p in DEMO_PAPERS) / len(DEMO_PAPERS)
    for quantity, share in (("share studying BERT", studying), ("share releasing code", releasing)):
        rows = re.findall(
            rf"{quantity} simple random (machine only|sample only|prediction-powered) ([\d.]+%)", section
        )
        methods = dict(rows)
        assert set(methods) == {"machine only", "sample only", "prediction-powered"}, section
        # the whole conference is sampled, so the sample and the corrected value are the truth itself
        assert methods["sample only"] == f"{100 * share:.2f}%", section
        assert methods["prediction-powered"] == f"{100 * share:.2f}%", section
    status = paperscope_cli("status", "--home", str(home))
    assert re.search(r"neurips 2021 share releasing code: [\d.]+% \[.*\] on 12 verified of 12", status.stdout)
    assert wrong > 0  # the corrections were exercised: the demo's machine errs on some of these papers
