"""Blind desks: one Label Studio server per annotator, so no annotator sees another's verdicts.

Label Studio's open-source edition shows every annotation of a project to every member of the
organisation (blind overlap is an Enterprise feature), and it has one organisation per server. A
*desk* is therefore a server of its own per annotator, started by ``verify serve --annotators``
beside the shared one, with its data under ``labelstudio/desks/<annotator>/`` and the same admin
account. The annotator signs up there through the desk's invite link, and sees only the tasks
``verify push --annotators`` put at that desk and only their own verdicts on them. ``verify pull``
reads every desk; a verdict made at its annotator's own desk is *blind*, and only blind verdicts enter
``verify agreement``.

Which annotators get a task is rendezvous hashing of the task's paper and field over the annotators:
stable when tasks are added, balanced on average, and the same on every push. A task already at a
desk stays there (its verdict may be under way).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperscope.errors import InputError

TEAM_FILE = "desks.json"
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+$")


@dataclass(frozen=True, slots=True)
class Desk:
    """One annotator's own Label Studio server on 127.0.0.1."""

    annotator: str
    port: int

    @property
    def url(self) -> str:
        """Where the desk's server answers."""
        return f"http://127.0.0.1:{self.port}"


def parse_annotators(text: str) -> list[str]:
    """Annotators' e-mails from ``a@x,b@y``, lower-cased; InputError if malformed.

    Label Studio keeps e-mails lower-cased; order is kept and duplicates dropped.
    """
    names = list(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    bad = [n for n in names if not _EMAIL.match(n)]
    if bad or not names:
        raise InputError(f"--annotators {text!r}: give e-mail addresses separated by commas")
    return names


def desk_dir(ls_dir: Path, annotator: str) -> Path:
    """The data dir of ``annotator``'s desk server under the Label Studio dir."""
    return ls_dir / "desks" / re.sub(r"[^A-Za-z0-9._@-]+", "_", annotator)


def read_desks(ls_dir: Path) -> list[Desk]:
    """The desks ``verify serve --annotators`` set up (none when it never did)."""
    path = ls_dir / TEAM_FILE
    if not path.exists():
        return []
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["desks"]
        desks = [Desk(str(r["annotator"]), int(r["port"])) for r in rows]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path}: not a desks file ({exc}); start the desks again with `verify serve`"
        ) from exc
    ports = [d.port for d in desks]
    if len(set(ports)) != len(ports):
        raise InputError(f"{path}: two desks on one port; start the desks again with `verify serve`")
    return desks


def write_desks(ls_dir: Path, desks: Iterable[Desk]) -> None:
    """Record the desks (atomically: a killed run leaves the old file or the new one)."""
    path = ls_dir / TEAM_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"desks": [{"annotator": d.annotator, "port": d.port} for d in desks]}, indent=1) + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)


def desks_for(ls_dir: Path, annotators: Sequence[str]) -> list[Desk]:
    """The recorded desks of ``annotators``, in their order; InputError naming any without one."""
    known = {d.annotator: d for d in read_desks(ls_dir)}
    missing = [a for a in annotators if a not in known]
    if missing:
        raise InputError(
            f"no desk for {', '.join(missing)} in {ls_dir / TEAM_FILE}: start one with "
            f"`paperscope verify serve --annotators {','.join(annotators)}`"
        )
    return [known[a] for a in annotators]


def assign(
    refs: Iterable[str],
    annotators: Sequence[str],
    overlap: int,
    held: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, list[str]]:
    """The annotators each task goes to: the desks already holding it, then the best-ranked ones.

    ``overlap``: annotators per task (at most as many as there are). ``held``: task ref -> the desks
    that already hold it; they keep it (a task is never taken from an annotator) and count toward the
    overlap, whether or not they are in this push's team.
    """
    if overlap < 1:
        raise InputError(f"--overlap {overlap}: give 1 or more annotators per task")
    want = min(overlap, len(annotators))
    out: dict[str, list[str]] = {}
    for ref in refs:
        holding = set((held or {}).get(ref, ()))
        chosen = [a for a in annotators if a in holding]
        missing = want - len(holding)  # every desk holding it counts, in this team or not
        for a in sorted(annotators, key=lambda a: _weight(ref, a)):
            if missing <= 0:
                break
            if a not in chosen:
                chosen.append(a)
                missing -= 1
        out[ref] = chosen
    return out


def _weight(ref: str, annotator: str) -> bytes:
    return hashlib.sha256(f"{ref}\x00{annotator}".encode()).digest()


def record_desks(ls_dir: Path, desks: Iterable[Desk]) -> None:
    """Add or move these desks in the desks file; the others are kept unless one holds a port taken now."""
    new = {d.annotator: d for d in desks}
    taken = {d.port for d in new.values()}
    kept = {d.annotator: d for d in read_desks(ls_dir) if d.annotator not in new and d.port not in taken}
    write_desks(ls_dir, (kept | new).values())


def plan_desks(ls_dir: Path, team: Sequence[str], shared_port: int) -> list[Desk]:
    """The desks to start: a recorded annotator keeps their port, a new one gets a port of its own.

    A new desk's port is the next free one above every port in use or recorded, so no two desks,
    started at different times, share one.
    """
    from annotate.server import port_free

    known = {d.annotator: d for d in read_desks(ls_dir)}
    used = {shared_port} | {d.port for d in known.values()}
    out = []
    for annotator in team:
        if annotator in known:
            out.append(known[annotator])
            continue
        port = max(used)
        while True:
            port += 1
            if port > 65535:
                raise InputError(f"no free port above {max(used)} for the desk of {annotator}")
            if port not in used and port_free(port):
                break
        used.add(port)
        out.append(Desk(annotator, port))
    return out


def write_invites(ls_dir: Path, links: Mapping[str, str]) -> Path:
    """Write each desk's sign-up link to a file only its owner can read (the links hold tokens)."""
    path = ls_dir / "invites.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("# each annotator signs up at their own desk with their link; give it to them only\n")
        out.writelines(f"{annotator}\t{link}\n" for annotator, link in links.items())
    path.chmod(0o600)
    return path
