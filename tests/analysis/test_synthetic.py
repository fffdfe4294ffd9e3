"""The synthetic store is shaped like a real one: labels left out where extractors find nothing."""

from __future__ import annotations

from pathlib import Path

from analysis import tables
from paperscope.store import Store


def test_synthetic_store_has_the_gaps_a_real_store_has(synthetic_home: Path) -> None:
    with Store.open(synthetic_home / "paperscope.sqlite") as store:
        papers = tables.paper_values(store)
        code_labels = {lab.paper_key for lab in store.labels(kind="code_release", current=True)}
    read = papers["code_extracted"].astype(bool)
    unlabelled = read & ~papers["paper_key"].isin(code_labels)
    assert unlabelled.sum() > 50  # read, no link and no checklist answer: no label, as code_links does
    assert not papers.loc[unlabelled, "released_code"].astype(bool).any()
    assert papers.loc[read, "released_code"].notna().all()
    assert 5 < (~read).sum() < 60  # papers without a PDF
    assert papers.loc[~read, "released_code"].isna().all()
    tpu = papers["chip"] == "tpu-v3"
    assert tpu.sum() > 0
    assert papers.loc[tpu.fillna(False).astype(bool), "peak_flops_fp32"].isna().all()
    assert papers.loc[read, "topic"].isna().sum() > 0
    assert papers["n_affil_conflicts"].fillna(0).sum() == 0  # the PDF's type wins over the list's
