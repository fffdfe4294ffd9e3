"""Write the page-object fixtures under tests/fixtures/pages/neurips (run by hand, review the diff).

``python tests/crawlers/save_fixtures.py`` re-creates every case: the input page (written with the
real sites' structure by :mod:`sitegen`, plus the traps the recorded pages show) and the page
object's output as ``output.json``, which is reviewed like code before it is committed.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

from web_poet import HttpResponse
from web_poet.testing import Fixture

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sitegen import (
    SitePaper,
    bibtex,
    era_a_book,
    era_a_paper,
    era_b_abstract,
    era_b_index,
    era_c_abstract,
    era_c_index,
    metadata_json,
)

from crawlers.pages.neurips import abstract, index, metadata

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "neurips"
LIVE = "https://proceedings.neurips.cc"
DB = "https://datasets-benchmarks-proceedings.neurips.cc"
OLD = "https://papers.nips.cc"
BARE_LT = (
    "Gradient flow when $W<d$ holds. If a<b and c>d then, for $1<p\\le2$ and $k<n$, a model called "
    "<projektor> predicts <human, action, object> triplets; <em>emphasis</em> is markup. "
    "Code: <https://github.com/synthetic/repo>."
)
TWO_AUTHORS = (("Ann Author", "Example University"), ("Bob Builder", ""))


def cases() -> list[tuple[type, str, str, str]]:
    """(page class, case name, URL, body) for every fixture."""
    p24 = SitePaper(2024, 1, "Conference", abstract=BARE_LT, doi="10.52202/079017-0001")
    db24 = SitePaper(2024, 2, "Datasets_and_Benchmarks_Track", title="A &amp; B: a benchmark")
    p13 = SitePaper(2013, 3, abstract="Plain synthetic abstract.")
    p21 = SitePaper(2021, 4, abstract="First paragraph.</p><p>Second paragraph.")
    db21 = SitePaper(2021, 5, "round2")
    p20 = SitePaper(2020, 6, abstract="&lt;p&gt;Escaped HTML abstract &amp;amp; more.&lt;/p&gt;")
    old = SitePaper(2017, 7, old_id=6601)
    old_missing = SitePaper(2009, 8, old_id=3689, abstract="")
    y25 = [SitePaper(2025, 9, "Creative_AI_Track", authors=(("Chenyue &quot;xdd44&quot; Dai", ""),))]
    bib24 = era_c_abstract(p24).replace(p24.file_path("Bibtex", "bib"), "/paper_files/paper/27372-/bibtex")
    return [
        (abstract.AbstractPage2026, "main-bare-lt", LIVE + p24.abstract_path(), bib24),
        (abstract.AbstractPage2026, "tokenless-metadata", LIVE + p13.abstract_path(), era_c_abstract(p13, metadata=True)),
        (abstract.AbstractPage2026, "datasets-track", LIVE + db24.abstract_path(), era_c_abstract(db24)),
        (abstract.AbstractPage2020, "main-nested-p", LIVE + p21.abstract_path(), era_b_abstract(p21)),
        (abstract.AbstractPage2020, "db-host-round2", DB + db21.abstract_path(), era_b_abstract(db21)),
        (abstract.AbstractPage2020, "escaped-html-abstract", OLD + p20.abstract_path(), era_b_abstract(p20)),
        (abstract.AbstractPage1987, "book-era-paper", OLD + old.old_slug, era_a_paper(old)),
        (abstract.AbstractPage1987, "abstract-missing", OLD + old_missing.old_slug, era_a_paper(old_missing)),
        (index.IndexPage2026, "both-tracks-2024", LIVE + "/paper_files/paper/2024", era_c_index(2024, [p24, db24])),
        (index.IndexPage2026, "split-2025-see-also", LIVE + "/paper_files/paper/2025",
         era_c_index(2025, y25, volume="Creative AI ", see_also="/paper_files/paper/2025/vol38-main-conference")),
        (index.IndexPage2026, "tokenless-2013", LIVE + "/paper_files/paper/2013", era_c_index(2013, [p13])),
        (index.IndexPage2020, "archived-2021", LIVE + "/paper_files/paper/2021", era_b_index(2021, [p21])),
        (index.IndexPage2020, "db-host-2021", DB + "/paper/2021",
         era_b_index(2021, [db21, SitePaper(2021, 10, "round1")], db_host=True)),
        (index.IndexPage1987, "book-2017", OLD + "/book/advances-in-neural-information-processing-systems-30-2017",
         era_a_book(2017, [old, SitePaper(2017, 11, old_id=6602)])),
        (metadata.MetadataPage2020, "null-institution", LIVE + p13.file_path("Metadata", "json"),
         metadata_json(SitePaper(2013, 3, authors=TWO_AUTHORS))),
        (metadata.BibtexPage1987, "family-given", LIVE + p24.file_path("Bibtex", "bib"), bibtex(p24)),
    ]  # fmt: skip


def main() -> None:
    """Re-create every fixture directory."""
    for cls, name, url, body in cases():
        base = ROOT / f"{cls.__module__}.{cls.__name__}"
        shutil.rmtree(base / name, ignore_errors=True)
        response = HttpResponse(url=url, body=body.encode(), status=200,
                                headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
        item = asyncio.run(cls(response=response).to_item())
        Fixture.save(base, inputs=[response], item=item, fixture_name=name)


if __name__ == "__main__":
    main()
