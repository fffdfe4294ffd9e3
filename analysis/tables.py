"""Store -> tidy frames: one row per paper, the human-verified value winning over the machine label.

``papers_frame(store)`` columns (pandas nullable dtypes), sorted by ``paper_key``:

- ``paper_key, venue, track, title`` (string), ``year`` (Int64), ``n_authors`` (Int64: listed authors,
  or affiliation labels when more);
- affiliation: ``n_affil_known`` (authors whose org type is known), ``n_industry`` (Int64),
  ``frac_industry`` (Float64, industry / known; government and nonprofit count as non-industry),
  ``any_industry``, ``majority_industry`` (boolean: frac > 0.5), ``affiliation_verified``;
- ``topic`` (nlp_speech | vision | other), ``topic_verified``;
- hardware: ``hardware_status`` (reported | not_reported), ``chip``, ``chip_count``,
  ``peak_flops_fp32``, ``peak_flops_tensor`` (FLOP/s of the whole set-up), ``hardware_verified``;
- ``bert_role`` (studies | uses | cites_only), ``bert_verified``;
- ``released_code`` (boolean), ``code_verified``;
- ``label_status``: verified (every labelled field verified) | partial | machine | none.

Resolution per (paper, kind[, author]): the label whose latest verification is newest among accepted
or corrected ones gives the value (the corrected value if any); otherwise the unrejected machine label
with the highest confidence (ties: label id). A reject removes that machine value; if every label is
rejected the value is missing. Labels are the current extractor versions plus any verified older label.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from paperscope.records import Affiliation, BertRole, CodeRelease, HardwareSetup, Label, Topic, Verification
from paperscope.store.sqlite import version_key

if TYPE_CHECKING:
    import pandas as pd

    from paperscope.records import LabelValue
    from paperscope.store import Store

PAPER_KINDS = ("hardware_setup", "bert_role", "code_release", "topic", "affiliation")
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "affiliation": ("n_affil_known", "n_industry", "frac_industry", "any_industry", "majority_industry"),
    "topic": ("topic",),
    "hardware": ("hardware_status", "chip", "chip_count", "peak_flops_fp32", "peak_flops_tensor"),
    "bert": ("bert_role",),
    "code": ("released_code",),
}
DTYPES: dict[str, str] = {
    "paper_key": "string",
    "venue": "string",
    "year": "Int64",
    "track": "string",
    "title": "string",
    "n_authors": "Int64",
    "n_affil_known": "Int64",
    "n_industry": "Int64",
    "frac_industry": "Float64",
    "any_industry": "boolean",
    "majority_industry": "boolean",
    "affiliation_verified": "boolean",
    "topic": "string",
    "topic_verified": "boolean",
    "hardware_status": "string",
    "chip": "string",
    "chip_count": "Int64",
    "peak_flops_fp32": "Float64",
    "peak_flops_tensor": "Float64",
    "hardware_verified": "boolean",
    "bert_role": "string",
    "bert_verified": "boolean",
    "released_code": "boolean",
    "code_verified": "boolean",
    "label_status": "string",
}
Status = Literal["verified", "rejected", "machine"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The effective value of one (paper, kind[, author]) and how it was decided."""

    value: LabelValue | None
    status: Status
    label_id: str


def load_labels(store: Store) -> tuple[list[Label], dict[str, Verification]]:
    """Paper-level labels (current versions plus verified older ones) and each label's latest verdict."""
    latest: dict[str, Verification] = {}
    for verification in store.verifications():  # oldest first: the last one seen wins
        latest[verification.label_id] = verification
    newest: dict[tuple[str, str], tuple[int, ...]] = {}
    for r in store.query("SELECT DISTINCT paper_key, producer, version FROM labels"):
        key = (r["paper_key"], r["producer"])
        newest[key] = max(newest.get(key, ()), version_key(r["version"]))
    marks = ",".join("?" * len(PAPER_KINDS))
    rows = store.query(
        f"SELECT id, paper_key, producer, version, record_json FROM labels WHERE kind IN ({marks}) "
        "ORDER BY paper_key, id",
        PAPER_KINDS,
    )
    labels = [
        Label.model_validate_json(r["record_json"])
        for r in rows
        if r["id"] in latest or version_key(r["version"]) == newest[(r["paper_key"], r["producer"])]
    ]
    return labels, latest


