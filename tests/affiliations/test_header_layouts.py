"""Header parsing on constructed page-1 words, one test per layout pattern ML papers use."""

from __future__ import annotations

from extract.affiliations.header.parse import ParsedHeader, parse_header
from extract.document import Word
from tests.affiliations.builders import Cell, abstract, body_text, line, page, title

KNOWN_ORGS = ("Google", "DeepMind", "OpenAI", "Microsoft Research", "Stanford University", "Twitter")


def known_org(text: str) -> bool:
    return any(org.lower() in text.lower() for org in KNOWN_ORGS)


def affs(header: ParsedHeader) -> dict[str, list[str]]:
    return {a.name: [x.text for x in a.affiliations] for a in header.authors}


def test_numeric_markers_link_each_author_to_their_own_affiliations() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Zhilin Yang^∗1, Zihang Dai^∗12, Quoc V. Le^2", bold=True)),
        line(0.18, (0.3, "^1Carnegie Mellon University, ^2Google AI Brain Team")),
        line(0.2, (0.3, "{zhiliny,dzihang}@cs.cmu.edu, qvl@google.com")),
        abstract(0.25),
    )
    header = parse_header(words)
    assert affs(header) == {
        "Zhilin Yang": ["Carnegie Mellon University"],
        "Zihang Dai": ["Carnegie Mellon University", "Google AI Brain Team"],
        "Quoc V. Le": ["Google AI Brain Team"],
    }
    assert [a.via for a in header.authors[1].affiliations] == ["marker", "marker"]


def test_grouped_emails_are_expanded_and_matched_to_names() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Zhilin Yang^1, Zihang Dai^1, Quoc V. Le^2", bold=True)),
        line(0.18, (0.3, "^1Carnegie Mellon University ^2Google")),
        line(0.2, (0.3, "{zhiliny,dzihang}@cs.cmu.edu, qvl@google.com")),
        abstract(0.25),
    )
    emails = {a.name: a.email for a in parse_header(words).authors}
    assert emails == {
        "Zhilin Yang": "zhiliny@cs.cmu.edu",
        "Zihang Dai": "dzihang@cs.cmu.edu",
        "Quoc V. Le": "qvl@google.com",
    }


def test_symbol_markers_and_a_trailing_organisation_shared_by_two_labels() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.2, "Patrick Lewis^†‡, Ethan Perez^§, Douwe Kiela^†", bold=True)),
        line(0.18, (0.2, "^†Facebook AI Research; ^‡University College London; ^§New York University")),
        abstract(0.25),
    )
    assert affs(parse_header(words)) == {
        "Patrick Lewis": ["Facebook AI Research", "University College London"],
        "Ethan Perez": ["New York University"],
        "Douwe Kiela": ["Facebook AI Research"],
    }


def test_marker_part_without_organisation_borrows_the_next_parts_organisation() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Weihua Hu^1, Bowen Liu^5", bold=True)),
        line(0.18, (0.25, "^1Department of Computer Science, ^5Chemistry, Stanford University")),
        abstract(0.25),
    )
    got = affs(parse_header(words, is_org=known_org))
    assert got["Weihua Hu"] == ["Department of Computer Science, Stanford University"]
    assert got["Bowen Liu"] == ["Chemistry, Stanford University"]


def test_grid_gives_each_column_its_own_affiliation_and_email() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.2, "Sebastian Nowozin", True), Cell(0.6, "Botond Cseke", True)),
        line(0.175, (0.2, "Machine Intelligence Group"), (0.6, "Stanford University")),
        line(0.19, (0.2, "Microsoft Research"), (0.6, "Stanford, CA")),
        line(0.205, (0.2, "nowozin@microsoft.com"), (0.6, "botcse@stanford.edu")),
        line(0.24, Cell(0.4, "Ryota Tomioka", True)),
        line(0.255, (0.38, "Twitter, Cambridge, UK")),
        abstract(0.3),
    )
    header = parse_header(words)
    assert affs(header) == {
        "Sebastian Nowozin": ["Machine Intelligence Group, Microsoft Research"],
        "Botond Cseke": ["Stanford University, Stanford, CA"],
        "Ryota Tomioka": ["Twitter, Cambridge, UK"],
    }
    assert [a.email for a in header.authors[:2]] == ["nowozin@microsoft.com", "botcse@stanford.edu"]
    assert header.authors[0].affiliations[0].via == "grid"


