"""Cloud instances as hardware: "an AWS p3.16xlarge" is 8 V100s, "two a2-highgpu-8g VMs" 16 A100s.

Papers trained in the cloud often name the instance type, not the GPUs in it. The accelerators of
each type are the providers' published figures (``data/hardware/cloud_instances.csv``, sources per
row); the count of instances comes from the words before the name ("two", "a cluster of 8").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extract import hardware_counts as counts


@dataclass(frozen=True, slots=True)
class Instance:
    """One instance type: the accelerators it holds."""

    provider: str
    name: str
    chip: str
    count: int
    memory_gb: int | None


@dataclass(frozen=True, slots=True)
class InstanceMention:
    """An instance type named in the text, with the chips it stands for."""

    start: int
    end: int
    instance: Instance
    chips: int  # instances x accelerators per instance


@dataclass(frozen=True, slots=True)
class CloudInstances:
    """The instance table and one regex over every name in it."""

    by_name: dict[str, Instance]
    regex: re.Pattern[str]


def load_instances(path: Path) -> CloudInstances:
    """Read the table; names match in any case, with SageMaker's ``ml.`` or Azure's ``Standard_`` prefix."""
    by_name: dict[str, Instance] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            count = int(row["count"])
            if count < 1 or not row["chip"] or not row["instance"]:
                raise ValueError(f"{path.name}: row {row['instance']!r} needs a chip and a positive count")
            memory = int(row["memory_gb"]) if row["memory_gb"] else None
            by_name[row["instance"].lower()] = Instance(
                row["provider"], row["instance"], row["chip"], count, memory
            )
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    regex = re.compile(rf"(?<![\w.-])(?:ml\.|Standard_)?(?P<name>{names})(?![\w-]|\.\w)", re.IGNORECASE)
    return CloudInstances(by_name, regex)


@cache
def instances() -> CloudInstances:
    """The instance table shipped with paperscope (read once per process)."""
    from paperscope.settings import DATA_DIR

    return load_instances(DATA_DIR / "hardware" / "cloud_instances.csv")


# "the largest job used two of them": more instances of the type named just before
_MORE_OF_THEM = re.compile(
    rf"[^.]{{0,80}}?\b(?P<n>{counts.NUMBER})\s+(?:of them|such (?:instances|VMs|machines|nodes))\b",
    re.IGNORECASE,
)


# the instances counted before their family, the type in parentheses: "4 Azure NDv4 virtual machines
# (Standard_ND96asr_v4)"
_COUNTED_BEFORE_NOTE = re.compile(
    rf"\b(?P<n>{counts.NUMBER})\s+(?:(?!(?:on|in|at|for|of|with|from|hours?|days?|minutes?|trials?|runs?)\b)"
    r"[A-Za-z][\w-]*\s+){0,3}(?:virtual machines|VMs|instances|nodes|machines)\s*"
    r"\(\s*$",
    re.IGNORECASE,
)


def _instances_before(before: str) -> int | None:
    """How many instances the words before the name count: "two", "a cluster of 8", "4 ... VMs (" ."""
    if note := _COUNTED_BEFORE_NOTE.search(before):
        return counts.number(note.group("n"))
    return counts.left_count(before)


def instance_mentions(text: str) -> list[InstanceMention]:
    """Every instance type named in ``text``, with the chips of the instances counted before it."""
    table = instances()
    if "xlarge" not in text and "gpu-" not in text and "_v" not in text and "standard-" not in text:
        return []  # every name in the table has one of these: skip the regex on most papers
    found: list[InstanceMention] = []
    for m in table.regex.finditer(text):
        instance = table.by_name[m.group("name").lower()]
        before = text[max(0, m.start() - 60) : m.start()]
        many = _instances_before(before) or 1
        found.append(InstanceMention(m.start(), m.end(), instance, many * instance.count))
        more = _MORE_OF_THEM.match(text, m.end(), m.end() + 200)
        if more and (n := counts.number(more.group("n"))) and 1 < n <= 4096:
            found.append(InstanceMention(m.start(), m.end(), instance, n * instance.count))
    return found
