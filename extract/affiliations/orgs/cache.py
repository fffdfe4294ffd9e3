"""A pickle cache of the built :class:`OrgIndex`, so an extract run does not rebuild it (seconds).

The cache file is named by the sha256 of every file the index is built from (the ``data/orgs``
tables and the loader's own source), so it is rebuilt when any of them changes. A cache that
cannot be read (corrupt, truncated, from another Python) is rebuilt; one that cannot be written
(read-only home) is skipped: the index is then built as before. Writing a new cache file removes
the ones of older keys. The cache holds only what this code wrote into the user's own cache folder.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from extract.affiliations import names
from extract.affiliations.orgs import loader, table
from extract.affiliations.orgs.loader import load_org_index
from extract.affiliations.orgs.table import OrgIndex

_SOURCES = (
    "ml_labs.csv",
    "ror_orgs.csv.gz",
    "aliases.csv",
    "university_domains.csv.gz",
    "academic_domains.csv.gz",
    "words.json",
)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/paperscope``, else ``~/.cache/paperscope``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperscope"


def index_key(orgs_dir: Path) -> str:
    """The sha256 over the data files and the code that build the index (and the Python version)."""
    digest = hashlib.sha256(sys.version.encode())
    code = [Path(loader.__file__), Path(table.__file__), Path(names.__file__)]
    for path in [*(orgs_dir / name for name in _SOURCES), *code]:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cached_org_index(orgs_dir: Path, cache_dir: Path | None = None) -> OrgIndex:
    """The index of ``orgs_dir``: from the cache when its key matches, else built (and cached)."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    path = folder / f"org_index-{index_key(orgs_dir)}.pickle"
    index = _read(path)
    if index is not None:
        return index
    index = load_org_index(orgs_dir)
    _write(path, index)
    return index


def _read(path: Path) -> OrgIndex | None:
    gc_was_on = gc.isenabled()
    gc.disable()  # a hundred thousand small objects: the collector would triple the load time
    try:
        with path.open("rb") as fh:
            index = pickle.load(fh)  # noqa: S301 - our own cache file, named by the hash of its inputs
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any unreadable cache is rebuilt, never fatal
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    finally:
        if gc_was_on:
            gc.enable()
    return index if isinstance(index, OrgIndex) else None


def _write(path: Path, index: OrgIndex) -> None:
    """Write atomically (a temporary file renamed into place); give up quietly when unwritable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".org_index-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        return
    for stale in path.parent.glob("org_index-*.pickle"):  # built from older data or code: never read again
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()
