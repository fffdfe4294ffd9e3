"""Store -> papers frame: verified values win, rejects remove, each row says what is verified."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from analysis import tables
from paperscope.records import (
    Affiliation,
    Author,
    CodeRelease,
    Evidence,
    HardwareSetup,
    Label,
    LabelValue,
    Paper,
    Producer,
    Topic,
    Verification,
)
from paperscope.store import Store
from tests.core.factories import verdict_of

SHA = "a" * 64


def label(
    key: str, value: LabelValue, version: str = "1.0.0", confidence: float = 0.8, start: int = 0
) -> Label:
    evidence = Evidence(
        paper_key=key, pdf_sha256=SHA, page=0, start=start, end=start + 5, text_sha256=SHA, matched="words"
    )
    return Label(
        paper_key=key,
        value=value,
        evidence=evidence,
        producer=Producer(name=value.kind.replace("_", "-"), version=version),
        confidence=confidence,
    )


def verdict(lab: Label, kind: str, corrected: LabelValue | None = None, minute: int = 0) -> Verification:
    return verdict_of(lab, kind, corrected, annotator="ann", at=datetime(2024, 5, 1, 12, minute, tzinfo=UTC))


def paper(i: int, n_authors: int = 3) -> Paper:
    return Paper(
        key=f"neurips/2021/main/p{i}",
        venue="neurips",
        year=2021,
        track="main",
        title=f"Paper {i}",
        authors=tuple(Author(position=j, name=f"A{j}") for j in range(n_authors)),
    )


def affiliation(key: str, position: int, org: str) -> Label:
    return label(
        key,
        Affiliation(
            author_position=position, author_name=f"A{position}", raw=f"Org {position} {org}", org_type=org
        ),
        start=10 * position,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "s.sqlite")
    yield s
    s.close()


def test_machine_values_and_affiliation_shares(store: Store) -> None:
    key = paper(1).key
    store.upsert_paper(paper(1))
    store.add_labels(
        [
            affiliation(key, 0, "industry"),
            affiliation(key, 1, "academic"),
            affiliation(key, 2, "unknown"),
            label(key, Topic(topic="vision")),
            label(
                key,
                HardwareSetup(
                    status="reported", chip="v100", count=8, peak_flops_fp32=1.0e14, peak_flops_tensor=1.0e15
                ),
            ),
            label(key, CodeRelease(released=True)),
        ]
    )
    row = tables.paper_values(store).iloc[0]
    assert (row["n_authors"], row["n_affil_known"], row["n_industry"]) == (3, 2, 1)
    assert row["frac_industry"] == 0.5
    assert bool(row["any_industry"])
    assert not bool(row["majority_industry"])
    assert (row["topic"], row["chip_count"], row["peak_flops_fp32"]) == ("vision", 8, 1.0e14)
    assert bool(row["released_code"])
    assert pd.isna(row["new_model"])  # nobody judged it yet
    assert not bool(row["code_verified"])
    assert row["label_status"] == "machine"
    assert pd.isna(row["bert_role"])


def test_verified_value_wins_and_reject_removes(store: Store) -> None:
    key = paper(2).key
    store.upsert_paper(paper(2))
    code = label(key, CodeRelease(released=True), confidence=0.99)
    topic = label(key, Topic(topic="vision"))
    hw = label(key, HardwareSetup(status="reported", chip="a100", count=4, peak_flops_fp32=7.8e13))
    store.add_labels([code, topic, hw])
    store.add_verification(verdict(code, "correct", CodeRelease(released=False, new_model=True), minute=1))
    store.add_verification(verdict(topic, "accept"))
    store.add_verification(verdict(hw, "reject"))
    row = tables.paper_values(store).iloc[0]
    assert not bool(row["released_code"])
    assert bool(row["new_model"])  # the annotator's judgement; the machine label had none
    assert bool(row["code_verified"])
    assert row["topic"] == "vision"
    assert bool(row["topic_verified"])
    assert pd.isna(row["hardware_status"])
    assert pd.isna(row["peak_flops_fp32"])


def test_latest_verification_wins(store: Store) -> None:
    key = paper(3).key
    store.upsert_paper(paper(3))
    code = label(key, CodeRelease(released=True))
    store.add_labels([code])
    store.add_verification(verdict(code, "reject", minute=1))
    store.add_verification(verdict(code, "accept", minute=2))
    assert bool(tables.paper_values(store).iloc[0]["released_code"])


def test_a_verified_old_version_beats_a_new_machine_label(store: Store) -> None:
    key = paper(4).key
    store.upsert_paper(paper(4))
    old = label(key, CodeRelease(released=False), version="1.0.0")
    store.add_labels([old, label(key, CodeRelease(released=True), version="2.0.0")])
    store.add_verification(verdict(old, "accept"))
    row = tables.paper_values(store).iloc[0]
    assert not bool(row["released_code"])
    assert bool(row["code_verified"])


def test_frame_has_the_documented_columns_dtypes_and_order(store: Store) -> None:
    for i in (9, 5, 7):
        store.upsert_paper(paper(i))
    frame = tables.paper_values(store)
    assert list(frame.columns) == list(tables.DTYPES)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        c: pd.Series(dtype=t).dtype.name for c, t in tables.DTYPES.items()
    }
    assert list(frame["paper_key"]) == sorted(frame["paper_key"])
    assert set(frame["label_status"]) == {"none"}


def test_verified_only_masks_unverified_values(store: Store) -> None:
    for i in (10, 11):
        store.upsert_paper(paper(i))
    a, b = (label(paper(i).key, CodeRelease(released=True)) for i in (10, 11))
    store.add_labels([a, b])
    store.add_verification(verdict(a, "accept"))
    masked = tables.verified_only(tables.paper_values(store)).set_index("paper_key")["released_code"]
    assert bool(masked[paper(10).key])
    assert pd.isna(masked[paper(11).key])


def test_mentions_frame_marks_the_label_shown(store: Store) -> None:
    key = paper(12).key
    store.upsert_paper(paper(12))
    store.add_labels(
        [
            label(key, Topic(topic="other"), confidence=0.4),
            label(key, Topic(topic="vision"), confidence=0.9, start=20),
        ]
    )
    mentions = tables.mentions_frame(store)
    shown = mentions[mentions["shown"]]
    assert len(mentions) == 2
    assert len(shown) == 1
    assert '"vision"' in shown.iloc[0]["value"]
