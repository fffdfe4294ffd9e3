"""E-mail parsing (grouped forms) and address-to-name matching."""

from __future__ import annotations

from extract.affiliations.emails import match_emails, name_email_score, parse_emails


def test_grouped_forms_expand_in_order() -> None:
    assert parse_emails("{a, b.c}@lab.com; [d,e]@x.org, f@y.edu") == [
        "a@lab.com",
        "b.c@lab.com",
        "d@x.org",
        "e@x.org",
        "f@y.edu",
    ]


def test_upper_case_addresses_are_lowered() -> None:
    assert parse_emails("SUYOG@US.IBM.COM") == ["suyog@us.ibm.com"]


def test_names_match_common_local_part_patterns() -> None:
    assert name_email_score("Edward Hu", "edwardhu@microsoft.com") == 3
    assert name_email_score("Sebastian Nowozin", "sebastian.nowozin@microsoft.com") == 3
    assert name_email_score("Tomas Mikolov", "mikolov@google.com") == 3
    assert name_email_score("Jure Leskovec", "jure@cs.stanford.edu") == 3
    assert name_email_score("Geoffrey Hinton", "geoffhinton@google.com") == 2
    assert name_email_score("Alex Wang", "qvl@google.com") == 0


def test_each_address_goes_to_one_best_author() -> None:
    names = ["Zhilin Yang", "Yiming Yang", "Quoc V. Le"]
    got = match_emails(names, ["yiming@cs.cmu.edu", "zhiliny@cs.cmu.edu", "qvl@google.com", "noreply@x.com"])
    assert got == {0: "zhiliny@cs.cmu.edu", 1: "yiming@cs.cmu.edu", 2: "qvl@google.com"}
