"""The report as a reader sees it: headless Chromium renders every figure and shows no NaN."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import report
from analysis.params import Params, load_targets
from paperscope.store import Store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
def test_report_renders_in_chromium(
    synthetic_home: Path, quick_params: Params, artifacts_dir: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    with Store.open(synthetic_home / "paperscope.sqlite") as store:
        built = report.build(store, quick_params, load_targets(), synthetic_home)
    out = tmp_path / "report.html"
    report.write(built, out)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(out.as_uri())
            page.wait_for_load_state("load")
            widths = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
            )
            text = page.inner_text("body")
            page.screenshot(path=str(artifacts_dir / "analysis-report.png"), full_page=True)
        finally:
            browser.close()
    assert len(widths) == 3
    assert all(w > 0 for w in widths), widths
    assert "NaN" not in text
    assert "nan" not in text.split()
    assert "Table 1 side by side" in text
    assert (artifacts_dir / "analysis-report.png").stat().st_size > 10_000
