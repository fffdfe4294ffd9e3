"""Re-write ``output.json`` of the PMLR and OpenReview fixtures from their saved inputs (run by hand).

``python tests/crawlers_venues/save_venue_fixtures.py`` runs each page object over
``tests/fixtures/pages/{pmlr,openreview}/<page class>/<case>/inputs`` and saves what it returns (or
raises); review the diff like code before committing. New cases: save the page under ``inputs/``
as web-poet does (``HttpResponse-body.html``, ``HttpResponse-info.json``), then run this.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

from web_poet.serialization import load_class
from web_poet.testing import Fixture

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    for group in ("pmlr", "openreview"):
        for case in sorted((ROOT / "tests/fixtures/pages" / group).glob("*/*/inputs")):
            fixture = Fixture(case.parent)
            page_cls = load_class(case.parent.parent.name)
            page = fixture.get_page(page_cls)  # the saved inputs, now in memory
            inputs = list(vars(page).values())
            shutil.rmtree(case.parent)
            try:
                item = asyncio.run(page.to_item())
            except Exception as exc:  # noqa: BLE001  (an expected exception is a fixture too)
                Fixture.save(case.parent.parent, inputs=inputs, exception=exc, fixture_name=case.parent.name)
            else:
                Fixture.save(case.parent.parent, inputs=inputs, item=item, fixture_name=case.parent.name)
            print(case.parent.relative_to(ROOT))


if __name__ == "__main__":
    main()
