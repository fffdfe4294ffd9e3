"""Derive the organisation tables in ``data/orgs/`` from the shared reference data (ROR, Hipo, swot).

Run once by hand when the reference data changes (``python -m extract.affiliations.orgs.reference_tables
REFERENCE_DIR OUT_DIR``); the outputs are committed and cited in ``data/SOURCES.md``. Nothing here runs
during extraction.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROR_COLUMNS = ("id", "name", "aliases", "acronyms", "types", "country", "domains", "parent_id", "source")
_COUNTRY_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")


def _read_gz_csv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _latin(text: str) -> bool:
    """True when every letter is Latin (names in other scripts cannot match an English header)."""
    return all(ord(c) < 0x250 or not c.isalpha() for c in text)


def _names(name: str, aliases: Iterable[str]) -> tuple[str, list[str]]:
    """Display name without ROR's ``(Country)`` suffix; the suffixed form is kept as an alias."""
    match = _COUNTRY_SUFFIX.search(name)
    extra = [a for a in aliases if _latin(a)]
    if match:
        extra.insert(0, name)
        name = name[: match.start()].strip()
    return name, [a for a in dict.fromkeys(extra) if a != name]


def ror_rows(ror_dir: Path) -> Iterator[dict[str, str]]:
    """ROR v2.9 records (withdrawn dropped), then 2021 names that no v2.9 record covers."""
    seen: set[tuple[str, str]] = set()
    full: set[str] = set()
    for r in _read_gz_csv(ror_dir / "organizations.csv.gz"):
        full.add(r["ror_id"])
        if r["status"] == "withdrawn":
            continue
        name, aliases = _names(r["name"], [*_split(r["aliases"]), *_split(r["labels"])])
        domains = dict.fromkeys([*_split(r["domains"]), *_split(r["website_host"])])
        seen.add((name.casefold(), r["country_code"]))
        yield {
            "id": r["ror_id"],
            "name": name,
            "aliases": "|".join(aliases),
            "acronyms": r["acronyms"],
            "types": r["types"],
            "country": r["country_code"],
            "domains": "|".join(domains),
            "parent_id": _split(r["parent_ids"])[0] if r["parent_ids"] else "",
            "source": "ror-v2.9",
        }
    for r in _read_gz_csv(ror_dir / "ror_2021_names_types.csv.gz"):
        if r["matched_ror_id"] in full:
            continue  # covered by its full record above
        # an id matched only through the referenced-only list (an organisation unchanged since
        # 2022, e.g. the University of Antwerp) has no full record: this row is all there is
        name, aliases = _names(r["name"], [])
        key = (name.casefold(), r["country_code"])
        if key in seen:
            continue
        seen.add(key)
        yield {
            "id": r["matched_ror_id"],
            "name": name,
            "aliases": "|".join(aliases),
            "acronyms": "",
            "types": r["types"],
            "country": r["country_code"],
            "domains": "",
            "parent_id": "",
            "source": "ror-2021",
        }


def university_domain_rows(academic_dir: Path) -> Iterator[dict[str, str]]:
    """Hipo (domain, university, country) pairs."""
    with (academic_dir / "hipo_university_domains.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            yield {"domain": r["domain"], "name": r["name"], "country": r["country_code"]}


def academic_domain_rows(academic_dir: Path) -> Iterator[dict[str, str]]:
    """Swot's rule as rows: academic ``domain``s and ``suffix``es, and ``stop`` domains it rejects."""
    with (academic_dir / "swot_domains.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            yield {"domain": r["domain"].casefold(), "kind": "domain"}
    for file, kind in (
        ("swot_tlds.txt", "suffix"),
        ("swot_stoplist.txt", "stop"),
        ("swot_abused.txt", "stop"),
    ):
        for line in (academic_dir / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield {"domain": line.strip().casefold(), "kind": kind}


def write_gz_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> int:
    """Write rows as a gzip CSV with a fixed header and no timestamp (reproducible bytes)."""
    n = 0
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8", newline="") as fh,
    ):
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def build(reference_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the three derived tables into ``out_dir``; return rows written per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    academic = reference_dir / "academic-domains"
    return {
        "ror_orgs.csv.gz": write_gz_csv(
            out_dir / "ror_orgs.csv.gz", ROR_COLUMNS, ror_rows(reference_dir / "ror")
        ),
        "university_domains.csv.gz": write_gz_csv(
            out_dir / "university_domains.csv.gz",
            ("domain", "name", "country"),
            university_domain_rows(academic),
        ),
        "academic_domains.csv.gz": write_gz_csv(
            out_dir / "academic_domains.csv.gz", ("domain", "kind"), academic_domain_rows(academic)
        ),
    }


if __name__ == "__main__":
    counts = build(Path(sys.argv[1]), Path(sys.argv[2]))
    sys.stdout.write("".join(f"{name}\t{n}\n" for name, n in counts.items()))