def test_narrow_gutter_between_columns_still_splits_the_affiliation_line() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.2, "Pietro Lio", True), Cell(0.59, "Yoshua Bengio", True)),
        # the first column's text ends at 0.577, 1.6 characters before the second column: one cell
        line(0.175, (0.2, "Department of Computer Science and Technology"), (0.59, "Mila")),
        line(0.19, (0.2, "University of Cambridge"), (0.59, "yoshua@umontreal.ca")),
        abstract(0.25),
    )
    got = affs(parse_header(words))
    assert got["Pietro Lio"] == ["Department of Computer Science and Technology, University of Cambridge"]
    assert got["Yoshua Bengio"] == ["Mila"]


def test_shared_line_under_a_block_of_names_goes_to_all_of_them() -> None:
    words = page(
        title(),
        line(
            0.16,
            Cell(0.25, "Jason Wei", True),
            Cell(0.45, "Xuezhi Wang", True),
            Cell(0.65, "Dale Schuurmans", True),
        ),
        line(0.175, Cell(0.3, "Maarten Bosma", True), Cell(0.55, "Denny Zhou", True)),
        line(0.195, (0.4, "Google Research, Brain Team")),
        line(0.21, (0.4, "{jasonwei,dennyzhou}@google.com")),
        abstract(0.25),
    )
    header = parse_header(words)
    assert {tuple(v) for v in affs(header).values()} == {("Google Research, Brain Team",)}
    assert len(header.authors) == 5
    assert all(a.affiliations[0].via == "shared" for a in header.authors)
    assert {a.name: a.email for a in header.authors}["Denny Zhou"] == "dennyzhou@google.com"


def test_two_name_blocks_each_take_the_lines_below_them() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.3, "Sharan Narang, Gregory Diamos", True)),
        line(0.175, (0.4, "Baidu Research")),
        line(0.2, Cell(0.3, "Paulius Micikevicius, Jonah Alben", True)),
        line(0.215, (0.45, "NVIDIA")),
        abstract(0.26),
    )
    assert affs(parse_header(words)) == {
        "Sharan Narang": ["Baidu Research"],
        "Gregory Diamos": ["Baidu Research"],
        "Paulius Micikevicius": ["NVIDIA"],
        "Jonah Alben": ["NVIDIA"],
    }


def test_dual_affiliation_on_one_line_is_kept_whole_in_order() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.2, "Pan Li", True), Cell(0.6, "Jennifer Neville", True)),
        line(0.175, (0.2, "Purdue University"), (0.6, "Purdue University and Microsoft Research")),
        abstract(0.25),
    )
    assert affs(parse_header(words))["Jennifer Neville"] == ["Purdue University and Microsoft Research"]


def test_all_authors_from_note_gives_everyone_that_organisation() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.1, "Sebastian Borgeaud^†, Arthur Mensch^†, Laurent Sifre^†,‡", True)),
        line(0.18, (0.1, "All authors from DeepMind, ^†Equal contributions, ^‡Equal senior authorship")),
        abstract(0.25),
    )
    header = parse_header(words)
    assert {a.name: [x.text for x in a.affiliations] for a in header.authors} == {
        "Sebastian Borgeaud": ["DeepMind"],
        "Arthur Mensch": ["DeepMind"],
        "Laurent Sifre": ["DeepMind"],
    }
    assert header.authors[0].affiliations[0].via == "note"


def footnote(y: float, text: str) -> list[Word]:
    return line(y, Cell(0.1, text, size=8.0))


def test_icml_footnote_affiliations_and_correspondence_cut() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Ting Chen^1 Simon Kornblith^1 Mohammad Norouzi^2", True)),
        abstract(0.22),
        *[
            line(0.3 + 0.02 * i, (0.1, "body text of the paper goes here and on and on for a while"))
            for i in range(20)
        ],
        footnote(
            0.82,
            "^1Google Research, Brain Team ^2University of Toronto. Correspondence to: Ting Chen <iamtingchen@google.com>.",
        ),
    )
    assert affs(parse_header(words, is_org=known_org)) == {
        "Ting Chen": ["Google Research, Brain Team"],
        "Simon Kornblith": ["Google Research, Brain Team"],
        "Mohammad Norouzi": ["University of Toronto"],
    }


