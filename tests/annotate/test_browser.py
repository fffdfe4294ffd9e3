"""Tasks as an annotator sees them in Label Studio, in headless Chromium.

Crop and evidence visible, a verdict submitted and pulled, the searchable chip picker, the PDF link
and the page a placeholder task shows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from annotate.client import LabelStudioClient
from annotate.crops import CropCache
from annotate.pull import PullReport, pull
from annotate.push import PushReport, plans_for, push
from annotate.tasks import TaskPlan
from paperscope.records import Field_, Verification
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from tests.annotate.factory import Sample, labels_for, make_sample, store_sample
from tests.annotate.ls_server import Annotator, DeskServer, LabelStudioServer
from tests.conftest import CHROMIUM

pytestmark = [pytest.mark.labelstudio, pytest.mark.browser, pytest.mark.slow]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser.new_page(viewport={"width": 1500, "height": 1100})
        finally:
            browser.close()


@dataclass
class Pushed:
    """One paper's task of one field, pushed to the test server."""

    store: Store
    sample: Sample
    crops: CropCache
    plan: TaskPlan
    report: PushReport
    project: int
    task_id: int


def push_one(
    tmp_path: Path,
    server: LabelStudioServer,
    n: int,
    field: Field_ = "hardware",
    *,
    labelled: bool = True,
    pdf_root: Path | None = None,
) -> Pushed:
    """Store paper ``n`` (with machine labels, or none: a placeholder task) and push its ``field`` task."""
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(pdf_root or tmp_path / "pdfs")
    sample = make_sample(n)
    store_sample(store, pdfs, sample)
    if labelled:
        store.add_labels(labels_for(sample))
    (plan,) = plans_for(store, [field], placeholders=not labelled)
    crops = CropCache(tmp_path / "crops", pdfs)
    with LabelStudioClient(server.url, server.token, project_prefix=f"browser {n} {field} ") as client:
        report = push(store, client, crops, [plan])
        project = client.find_project(field)
    assert project is not None
    task_id = store.query("SELECT task_id FROM ls_tasks WHERE field = ?", (field,))[0][0]
    return Pushed(store, sample, crops, plan, report, project, task_id)


def log_in_and_open(
    page: Any, url: str, annotator: Annotator, project: int, task_id: int, shown: str
) -> None:
    """Sign in as ``annotator`` and open the task; wait until ``shown`` is on the page."""
    page.goto(f"{url}/user/login/")
    page.fill("input[name=email]", annotator.email)
    page.fill("input[name=password]", annotator.password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/user/login" not in u, timeout=30_000)
    page.goto(f"{url}/projects/{project}/data?task={task_id}")
    page.get_by_text(shown, exact=False).first.wait_for(state="visible", timeout=60_000)


def submit(page: Any, task_id: int) -> None:
    """Submit the open task and wait until the server holds the annotation."""
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        f"""async () => (await (await fetch('/api/tasks/{task_id}')).json()).total_annotations > 0"""
    )


def pull_by_kind(
    task: Pushed, server: LabelStudioServer, prefix: str
) -> tuple[PullReport, dict[str, Verification]]:
    """Pull the pushed task's project; the store's verifications by the kind of label they judge."""
    with LabelStudioClient(server.url, server.token, project_prefix=prefix) as client:
        report = pull(task.store, client, ["hardware"])
    kinds = {lab.id: lab.value.kind for lab in task.store.labels()}
    return report, {kinds[v.label_id]: v for v in task.store.verifications()}


def crop_shown(page: Any, png: bytes) -> int:
    """How many images on the page are ``png`` (found by its exact pixel size), shown wide."""
    width, height = Image.open(io.BytesIO(png)).size
    shown = page.wait_for_function(
        """([w, h]) => [...document.images].filter(i => i.complete && i.naturalWidth === w
               && i.naturalHeight === h && i.getBoundingClientRect().width > 600).length""",
        arg=[width, height],
    )
    return int(shown.json_value())


def pick_chip(page: Any, query: str, title: str) -> None:
    """Replace the chip in the searchable picker: remove the one chosen, search, pick ``title``."""
    page.locator(".htx-taxonomy .ant-select-selection-item-remove").first.click()
    page.locator(".htx-taxonomy").first.click()
    page.locator("input[data-testid=taxonomy-search]").press_sequentially(query)
    page.locator(f".htx-taxonomy-dropdown [title='{title}']").click()


@pytest.mark.parametrize("field", ["hardware", "affiliation"])
def test_annotator_sees_crop_and_evidence(
    tmp_path: Path,
    label_studio: LabelStudioServer,
    annotator: Annotator,
    browser_page: Any,
    artifacts_dir: Path,
    field: Field_,
):
    task = push_one(tmp_path, label_studio, 7, field)
    assert task.plan.crop is not None
    page = browser_page
    evidence = "8 NVIDIA V100 GPUs" if field == "hardware" else "Alan Turing | DeepMind"
    log_in_and_open(page, label_studio.url, annotator, task.project, task.task_id, evidence)
    page.get_by_text(task.sample.paper.title, exact=False).first.wait_for(state="visible", timeout=10_000)
    # Label Studio shows the data: URI crop as a blob image
    assert crop_shown(page, task.crops.png(task.plan.crop)) >= 1
    shot = artifacts_dir / f"labelstudio-task-{field}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    page.get_by_text("Is the machine's reading right?").first.wait_for(state="visible")
    for verdict in ("accept", "correct", "reject"):
        assert page.locator(f"input[type=radio][name={verdict}]").is_visible()


