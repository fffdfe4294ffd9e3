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