def test_work_done_footnote_is_added_after_the_printed_affiliation() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.2, "Aidan N. Gomez^∗†", True), Cell(0.6, "Lukasz Kaiser^∗", True)),
        line(0.175, (0.2, "University of Toronto"), (0.6, "Google Brain")),
        abstract(0.22),
        *[
            line(0.3 + 0.02 * i, (0.1, "body text of the paper goes here and on and on for a while"))
            for i in range(20)
        ],
        footnote(0.86, "^∗Equal contribution."),
        footnote(0.875, "^†Work performed while at Google Brain."),
    )
    header = parse_header(words, is_org=known_org)
    gomez = header.authors[0]
    assert [(a.text, a.via) for a in gomez.affiliations] == [
        ("University of Toronto", "grid"),
        ("Google Brain", "footnote"),
    ]
    assert [a.text for a in header.authors[1].affiliations] == ["Google Brain"]


def test_sentence_footnotes_are_not_affiliations() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Will Hamilton^1, Jure Leskovec", True)),
        line(0.175, (0.3, "Stanford University")),
        abstract(0.22),
        *[
            line(0.3 + 0.02 * i, (0.1, "body text of the paper goes here and on and on for a while"))
            for i in range(20)
        ],
        footnote(
            0.86, "^1While it is common to refer to these structures as networks, we use the term graph"
        ),
    )
    assert affs(parse_header(words, is_org=known_org))["Will Hamilton"] == ["Stanford University"]


def test_pdfium_style_glued_markers_are_split_off() -> None:
    # pdfium words: split at spaces only, size of the first character
    glued = [
        Word("Zhilin", 0, 0.25, 0.16, 0.30, 0.172, "Times-Bold", 12.9),
        Word("Yang∗1", 0, 0.305, 0.158, 0.36, 0.172, "Times-Bold", 12.9),
        Word(",", 0, 0.36, 0.16, 0.363, 0.172, "Times-Bold", 12.9),
        Word("Quoc", 0, 0.37, 0.16, 0.41, 0.172, "Times-Bold", 12.9),
        Word("Le2", 0, 0.415, 0.158, 0.44, 0.172, "Times-Bold", 12.9),
        Word("1Carnegie", 0, 0.3, 0.178, 0.37, 0.19, "CMR7", 9.0),
        Word("Mellon", 0, 0.375, 0.18, 0.42, 0.19, "Times-Roman", 12.9),
        Word("University,", 0, 0.425, 0.18, 0.5, 0.19, "Times-Roman", 12.9),
        Word("2Google", 0, 0.505, 0.178, 0.56, 0.19, "CMR7", 9.0),
    ]
    words = page(title(), glued, abstract(0.25))
    assert affs(parse_header(words)) == {"Zhilin Yang": ["Carnegie Mellon University"], "Quoc Le": ["Google"]}


def test_name_broken_over_two_lines_is_joined() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.2, "Urs Koster, Tristan J. Webb, Arjun K.", True)),
        line(0.175, Cell(0.2, "Bansal, William H. Constable", True)),
        line(0.19, (0.3, "Intel Corporation")),
        abstract(0.25),
    )
    assert [a.name for a in parse_header(words).authors] == [
        "Urs Koster",
        "Tristan J. Webb",
        "Arjun K. Bansal",
        "William H. Constable",
    ]


def test_anonymous_submission_has_no_authors() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.4, "Anonymous authors", True)),
        line(0.175, (0.4, "Paper under double-blind review")),
        abstract(0.22),
    )
    assert parse_header(words).authors == ()


def test_no_words_no_authors() -> None:
    assert parse_header(()).authors == ()


