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


@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_report_says_it_is_a_demo_and_dresses_no_failed_fit_as_a_result(
    tmp_path: Path, artifacts_dir: Path
) -> None:
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    home = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-c", "from paperscope.cli import main; main()", "demo", "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto((home / "report" / "report.html").as_uri())
            page.wait_for_load_state("load")
            banners = page.eval_on_selector_all("#glance .banner", "ps => ps.map(p => p.innerText)")
            glance_rows = page.eval_on_selector_all(
                "#glance tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))"
            )
            bert_rows = page.eval_on_selector_all(
                "#bertology tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))"
            )
            table1 = page.eval_on_selector_all(
                "#code table:first-of-type tbody tr",
                "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))",
            )
            arithmetic = page.inner_text("#code .box")
            page.screenshot(path=str(artifacts_dir / "demo-report.png"), full_page=True)
        finally:
            browser.close()
    assert any("demo" in b and "no result" in b for b in banners), banners
    assert any("rests on 12 papers" in b for b in banners), banners
    # the demo's 12 papers are too few for the logit to converge: no estimate
    assert any("did not converge" in b for b in banners), banners
    coefficient = next(r for r in glance_rows if r[0].startswith("Table 1: coefficient"))
    assert "did not converge" in coefficient[2]  # flagged where the number would stand ...
    assert coefficient[3] in {"", "—"}  # ... and no difference from the paper's is computed
    ours = [r[4] for r in table1 if r[4] not in {"", "—"}]
    assert ours, table1
    assert all("did not converge" in cell for cell in ours), table1  # Table 1's own column says so too
    assert "no odds ratio" in arithmetic  # and its arithmetic computes nothing from the failed fit
    years = {r[0]: r for r in bert_rows}
    assert years["2018"][2] == "0"  # no paper of 2018 read ...
    assert years["2018"][3] == "—"  # ... so no count: a gap, not a zero
    assert years["2021"][3] not in {"", "—"}
