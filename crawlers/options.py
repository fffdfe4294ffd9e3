"""Crawl arguments as users type them (``2019-2021``, ``main,datasets``) and the sites they target."""

from __future__ import annotations

from dataclasses import dataclass

from paperscope.errors import InputError

NEURIPS_LIVE = "https://proceedings.neurips.cc"
NEURIPS_DB_LIVE = "https://datasets-benchmarks-proceedings.neurips.cc"  # the 2021 D&B track's own host
NEURIPS_TRACKS = ("main", "datasets", "position", "creative_ai")


def parse_years(text: str) -> tuple[int, ...]:
    """``"2019-2021"`` / ``"2019,2021"`` / ``"2024"`` -> sorted years (1987-2100)."""
    years: set[int] = set()
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        first, _, last = part.partition("-")
        try:
            lo, hi = int(first), int(last or first)
        except ValueError as exc:
            raise InputError(f"years {text!r}: use e.g. 2019-2021 or 2019,2021") from exc
        if not 1987 <= lo <= hi <= 2100:  # first NeurIPS; the records' bound
            raise InputError(f"years {text!r}: a range within 1987-2100, first <= last")
        years.update(range(lo, hi + 1))
    if not years:
        raise InputError("years: give at least one year")
    return tuple(sorted(years))


def parse_tracks(text: str, known: tuple[str, ...] = NEURIPS_TRACKS) -> tuple[str, ...]:
    """``"main,datasets"`` (or ``"all"``) -> track names, checked against ``known``."""
    names = tuple(dict.fromkeys(p.strip().lower() for p in str(text).split(",") if p.strip()))
    if names == ("all",):
        return known
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise InputError(f"tracks {text!r}: choose from {', '.join(known)} (or all)")
    return names


@dataclass(frozen=True, slots=True)
class NeuripsSite:
    """Where the NeurIPS proceedings live: the real hosts, or one mirror serving both."""

    main: str = NEURIPS_LIVE
    datasets_2021: str = NEURIPS_DB_LIVE

    @classmethod
    def at(cls, mirror: str | None) -> NeuripsSite:
        """The real sites, or ``mirror`` for both hosts (their paths do not collide)."""
        if not mirror:
            return cls()
        base = mirror.rstrip("/")
        return cls(main=base, datasets_2021=base)

    def index_urls(self, years: tuple[int, ...], tracks: tuple[str, ...]) -> list[str]:
        """Year listings to start from; 2025's split main volume is reached by its "see also" link."""
        urls = [f"{self.main}/paper_files/paper/{year}" for year in years]
        if 2021 in years and "datasets" in tracks:  # the one year D&B had its own host
            urls.append(f"{self.datasets_2021}/paper/2021")
        return urls
