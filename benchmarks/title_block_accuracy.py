"""Author linking on constructed title blocks, one class of failure each, rendered as real PDF pages.

``benchmarks/gold/snippets/title_blocks.jsonl`` holds title blocks written blind from the rubric (see
that folder's README); :mod:`benchmarks.title_blocks` renders each as a PDF first page, which is
parsed as a crawled PDF is. Two readings, as in ``affiliation_accuracy.py``: the header alone (an
ingested PDF) and with the crawled author names. Per class, dev and held-out:

- names: cases whose authors were all read, in order, with nothing else read as an author;
- type: authors whose first organisation type is right;
- kept: organisations the rubric gives (second affiliations, "work done while at X") found in the
  author's affiliation text.

``--show-errors`` lists dev misses (held-out misses are never printed).

Usage: .venv/bin/python benchmarks/title_block_accuracy.py [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.title_blocks import render_title_block  # noqa: E402
from extract.affiliations.extractor import extract_affiliations, load_resources  # noqa: E402
from extract.document import PaperMeta  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from paperscope.records import Affiliation  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

CASES = REPO / "benchmarks" / "gold" / "snippets" / "title_blocks.jsonl"


def norm(name: str) -> str:
    """Casefolded, accents dropped, spaces collapsed."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.replace("-", " ").split()).casefold()


def score_case(case: dict[str, Any], values: list[Affiliation]) -> dict[str, Any]:
    """Names right?, (type hits, authors), (orgs kept, orgs), and what went wrong."""
    expected = case["expected"]
    got = [norm(v.author_name) for v in values]
    names_ok = got == [norm(e["name"]) for e in expected]
    by_name = {norm(v.author_name): v for v in values}
    type_hits = kept = orgs = 0
    wrong: list[str] = []
    for e in expected:
        value = by_name.get(norm(e["name"]))
        if value is None:  # the best fuzzy match, for a name read slightly differently
            scored = [(fuzz.token_sort_ratio(norm(e["name"]), norm(v.author_name)), v) for v in values]
            best = max(scored, key=lambda s: s[0], default=(0, None))
            value = best[1] if best[0] >= 80 else None
        first = (e.get("org_types") or ["unknown"])[0]
        if value is not None and value.org_type == first:
            type_hits += 1
        else:
            wrong.append(f"{e['name']}: type {value.org_type if value else 'not found'} vs {first}"
                         f" ({value.raw[:70] if value else ''!r})")  # fmt: skip
        for org in e.get("affiliations") or []:
            orgs += 1
            if value is not None and fuzz.partial_ratio(norm(org), norm(value.raw)) >= 85:
                kept += 1
            else:
                wrong.append(f"{e['name']}: {org!r} not in {value.raw[:80] if value else ''!r}")
    if not names_ok:
        wrong.insert(0, f"names {[v.author_name for v in values]}")
    return {"names": names_ok, "type": (type_hits, len(expected)), "kept": (kept, orgs), "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    if not CASES.exists():
        print(f"no cases ({CASES} is absent)")
        return
    res = load_resources(DATA_DIR)
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    for reading in ("header alone", "with crawled names"):
        tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        misses = []
        for case in cases:
            doc = parse_pdf(render_title_block(case), paper_key=f"local/0/blocks/{case['id']}")
            if reading != "header alone":
                doc = replace(doc, meta=PaperMeta(title=case["title"].replace("\n", " "),
                                                  author_names=tuple(e["name"] for e in case["expected"])))  # fmt: skip
            values = [
                lab.value for lab in extract_affiliations(doc, res) if isinstance(lab.value, Affiliation)
            ]
            got = score_case(case, values)
            for key in (case["class"], "all"):
                cell = tally[key]
                split = case["split"]
                cell[f"names {split}"][0] += got["names"]
                cell[f"names {split}"][1] += 1
                for field in ("type", "kept"):
                    cell[f"{field} {split}"][0] += got[field][0]
                    cell[f"{field} {split}"][1] += got[field][1]
            if args.show_errors and case["split"] == "dev" and got["wrong"]:
                misses.append(f"  [{reading}] {case['id']}: " + "; ".join(got["wrong"]))
        print(f"{reading}:")
        print(f"  {'class':22s} {'names dev':>10s} {'held-out':>9s} {'type dev':>10s} {'held-out':>9s}"
              f" {'kept dev':>10s} {'held-out':>9s}")  # fmt: skip
        for key in sorted(tally, key=lambda k: (k == "all", k)):
            cells = []
            for field in ("names", "type", "kept"):
                for split in ("dev", "heldout"):
                    hit, n = tally[key][f"{field} {split}"]
                    cells.append(f"{hit}/{n}" if n else "-")
            print(
                f"  {key:22s} "
                + " ".join(f"{c:>10s}" if i % 2 == 0 else f"{c:>9s}" for i, c in enumerate(cells))
            )
        if misses:
            print("\n".join(misses))


if __name__ == "__main__":
    main()
