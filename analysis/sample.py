"""Reproducible random samples of one venue and year, kept as JSON files under ``<work>/samples/``.

A sample is a pure function of the population (paper keys, sorted) and the seed: a
``numpy.random.Generator`` built from the seed draws ``n`` keys without replacement. The file also
records the population's size and digest, so a later crawl that changes the population is visible.

A stratified sample (``by``: the machine's topic, whether it found a hardware set-up, or the track)
splits the population into strata at draw time, records each stratum's papers and draws from each
in proportion to its size (at least two per stratum, so each has a variance), seeded per stratum.
The strata are recorded because a later extraction can change the labels they were made from; the
estimators weigh each stratum by its share of the population (:func:`analysis.ppi.stratified_mean`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from paperscope.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from analysis.params import Params
    from paperscope.store import Store

Chosen = tuple[list[str] | None, str]  # (paper keys, or None for every paper; where they came from)


STRATA = ("topic", "hardware", "track")
StrataBy = Literal["topic", "hardware", "track"]


class Stratum(BaseModel):
    """One stratum of a stratified sample: its papers at draw time and those drawn (both sorted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    population: tuple[str, ...]
    keys: tuple[str, ...]


class SampleFile(BaseModel):
    """A drawn sample: its parameters, the population it came from and the sampled keys (sorted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    venue: str
    year: int
    n: int = Field(gt=0)
    seed: int = Field(ge=0)
    population_size: int
    population_sha256: str
    keys: tuple[str, ...]
    strata_by: StrataBy | None = None
    strata: dict[str, Stratum] | None = None


def population_digest(keys: Sequence[str]) -> str:
    """sha256 of the sorted keys, one per line."""
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


def draw_sample(keys: Sequence[str], n: int, seed: int) -> list[str]:
    """``n`` distinct keys drawn uniformly with ``numpy.random.default_rng(seed)``; returned sorted.

    The population is sorted first, so the result depends only on the set of keys, ``n`` and ``seed``.
    """
    population = sorted(set(keys))
    if n > len(population):
        raise InputError(f"cannot sample {n} papers from a population of {len(population)}")
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(population), size=n, replace=False)
    return sorted(population[int(i)] for i in chosen)


def population(store: Store, venue: str, year: int) -> list[str]:
    """Keys of the store's papers of one venue and year, sorted."""
    rows = store.query("SELECT key FROM papers WHERE venue = ? AND year = ? ORDER BY key", (venue, year))
    return [r["key"] for r in rows]


def sample_path(work_dir: Path, venue: str, year: int, n: int, seed: int, by: str | None = None) -> Path:
    """Where the sample with these parameters is kept."""
    strata = f"-by-{by}" if by else ""
    return work_dir / "samples" / f"{venue}-{year}-n{n}-seed{seed}{strata}.json"


def make_sample(
    store: Store, venue: str, year: int, n: int, seed: int, by: StrataBy | None = None
) -> SampleFile:
    """Draw a sample of the store's papers of ``venue`` and ``year`` (stratified ``by`` when given)."""
    keys = population(store, venue, year)
    if not keys:
        raise InputError(f"no {venue} {year} papers in the store to sample from")
    common = {"venue": venue, "year": year, "n": n, "seed": seed, "population_size": len(keys),
              "population_sha256": population_digest(keys)}  # fmt: skip
    if by is None:
        return SampleFile(**common, keys=tuple(draw_sample(keys, n, seed)))
    groups = strata_of(store, venue, year, by)
    sizes = allocate(n, {name: len(members) for name, members in groups.items()})
    strata = {
        name: Stratum(
            population=tuple(members), keys=tuple(draw_sample(members, sizes[name], seed * 1000 + i))
        )
        for i, (name, members) in enumerate(sorted(groups.items()))
    }
    drawn = tuple(sorted(k for stratum in strata.values() for k in stratum.keys))
    return SampleFile(**common, keys=drawn, strata_by=by, strata=strata)


def strata_of(store: Store, venue: str, year: int, by: StrataBy) -> dict[str, list[str]]:
    """The papers of each stratum (sorted keys): the machine's topic, set-up found or not, or track."""
    from analysis.tables import paper_values

    frame = paper_values(store, machine_only=True)
    frame = frame[(frame["venue"] == venue) & (frame["year"] == year)]
    groups: dict[str, list[str]] = {}
    for _, row in frame.iterrows():
        if by == "topic":
            name = str(row["topic"]) if isinstance(row["topic"], str) else "unknown"
        elif by == "hardware":
            name = "set-up found" if str(row["hardware_status"]) == "reported" else "no set-up found"
        else:
            name = str(row["track"])
        groups.setdefault(name, []).append(str(row["paper_key"]))
    return {name: sorted(members) for name, members in groups.items()}


def allocate(n: int, sizes: dict[str, int]) -> dict[str, int]:
    """``n`` draws split in proportion to the strata's sizes, at least two per stratum (largest remainders).

    >>> allocate(10, {"a": 50, "b": 30, "c": 20})
    {'a': 5, 'b': 3, 'c': 2}
    """
    total = sum(sizes.values())
    floor = {name: min(2, size) for name, size in sizes.items()}
    if n < sum(floor.values()) or n > total:
        raise InputError(f"cannot draw {n} papers from strata of sizes {sizes} (at least 2 per stratum)")
    share = {name: n * size / total for name, size in sizes.items()}
    out = {name: max(floor[name], min(size, int(share[name]))) for name, size in sizes.items()}
    order = sorted(sizes, key=lambda name: (-(share[name] - int(share[name])), name))
    while sum(out.values()) != n:
        step = 1 if sum(out.values()) < n else -1
        for name in order if step > 0 else reversed(order):
            if sum(out.values()) == n:
                break
            if (step > 0 and out[name] < sizes[name]) or (step < 0 and out[name] > floor[name]):
                out[name] += step
    return out


def write_sample(sample: SampleFile, path: Path, *, force: bool = False) -> bool:
    """Write the sample; an identical file is left alone (returns False), a different one needs ``force``."""
    text = json.dumps(sample.model_dump(mode="json"), indent=1, sort_keys=True) + "\n"
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            return False
        if not force:
            raise InputError(
                f"{path}: a different sample is already stored there (use --force to replace it)"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def read_sample(path: Path) -> SampleFile:
    """Read a stored sample."""
    try:
        return SampleFile.model_validate_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable sample file ({exc})") from exc


def select(
    papers: pd.DataFrame, venue: str, years: Sequence[int], keys: Sequence[str] | None = None
) -> pd.DataFrame:
    """Rows of ``papers`` of ``venue`` in ``years`` (and among ``keys`` when given), in key order."""
    mask = (papers["venue"] == venue) & papers["year"].isin(list(years))
    if keys is not None:
        mask &= papers["paper_key"].isin(list(keys))
    return papers.loc[mask.fillna(False).astype(bool)].reset_index(drop=True)


def sample_keys(
    store: Store, work_dir: Path, venue: str, year: int, n: int, seed: int
) -> tuple[list[str], str]:
    """The sample an analysis uses, and a note saying where it came from.

    A stored sample (``paperscope sample``) wins: the one of the params' ``n`` and ``seed``, else the
    only one recorded for the venue and year (the sample verified is the sample analysed, never a draw
    of the report's own with another seed; several, none of them the params', is an InputError).
    Without any, the same draw is made from the store now. A population smaller than ``n`` is used whole.
    """
    current = population(store, venue, year)
    path = sample_path(work_dir, venue, year, n, seed)
    recorded = sorted((work_dir / "samples").glob(f"{venue}-{year}-n*-seed*.json"))
    if not path.exists() and len(recorded) == 1:  # the one sample recorded (and pushed): never another draw
        path = recorded[0]
    elif not path.exists() and recorded:
        names = ", ".join(p.name for p in recorded)
        raise InputError(
            f"{work_dir / 'samples'}: {len(recorded)} recorded {venue} {year} samples ({names}) and none is "
            f"n={n}, seed={seed} of the params: choose one with `paperscope report --sample FILE`"
        )
    if path.exists():
        stored = read_sample(path)
        note = f"stored sample {path.name}"
        if stored.population_sha256 != population_digest(current):
            note += f" (the {venue} {year} population has changed since it was drawn)"
        return list(stored.keys), note
    if n > len(current):
        return current, f"every {venue} {year} paper ({len(current)}; fewer than the sample size {n})"
    return draw_sample(current, n, seed), f"{n} of {len(current)} papers drawn at report time, seed {seed}"


def _file_keys(store: Store, path: Path, sample: SampleFile) -> Chosen:
    note = (
        f"sample file {path.name} ({len(sample.keys)} of {sample.population_size} papers, seed {sample.seed})"
    )
    if sample.population_sha256 != population_digest(population(store, sample.venue, sample.year)):
        note += f" (the {sample.venue} {sample.year} population has changed since it was drawn)"
    return list(sample.keys), note


def analysis_samples(
    store: Store, params: Params, work_dir: Path, sample_file: Path | None = None
) -> tuple[Chosen, Chosen]:
    """The papers of Fig. 2 and of Table 1: (keys, note) each.

    ``sample_file`` (``paperscope report --sample``) replaces the sample of every analysis of its venue
    and year (Table 1 only when it covers that one year); a file no analysis can use is an InputError.
    Without it, each analysis uses its params' sample (see :func:`sample_keys`) or every paper.
    """
    hp, cp = params.hardware, params.code_release
    hardware: Chosen = (None, f"every {hp.venue} {hp.year} paper")
    if hp.sample is not None:
        hardware = sample_keys(store, work_dir, hp.venue, hp.year, hp.sample.n, hp.sample.seed)
    code: Chosen = (None, f"every labelled {cp.venue} paper of {', '.join(map(str, cp.years))}")
    if cp.sample is not None:
        code = sample_keys(store, work_dir, cp.venue, cp.years[0], cp.sample.n, cp.sample.seed)
    if sample_file is None:
        return hardware, code
    chosen = read_sample(sample_file)
    fits_hardware = (chosen.venue, chosen.year) == (hp.venue, hp.year)
    fits_code = chosen.venue == cp.venue and tuple(cp.years) == (chosen.year,)
    if not fits_hardware and not fits_code:
        raise InputError(
            f"{sample_file}: a {chosen.venue} {chosen.year} sample, but no analysis uses {chosen.venue} "
            f"{chosen.year} (hardware: {hp.venue} {hp.year}; code release: {cp.venue} "
            f"{', '.join(map(str, cp.years))})"
        )
    from_file = _file_keys(store, sample_file, chosen)
    return (from_file if fits_hardware else hardware), (from_file if fits_code else code)
