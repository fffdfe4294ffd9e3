"""Every chip of the chip table is read in the forms papers print it in: a check over the table, not a paper.

A chip whose short name needs GPU context ("T4", "A40") is read wherever a class word or a vendor
stands beside it; every other chip also at the end of a sentence, before a comma and after "×".
"""

from __future__ import annotations

import pytest

from extract.hardware import extract_hardware
from paperscope.records import Hardware
from tests.extract.docs import body_doc, resources

WITH_CONTEXT = (
    "We train every model on 8 {name} GPUs for a week.",
    "We train every model on eight {name} accelerators.",
    "Experiments ran on 8x {name} (80GB) for a week.",
    "All models were trained with 8 NVIDIA {name} GPUs.",
)
ANYWHERE = (
    "We train every model on 8 {name}s for a week.",
    "We train every model on 8 {name}.",
    "We train every model on 8 {name}, as in Table 2.",
    "Training: 8 × {name}; batch size 256.",
)


def _chips() -> list[tuple[str, str, bool]]:
    res = resources()
    context = dict(res.chip_groups)
    out = []
    for cid, rows in sorted(res.chips.items()):
        if cid in ("gpu", "tpu", "cpu") or rows[0].chip_class == "cpu":
            continue
        out.append((cid, rows[0].name, context.get(cid, False)))
    return out


@pytest.mark.parametrize(("cid", "name", "needs_context"), _chips())
def test_every_chip_is_read_with_its_count_in_the_forms_papers_print(
    cid: str, name: str, needs_context: bool
) -> None:
    forms = WITH_CONTEXT if needs_context else WITH_CONTEXT + ANYWHERE
    for form in forms:
        body = form.format(name=name)
        found = {(v.chip, v.count) for v in _hardware(body)}
        assert found == {(cid, 8)}, body


def _hardware(body: str) -> list[Hardware]:
    labels = extract_hardware(body_doc(body), resources())
    return [lab.value for lab in labels if isinstance(lab.value, Hardware)]
