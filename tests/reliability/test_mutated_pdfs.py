"""Mutated real PDFs (byte flips, truncation, chunk deletion and duplication) through the capped workers.

The production path: :class:`extract.pool.WorkerPool` parses each file and runs every extractor in a
worker process with an address-space and a time cap. Every mutant must come back as one outcome,
labels or errors with a reason, within the cap; the pool must survive whatever a worker hits.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import pytest

from extract.document import PaperMeta
from extract.pool import Caps, WorkerPool
from extract.registry import EXTRACTORS
from extract.worker import Job
from paperscope.settings import DATA_DIR
from tests.reliability.conftest import Tally

pytestmark = [pytest.mark.shared, pytest.mark.slow, pytest.mark.timeout(600)]

SEED = 31337
SOURCES = 4  # the smallest real PDFs of the shared corpus
PER_SOURCE = 20
CAPS = Caps(seconds=30.0, memory_mb=1024, max_pages=200)
REASONS = ("not_pdf", "html_as_pdf", "truncated", "unreadable", "encrypted", "no_pages", "too_many_pages",
           "timeout", "crashed", "memory", "missing", "extractor failed")  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One seeded mutation of ``data``: its kind and the mutated bytes."""
    n = len(data)
    kind = rng.choice(("flip", "flip", "flip_body", "truncate", "delete", "duplicate", "zero", "keep_eof"))
    out = bytearray(data)
    if kind in ("flip", "flip_body"):
        lo = 0 if kind == "flip" else 1024  # flip_body keeps the header, so pdfium gets to parse
        for _ in range(rng.choice((1, 8, 64, 512))):
            out[rng.randrange(lo, n)] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        out = out[: rng.randrange(1, n)]
    elif kind in ("delete", "duplicate", "zero"):
        start = rng.randrange(n)
        size = rng.randrange(1, max(2, n // rng.choice((2, 10, 100, 1000))))
        chunk = out[start : start + size]
        if kind == "delete":
            del out[start : start + size]
        elif kind == "duplicate":
            out[start:start] = chunk
        else:
            out[start : start + size] = bytes(len(chunk))
    else:  # cut from the middle but keep the tail, so "%%EOF" is still there
        cut = rng.randrange(n // 4, n - 1024)
        out = out[: cut // 2] + out[cut:]
    return kind, bytes(out)


def test_mutated_real_pdfs_through_the_capped_workers(tmp_path: Path, shared_dir: Path, tally: Tally):
    corpus = sorted((shared_dir / "corpus" / "pdfs").glob("*.pdf"), key=lambda p: (p.stat().st_size, p.name))
    rng = random.Random(SEED)
    jobs, kinds = [], {}
    for source in corpus[:SOURCES]:
        data = source.read_bytes()
        for i in range(PER_SOURCE):
            kind, mutant = mutate(data, rng)
            path = tmp_path / f"{source.stem}-{i:02d}-{kind}.pdf"
            path.write_bytes(mutant)
            sha = hashlib.sha256(mutant).hexdigest()
            kinds[sha] = kind
            jobs.append(
                Job(
                    sha,
                    str(path),
                    ((f"local/2021/mutant/{sha[:16]}", PaperMeta(title="A mutated paper")),),
                    _names(),
                )
            )
    started = time.monotonic()
    with WorkerPool(2, DATA_DIR, CAPS) as pool:
        outcomes = list(pool.run(jobs))
    took = time.monotonic() - started
    for kind in kinds.values():  # what was tried, by kind of mutation
        tally.bad_files[f"mutated pdf ({kind}) through the worker pool"] += 1

    assert sorted(o.sha256 for o in outcomes) == sorted(j.sha256 for j in jobs)  # one outcome each
    parsed = [o for o in outcomes if not o.errors]
    for outcome in outcomes:
        assert outcome.seconds <= CAPS.seconds + 5, outcome
        for reason in outcome.errors.values():
            assert reason.startswith(REASONS), reason
        if not outcome.errors:
            assert set(outcome.labels) == set(_names())
    for reason in ("timeout", "crashed", "memory"):
        tally.observed[f"mutated pdf: {reason}"] += sum(
            any(e.startswith(reason) for e in o.errors.values()) for o in outcomes
        )
    tally.observed["mutated pdf: parsed and extracted"] += len(parsed)
    assert parsed, "no mutant was readable: the mutations are too coarse to reach the parser"
    assert took < len(jobs) * CAPS.seconds / 2


def _names() -> tuple[str, ...]:
    return tuple(ex.name for ex in EXTRACTORS)


def test_raw_mutated_bytes_stored_as_they_are_go_through_extract(
    tmp_path: Path, shared_dir: Path, tally: Tally
):
    """Mutants put straight into a home's PDF store (as if stored before they went bad), then the CLI.

    ``paperscope extract`` must finish with exit code 0 and one finished run (labels or an error
    with a reason) per extractor and PDF; nothing is left unaccounted for.
    """
    from extract.registry import EXTRACTORS as REGISTERED
    from paperscope.records import Paper, PdfFile
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore
    from tests.reliability.killing import PAPERSCOPE, rows, run

    home = tmp_path / "home"
    pdf_store = PdfStore(home / "pdfs")
    corpus = sorted((shared_dir / "corpus" / "pdfs").glob("*.pdf"), key=lambda p: (p.stat().st_size, p.name))
    rng = random.Random(SEED + 1)
    shas = []
    with Store.open(home / "paperscope.sqlite") as store:
        for i, source in enumerate(corpus[:2] * 6):
            kind, mutant = mutate(source.read_bytes(), rng)
            sha = hashlib.sha256(mutant).hexdigest()
            path = pdf_store.path_for(sha)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(mutant)
            store.add_pdf(PdfFile(sha256=sha, n_bytes=len(mutant), n_pages=1))
            key = Paper.make_key("local", 2021, "mutant", f"m{i:02d}")
            store.upsert_paper(Paper(key=key, venue="local", year=2021, track="mutant", title=f"Mutant {i}"))
            store.set_paper_pdf(key, sha)
            shas.append(sha)
            tally.bad_files[f"mutated pdf ({kind}) through paperscope extract"] += 1
    done = run([*PAPERSCOPE, "extract", "--home", str(home), "--workers", "2", "--memory-mb", "1024"])
    assert done.returncode == 0, done.stderr[-2000:]
    got = rows(home / "paperscope.sqlite", "SELECT pdf_sha256, producer, status, error FROM extraction_runs")
    assert len(got) == len(set(shas)) * len(REGISTERED)
    for _, _, status, error in got:
        assert status == "ok" or error.startswith(REASONS), error
