"""``paperscope status`` counts: one label is one label, however many people verified it."""

from __future__ import annotations

from pathlib import Path

from paperscope.status import field_counts
from paperscope.store import Store
from tests.core.factories import hw_label, paper, verification


def test_a_label_verified_twice_is_counted_once(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        p = paper(1)
        store.upsert_paper(p)
        label, other = hw_label(p), hw_label(p, count=4)
        store.add_labels([label, other])
        store.add_verification(verification(label, annotator="a@example.org"))
        store.add_verification(verification(label, "reject", annotator="b@example.org"))
        counts = {c.field: c for c in field_counts(store)}
    hardware = counts["hardware"]
    assert (hardware.papers, hardware.labels, hardware.verified) == (1, 2, 1)


def test_a_miss_that_a_later_crawl_repaired_is_not_counted_missed(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from paperscope.records import Miss
    from paperscope.status import crawl_counts
    from paperscope.store.pdfs import PdfStore
    from tests.core.test_pdf_store import make_pdf

    with Store.open(tmp_path / "s.sqlite") as store:
        repaired, missing = paper(1), paper(2)
        for p in (repaired, missing):
            store.upsert_paper(p)
            store.record_miss(
                Miss(paper_key=p.key, reason="timeout", detail="", url=None, at=datetime.now(UTC))
            )
        pdf = PdfStore(tmp_path / "pdfs").put(make_pdf())
        store.add_pdf(pdf)
        store.set_paper_pdf(repaired.key, pdf.sha256)
        (counts,) = crawl_counts(store)
    assert (counts.listed, counts.stored, counts.missed) == (2, 1, 1)


def test_status_the_report_and_the_export_count_labels_alike_placeholders_apart(tmp_path: Path) -> None:
    from analysis.sections import store_summary
    from analysis.tables import paper_values
    from paperscope.export import labels_frame
    from paperscope.status import label_totals
    from paperscope.verified import placeholder_label

    with Store.open(tmp_path / "s.sqlite") as store:
        p, bare = paper(1), paper(2)
        for one in (p, bare):
            store.upsert_paper(one)
        store.add_labels([hw_label(p), hw_label(p, count=4), placeholder_label(bare.key, "hardware")])
        totals = label_totals(store)
        in_status = sum(c.labels for c in field_counts(store))
        summary = store_summary(store, paper_values(store))
        exported = labels_frame(store)
    assert (totals.machine, totals.placeholders) == (2, 1)
    assert in_status == 2
    assert (summary["labels"], summary["placeholders"]) == (2, 1)
    assert (int((~exported["placeholder"]).sum()), int(exported["placeholder"].sum())) == (2, 1)
