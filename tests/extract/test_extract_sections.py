"""Section finding, text cleaning, sentences and the printed title."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import example, given
from hypothesis import strategies as st

from extract.document import Word
from extract.evidence import sentence_bounds
from extract.parse import clean_any_page_text, clean_offset, clean_page_text
from extract.sections import LineStart, find_sections
from extract.title import title_words


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end].split("\n", 1)[0]) for s in find_sections(text)]


def test_sections_in_paper_order() -> None:
    text = (
        "Title\nAuthors\nAbstract\nWe do x.\n1 Introduction\nBody text.\nAcknowledgments\nThanks.\n"
        "References\n[1] A. Author. A title. 2019.\n[2] B. Author. Another. 2020.\n"
        "Checklist\n1. For all authors...\n(a) Claims? [Yes]\n"
        "A Experimental Details\nMore text.\n"
    )
    assert kinds(text) == [
        ("title_block", "Title"),
        ("abstract", "Abstract"),
        ("body", "1 Introduction"),
        ("acknowledgements", "Acknowledgments"),
        ("references", "References"),
        ("checklist", "Checklist"),
        ("appendix", "A Experimental Details"),
    ]


def test_sections_cover_the_text_without_overlap() -> None:
    text = "T\nAbstract\nx\n1 Introduction\ny\nReferences\n[1] z. 2019.\n"
    sections = find_sections(text)
    assert sections[0].start == 0
    assert sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in pairwise(sections))


def test_reference_titles_are_not_appendix_headings() -> None:
    refs = "".join(f"[{i}] A. Author. Some Title Here. In Proc, 20{10 + i}.\n" for i in range(8))
    text = f"T\nAbstract\nx\n1 Introduction\ny\nReferences\n{refs}A Large-Scale Hierarchical Image Database\n{refs}"
    assert "appendix" not in [k for k, _ in kinds(text)]


def test_explicit_appendix_before_references() -> None:
    text = (
        "T\nAbstract\nx\n1 Introduction\n"
        + "body. " * 50
        + "\nAppendix\nA Datasets\nmore\nReferences\n[1] z.\n"
    )
    assert [k for k, _ in kinds(text)] == ["title_block", "abstract", "body", "appendix", "references"]


def test_no_headings_means_one_body() -> None:
    assert [k for k, _ in kinds("just some text\nwithout headings\n")] == ["body"]


def test_soft_hyphens_and_carriage_returns_are_cleaned_with_shifts() -> None:
    text, shifts = clean_page_text("pre\ufffetrained\r\nBERT")
    assert text == "pretrained\nBERT"
    # offsets after the dropped characters map back to pdfium's indices and back again
    for offset in range(len(text)):
        shift = max((t for at, t in shifts if at <= offset), default=0)
        assert clean_offset(shifts, offset + shift) == offset


@given(
    st.lists(st.sampled_from(["ab", " ", "\r", "\n", "\r\n", "\r\r\n", "\x00", "\u00a0", "é", "\x7f"])).map(
        "".join
    )
)
def test_the_line_end_fast_path_equals_the_general_cleaning(raw: str) -> None:
    assert clean_page_text(raw) == clean_any_page_text(raw)


def test_non_bmp_characters_shift_pdfium_indices() -> None:
    text, shifts = clean_page_text("x\U0001d465 = y")
    assert text == "x\U0001d465 = y"
    assert shifts == ((2, 1),)


def test_sentence_bounds_skip_abbreviations_and_headings() -> None:
    text = "2 Method\nWe follow Devlin et al. (2019) closely. All runs use 8 V100s, e.g. for BERT. Done."
    s, e = sentence_bounds(text, text.index("V100"), text.index("V100") + 4)
    assert text[s:e] == "All runs use 8 V100s, e.g. for BERT."
    s, e = sentence_bounds(text, text.index("Devlin"), text.index("Devlin") + 6)
    assert text[s:e] == "We follow Devlin et al. (2019) closely."


def _word(text: str, x0: float, top: float, size: float, font: str = "Bold") -> Word:
    return Word(text, 0, x0, top, x0 + 0.05, top + size / 792, font, size)


def test_title_is_the_largest_words_at_the_top() -> None:
    words = (
        _word("arXiv:2101.00001v2", 0.02, 0.3, 20.0, "Times"),  # the margin stamp
        _word("Published", 0.1, 0.02, 9.0, "Times"),
        _word("Deep", 0.3, 0.10, 17.0),
        _word("Models", 0.4, 0.10, 17.0),
        _word("OF", 0.5, 0.101, 13.0),  # small caps, same font
        _word("Things", 0.3, 0.13, 17.0),
        _word("Ann", 0.3, 0.2, 11.0, "Times"),
    )
    assert [w.text for w in title_words(words)] == ["Deep", "Models", "OF", "Things"]


_PIECES = [
    "Abstract",
    "1 Introduction",
    "References",
    "Appendix A: Proofs",
    "B.1 More",
    "Checklist",
    "x",
    "\n",
    "\f",
    " ",
    "\t",
]


@given(
    st.lists(st.sampled_from(_PIECES)).map("".join),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
)
@example("\nChecklist\nChecklist\n", 0, 40)  # back to back: the second starts where the first ended
def test_line_start_headings_equal_a_look_behind_regex(text: str, start: int, length: int) -> None:
    body = (  # the last alternative consumes its line break, as the checklist heading does
        r"[ \t]*(?:\d+\.?[ \t]*)?(?:abstract|references|introduction)\b[^\n]{0,20}"
        r"|[A-H](?:\.\d)?\.?[ \t]+[A-Z]\w*|Checklist[ \t]*\n"
    )
    slow = re.compile(r"(?:(?<=[\n\f])|^)(?:" + body + ")", re.IGNORECASE)
    end = min(len(text), start + length)
    want = [(m.start(), m.end(), m.group()) for m in slow.finditer(text, start, end)]
    got = [tuple(h) for h in LineStart(body, re.IGNORECASE).finditer(text, start, end)]
    assert got == want
