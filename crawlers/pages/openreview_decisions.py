"""OpenReview decisions: one status vocabulary over API v1 venue strings, decision replies and v2 venueids.

Statuses: accepted, rejected, withdrawn, desk_rejected, workshop, pending. A paper's ``decision`` is
``"<status>: <label as the source wrote it>"`` (or the bare status when there is no label).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from crawlers.pages.text import clean_text

_DECISION_REPLY = ("/Acceptance_Decision", "/Decision", "/Meta_Review")
_VENUE_LABEL = re.compile(r"^(iclr|icml|neurips)\s+\d{4}\b", re.IGNORECASE)


def value(content: dict[str, Any], name: str) -> Any:
    """A content field in either shape: v1 plain, v2 ``{"value": ...}``."""
    field = content.get(name)
    return field.get("value") if isinstance(field, dict) else field


def classify(label: str) -> str:
    """Status of a venue or decision string.

    One of accepted, rejected, withdrawn, desk_rejected, workshop or pending, per the vocabulary
    recorded in the facts note; an unknown form is pending.
    """
    low = " ".join(label.casefold().split())
    if not low or "no decision" in low:
        return "pending"
    for needle, status in (
        ("withdrawn", "withdrawn"),
        ("desk reject", "desk_rejected"),
        ("desk_reject", "desk_rejected"),
        ("reject", "rejected"),
        ("submitted", "rejected"),
        ("workshop", "workshop"),
    ):
        if needle in low:
            return status
    if any(w in low for w in ("accept", "oral", "poster", "spotlight", "talk", "notable")):
        return "accepted"
    return "accepted" if _VENUE_LABEL.match(low) else "pending"


def _decided(status: str, label: str | None) -> str:
    return f"{status}: {label}" if label else status


def decision_v2(note: dict[str, Any], group: str) -> str:
    """v2: the venueid suffix is the status; ``content.venue`` is the presentation label.

    ``group`` is the venue group the note was submitted to (its ``domain``, or its invitation up to
    ``/-/``); a venueid equal to it means accepted.
    """
    content = note.get("content") or {}
    venueid = str(value(content, "venueid") or "")
    label = clean_text(str(value(content, "venue") or "")) or None
    suffixes = {
        "/Withdrawn_Submission": "withdrawn",
        "/Desk_Rejected_Submission": "desk_rejected",
        "/Rejected_Submission": "rejected",
        "/Submission": "pending",
    }
    status = next((s for suffix, s in suffixes.items() if venueid.endswith(suffix)), None)
    if status is None:
        status = "accepted" if venueid and venueid.casefold() == group.casefold() else "pending"
    return _decided(status, label)


def decision_v1(note: dict[str, Any], replies: Sequence[dict[str, Any]] = ()) -> str:
    """v1 decision of a submission note, from the strongest evidence it has.

    Withdrawal or desk rejection from the invitation, else ``content.venue``, else a decision or
    meta-review reply, else the 2013-style ``content.decision`` on the note itself.
    """
    invitation = str(note.get("invitation") or "")
    if invitation.endswith("/-/Withdrawn_Submission"):
        return "withdrawn"
    if invitation.endswith("/-/Desk_Rejected_Submission"):
        return "desk_rejected"
    content = note.get("content") or {}
    venue = clean_text(str(content.get("venue") or ""))
    if venue and classify(venue) != "pending":
        return _decided(classify(venue), venue)
    replies = list(replies) or list((note.get("details") or {}).get("directReplies") or [])
    for reply in replies:
        if str(reply.get("invitation") or "").endswith(_DECISION_REPLY):
            rc = reply.get("content") or {}
            label = clean_text(str(rc.get("decision") or rc.get("recommendation") or ""))
            if label:
                return _decided(classify(label), label)
    own = clean_text(str(content.get("decision") or ""))
    return _decided(classify(own), own) if own else "pending"
