"""Store -> tidy frames: one row per paper, the human-verified value winning over the machine label.

``paper_values(store)`` columns (pandas nullable dtypes), sorted by ``paper_key``:

- ``paper_key, venue, track, title`` (string), ``year`` (Int64), ``n_authors`` (Int64: listed authors,
  or affiliation labels when more);
- affiliation: ``n_affil_known`` (authors whose org type is known), ``n_industry``,
  ``n_affil_conflicts`` (authors left unknown because one source gave two known types; Int64),
  ``frac_industry`` (Float64, industry / known; government and nonprofit count as non-industry),
  ``any_industry``, ``majority_industry`` (boolean: frac > 0.5), ``china_author`` (an author at an
  organisation in China; missing when no author's country is known), ``affiliation_verified``;
- ``topic`` (nlp_speech | vision | other; missing: no topic label), ``topic_verified``;
- hardware: ``hardware_status`` (reported | not_reported), ``chip``, ``chip_count``,
  ``peak_flops_fp32``, ``peak_flops_tensor`` (FLOP/s of the whole set-up), ``hardware_verified``;
  the training inputs read with the set-up: ``training_read`` (boolean: the set-up value carries
  them), ``train_hours``, ``train_chip_hours``, ``params``, ``tokens`` (Float64; missing: not stated);
- ``bert_role`` (studies | uses | cites_only), ``bert_verified``, ``bert_extracted`` (boolean: the
  ``bert`` extractor read the paper's PDF);
- ``released_code`` (boolean), ``new_model`` (boolean: an annotator judged that the paper presents a
  new model; missing until judged), ``code_verified``, ``code_extracted`` (the ``code_links`` extractor
  read the PDF); a read paper without a code-release value did not release code (False);
- ``label_status``: verified (every labelled field verified) | partial | machine | none.

Current labels are ``Store.labels(current=True)`` (each producer's newest version with a successful
run on the paper's PDF). Slot values follow :mod:`paperscope.verified` (a human verdict on any label
of a slot wins, else the most confident current label; a reject leaves the value missing). Each
author's org type follows :mod:`analysis.affiliations` (verified, else PDF, else metadata).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from analysis.affiliations import ORDER, resolve_authors
from paperscope.records import BertRole, CodeRelease, HardwareSetup, Label, Topic
from paperscope.verified import Effective, Slot, effective_values, slot_of

if TYPE_CHECKING:
    import pandas as pd

    from paperscope.records import LabelValue
    from paperscope.store import Store

PAPER_KINDS = ("hardware_setup", "bert_role", "code_release", "topic", "affiliation")
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "affiliation": (
        "n_affil_known",
        "n_industry",
        "n_affil_conflicts",
        "frac_industry",
        "any_industry",
        "majority_industry",
        "china_author",
    ),
    "topic": ("topic",),
    "hardware": (
        "hardware_status",
        "chip",
        "chip_count",
        "peak_flops_fp32",
        "peak_flops_tensor",
        "training_read",
        "train_hours",
        "train_chip_hours",
        "params",
        "tokens",
    ),
    "bert": ("bert_role",),
    "code": ("released_code", "new_model"),
}
EXTRACTED = {"bert": "bert", "code": "code_links"}  # field -> the extractor whose successful run counts
DTYPES: dict[str, str] = {
    "paper_key": "string",
    "venue": "string",
    "year": "Int64",
    "track": "string",
    "title": "string",
    "n_authors": "Int64",
    "n_affil_known": "Int64",
    "n_industry": "Int64",
    "n_affil_conflicts": "Int64",
    "frac_industry": "Float64",
    "any_industry": "boolean",
    "majority_industry": "boolean",
    "affiliation_verified": "boolean",
    "china_author": "boolean",
    "topic": "string",
    "topic_verified": "boolean",
    "hardware_status": "string",
    "chip": "string",
    "chip_count": "Int64",
    "peak_flops_fp32": "Float64",
    "peak_flops_tensor": "Float64",
    "training_read": "boolean",
    "train_hours": "Float64",
    "train_chip_hours": "Float64",
    "params": "Float64",
    "tokens": "Float64",
    "hardware_verified": "boolean",
    "bert_role": "string",
    "bert_verified": "boolean",
    "bert_extracted": "boolean",
    "released_code": "boolean",
    "new_model": "boolean",
    "code_verified": "boolean",
    "code_extracted": "boolean",
    "label_status": "string",
}


def load_effective(store: Store, *, machine_only: bool = False) -> tuple[list[Label], dict[Slot, Effective]]:
    """Paper-level current labels (``Store.labels(current=True)``) and every slot's effective value.

    ``machine_only``: as if nobody had verified anything (the machine's values, for the
    prediction-powered estimates that correct them).
    """
    current = sorted(
        (lab for kind in PAPER_KINDS for lab in store.labels(kind=kind, current=True)),
        key=lambda lab: (lab.paper_key, lab.field, lab.id),
    )
    verifications = [] if machine_only else store.verifications()
    verified = _labels_by_id(store, sorted({v.label_id for v in verifications}))
    return current, effective_values(current, verifications, verified)


def _labels_by_id(store: Store, ids: list[str], chunk: int = 500) -> dict[str, Label]:
    out: dict[str, Label] = {}
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        rows = store.query(f"SELECT record_json FROM labels WHERE id IN ({','.join('?' * len(part))})", part)
        for r in rows:
            label = Label.model_validate_json(r["record_json"])
            out[label.id] = label
    return out


def paper_values(
    store: Store,
    *,
    machine_only: bool = False,
    affiliation_order: tuple[int, ...] = ORDER,
    loaded: tuple[list[Label], dict[Slot, Effective]] | None = None,
) -> pd.DataFrame:
    """One row per paper in the store, with effective label values; see the module docstring.

    ``machine_only``: the machine's values, every verification ignored. ``affiliation_order``: which
    affiliation source decides an author's org type first (:mod:`analysis.affiliations`). ``loaded``:
    what :func:`load_effective` returned for this store, when the caller has it already.
    """
    import pandas as pd

    current, effective = loaded if loaded is not None else load_effective(store, machine_only=machine_only)
    by_paper: dict[str, list[Effective]] = {}
    for eff in effective.values():
        if eff.slot.kind in PAPER_KINDS:
            by_paper.setdefault(eff.slot.paper_key, []).append(eff)
    affiliations: dict[str, list[Label]] = {}
    for lab in current:
        if lab.value.kind == "affiliation":
            affiliations.setdefault(lab.paper_key, []).append(lab)
    extracted = {field: store.papers_extracted(producer) for field, producer in EXTRACTED.items()}
    rows = store.query(
        "SELECT p.key, p.venue, p.year, p.track, p.title, "
        "(SELECT count(*) FROM authors a WHERE a.paper_key = p.key) AS n_authors FROM papers p ORDER BY p.key"
    )
    records = [
        _paper_row(
            r, by_paper.get(r["key"], []), affiliations.get(r["key"], []), extracted, affiliation_order
        )
        for r in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(DTYPES))
    return frame.astype(DTYPES).reset_index(drop=True)


def _paper_row(
    row: Any,
    slots: list[Effective],
    affiliations: list[Label],
    extracted: dict[str, set[str]],
    order: tuple[int, ...] = ORDER,
) -> dict[str, Any]:
    key = row["key"]
    out: dict[str, Any] = {k: row[k] for k in ("venue", "year", "track", "title")} | {"paper_key": key}
    out |= {f"{field}_extracted": key in keys for field, keys in extracted.items()}
    statuses: list[bool] = []
    authors = resolve_authors(slots, affiliations, order)
    out["n_authors"] = max(row["n_authors"], len(authors))
    if authors:
        known = sum(a.org_type != "unknown" for a in authors.values())
        industry = sum(a.org_type == "industry" for a in authors.values())
        frac = industry / known if known else None
        out |= {
            "n_affil_known": known,
            "n_industry": industry,
            "n_affil_conflicts": sum(a.conflict for a in authors.values()),
            "frac_industry": frac,
            "any_industry": None if frac is None else industry > 0,
            "majority_industry": None if frac is None else frac > 0.5,
            "affiliation_verified": all(a.verified for a in authors.values()),
            # the study's flag: an author at an organisation in China (unknown when no country is known)
            "china_author": (
                any("CN" in a.countries for a in authors.values())
                if any(a.countries for a in authors.values())
                else None
            ),
        }
        statuses.append(out["affiliation_verified"])
    fields = {"topic": "topic", "hardware_setup": "hardware", "bert_role": "bert", "code_release": "code"}
    for eff in sorted(slots, key=lambda e: e.slot.kind):
        field = fields.get(eff.slot.kind)
        if field is None:
            continue
        out[f"{field}_verified"] = eff.verified
        statuses.append(eff.verified)
        out |= _value_columns(eff.value)
    if out["code_extracted"] and "code_verified" not in out:
        out |= {"released_code": False, "code_verified": False}  # read, no link, no checklist answer
        statuses.append(False)
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
                "training_read": value.training is not None,
                **(
                    {}
                    if value.training is None
                    else {
                        "train_hours": value.training.hours,
                        "train_chip_hours": value.training.chip_hours,
                        "params": value.training.params,
                        "tokens": value.training.tokens,
                    }
                ),
            }
        case BertRole():
            return {"bert_role": value.role}
        case CodeRelease():
            return {"released_code": value.released, "new_model": value.new_model}
    return {}


def unknown_as_non_industry(papers: pd.DataFrame) -> pd.DataFrame:
    """A copy in which authors of unknown org type count as non-industry (a sensitivity row).

    The report's rule leaves them out: ``frac_industry`` = industry / known. Here it is industry / all
    listed authors, for papers with at least one known author; ``majority_industry`` follows.
    """
    out = papers.copy()
    known = (out["n_affil_known"] > 0).fillna(False).astype(bool)
    authors = out["n_authors"].where(out["n_authors"] > 0)
    out.loc[known, "frac_industry"] = (out.loc[known, "n_industry"] / authors[known]).astype("Float64")
    out.loc[known, "majority_industry"] = out.loc[known, "frac_industry"] > 0.5
    return out


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
    """One row per current paper-level label, and whether its slot's value came from it unverified."""
    import pandas as pd

    current, effective = load_effective(store)
    records = []
    for lab in current:
        slot = slot_of(lab)
        eff = effective.get(slot) if slot is not None else None
        records.append(
            {
                "label_id": lab.id,
                "paper_key": lab.paper_key,
                "field": lab.field,
                "kind": lab.value.kind,
                "producer": lab.producer.tag,
                "confidence": lab.confidence,
                "value": json.dumps(lab.value.model_dump(mode="json"), sort_keys=True),
                "slot_verdict": None if eff is None else eff.verdict,
                "shown": eff is not None and eff.label_id == lab.id,
            }
        )
    columns = [
        "label_id",
        "paper_key",
        "field",
        "kind",
        "producer",
        "confidence",
        "value",
        "slot_verdict",
        "shown",
    ]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.sort_values(["paper_key", "label_id"], kind="stable").reset_index(drop=True)