def test_a_verdict_submitted_in_the_browser_is_pulled(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    task = push_one(tmp_path, label_studio, 8)
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, task.project, task.task_id, "8 NVIDIA V100 GPUs")
    page.locator("input[type=radio][name=correct]").check()
    pick_chip(page, "3090", "NVIDIA RTX 3090 (rtx-3090)")
    count = page.locator("input[type=number][name=count]")
    count.fill("16")
    count.press("Enter")
    submit(page, task.task_id)
    report, by_kind = pull_by_kind(task, label_studio, "browser 8 hardware ")
    assert report.new == {"hardware": 2}  # the set-up and its one chip line
    assert (by_kind["hardware"].verdict, by_kind["hardware"].origin) == ("accept", "prediction")
    v = by_kind["hardware_setup"]
    assert (v.annotator, v.verdict, v.origin) == (annotator.email, "correct", "prediction-changed")
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"chip", "count"}) == {"chip": "rtx-3090", "count": 16}
    assert v.lead_time is not None
    assert v.lead_time > 0


def test_typing_in_the_chip_picker_filters_it_and_changes_nothing_else(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    task = push_one(tmp_path, label_studio, 10)
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, task.project, task.task_id, "8 NVIDIA V100 GPUs")
    page.locator(".htx-taxonomy").first.click()
    search = page.locator("input[data-testid=taxonomy-search]")
    titles = page.locator(".htx-taxonomy-dropdown .ant-select-tree-title")
    titles.first.wait_for(state="visible")
    before = titles.count()
    search.press_sequentially("30")  # keystrokes, as a hotkey would see them: "3" was the third verdict's key
    page.wait_for_function(
        "() => [...document.querySelectorAll('.htx-taxonomy-dropdown .ant-select-tree-title')]"
        ".every(t => t.textContent.includes('30'))"
    )
    shown = titles.all_inner_texts()
    assert shown
    assert len(shown) < before  # filtered: every chip left names "30" (RTX 3060 ... 3090 Ti, ...)
    assert all("30" in t for t in shown)
    assert "NVIDIA RTX 3090 (rtx-3090)" in shown
    # ... and nothing else moved: no verdict ticked, the count and the chosen chip as predicted
    for verdict in ("accept", "correct", "reject"):
        assert not page.locator(f"input[type=radio][name={verdict}]").is_checked()
    assert page.locator("input[type=number][name=count]").input_value() == "8"
    assert page.locator(".htx-taxonomy .ant-select-selection-item").all_inner_texts() == [
        "NVIDIA V100 (v100)"
    ]


def test_the_pdf_link_opens_the_stored_pdf_at_the_evidence_page_for_members_only(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    import hashlib

    import httpx
    import pypdfium2 as pdfium

    assert label_studio.pdf_root is not None
    # the PDFs in the store the server serves, as `verify serve` serves the home's
    task = push_one(tmp_path, label_studio, 11, pdf_root=label_studio.pdf_root)
    crop = task.plan.crop
    assert crop is not None
    assert task.report.pdf_links
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, task.project, task.task_id, "8 NVIDIA V100 GPUs")
    link = page.locator("a.paperscope-pdf")
    stated = crop.page + 1
    assert link.inner_text() == f"Open the PDF at page {stated}"
    href = link.get_attribute("href")
    assert href is not None
    assert href.endswith(f"#page={stated}")  # the browser's PDF viewer opens at that page
    with page.expect_popup() as opened:
        link.click()
    assert opened.value.url == f"{label_studio.url}{href}"
    served = page.request.get(f"{label_studio.url}{href}")  # signed in: the annotator's session
    assert served.status == 200
    assert served.headers["content-type"].startswith("application/pdf")
    body = served.body()
    assert hashlib.sha256(body).hexdigest() == crop.pdf_sha256  # the paper's own stored PDF ...
    pdf = pdfium.PdfDocument(body)
    text = pdf[stated - 1].get_textpage().get_text_range()
    assert "8 NVIDIA V100 GPUs" in " ".join(text.split())  # ... and the stated page holds the evidence
    pdf.close()
    anonymous = httpx.get(f"{label_studio.url}{href}", follow_redirects=False)
    assert anonymous.status_code != 200  # Label Studio's own rule: only signed-in project members


