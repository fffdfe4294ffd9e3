"""Whole-conference figures from paper-list metadata: industry authorship of every listed paper.

The study read a sample (519 papers; a 27% mean industry share of authors in its Table 1 sample);
imported paper lists (``paperscope import paperlists``) give per-author affiliations for whole
conferences. Per venue, year and track (main and Datasets & Benchmarks apart): the papers whose list
gives one affiliation per author, the share with an industry author, the mean industry fraction of
authors (authors of unknown type left out of the denominator) and its distribution. Only labels of
producer ``paperlists`` are read: these figures are the metadata's own, not mixed with PDF labels.
"""

from __future__ import annotations

import json

import pandas as pd

from paperscope.store import Store

COLUMNS = ["venue", "year", "track", "n_listed", "n_papers", "share_any_industry", "mean_frac_industry",
           "share_all_academic", "share_mixed", "share_all_industry"]  # fmt: skip


def metadata_figures(store: Store) -> pd.DataFrame:
    """One row per venue, year and track with paper-list affiliations (empty frame: none imported)."""
    listed = {
        (r[0], r[1], r[2]): r[3]
        for r in store.query(
            """SELECT venue, year, track, count(*) FROM papers
               WHERE json_extract(record_json, '$.source.layout') = 'paperlists'
               GROUP BY venue, year, track"""
        )
    }
    rows = store.query(
        """SELECT p.venue, p.year, p.track, l.paper_key, l.record_json FROM labels l
           JOIN papers p ON p.key = l.paper_key
           WHERE l.producer = 'paperlists' AND l.field = 'affiliation'"""
    )
    types: dict[tuple[str, int, str, str], list[str]] = {}
    for venue, year, track, key, record in rows:
        value = json.loads(record)["value"]
        types.setdefault((venue, year, track, key), []).append(value["org_type"])
    fracs: dict[tuple[str, int, str], list[float]] = {}
    for (venue, year, track, _), org_types in types.items():
        known = [t for t in org_types if t != "unknown"]
        if known:
            fracs.setdefault((venue, year, track), []).append(known.count("industry") / len(known))
    out = []
    for (venue, year, track), values in sorted(fracs.items()):
        s = pd.Series(values, dtype=float)
        out.append(
            {
                "venue": venue,
                "year": year,
                "track": track,
                "n_listed": listed.get((venue, year, track), len(values)),
                "n_papers": len(values),
                "share_any_industry": float((s > 0).mean()),
                "mean_frac_industry": float(s.mean()),
                "share_all_academic": float((s == 0).mean()),
                "share_mixed": float(((s > 0) & (s < 1)).mean()),
                "share_all_industry": float((s == 1).mean()),
            }
        )
    return pd.DataFrame(out, columns=COLUMNS)
