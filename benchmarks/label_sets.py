"""Draw two blind-labelled sets from the whole-conference paper lists, wider than the 103 gold PDFs.

The gold PDFs are few: a lexicon tuned on 73 dev papers learns those papers' words. These sets give
the topic and organisation-type rules many more unseen items, each with a frozen ``test`` part:

- ``topics``: papers (title and keywords) drawn from every venue-year list, the same number per
  list; papers whose normalised title matches a gold PDF are skipped, so the PDF test split stays
  unseen. Labelled ``nlp_speech`` / ``vision`` / ``other`` by RUBRIC.md section 6 from the title and
  keywords alone.
- ``orgs``: distinct per-author affiliation strings drawn from the lists that carry them. Labelled
  with the organisation type (RUBRIC.md section 4) and country, from the string alone.
- ``orgs_recent``: more affiliation strings, ``RECENT_ORGS_PER_LIST`` new distinct ones from each of
  the four newest lists that carry them (ICLR 2021-2022, NeurIPS 2021, ICML 2023: the era of the
  newest gold PDFs), none already in ``orgs``. Labelled as ``orgs``.
- ``abstracts``: papers (title, keywords and abstract) from the lists that carry abstracts (the
  2018-2019 ones), the same number per list, skipping gold PDFs and the ``topics`` set. Labelled by
  RUBRIC.md section 6 from the title and abstract, as the topic extractor reads a paper's front
  matter: real abstracts, not titles alone.

Only references are committed (list file, paper id, author index) with the labels; the titles and
strings are read from ``../shared/corpus/paperlists`` when the benchmarks run. Each set is split once
(seed recorded) into ``dev`` and ``test``; rules may be changed by looking at dev items only.

Usage: .venv/bin/python benchmarks/label_sets.py draw KIND [--seed 20261208]
       .venv/bin/python benchmarks/label_sets.py items topics|orgs|abstracts   # the labellers' input, as JSONL
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from paperscope.store.sqlite import normalize_title  # noqa: E402

LISTS = REPO / ".." / "shared" / "corpus" / "paperlists"
GOLD = REPO / "benchmarks" / "gold"
SETS = GOLD / "sets"
TOPICS_PER_LIST = 20
ORGS = 400
ABSTRACTS_PER_LIST = 90
RECENT_ORGS_PER_LIST = 100
RECENT_ORG_LISTS = ("iclr/iclr2021.json", "iclr/iclr2022.json", "icml/icml2023.json", "nips/nips2021.json")
TEST_SHARE = 1 / 3


def list_files() -> list[Path]:
    """Every venue-year paper list, in a fixed order."""
    return sorted(LISTS.glob("*/*.json"))


def load_list(path: Path) -> list[dict[str, object]]:
    """One paper list's records."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise TypeError(f"{path}: expected a JSON list of papers")
    return data


def affiliations(paper: dict[str, object]) -> list[str]:
    """The paper's per-author affiliation strings ('' where none was given)."""
    return [a.strip() for a in str(paper.get("aff") or "").split(";")]


def gold_titles() -> set[str]:
    """Normalised titles of every gold PDF (dev and test)."""
    return {
        normalize_title(json.loads(p.read_text())["title"])
        for p in GOLD.glob("*.json")
        if p.name != "split.json"
    }


def draw_topics(rng: random.Random) -> list[dict[str, object]]:
    """``TOPICS_PER_LIST`` papers from each list, none sharing a title with a gold PDF."""
    skip = gold_titles()
    out: list[dict[str, object]] = []
    for path in list_files():
        papers = [
            p for p in load_list(path) if p.get("title") and normalize_title(str(p["title"])) not in skip
        ]
        name = path.relative_to(LISTS).as_posix()
        out.extend({"list": name, "id": str(p["id"])} for p in rng.sample(papers, TOPICS_PER_LIST))
    return out


def draw_abstracts(rng: random.Random) -> list[dict[str, object]]:
    """``ABSTRACTS_PER_LIST`` papers with an abstract from each list that has them.

    Papers sharing a title with a gold PDF or drawn into the ``topics`` set are skipped.
    """
    skip = gold_titles()
    taken = {(str(r["list"]), str(r["id"])) for r in json.loads((SETS / "topics.json").read_text())["items"]}
    out: list[dict[str, object]] = []
    for path in list_files():
        name = path.relative_to(LISTS).as_posix()
        papers = [
            p
            for p in load_list(path)
            if p.get("title")
            and str(p.get("abstract") or "").strip()
            and normalize_title(str(p["title"])) not in skip
            and (name, str(p["id"])) not in taken
        ]
        if len(papers) >= ABSTRACTS_PER_LIST:
            out.extend(
                {"list": name, "id": str(p["id"]), "with": "abstract"}
                for p in rng.sample(papers, ABSTRACTS_PER_LIST)
            )
    return out