def test_a_marker_glued_after_a_names_comma_links_the_author() -> None:
    # "Yosinski,1": the PDF merged the superscript into the name's word, at the name's size
    words = page(
        title(),
        line(0.16, Cell(0.25, "Jason Yosinski,1 Jeff Clune,2 Yoshua Bengio,3 and Hod Lipson^4", bold=True)),
        line(0.18, (0.25, "^1 Dept. Computer Science, Cornell University")),
        line(0.2, (0.25, "^2 Dept. Computer Science, University of Wyoming")),
        line(0.22, (0.25, "^3 Dept. Computer Science, University of Montreal")),
        line(0.24, (0.25, "^4 Dept. Mechanical Engineering, Cornell University")),
        abstract(0.28),
    )
    assert affs(parse_header(words)) == {
        "Jason Yosinski": ["Dept. Computer Science, Cornell University"],
        "Jeff Clune": ["Dept. Computer Science, University of Wyoming"],
        "Yoshua Bengio": ["Dept. Computer Science, University of Montreal"],
        "Hod Lipson": ["Dept. Mechanical Engineering, Cornell University"],
    }


def test_the_rest_of_a_word_broken_at_the_titles_line_end_is_title_not_a_name() -> None:
    # small capitals: "ING" is set smaller than the capitals of the title lines above it
    words = page(
        line(0.08, (0.2, "GLUE: A MULTI-TASK BENCHMARK FOR NATURAL LANGUAGE UNDERSTAND-"), size=17.0),
        line(0.11, (0.2, "ING"), size=12.0),
        line(0.16, Cell(0.25, "Alex Wang^1, Felix Hill^2")),
        line(0.18, (0.25, "^1 New York University")),
        line(0.2, (0.25, "^2 DeepMind")),
        abstract(0.25),
    )
    header = parse_header(words)
    assert header.title == "GLUE: A MULTI-TASK BENCHMARK FOR NATURAL LANGUAGE UNDERSTANDING"
    assert affs(header) == {"Alex Wang": ["New York University"], "Felix Hill": ["DeepMind"]}


def _with_footnotes(*notes: str) -> list[Word]:
    return page(
        title(),
        line(0.16, Cell(0.2, "Kaan Ozturk^1,†", True), Cell(0.6, "Rosa Martinez^2,3", True)),
        line(0.175, (0.3, "^1EPFL, Lausanne, Switzerland")),
        line(0.19, (0.3, "^2DeepMind, London, UK")),
        abstract(0.22),
        *[
            line(0.3 + 0.02 * i, (0.1, "body text of the paper goes here and on and on for a while"))
            for i in range(20)
        ],
        *(footnote(0.86 + 0.015 * i, note) for i, note in enumerate(notes)),
    )


def test_an_intern_footnote_in_a_sentence_adds_the_host_organisation() -> None:
    words = _with_footnotes("^†This work was done when Kaan Ozturk was an intern at Huawei Noah's Ark Lab.")
    assert affs(parse_header(words, is_org=known_org))["Kaan Ozturk"] == ["EPFL, Lausanne, Switzerland",
                                                                         "Huawei Noah's Ark Lab"]  # fmt: skip


def test_a_now_at_footnote_is_a_later_affiliation_not_this_works() -> None:
    words = _with_footnotes("^†Now at Anthropic.", "^3Currently with OpenAI.")
    got = affs(parse_header(words, is_org=known_org))
    assert got["Kaan Ozturk"] == ["EPFL, Lausanne, Switzerland"]
    assert got["Rosa Martinez"] == ["DeepMind, London, UK"]


def test_a_marked_affiliation_wrapped_onto_a_second_line_is_one_affiliation() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Fiona MacLeod^1 Rohan Desai^2", size=11.0)),
        line(
            0.18,
            Cell(
                0.2, "^1School of Informatics, University of Edinburgh, 10 Crichton Street, United", size=9.0
            ),
        ),
        line(0.192, Cell(0.45, "Kingdom", size=9.0)),
        line(0.205, Cell(0.3, "^2Google DeepMind, London, United Kingdom", size=9.0)),
        abstract(0.25),
    )
    header = parse_header(words)
    assert [a.name for a in header.authors] == ["Fiona MacLeod", "Rohan Desai"]
    assert affs(header)["Fiona MacLeod"][0].endswith("United Kingdom")