def test_a_placeholder_hardware_task_shows_the_set_up_page(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    from annotate.crops import CropSpec, render_crop

    # a stored PDF and no label at all: the machine found nothing
    task = push_one(tmp_path, label_studio, 12, labelled=False)
    assert task.plan.placeholder is not None
    assert task.plan.crop is not None
    png = task.crops.png(task.plan.crop)
    # the page with "Experimental setup ... trained on 8 NVIDIA V100 GPUs" (page 2), not the title page
    assert png == render_crop(task.sample.pdf, CropSpec(task.plan.crop.pdf_sha256, 1, ()))
    page = browser_page
    log_in_and_open(
        page, label_studio.url, annotator, task.project, task.task_id, "describes the experiments"
    )
    assert crop_shown(page, png) >= 1


def test_at_their_own_desks_annotator_b_never_sees_annotator_as_verdict(
    tmp_path: Path, desks: list[DeskServer], browser_page: Any
):
    from contextlib import ExitStack

    import httpx

    from annotate.push import push_to_desks

    a, b = desks
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(tmp_path / "pdfs")
    sample = make_sample(13)
    store_sample(store, pdfs, sample)
    store.add_labels(labels_for(sample))
    crops = CropCache(tmp_path / "crops", pdfs)
    with ExitStack() as stack:
        clients = {
            d.annotator.email: stack.enter_context(
                LabelStudioClient(d.server.url, d.server.token, project_prefix="blind 13 ")
            )
            for d in desks
        }
        push_to_desks(store, clients, crops, plans_for(store, ["hardware"]), overlap=2)
        projects = {who: client.find_project("hardware") for who, client in clients.items()}
    task_of = {str(r[0]): int(r[1]) for r in store.query("SELECT desk, task_id FROM ls_tasks")}

    # annotator a corrects the count to 16 at a's own desk
    with httpx.Client(timeout=60) as http:
        from label_studio_sdk import LabelStudio

        at_a = LabelStudio(base_url=a.server.url, api_key=a.annotator.token, httpx_client=http)
        task = at_a.tasks.get(task_of[a.annotator.email])
        pred = task.predictions[0]
        result = [dict(r) for r in pred.result]
        for item in result:
            if item["from_name"] == "count":
                item["value"] = {"number": 16}
        verdict = {"id": "v", "from_name": "verdict", "to_name": "evidence", "type": "choices"}
        at_a.annotations.create(
            id=task.id,
            result=[*result, {**verdict, "value": {"choices": ["correct"]}}],
            parent_prediction=pred.id,
        )
        assert at_a.tasks.get(task.id).total_annotations == 1

    page = browser_page
    project_b, task_b = projects[b.annotator.email], task_of[b.annotator.email]
    assert project_b is not None
    log_in_and_open(page, b.server.url, b.annotator, project_b, task_b, "8 NVIDIA V100 GPUs")

    def annotations() -> list[Any]:
        return list(page.evaluate(f"async () => (await fetch('/api/tasks/{task_b}/annotations')).json()"))

    # before b submits: no annotation on b's task, nothing of a's on the page, the machine's count shown
    assert annotations() == []
    assert a.annotator.email not in page.content()
    assert page.locator("input[type=number][name=count]").input_value() == "8"
    page.locator("input[type=radio][name=accept]").check()
    submit(page, task_b)
    # after: b's own verdict alone, still nothing of a's
    me = page.evaluate("async () => (await fetch('/api/current-user/whoami')).json()")
    assert [ann["completed_by"] for ann in annotations()] == [me["id"]]
    assert me["email"] == b.annotator.email
    assert a.annotator.email not in page.content()
    # and b cannot reach a's desk: no account there
    page.goto(f"{a.server.url}/user/login/")
    page.fill("input[name=email]", b.annotator.email)
    page.fill("input[name=password]", b.annotator.password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/user/login" in page.url
    assert page.request.get(f"{a.server.url}/api/tasks/{task_of[a.annotator.email]}").status in {401, 403}


def test_each_chip_line_is_checked_on_its_own_and_its_count_set_on_the_selected_line(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    task = push_one(tmp_path, label_studio, 14)
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, task.project, task.task_id, "8 NVIDIA V100 GPUs")
    line = page.get_by_text("[machine: main]", exact=False).first
    line.wait_for(state="visible")
    assert "8 x NVIDIA V100 (v100)" in line.inner_text()
    page.locator(".lsf-htx-richtext span.htx-highlight").first.click()  # select the line's region
    per_line = page.locator("input[type=number][name=item_count]")
    per_line.wait_for(state="visible", timeout=30_000)
    assert per_line.input_value() == "8"
    per_line.fill("4")
    per_line.press("Enter")
    page.locator("input[type=radio][name=correct]").check()
    submit(page, task.task_id)
    _, by_kind = pull_by_kind(task, label_studio, "browser 14 hardware ")
    line_verdict = by_kind["hardware"]
    assert (line_verdict.verdict, line_verdict.origin) == ("correct", "prediction-changed")
    assert line_verdict.corrected is not None
    assert line_verdict.corrected.model_dump(include={"chip", "count", "scope"}) == {
        "chip": "v100",
        "count": 4,
        "scope": "main",
    }
    assert by_kind["hardware_setup"].verdict == "accept"  # the set-up itself untouched
