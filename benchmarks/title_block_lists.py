"""Title blocks of real author lists: real names and affiliations from the paper lists, set in three layouts.

The constructed title blocks (``title_block_accuracy.py``) were written by annotators; their names are
invented. This draws papers from the newest paper lists that give one affiliation per author (ICLR
2021, NeurIPS 2021, ICML 2023 and 2019: real names, as printed on OpenReview, and real affiliations), sets
each paper's title block in one of five layouts (``marks``: superscript marks and one line per
affiliation; ``footnote``: marks, the affiliations in a footnote as ICML prints them; ``grid``: a
cell per author; ``stacked``; ``left``: ICLR's left-aligned blocks, drawn apart with a seed of its
own), renders it as a PDF first page and reads
it as an ingested PDF is read, from the header alone. A third of the papers (seeded) is held out;
``--show-errors`` lists dev misses only.

Figures, dev and held-out: papers whose authors were all read, in order, with nothing else read as an
author; authors found; authors found whose affiliation text holds their listed affiliation.

Usage: .venv/bin/python benchmarks/title_block_lists.py [--papers 240] [--show-errors]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.label_sets import LISTS, affiliations, load_list  # noqa: E402
from benchmarks.title_block_accuracy import norm  # noqa: E402
from benchmarks.title_blocks import render_title_block  # noqa: E402
from extract.affiliations.extractor import extract_affiliations, load_resources  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from paperscope.records import Affiliation  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

SEED = 20261208
# the lists that give names and one affiliation per author; the newest three and one older ICML
SOURCES = ("iclr/iclr2021.json", "icml/icml2023.json", "nips/nips2021.json", "icml/icml2019.json")
LAYOUTS = ("marks", "grid", "stacked", "footnote")
# layouts added later are drawn apart, with a seed of their own, so the first draw never changes
LATER_LAYOUTS = ((SEED + 1, ("left",)),)


def _authors(paper: dict[str, Any]) -> list[str]:
    """Names as a paper prints them: OpenReview's all-lower-case entries ("marco cuturi") capitalised."""
    names = [a.strip() for a in str(paper.get("author") or "").split(";") if a.strip()]
    return [name.title() if name == name.lower() else name for name in names]


