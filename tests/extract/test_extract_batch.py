"""The batch: bad PDFs become error rows and the run goes on; resume; new versions; caps."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extract import hardware, registry
from extract.pool import Caps
from extract.run import run_batch
from paperscope.records import Paper, PdfFile, Verification
from paperscope.settings import DATA_DIR
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from tests.extract import badpdfs

MINE = ("hardware", "bert", "code_links")


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Store, PdfStore]:
    store = Store.open(tmp_path / "paperscope.sqlite")
    yield store, PdfStore(tmp_path / "pdfs")  # type: ignore[misc]
    store.close()


def add(store: Store, pdf_store: PdfStore, name: str, data: bytes) -> str:
    """Put bytes into the PDF store as they are (no checks, as if stored before they went bad)."""
    sha = hashlib.sha256(data).hexdigest()
    path = pdf_store.path_for(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    store.add_pdf(PdfFile(sha256=sha, n_bytes=len(data), n_pages=1))
    key = Paper.make_key("local", 2020, "test", name.replace("_", "-"))
    store.upsert_paper(Paper(key=key, venue="local", year=2020, track="test", title=f"Paper {name}"))
    store.set_paper_pdf(key, sha)
    return sha


EXPECTED_REASON = {
    "truncated": "truncated:",
    "encrypted": "encrypted:",
    "zero_pages": "no_pages:",
    "html": "html_as_pdf:",
    "2000_pages": "too_many_pages:",
    "decompression_bomb": "crashed:",
    "broken_xref": "unreadable:",
}


def test_bad_pdfs_become_error_rows_and_the_run_goes_on(stores: tuple[Store, PdfStore]) -> None:
    store, pdf_store = stores
    shas = {name: add(store, pdf_store, name, make()) for name, make in badpdfs.BAD.items()}
    good = add(store, pdf_store, "good", badpdfs.good())
    summary = run_batch(
        store, pdf_store, DATA_DIR, workers=2, caps=Caps(seconds=60, memory_mb=1024), only=MINE
    )
    assert summary.pdfs == len(shas) + 1
    errors = {(r["pdf_sha256"], r["producer"]): r["error"] for r in store.extraction_errors()}
    for name, sha in shas.items():
        for producer in MINE:
            assert errors[(sha, producer)].startswith(EXPECTED_REASON[name]), (name, errors[(sha, producer)])
    assert not any(sha == good for sha, _ in errors)
    assert {lab.value.kind for lab in store.labels()} >= {"hardware", "bert", "code_link"}
    for producer in MINE:
        version = next(e.version for e in registry.EXTRACTORS if e.name == producer)
        assert store.extraction_done(producer, version) == {*shas.values(), good}


def test_time_cap_kills_a_slow_pdf_and_the_next_one_is_done(stores: tuple[Store, PdfStore]) -> None:
    store, pdf_store = stores
    slow = add(store, pdf_store, "slow", badpdfs.many_pages(3000, words_per_page=400))
    good = add(store, pdf_store, "good", badpdfs.good())
    caps = Caps(seconds=1.0, memory_mb=8192, max_pages=5000)  # time, not memory, is under test here
    run_batch(store, pdf_store, DATA_DIR, workers=1, caps=caps, only=("hardware",))
    errors = {r["pdf_sha256"]: r["error"] for r in store.extraction_errors()}
    assert errors[slow].startswith("timeout:")
    assert good not in errors
    assert store.labels(kind="hardware")


def test_a_repairable_xref_is_read_not_refused(stores: tuple[Store, PdfStore]) -> None:
    store, pdf_store = stores
    add(store, pdf_store, "repairable", badpdfs.repairable_xref())
    run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",))
    assert store.extraction_errors() == []
    assert store.labels(kind="hardware")


def test_second_run_recomputes_nothing_and_force_recomputes(stores: tuple[Store, PdfStore]) -> None:
    store, pdf_store = stores
    add(store, pdf_store, "good", badpdfs.good())
    first = run_batch(store, pdf_store, DATA_DIR, workers=0, only=MINE)
    assert first.pdfs == 1
    assert first.labels_added > 0
    again = run_batch(store, pdf_store, DATA_DIR, workers=0, only=MINE)
    assert (again.pdfs, again.labels_added) == (0, 0)
    forced = run_batch(store, pdf_store, DATA_DIR, workers=0, only=MINE, force=True)
    assert (forced.pdfs, forced.labels_added) == (1, 0)  # same version, same labels: nothing new


def bumped(name: str) -> Callable[[registry.Extractor[object]], registry.Extractor[object]]:
    def bump(ex: registry.Extractor[object]) -> registry.Extractor[object]:
        if ex.name != name:
            return ex
        return replace(
            ex,
            version="9.9.9",
            run=lambda doc, res, run=ex.run: [
                lab.model_copy(
                    update={"producer": lab.producer.model_copy(update={"version": "9.9.9"}), "id": ""}
                )
                for lab in run(doc, res)
            ],
        )

    return bump


def test_a_new_version_adds_labels_and_keeps_old_ones_and_verdicts(
    stores: tuple[Store, PdfStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, pdf_store = stores
    add(store, pdf_store, "good", badpdfs.good())
    run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",))
    old = store.labels(kind="hardware")
    verdict = Verification(
        label_id=old[0].id,
        paper_key=old[0].paper_key,
        field="hardware",
        verdict="accept",
        annotator="ann",
        origin="prediction",
        at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    store.add_verification(verdict)
    monkeypatch.setattr(registry, "EXTRACTORS", tuple(map(bumped("hardware"), registry.EXTRACTORS)))
    summary = run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",))
    assert summary.pdfs == 1
    every = store.labels(kind="hardware")
    current = store.labels(kind="hardware", current=True)
    assert {lab.producer.version for lab in every} == {hardware.VERSION, "9.9.9"}
    assert {lab.producer.version for lab in current} == {"9.9.9"}
    assert {lab.id for lab in old} <= {lab.id for lab in every}
    assert store.verifications() == [verdict]


def test_only_unknown_extractor_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown extractor"):
        registry.select(("nope",))


def test_a_worker_that_died_while_idle_is_replaced_and_its_job_done(tmp_path: Path) -> None:
    from extract.document import PaperMeta
    from extract.pool import WorkerPool
    from extract.worker import Job

    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(badpdfs.good())
    jobs = [
        Job(f"{n:064x}", str(pdf), ((f"local/2020/test/p{n}", PaperMeta()),), ("hardware",)) for n in (1, 2)
    ]
    with WorkerPool(1, DATA_DIR, Caps()) as pool:
        (slot,) = pool._slots
        slot.process.kill()  # dies between jobs, e.g. killed by the OOM killer
        slot.process.join(5)
        outcomes = list(pool.run(jobs))
    assert sorted(o.sha256 for o in outcomes) == [j.sha256 for j in jobs]
    assert all(not o.errors and o.n_pages >= 1 for o in outcomes)
