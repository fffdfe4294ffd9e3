"""A task as an annotator sees it in Label Studio, in headless Chromium: crop and evidence visible."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from annotate.client import LabelStudioClient
from annotate.crops import CropCache
from annotate.pull import pull
from annotate.push import plans_for, push
from paperscope.records import Field_
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from tests.annotate.factory import labels_for, make_sample, store_sample
from tests.annotate.ls_server import Annotator, LabelStudioServer
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


def pick_chip(page: Any, query: str, title: str) -> None:
    """Replace the chip in the searchable picker: remove the one chosen, search, pick ``title``."""
    page.locator(".htx-taxonomy .ant-select-selection-item-remove").first.click()
    page.locator(".htx-taxonomy").first.click()
    page.locator("input[data-testid=taxonomy-search]").press_sequentially(query)
    page.locator(f".htx-taxonomy-dropdown [title='{title}']").click()


def test_typing_in_the_chip_picker_filters_it_and_changes_nothing_else(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(tmp_path / "pdfs")
    sample = make_sample(10)
    store_sample(store, pdfs, sample)
    store.add_labels(labels_for(sample))
    with LabelStudioClient(label_studio.url, label_studio.token, project_prefix="browser picker ") as client:
        push(store, client, CropCache(tmp_path / "crops", pdfs), plans_for(store, ["hardware"]))
        project = client.find_project("hardware")
    assert project is not None
    task_id = store.query("SELECT task_id FROM ls_tasks")[0][0]
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, project, task_id, "8 NVIDIA V100 GPUs")
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


@pytest.mark.parametrize("field", ["hardware", "affiliation"])
def test_annotator_sees_crop_and_evidence(
    tmp_path: Path,
    label_studio: LabelStudioServer,
    annotator: Annotator,
    browser_page: Any,
    artifacts_dir: Path,
    field: Field_,
):
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(tmp_path / "pdfs")
    sample = make_sample(7)
    store_sample(store, pdfs, sample)
    store.add_labels(labels_for(sample))
    crops = CropCache(tmp_path / "crops", pdfs)
    (plan,) = plans_for(store, [field])
    assert plan.crop is not None
    with LabelStudioClient(
        label_studio.url, label_studio.token, project_prefix=f"browser {field} "
    ) as client:
        push(store, client, crops, [plan])
        project = client.find_project(field)
    task_id = store.query("SELECT task_id FROM ls_tasks WHERE field = ?", (field,))[0][0]

    page = browser_page
    page.goto(f"{label_studio.url}/user/login/")
    page.fill("input[name=email]", annotator.email)
    page.fill("input[name=password]", annotator.password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/user/login" not in url, timeout=30_000)
    page.goto(f"{label_studio.url}/projects/{project}/data?task={task_id}")

    evidence = "8 NVIDIA V100 GPUs" if field == "hardware" else "Alan Turing | DeepMind"
    page.get_by_text(evidence, exact=False).first.wait_for(state="visible", timeout=60_000)
    page.get_by_text(sample.paper.title, exact=False).first.wait_for(state="visible", timeout=10_000)
    # Label Studio shows the data: URI crop as a blob image; find ours by its exact pixel size
    width, height = Image.open(io.BytesIO(crops.png(plan.crop))).size
    shown = page.wait_for_function(
        """([w, h]) => [...document.images].filter(i => i.complete && i.naturalWidth === w
               && i.naturalHeight === h && i.getBoundingClientRect().width > 600).length""",
        arg=[width, height],
    )
    assert shown.json_value() >= 1
    shot = artifacts_dir / f"labelstudio-task-{field}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    page.get_by_text("Is the machine's reading right?").first.wait_for(state="visible")
    for verdict in ("accept", "correct", "reject"):
        assert page.locator(f"input[type=radio][name={verdict}]").is_visible()


def test_a_verdict_submitted_in_the_browser_is_pulled(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(tmp_path / "pdfs")
    sample = make_sample(8)
    store_sample(store, pdfs, sample)
    store.add_labels(labels_for(sample))
    with LabelStudioClient(label_studio.url, label_studio.token, project_prefix="browser submit ") as client:
        push(store, client, CropCache(tmp_path / "crops", pdfs), plans_for(store, ["hardware"]))
        project = client.find_project("hardware")
        task_id = store.query("SELECT task_id FROM ls_tasks")[0][0]

        page = browser_page
        page.goto(f"{label_studio.url}/user/login/")
        page.fill("input[name=email]", annotator.email)
        page.fill("input[name=password]", annotator.password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/user/login" not in url, timeout=30_000)
        page.goto(f"{label_studio.url}/projects/{project}/data?task={task_id}")
        page.get_by_text("8 NVIDIA V100 GPUs", exact=False).first.wait_for(state="visible", timeout=60_000)
        page.locator("input[type=radio][name=correct]").check()
        pick_chip(page, "3090", "NVIDIA RTX 3090 (rtx-3090)")
        count = page.locator("input[type=number][name=count]")
        count.fill("16")
        count.press("Enter")
        page.get_by_role("button", name="Submit").click()
        page.wait_for_function(
            f"""async () => (await (await fetch('/api/tasks/{task_id}')).json()).total_annotations > 0"""
        )
        report = pull(store, client, ["hardware"])
    assert report.new == {"hardware": 1}
    (v,) = store.verifications()
    assert (v.annotator, v.verdict, v.origin) == (annotator.email, "correct", "prediction-changed")
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"chip", "count"}) == {"chip": "rtx-3090", "count": 16}
    assert v.lead_time is not None
    assert v.lead_time > 0


def test_the_pdf_link_opens_the_stored_pdf_at_the_evidence_page_for_members_only(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    import hashlib

    import httpx
    import pypdfium2 as pdfium

    assert label_studio.pdf_root is not None
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(label_studio.pdf_root)  # the store the server serves, as `verify serve` does
    sample = make_sample(11)
    store_sample(store, pdfs, sample)
    store.add_labels(labels_for(sample))
    (plan,) = plans_for(store, ["hardware"])
    assert plan.crop is not None
    with LabelStudioClient(label_studio.url, label_studio.token, project_prefix="browser pdf ") as client:
        report = push(store, client, CropCache(tmp_path / "crops", pdfs), [plan])
        project = client.find_project("hardware")
    assert report.pdf_links
    assert project is not None
    task_id = store.query("SELECT task_id FROM ls_tasks")[0][0]
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, project, task_id, "8 NVIDIA V100 GPUs")
    link = page.locator("a.paperscope-pdf")
    stated = plan.crop.page + 1
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
    assert hashlib.sha256(body).hexdigest() == plan.crop.pdf_sha256  # the paper's own stored PDF ...
    pdf = pdfium.PdfDocument(body)
    text = pdf[stated - 1].get_textpage().get_text_range()
    assert "8 NVIDIA V100 GPUs" in " ".join(text.split())  # ... and the stated page holds the evidence
    pdf.close()
    anonymous = httpx.get(f"{label_studio.url}{href}", follow_redirects=False)
    assert anonymous.status_code != 200  # Label Studio's own rule: only signed-in project members


def test_a_placeholder_hardware_task_shows_the_set_up_page(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, browser_page: Any
):
    from annotate.crops import setup_page

    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(tmp_path / "pdfs")
    sample = make_sample(12)
    store_sample(store, pdfs, sample)  # a stored PDF, and no label at all: the machine found nothing
    (plan,) = plans_for(store, ["hardware"], placeholders=True)
    assert plan.placeholder is not None
    assert plan.crop is not None
    crops = CropCache(tmp_path / "crops", pdfs)
    with LabelStudioClient(label_studio.url, label_studio.token, project_prefix="browser setup ") as client:
        push(store, client, crops, [plan])
        project = client.find_project("hardware")
    assert project is not None
    task_id = store.query("SELECT task_id FROM ls_tasks")[0][0]
    page = browser_page
    log_in_and_open(page, label_studio.url, annotator, project, task_id, "describes the experiments")
    width, height = Image.open(io.BytesIO(crops.png(plan.crop))).size
    shown = page.wait_for_function(
        """([w, h]) => [...document.images].filter(i => i.complete && i.naturalWidth === w
               && i.naturalHeight === h && i.getBoundingClientRect().width > 600).length""",
        arg=[width, height],
    )
    assert shown.json_value() >= 1
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(sample.pdf)
    assert setup_page(doc) == 1  # the image is the page with the set-up, not the title page
    doc.close()
