"""OpenReview rules: decision vocabulary, author lists, non-JSON answers, 429 waits, listings per year."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from crawlers.openreview_api import OpenReviewSite, iclr_listings, next_page, notes_url, parse_decisions
from crawlers.openreview_middlewares import retry_after_seconds
from crawlers.pages.openreview import (
    ApiError,
    AuthenticationRequired,
    authors_of,
    json_body,
    login_token,
    paper_of_note,
    split_author_names,
)
from crawlers.pages.openreview_decisions import classify, decision_v1, decision_v2
from paperscope.errors import InputError

NOW = datetime(2026, 8, 31, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("label", "status"),
    [("ICLR 2021 Poster", "accepted"), ("ICLR 2023 notable top 5%", "accepted"), ("ICLR 2024 poster", "accepted"),
     ("ICML 2026 regular", "accepted"), ("Accept (Talk)", "accepted"), ("conferenceOral-iclr2013-conference", "accepted"),
     ("ICLR 2022 Submitted", "rejected"), ("Submitted to ICLR 2023", "rejected"), ("Reject", "rejected"),
     ("ICLR 2017 Invite to Workshop", "workshop"), ("Invite to Workshop Track", "workshop"),
     ("conferencePoster-iclr2013-workshop", "workshop"), ("ICLR 2024 Conference Withdrawn Submission", "withdrawn"),
     ("ICLR 2024 Conference Desk Rejected Submission", "desk_rejected"), ("submitted, no decision", "pending"),
     ("", "pending"), ("Something new", "pending")],
)  # fmt: skip
def test_venue_and_decision_strings_map_to_a_status(label, status):
    assert classify(label) == status


def test_v2_status_is_the_venueid_suffix_not_the_label():
    def note(venueid: str, venue: str) -> dict:
        return {"content": {"venueid": {"value": venueid}, "venue": {"value": venue}}}

    group = "ICLR.cc/2024/Conference"
    assert decision_v2(note(group, "ICLR 2024 oral"), group) == "accepted: ICLR 2024 oral"
    assert decision_v2(note(f"{group}/Rejected_Submission", "Submitted to ICLR 2024"), group).startswith(
        "rejected"
    )
    assert decision_v2(note(f"{group}/Withdrawn_Submission", "ICLR 2024 poster"), group).startswith(
        "withdrawn"
    )
    assert decision_v2(note(f"{group}/Submission", ""), group) == "pending"


def test_v1_withdrawal_wins_over_an_accepted_venue_string():
    note = {
        "invitation": "ICLR.cc/2021/Conference/-/Withdrawn_Submission",
        "content": {"venue": "ICLR 2021 Poster"},
    }
    assert decision_v1(note) == "withdrawn"


def test_v1_bare_venueid_is_not_status_evidence():
    note = {"invitation": "ICLR.cc/2022/Conference/-/Blind_Submission",
            "content": {"venue": "", "venueid": "ICLR.cc/2022/Conference"}}  # fmt: skip
    assert decision_v1(note) == "pending"
    reply = {"invitation": "ICLR.cc/2022/Conference/Paper1/-/Decision", "content": {"decision": "Reject"}}
    assert decision_v1(note, [reply]) == "rejected: Reject"


@pytest.mark.parametrize(
    ("raw", "names"),
    [(["A", "B"], ["A", "B"]), ("A, B", ["A", "B"]), (["A", "and B"], ["A", "B"]),
     (["A and B and C"], ["A", "B", "C"]), (["Anand Andrews"], ["Anand Andrews"]), (None, [])],
)  # fmt: skip
def test_author_lists_in_every_recorded_shape(raw, names):
    assert split_author_names(raw) == names


def test_profile_ids_pair_only_when_the_lists_match():
    paired = authors_of(["A", "B"], ["~A_One1", "b@example.org"])
    assert [(a.profile_id, a.email) for a in paired] == [("~A_One1", None), (None, "b@example.org")]
    assert all(a.profile_id is None for a in authors_of(["A", "B", "C"], ["~A_One1"]))


def test_an_html_answer_is_an_authentication_failure_never_an_empty_list():
    page = b"<!DOCTYPE html><html><head><title>Verifying your browser | OpenReview</title></head></html>"
    with pytest.raises(AuthenticationRequired, match="Verifying your browser"):
        json_body(page, "text/html; charset=utf-8", "https://api2.openreview.net/notes")
    with pytest.raises(AuthenticationRequired):
        json_body(page, "text/html", "https://api2.openreview.net/notes", status=403)
    with pytest.raises(ApiError, match="502"):
        json_body(b"<html><title>Bad Gateway</title></html>", "text/html", "https://x/notes", status=502)


def test_json_error_bodies_are_api_errors_with_their_status():
    body = json.dumps({"name": "ValidationError", "message": "limit must be <= 1000", "status": 400}).encode()
    with pytest.raises(ApiError) as info:
        json_body(body, "application/json", "https://x/notes", status=400)
    assert (info.value.status, info.value.name) == (400, "ValidationError")
    assert json_body(b'{"notes": [], "count": 0}', "application/json", "u") == {"notes": [], "count": 0}


def test_login_token():
    assert login_token(b'{"token": "abc"}', "application/json", "u") == "abc"
    with pytest.raises(AuthenticationRequired, match="no token"):
        login_token(b'{"user": {}}', "application/json", "u")


@pytest.mark.parametrize(
    ("headers", "body", "seconds"),
    [({"Retry-After": "120"}, b"", 120.0), ({"retry-after": "Mon, 31 Aug 2026 08:01:00 GMT"}, b"", 60.0),
     ({"ratelimit-reset": "2261", "x-ratelimit-reset": "1790543172"}, b"", 2261.0),
     ({}, json.dumps({"name": "RateLimitError", "details": {"resetTime": "2026-08-31T08:59:25.212Z"}}).encode(),
      3565.212), ({}, b"not json", None), ({"Retry-After": "soon"}, b"", None)],
)  # fmt: skip
def test_the_wait_after_a_429_comes_from_the_answer(headers, body, seconds):
    assert retry_after_seconds(headers, body, NOW) == seconds


def test_listings_use_v1_until_2023_and_v2_from_2024():
    site = OpenReviewSite()
    v1 = iclr_listings(2020, "all", site)
    assert [lst.kind for lst in v1] == ["submitted", "withdrawn", "desk_rejected"]
    assert all(
        lst.url.startswith("https://api.openreview.net/notes?invitation=ICLR.cc/2020/Conference/-/")
        for lst in v1
    )
    assert "details=replyCount,directReplies" in v1[0].url
    assert [lst.kind for lst in iclr_listings(2018, "all", site)] == ["submitted", "withdrawn"]
    assert [lst.kind for lst in iclr_listings(2018, "accepted", site)] == ["submitted"]
    v2 = iclr_listings(2024, "all", site)
    assert [lst.kind for lst in v2] == ["accepted", "rejected", "withdrawn", "desk_rejected"]
    assert (
        v2[0].url
        == "https://api2.openreview.net/notes?content.venueid=ICLR.cc/2024/Conference&limit=1000&offset=0"
    )
    assert [lst.kind for lst in iclr_listings(2024, "accepted", site)] == ["accepted"]
    with pytest.raises(InputError, match="ICLR 2015"):
        iclr_listings(2015, "accepted", site)


def test_a_mirror_answers_for_both_hosts_and_alone_gets_the_token():
    site = OpenReviewSite.at("http://127.0.0.1:8123/")
    assert (site.api1, site.api2, site.login_url) == ("http://127.0.0.1:8123",) * 2 + (
        "http://127.0.0.1:8123/login",
    )
    assert site.hosts == {"127.0.0.1:8123"}
    assert OpenReviewSite().hosts == {"api.openreview.net", "api2.openreview.net"}


def test_paging_follows_the_stated_count_even_when_pages_come_short():
    url = notes_url("https://api2.openreview.net", {"content.venueid": "V"})
    assert next_page(url, 1000, 2260) is not None
    assert "offset=1000" in str(next_page(url, 1000, 2260))
    assert "offset=2" in str(next_page(url, 2, 5))  # the server capped the page at 2
    assert next_page(url.replace("offset=0", "offset=4"), 1, 5) is None
    assert next_page(url, 0, None) is None
    assert next_page(url, 999, None) is None  # no count: a short page is the last


def test_decisions_option():
    assert (parse_decisions("accepted"), parse_decisions(" ALL ")) == ("accepted", "all")
    with pytest.raises(InputError):
        parse_decisions("rejected")


@pytest.mark.parametrize(
    ("pdf", "digest"),
    [
        ("/pdf/590cfe03e44b84aea41c1961ad767027bc037dc4.pdf", "590cfe03e44b84aea41c1961ad767027bc037dc4"),
        ("/attachment/xyz.pdf", None),
        ("https://arxiv.org/pdf/2401.00001", None),
    ],
)
def test_a_v1_pdf_path_names_the_pdf_by_its_content_hash(pdf, digest):
    note = {"id": "S1p31z-Ab", "forum": "S1p31z-Ab", "invitation": "ICLR.cc/2018/Conference/-/Blind_Submission",
            "content": {"title": "A paper", "authors": ["A B"], "authorids": ["~A_B1"], "pdf": pdf}}  # fmt: skip
    item = paper_of_note(note, "v1", "https://api.openreview.net/notes?invitation=x")
    assert item.pdf_digest == digest
    assert item.to_paper().ids.pdf_digest == digest