def draw(papers: int, rng: random.Random, layouts: tuple[str, ...] = LAYOUTS) -> list[dict[str, Any]]:
    """``papers`` cases, an equal share from each list: 2-8 authors, one affiliation each, every one given."""
    per_list = papers // len(SOURCES)
    cases = []
    for name in SOURCES:
        pool = []
        for paper in load_list(LISTS / name):
            authors, affs = _authors(paper), affiliations(paper)
            if 2 <= len(authors) <= 8 and len(affs) == len(authors) and all(affs):
                pool.append((str(paper.get("title") or "").strip(), authors, affs))
        for title, authors, affs in rng.sample(pool, per_list):
            layout = rng.choice(layouts)
            cases.append(
                case(
                    title,
                    authors,
                    affs,
                    layout,
                    f"{name}:{len(cases)}" + ("" if layouts == LAYOUTS else f":{layout}"),
                )
            )
    order = list(range(len(cases)))
    rng.shuffle(order)
    held = set(order[: len(cases) // 3])
    for i, c in enumerate(cases):
        c["split"] = "heldout" if i in held else "dev"
    return cases


def case(title: str, authors: list[str], affs: list[str], layout: str, ident: str) -> dict[str, Any]:
    """A renderer case: marks number the distinct affiliations in order of first use."""
    own = [[part.strip() for part in aff.split("+") if part.strip()] for aff in affs]  # "A+B": two of them
    marks: dict[str, str] = {}
    for parts in own:
        for aff in parts:
            marks.setdefault(aff, str(len(marks) + 1))
    marked = layout in ("marks", "footnote")
    people = [
        {
            "name": name,
            "marks": [marks[aff] for aff in parts] if marked else [],
            "affiliation_lines": [] if marked else parts,
            "email": None,
        }
        for name, parts in zip(authors, own, strict=True)
    ]
    # ICML's template: the affiliations are a footnote at the foot of the page, with the correspondence
    footnotes = [{"mark": m, "text": a} for a, m in marks.items()] if layout == "footnote" else []
    if footnotes:
        footnotes.append({"mark": "", "text": f"Correspondence to: {authors[0]}."})
    return {
        "id": ident,
        "layout": "marks" if marked else layout,
        "style": layout,
        "title": title,
        "authors": people,
        "affiliations": [{"mark": m, "lines": [a]} for a, m in marks.items()] if layout == "marks" else [],
        "emails_line": None,
        "footnotes": footnotes,
        "expected": [{"name": n, "affiliation": parts[0]} for n, parts in zip(authors, own, strict=True)],
    }


def score(c: dict[str, Any], values: list[Affiliation]) -> tuple[bool, int, int, list[str]]:
    """(all names in order, authors found, of them linked, what went wrong)."""
    got = [norm(v.author_name) for v in values]
    expected = c["expected"]
    names_ok = got == [norm(e["name"]) for e in expected]
    found = linked = 0
    wrong = [] if names_ok else [f"names {[v.author_name for v in values]}"]
    for e in expected:
        value = next(
            (v for v in values if fuzz.token_sort_ratio(norm(v.author_name), norm(e["name"])) >= 90), None
        )
        if value is None:
            wrong.append(f"missing {e['name']!r}")
            continue
        found += 1
        if fuzz.partial_ratio(norm(e["affiliation"]), norm(value.raw)) >= 85:
            linked += 1
        else:
            wrong.append(f"{e['name']}: {e['affiliation']!r} not in {value.raw[:80]!r}")
    return names_ok, found, linked, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=240)
    parser.add_argument("--show-errors", action="store_true", help="list dev misses (never held-out)")
    args = parser.parse_args()
    if not LISTS.is_dir():
        print(f"no paper lists ({LISTS} is absent)")
        return
    res = load_resources(DATA_DIR)
    tally = {s: {"papers": 0, "names": 0, "authors": 0, "found": 0, "linked": 0} for s in ("dev", "heldout")}
    by_layout: dict[tuple[str, str], list[int]] = {}
    misses = []
    cases = draw(args.papers, random.Random(SEED))
    for seed, layouts in LATER_LAYOUTS:
        cases += draw(args.papers // len(LAYOUTS), random.Random(seed), layouts)
    for i, c in enumerate(cases):
        doc = parse_pdf(render_title_block(c), paper_key=f"local/0/lists/{i}")
        values = [lab.value for lab in extract_affiliations(doc, res) if isinstance(lab.value, Affiliation)]
        names_ok, found, linked, wrong = score(c, values)
        t = tally[c["split"]]
        t["papers"] += 1
        t["names"] += names_ok
        t["authors"] += len(c["expected"])
        t["found"] += found
        t["linked"] += linked
        cell = by_layout.setdefault((c["style"], c["split"]), [0, 0])
        cell[0] += names_ok
        cell[1] += 1
        if args.show_errors and c["split"] == "dev" and wrong:
            misses.append(f"  {c['id']} ({c['style']}): " + "; ".join(wrong))
    print(f"{'real author lists, header alone':36s} {'dev':>12s} {'held-out':>12s}")
    for key, label in (("names", "papers with every name right"), ("found", "authors found"),
                       ("linked", "authors linked to their affiliation")):  # fmt: skip
        whole = "papers" if key == "names" else ("authors" if key == "found" else "found")
        cells = [f"{tally[s][key]}/{tally[s][whole]}" for s in ("dev", "heldout")]
        print(f"{label:36s} {cells[0]:>12s} {cells[1]:>12s}")
    for layout in LAYOUTS + tuple(x for _, more in LATER_LAYOUTS for x in more):
        cells = [f"{by_layout.get((layout, s), [0, 0])[0]}/{by_layout.get((layout, s), [0, 0])[1]}"
                 for s in ("dev", "heldout")]  # fmt: skip
        print(f"{'  names right, ' + layout:36s} {cells[0]:>12s} {cells[1]:>12s}")
    if misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
