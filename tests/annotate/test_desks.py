"""Blind desks without a server: annotators, the desks file, invite links, who gets which task."""

from __future__ import annotations

import stat
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotate.desks import (
    Desk,
    assign,
    desks_for,
    parse_annotators,
    read_desks,
    record_desks,
    write_invites,
)
from paperscope.errors import InputError
from paperscope.records import Verification


def test_annotators_are_e_mails_separated_by_commas():
    assert parse_annotators(" a@x.org, b@y.org ,A@X.org") == [
        "a@x.org",
        "b@y.org",
    ]  # as Label Studio keeps them
    for bad in ("", "a@x.org,bob", "a b@x.org"):
        with pytest.raises(InputError, match="--annotators"):
            parse_annotators(bad)


def test_the_desks_file_keeps_earlier_desks_and_moves_a_desk_to_its_new_port(tmp_path: Path):
    assert read_desks(tmp_path) == []
    record_desks(tmp_path, [Desk("a@x.org", 8081), Desk("b@x.org", 8082)])
    record_desks(tmp_path, [Desk("b@x.org", 9001), Desk("c@x.org", 9002)])
    assert read_desks(tmp_path) == [Desk("a@x.org", 8081), Desk("b@x.org", 9001), Desk("c@x.org", 9002)]
    assert [d.url for d in desks_for(tmp_path, ["c@x.org", "a@x.org"])] == [
        "http://127.0.0.1:9002",
        "http://127.0.0.1:8081",
    ]
    with pytest.raises(InputError, match=r"no desk for d@x\.org.*verify serve --annotators"):
        desks_for(tmp_path, ["a@x.org", "d@x.org"])
    (tmp_path / "desks.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"desks\.json: not a desks file"):
        read_desks(tmp_path)


def test_invite_links_are_readable_by_their_owner_only(tmp_path: Path):
    path = write_invites(tmp_path, {"a@x.org": "http://127.0.0.1:8081/user/signup/?token=abc"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "a@x.org\thttp://127.0.0.1:8081/user/signup/?token=abc" in path.read_text(encoding="utf-8")


def test_each_task_goes_to_overlap_annotators_balanced_and_the_same_on_every_push():
    refs = [f"paper{i}#bert" for i in range(600)]
    team = ["a@x", "b@x", "c@x"]
    chosen = assign(refs, team, 2)
    assert all(len(set(who)) == 2 for who in chosen.values())
    load = Counter(a for who in chosen.values() for a in who)
    assert all(350 <= load[a] <= 450 for a in team), load  # 400 each on average
    assert assign(refs[:100], team, 2) == {r: chosen[r] for r in refs[:100]}  # adding tasks moves none
    assert all(sorted(w) == sorted(team) for w in assign(refs[:5], team, 5).values())  # above the team: all
    with pytest.raises(InputError, match="--overlap 0"):
        assign(refs, team, 0)


def test_a_task_already_at_a_desk_stays_there_when_the_team_grows():
    refs = [f"paper{i}#code" for i in range(50)]
    before = assign(refs, ["a@x", "b@x"], 2)
    after = assign(refs, ["a@x", "b@x", "c@x"], 2, held={r: set(w) for r, w in before.items()})
    assert all(sorted(after[r]) == sorted(before[r]) for r in refs)  # both already held it: c gets none


def test_a_verdict_is_blind_only_at_its_annotators_own_desk():
    def made(annotator: str, desk: str | None) -> Verification:
        return Verification(label_id="l", paper_key="p", field="bert", verdict="accept", annotator=annotator,
                            origin="prediction", ls_annotation=1, at=datetime(2026, 1, 1, tzinfo=UTC),
                            desk=desk)  # fmt: skip

    assert made("a@x", "a@x").blind
    assert not made("a@x", None).blind  # the shared server
    assert not made("lead@x", "a@x").blind  # someone else at a's desk
    assert made("A@x", "a@x").blind  # e-mails compare without case
    assert len({made("a@x", "a@x").id, made("a@x", "b@x").id, made("a@x", None).id}) == 3  # desks apart


def test_pull_refuses_a_shared_url_that_is_a_desk(tmp_path: Path):
    from typer.testing import CliRunner

    from paperscope.cli import app
    from paperscope.store import Store

    Store.open(tmp_path / "paperscope.sqlite").close()
    (tmp_path / "labelstudio").mkdir()
    record_desks(tmp_path / "labelstudio", [Desk("a@x.org", 8091)])
    env = {"PAPERSCOPE_LS_URL": "http://127.0.0.1:8091/", "PAPERSCOPE_LS_API_KEY": "k" * 40}
    result = CliRunner().invoke(app, ["verify", "pull", "--home", str(tmp_path)], env=env)
    assert isinstance(result.exception, InputError)  # main() prints it as one line and exits 2
    assert "is the desk of a@x.org: point it at the shared server" in str(result.exception)


def test_a_desk_keeps_its_port_and_a_new_one_never_takes_a_recorded_port(tmp_path: Path):
    from annotate.desks import plan_desks
    from tests.annotate.ls_server import free_port

    shared = free_port()
    first = plan_desks(tmp_path, ["a@x.org", "b@x.org"], shared)
    record_desks(tmp_path, first)
    again = plan_desks(tmp_path, ["b@x.org", "c@x.org"], shared)  # a is not started this time
    assert again[0] == first[1]  # b keeps its port
    assert again[1].port not in {d.port for d in first} | {shared}  # c takes neither a's nor b's
    record_desks(tmp_path, again)
    assert sorted(d.annotator for d in read_desks(tmp_path)) == ["a@x.org", "b@x.org", "c@x.org"]
    record_desks(tmp_path, [Desk("d@x.org", first[0].port)])  # a port taken now: a's stale record goes
    assert "a@x.org" not in {d.annotator for d in read_desks(tmp_path)}
    (tmp_path / "desks.json").write_text(
        '{"desks": [{"annotator": "a@x", "port": 9001}, {"annotator": "b@x", "port": 9001}]}',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="two desks on one port"):
        read_desks(tmp_path)


def test_every_desk_already_holding_a_task_counts_toward_the_overlap():
    refs = [f"paper{i}#bert" for i in range(40)]
    held = {r: {"a@x", "b@x"} for r in refs}
    after = assign(refs, ["b@x", "c@x"], 2, held=held)  # a is not in this push's team
    assert all(after[r] == ["b@x"] for r in refs)  # a and b hold it: c gets none