def _registry_like(text: str) -> bool:
    """An organisation test that, like the registry, knows one-word names and acronyms."""
    words = text.split()
    return any(
        w.strip(",") in {"Yale", "Brown", "Google", "Microsoft", "LAN", "ANH"} for w in words
    ) or known_org(text)


def test_a_person_named_like_an_organisation_keeps_a_names_line_a_names_line() -> None:
    words = page(
        title(),
        line(0.16, (0.25, "Ana Silva^1, Tom Brown^2, Yale Song^2")),
        line(0.18, (0.3, "^1University of Porto")),
        line(0.2, (0.3, "^2Microsoft Research")),
        abstract(0.25),
    )
    header = parse_header(words, is_org=_registry_like)
    assert [a.name for a in header.authors] == ["Ana Silva", "Tom Brown", "Yale Song"]


def test_a_line_of_organisations_is_still_organisations() -> None:
    words = page(
        title(),
        line(0.16, (0.25, "Ana Silva^1   Tom Reed^2")),
        line(0.18, (0.3, "^1Google, ^2Microsoft")),
        abstract(0.25),
    )
    assert affs(parse_header(words, is_org=_registry_like)) == {
        "Ana Silva": ["Google"],
        "Tom Reed": ["Microsoft"],
    }


def test_words_of_an_all_caps_name_are_not_acronyms() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.3, "NGUYEN THI LAN ANH", bold=True)),
        line(0.18, (0.3, "Hanoi University of Science and Technology")),
        abstract(0.25),
    )
    assert [a.name for a in parse_header(words, is_org=_registry_like).authors] == ["NGUYEN THI LAN ANH"]


def test_a_name_wrapped_onto_a_line_of_its_own_keeps_its_mark_and_stays_a_name() -> None:
    words = page(
        title(),
        line(0.16, (0.25, "Ana Silva^1, Jan Kautz^2,")),
        line(0.18, (0.4, "Yale Song^3")),
        line(0.2, (0.3, "^1University of Porto ^2NVIDIA ^3Microsoft Research")),
        abstract(0.25),
    )
    header = parse_header(words, is_org=_registry_like)
    assert [a.name for a in header.authors] == ["Ana Silva", "Jan Kautz", "Yale Song"]


def test_a_footnote_whose_one_word_organisation_precedes_a_comma_is_an_affiliation() -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Ana Silva^1 Tom Reed^2", True)),
        abstract(0.22),
        body_text(),
        footnote(0.82, "^1Technion, Haifa, Israel ^2Google. Correspondence to: Ana Silva."),
    )
    assert affs(parse_header(words, is_org=_with_technion)) == {
        "Ana Silva": ["Technion, Haifa, Israel"],
        "Tom Reed": ["Google"],
    }


def _with_technion(text: str) -> bool:
    """The registry-like test, knowing "Technion" only as the whole text (as a one-word ROR name)."""
    return text.strip() == "Technion" or _registry_like(text)


def test_an_unknown_companys_line_with_a_business_word_is_an_affiliation() -> None:
    words = page(
        title(),
        line(0.16, (0.1, "Ana Silva, Tom Reed & Li Wei")),
        line(0.18, (0.1, "Quillwort Holdings")),
        line(0.21, (0.1, "Mei Lin")),
        line(0.23, (0.1, "Marlow Systems")),
        abstract(0.27),
    )
    assert affs(parse_header(words)) == {
        "Ana Silva": ["Quillwort Holdings"],
        "Tom Reed": ["Quillwort Holdings"],
        "Li Wei": ["Quillwort Holdings"],
        "Mei Lin": ["Marlow Systems"],
    }


def test_a_surname_that_is_a_business_word_keeps_the_names_line() -> None:
    words = page(
        title(),
        line(0.16, (0.25, "Dor Bank^1, Noam Koenigstein^2, Raja Giryes^1")),
        line(0.18, (0.3, "^1Tel Aviv University ^2Microsoft Research")),
        abstract(0.25),
    )
    assert [a.name for a in parse_header(words, is_org=known_org).authors] == [
        "Dor Bank",
        "Noam Koenigstein",
        "Raja Giryes",
    ]
