"""Which history entry of an OpenReview profile is an author's affiliation for a paper of a given year."""

from __future__ import annotations

from extract.profiles import history_at

PROFILE = {
    "content": {
        "history": [
            {"institution": {"name": "University A"}, "start": 2015, "end": 2019},
            {"institution": {"name": "Company B"}, "start": 2019, "end": 2021},
            {"institution": {"name": "Lab C"}, "start": 2022},
            {"institution": {"name": "Undated D"}},
        ]
    }
}


def test_the_entry_covering_the_year_wins_and_the_later_start_breaks_a_tie() -> None:
    assert history_at(PROFILE, 2017) == (0, PROFILE["content"]["history"][0])
    assert history_at(PROFILE, 2019)[0] == 1  # type: ignore[index]  # both cover 2019: the newer position
    assert history_at(PROFILE, 2024)[0] == 2  # type: ignore[index]  # open-ended


def test_a_year_before_any_dated_entry_or_an_absent_profile_gives_none() -> None:
    assert history_at(PROFILE, 2010) is None
    assert history_at({"id": "~X1", "absent": True}, 2020) is None
