"""``paperscope demo``: serve the replica on 127.0.0.1, run the whole pipeline, check the known answers."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from paperscope.demo.papers import DEMO_PAPERS, DemoPaper
from paperscope.demo.server import LoopbackSite
from paperscope.demo.site import YEAR, write_site
from paperscope.errors import InputError
from paperscope.pipeline import RunPlan, RunSummary, run
from paperscope.records import Affiliation, BertRole, CodeRelease, HardwareSetup, Label, Topic
from paperscope.settings import DEMO_MARKER, Settings
from paperscope.store import Store

MARKER = DEMO_MARKER


@dataclass(frozen=True, slots=True)
class Check:
    """One known answer: what the demo paper says, what the pipeline found."""

    paper: str
    field: str
    expected: str
    found: str

    @property
    def ok(self) -> bool:
        """Whether the pipeline found the known answer."""
        return self.expected == self.found


def prepare_home(home: Path) -> None:
    """Start from a fresh demo folder; refuse to wipe a folder the demo did not make."""
    if home.exists() and any(home.iterdir()):
        if not (home / MARKER).exists():
            raise InputError(f"{home}: exists and is not a demo folder; choose another --home")
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    (home / MARKER).write_text("made by `paperscope demo`; deleted and rebuilt by the next demo run\n")


def run_demo(home: Path, console: Console, *, workers: int = 2) -> tuple[RunSummary, list[Check]]:
    """Write and serve the replica, run crawl -> extract -> report into ``home``, check known answers."""
    prepare_home(home)
    site_root = write_site(home / "site")
    settings = Settings(work_dir=home)
    with LoopbackSite(site_root) as site:
        console.print(f"replica of the proceedings (NeurIPS {YEAR}, {len(DEMO_PAPERS)} papers) at {site.url}")
        summary = run(RunPlan("neurips", (YEAR,), ("main",), site=site.url, workers=workers),
                      settings, console)  # fmt: skip
    with Store.open(settings.store_path) as store:
        checks = known_answer_checks(store.labels(current=True))
    return summary, checks


def _initials(org_types: Iterable[str]) -> str:
    """``academic, industry`` -> ``AI`` (A academic, I industry, G government, N nonprofit, ? unknown)."""
    return "".join({"unknown": "?", "nonprofit": "N"}.get(t, t[:1].upper()) for t in org_types)


def _chip_id(name: str | None) -> str:
    return "-" if name is None else name.lower().replace(" ", "-")


def _found(labels: list[Label], paper: DemoPaper) -> dict[str, str]:
    key = f"neurips/{YEAR}/main/{paper.hash}"
    mine = [lab for lab in labels if lab.paper_key == key]

    def best(kind: type) -> Label | None:
        hits = [lab for lab in mine if isinstance(lab.value, kind)]
        return max(hits, key=lambda lab: lab.confidence) if hits else None

    setup, role, code, topic = best(HardwareSetup), best(BertRole), best(CodeRelease), best(Topic)
    orgs: dict[int, str] = {}
    for lab in sorted(mine, key=lambda lab: -lab.confidence):
        if isinstance(lab.value, Affiliation):
            orgs.setdefault(lab.value.author_position, lab.value.org_type)
    hw = "-"
    if setup is not None and isinstance(setup.value, HardwareSetup) and setup.value.status == "reported":
        hw = f"{setup.value.count or '?'} x {setup.value.chip}"
    return {
        "hardware": hw,
        "bert": role.value.role if role is not None and isinstance(role.value, BertRole) else "none",
        "code": str(code.value.released).lower()
        if code is not None and isinstance(code.value, CodeRelease)
        else "false",
        "orgs": _initials(orgs.get(i, "unknown") for i in range(len(paper.authors))),
        "topic": topic.value.topic if topic is not None and isinstance(topic.value, Topic) else "?",
    }


def known_answer_checks(labels: list[Label]) -> list[Check]:
    """Compare the pipeline's labels with what each demo paper is known to say."""
    checks = []
    for paper in DEMO_PAPERS:
        found = _found(labels, paper)
        hw = "-" if paper.expect_chip is None else f"{paper.expect_count} x {_chip_id(paper.expect_chip)}"
        expected = {
            "hardware": hw,
            "bert": paper.expect_bert_role,
            "code": str(paper.expect_released).lower(),
            "orgs": _initials(paper.expect_org_types),
            "topic": paper.expect_topic,
        }
        checks += [Check(paper.title, f, expected[f], found[f]) for f in expected]
    return checks


def print_checks(checks: list[Check], console: Console) -> None:
    """Print one row per demo paper: what the pipeline found, and the known answer where it differs."""
    fields = list(dict.fromkeys(c.field for c in checks))
    table = Table(
        title="demo papers (generated for this demo): what the pipeline found (known answer where it differs)"
    )
    table.add_column("paper", max_width=24, no_wrap=True)
    for f in fields:
        table.add_column(f)
    rows: dict[str, dict[str, Check]] = {}
    for c in checks:
        rows.setdefault(c.paper, {})[c.field] = c
    for paper, by_field in rows.items():
        cells = [
            f"[green]{c.found}[/green]" if c.ok else f"[red]{c.found}[/red] (known: {c.expected})"
            for c in (by_field[f] for f in fields)
        ]
        table.add_row(paper, *cells)
    console.print(table)
    right = sum(c.ok for c in checks)
    console.print(
        "orgs: one letter per author (A academic, I industry, G government, N nonprofit, ? unknown)"
    )
    console.print(f"known answers found: {right} of {len(checks)}")
    console.print(
        "note: the demo's twelve papers are generated for this demo, written to the patterns the "
        "extractors know, so this score says the pipeline runs end to end, not how accurate it is on "
        "real papers; for that see benchmarks/extract_accuracy.py and benchmarks/affiliation_accuracy.py "
        "(scored on a blind gold set of real papers, test split apart)."
    )