def resolve(labels: list[Label], latest: dict[str, Verification]) -> dict[tuple[str, str, int], Resolved]:
    """Effective value per (paper_key, kind, author position or -1), by the rules in the module doc."""
    groups: dict[tuple[str, str, int], list[tuple[Label, LabelValue | None, Verification | None]]] = {}
    for label in labels:
        verdict = latest.get(label.id)
        value: LabelValue | None = label.value
        if verdict is not None and verdict.verdict == "correct":
            value = verdict.corrected
        position = value.author_position if isinstance(value, Affiliation) else -1
        kind = value.kind if value is not None else label.value.kind
        groups.setdefault((label.paper_key, kind, position), []).append((label, value, verdict))
    resolved: dict[tuple[str, str, int], Resolved] = {}
    for key, candidates in groups.items():
        verified = [c for c in candidates if c[2] is not None and c[2].verdict != "reject"]
        machine = [c for c in candidates if c[2] is None]
        if verified:
            label, value, _ = max(verified, key=lambda c: (c[2].at, c[2].id) if c[2] else ())
            resolved[key] = Resolved(value, "verified", label.id)
        elif machine:
            label, value, _ = min(machine, key=lambda c: (-c[0].confidence, c[0].id))
            resolved[key] = Resolved(value, "machine", label.id)
        else:
            resolved[key] = Resolved(None, "rejected", candidates[0][0].id)
    return resolved


def papers_frame(store: Store) -> pd.DataFrame:
    """One row per paper in the store, with effective label values; see the module docstring."""
    import pandas as pd

    labels, latest = load_labels(store)
    by_paper: dict[str, dict[tuple[str, int], Resolved]] = {}
    for (paper_key, kind, position), res in resolve(labels, latest).items():
        by_paper.setdefault(paper_key, {})[(kind, position)] = res
    rows = store.query(
        "SELECT p.key, p.venue, p.year, p.track, p.title, "
        "(SELECT count(*) FROM authors a WHERE a.paper_key = p.key) AS n_authors FROM papers p ORDER BY p.key"
    )
    records = [_paper_row(r, by_paper.get(r["key"], {})) for r in rows]
    frame = pd.DataFrame.from_records(records, columns=list(DTYPES))
    return frame.astype(DTYPES).reset_index(drop=True)


def _paper_row(row: Any, resolved: dict[tuple[str, int], Resolved]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "paper_key": row["key"],
        "venue": row["venue"],
        "year": row["year"],
        "track": row["track"],
        "title": row["title"],
    }
    statuses: list[bool] = []
    affiliations = [res for (kind, _), res in sorted(resolved.items()) if kind == "affiliation"]
    out["n_authors"] = max(row["n_authors"], len(affiliations))
    if affiliations:
        known = [
            r.value
            for r in affiliations
            if isinstance(r.value, Affiliation) and r.value.org_type != "unknown"
        ]
        n_industry = sum(a.org_type == "industry" for a in known)
        frac = n_industry / len(known) if known else None
        out |= {
            "n_affil_known": len(known),
            "n_industry": n_industry,
            "frac_industry": frac,
            "any_industry": None if frac is None else n_industry > 0,
            "majority_industry": None if frac is None else frac > 0.5,
        }
        out["affiliation_verified"] = all(r.status == "verified" for r in affiliations)
        statuses.append(out["affiliation_verified"])
    for kind, field in (
        ("topic", "topic"),
        ("hardware_setup", "hardware"),
        ("bert_role", "bert"),
        ("code_release", "code"),
    ):
        res = resolved.get((kind, -1))
        if res is None:
            continue
        out[f"{field}_verified"] = res.status == "verified"
        statuses.append(res.status == "verified")
        out |= _value_columns(res.value)
    out["label_status"] = (
        "none" if not statuses else "verified" if all(statuses) else "partial" if any(statuses) else "machine"
    )
    return out


def _value_columns(value: LabelValue | None) -> dict[str, Any]:
    match value:
        case Topic():
            return {"topic": value.topic}
        case HardwareSetup():
            return {
                "hardware_status": value.status,
                "chip": value.chip,
                "chip_count": value.count,
                "peak_flops_fp32": value.peak_flops_fp32,
                "peak_flops_tensor": value.peak_flops_tensor,
            }
        case BertRole():
            return {"bert_role": value.role}
        case CodeRelease():
            return {"released_code": value.released}
    return {}


def verified_only(papers: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every value not verified by a person is missing (for verified-only analyses)."""
    import pandas as pd

    out = papers.copy()
    for field, columns in FIELD_COLUMNS.items():
        unverified = ~out[f"{field}_verified"].fillna(False).astype(bool)
        for column in columns:
            out.loc[unverified, column] = pd.NA
    return out


def mentions_frame(store: Store) -> pd.DataFrame:
    """One row per paper-level label considered, with its latest verdict and whether it gave the value."""
    import pandas as pd

    labels, latest = load_labels(store)
    used = {res.label_id for res in resolve(labels, latest).values()}
    records = [
        {
            "label_id": lab.id,
            "paper_key": lab.paper_key,
            "field": lab.field,
            "kind": lab.value.kind,
            "producer": lab.producer.tag,
            "confidence": lab.confidence,
            "value": json.dumps(lab.value.model_dump(mode="json"), sort_keys=True),
            "verdict": latest[lab.id].verdict if lab.id in latest else None,
            "used": lab.id in used,
        }
        for lab in labels
    ]
    columns = ["label_id", "paper_key", "field", "kind", "producer", "confidence", "value", "verdict", "used"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.sort_values(["paper_key", "label_id"], kind="stable").reset_index(drop=True)