def draw_orgs(rng: random.Random) -> list[dict[str, object]]:
    """``ORGS`` distinct affiliation strings, each referenced by its first (list, paper, author)."""
    first: dict[str, dict[str, object]] = {}
    for path in list_files():
        for paper in load_list(path):
            for i, aff in enumerate(affiliations(paper)):
                key = " ".join(aff.casefold().split())
                if aff and "double-blind" not in key and key not in first:
                    first[key] = {
                        "list": path.relative_to(LISTS).as_posix(),
                        "id": str(paper["id"]),
                        "author": i,
                    }
    return [first[k] for k in rng.sample(sorted(first), ORGS)]


def draw_orgs_recent(rng: random.Random) -> list[dict[str, object]]:
    """``RECENT_ORGS_PER_LIST`` distinct strings per list of ``RECENT_ORG_LISTS``, none in ``orgs``."""
    seen = {
        _org_key(str(resolve(ref)["affiliation"]))
        for ref in json.loads((SETS / "orgs.json").read_text(encoding="utf-8"))["items"]
    }
    out: list[dict[str, object]] = []
    for name in RECENT_ORG_LISTS:
        first: dict[str, dict[str, object]] = {}
        for paper in load_list(LISTS / name):
            for i, aff in enumerate(affiliations(paper)):
                key = _org_key(aff)
                if aff and "double-blind" not in key and key not in seen and key not in first:
                    first[key] = {"list": name, "id": str(paper["id"]), "author": i}
        picked = rng.sample(sorted(first), RECENT_ORGS_PER_LIST)
        seen.update(picked)
        out.extend(first[k] for k in picked)
    return out


def _org_key(aff: str) -> str:
    """An affiliation string as drawn sets compare them: case-folded, whitespace collapsed."""
    return " ".join(aff.casefold().split())


def split(items: list[dict[str, object]], rng: random.Random) -> list[dict[str, object]]:
    """Mark a random third of the items ``test``, the rest ``dev``."""
    test = set(rng.sample(range(len(items)), round(len(items) * TEST_SHARE)))
    return [{**item, "split": "test" if i in test else "dev"} for i, item in enumerate(items)]


def resolve(ref: dict[str, object]) -> dict[str, object]:
    """The item a reference names: title and keywords of a paper, or one author's affiliation."""
    papers = {str(p["id"]): p for p in load_list(LISTS / str(ref["list"]))}
    paper = papers[str(ref["id"])]
    if "author" in ref:
        return {"affiliation": affiliations(paper)[int(str(ref["author"]))]}
    item = {"title": str(paper["title"]), "keywords": str(paper.get("keywords") or "")}
    if ref.get("with") == "abstract":
        item["abstract"] = str(paper.get("abstract") or "")
    return item


def iter_items(kind: str) -> Iterator[dict[str, object]]:
    """Each drawn item of ``kind`` with its text, for the labellers (no labels, no split)."""
    refs = json.loads((SETS / f"{kind}.json").read_text(encoding="utf-8"))["items"]
    for n, ref in enumerate(refs):
        yield {"n": n, **resolve(ref)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    drawers = {
        "topics": draw_topics,
        "orgs": draw_orgs,
        "orgs_recent": draw_orgs_recent,
        "abstracts": draw_abstracts,
    }
    draw = sub.add_parser("draw")
    draw.add_argument("kind", choices=sorted(drawers))
    draw.add_argument("--seed", type=int, default=20261208)
    items = sub.add_parser("items")
    items.add_argument("kind", choices=sorted(drawers))
    args = parser.parse_args()
    if args.cmd == "items":
        for item in iter_items(args.kind):
            print(json.dumps(item, ensure_ascii=False))
        return
    SETS.mkdir(parents=True, exist_ok=True)
    kind = args.kind
    rng = random.Random(f"{args.seed}:{kind}")
    refs = split(drawers[kind](rng), rng)
    body = {"seed": args.seed, "drawn_by": "benchmarks/label_sets.py", "items": refs}
    (SETS / f"{kind}.json").write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    print(f"{kind}: {len(refs)} items, {sum(r['split'] == 'test' for r in refs)} test")


if __name__ == "__main__":
    main()
