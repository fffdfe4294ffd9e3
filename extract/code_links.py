"""Code links: every repository URL with its role (own, third-party, promised, anonymised).

Hosts are GitHub, GitLab, Bitbucket, Hugging Face and anonymised review links; the paper level is
``CodeRelease`` (released or not).

A link's role comes from its section (reference-list URLs are third-party), the cue nearest to it
in its sentence ("our code is available at", "we use the official implementation of", "will be
released"), and whether the repository's owner matches an author or their organisation (read from
the title block). The NeurIPS checklist's own answer on code is kept apart.
"""

from __future__ import annotations

import re

from extract.document import ParsedDoc
from extract.evidence import make_evidence, producer, sentence_bounds
from extract.links import FoundUrl, find_urls, host_of, owner_of
from extract.owners import Authors, OwnerMatch, authors_of, owner_match
from extract.resources import Resources
from paperscope.records import CodeLink, CodeRelease, CodeRole, Label

NAME = "code_links"
VERSION = "0.4.1"

_CHECKLIST_ANSWERS = {"yes": "yes", "no": "no", "n/a": "na", "na": "na"}
_FOOTNOTE_LINE = re.compile(r"(?:^|[\n\f])[ \t]*\d{1,2}[ \t]?(?=[A-Za-z])")
_NEXT_QUESTION = re.compile(r"\n\s*\([a-h]\)|\n\s*\d\.\s|Question:|\f")
_CODE_WORD = re.compile(r"(?i:\b(?:code|codes|source|implementations?|software|codebase|notebooks?|colab)\b)")


def link_sentence(doc: ParsedDoc, url: FoundUrl) -> tuple[int, int]:
    """The sentence around a URL; a footnote ("3 Code: https://...") is read on its own."""
    text = doc.text
    s, e = sentence_bounds(text, url.start, url.end)
    line_start = max(text.rfind("\n", 0, url.start), text.rfind("\f", 0, url.start)) + 1
    head = _FOOTNOTE_LINE.match(text, max(0, line_start - 1))
    previous = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : line_start].strip()
    if s < line_start and (head or (previous.isdigit() and len(previous) <= 2)):
        s = head.end() if head else line_start
    return s, e


def _marking_sentence(doc: ParsedDoc, url: FoundUrl) -> str | None:
    """For a URL alone in footnote N, the sentence on its page that ends in mark N ("project4.")."""
    number = re.search(r"(?:^|[\n\f])[ \t]*(\d{1,2})[ \t]?$", doc.text[max(0, url.start - 6) : url.start])
    if number is None:
        return None
    mark = number.group(1)
    footnote_start = url.start
    page = doc.pages[doc.page_of(url.start)]
    body = doc.text[page.start : footnote_start - len(mark)]
    marks = list(re.finditer(rf"(?<=[A-Za-z)\].,]){mark}(?=[\s.,;:)])", body))
    if not marks:
        return None
    at = page.start + marks[-1].start()
    start, _ = sentence_bounds(doc.text, at, at + 1)
    return doc.text[start : at + len(mark)]


def _promised(res: Resources, sentence: str, at: int) -> bool:
    """A promise ("will be released") in the URL's own clause, or after it in the sentence.

    "Code will be open-sourced at <url>" is a promise; "Our code will be made available, and can be
    found at: <url>" gives the repository now.
    """
    return any(
        m.start() > at or not re.search(r"[,;]", sentence[m.end() : at])
        for m in res.cues["code_promised"].finditer(sentence)
    )


_FOR_DATA = re.compile(
    r"\)?\s+(?:for|with)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:data|dataset|datasets|corpus|corpora|benchmark|annotations|videos|images|recordings)\b",
    re.IGNORECASE,
)
_TOOL_WORD = re.compile(r"(?i)\b(?:use[sd]?|using|with|via|toolkit|library|framework|package)\b")
_FIRST_PERSON = re.compile(r"(?i)\b(?:our|we|ours)\b")
# "We made the code ... available", "we release ...": the authors give away something of their own
_WE_RELEASE = re.compile(
    r"(?i)\b(?:we|i)\s+(?:have\s+)?(?:release[sd]?|made|make|publish(?:ed)?|open-?sourced?|provide[sd]?)\b(?!\s+use\b)"
)


def _footnoted_tool(marked: str) -> bool:
    """True when the footnote mark sits on a tool the paper used: "uses HuggingFace Transformers4".

    The few words before the mark name what the footnote's URL is for; "our code4" stays ours.
    """
    words = " ".join(marked.split()[-6:])
    return bool(_TOOL_WORD.search(words)) and not _FIRST_PERSON.search(words)


def _nearest(res: Resources, sentence: str, at: int) -> str | None:
    """Which of the own / third-party cues in the sentence sits nearest to position ``at``."""
    best: tuple[int, str] | None = None
    for use in ("code_own", "code_third_party"):
        for m in res.cues[use].finditer(sentence):
            distance = min(abs(m.start() - at), abs(m.end() - at))
            if best is None or distance < best[0]:
                best = (distance, use)
    return best[1] if best else None


def _clause(sentence: str, at: int) -> tuple[int, int]:
    """The part of ``sentence`` between the semicolons around position ``at``."""
    lo = sentence.rfind(";", 0, at) + 1
    hi = sentence.find(";", at)
    return lo, len(sentence) if hi < 0 else hi


def classify(
    doc: ParsedDoc, res: Resources, url: FoundUrl, authors: Authors
) -> tuple[CodeRole, OwnerMatch, float]:
    """(role, owner match, confidence) of one link.

    Anonymised hosts and cues first; reference-list URLs are third-party; then a promise in the
    URL's clause; then the cue nearest the URL, where a person match overrides a third-party cue; without any cue
    a person match (or page 1, where papers put their own code) means own.
    """
    s, e = link_sentence(doc, url)
    sentence = doc.text[s:e]
    owner = owner_of(url.url)
    match = owner_match(owner, authors) if owner else None
    if res.code_hosts.get(host_of(url.url)) == "anonymised" or res.cue(
        "code_anonymised", url.url + " " + sentence
    ):
        return "anonymised", match, 0.9
    if doc.section_of(url.start) == "references":
        return "third_party", match, 0.8
    if _promised(res, sentence, url.start - s):
        return "promised", match, 0.75
    lo, hi = _clause(sentence, url.start - s)  # "We release code at <a>; the dataset is from <b>"
    nearest = _nearest(res, sentence[lo:hi], url.start - s - lo)
    if nearest is None:  # a bare footnote URL: read the sentence that carries its footnote mark
        marked = _marking_sentence(doc, url)
        if marked and _promised(res, marked, len(marked)):
            return "promised", match, 0.7
        nearest = _nearest(res, marked, len(marked)) if marked else None
        if marked and _footnoted_tool(marked):  # "... trained with the ESPnet toolkit [45]4"
            nearest = "code_third_party"
        elif marked and nearest is not None and _WE_RELEASE.search(marked):
            nearest = "code_own"  # "We made the code, based on ..., available as a project4": theirs
    if nearest == "code_own":
        return "own", match, 0.85 if match else 0.75
    if nearest == "code_third_party":
        return ("own", match, 0.55) if match == "person" else ("third_party", match, 0.7)
    if match == "person":
        return "own", match, 0.7
    if url.page == 0:
        return "own", match, 0.5
    return "third_party", match, 0.5


def is_code_link(doc: ParsedDoc, res: Resources, url: FoundUrl) -> bool:
    """Repository hosts always; model hubs and other URLs only where the sentence offers code.

    "Code: <url>" and "our implementation is available at <url>" offer code; "a demo can be found
    at <url>" and "Project page: <url>" do not.
    """
    kind = res.code_hosts.get(host_of(url.url))
    if kind in ("repository", "anonymised"):
        return True
    if doc.section_of(url.start) == "references":
        return False
    if _FOR_DATA.match(doc.text, url.end, url.end + 80):  # "<url> for the ChIP-seq data": a data portal
        return False
    s, e = link_sentence(doc, url)
    sentence = doc.text[s:e]
    return bool(_CODE_WORD.search(sentence)) and _nearest(res, sentence, url.start - s) == "code_own"


def checklist_answer(doc: ParsedDoc, res: Resources) -> tuple[str, re.Match[str], str] | None:
    """The NeurIPS checklist's answer on code (yes / no / na), where it is, and its justification."""
    m = res.cue("code_checklist_question", doc.text)
    if m is None:
        return None
    justification = _NEXT_QUESTION.split(doc.text[m.end() : m.end() + 400], maxsplit=1)[0]
    return _CHECKLIST_ANSWERS.get(m.group(1).lower(), "na"), m, justification


def extract_code_links(doc: ParsedDoc, res: Resources) -> list[Label]:
    """``CodeLink`` per repository URL and the paper's ``CodeRelease`` when there is evidence of it."""
    authors = authors_of(doc)
    prod = producer(doc, NAME, VERSION)
    labels: list[Label] = []
    own: list[Label] = []
    for url in find_urls(doc):
        if not is_code_link(doc, res, url):
            continue
        role, match, confidence = classify(doc, res, url, authors)
        label = Label(
            paper_key=doc.paper_key,
            value=CodeLink(
                url=url.url, host=host_of(url.url), role=role, owner_matches_author=match is not None
            ),
            evidence=make_evidence(doc, url.start, url.end),
            producer=prod,
            confidence=confidence,
        )
        labels.append(label)
        if role == "own":  # a promised link, even to the authors' repository, is no release (the rubric)
            own.append(label)
    release = _release(doc, res, labels, own)
    if release is not None:
        labels.append(release)
    return sorted(labels, key=lambda lab: (lab.evidence.start or 0, lab.evidence.end or 0, lab.value.kind))


def _release(doc: ParsedDoc, res: Resources, links: list[Label], own: list[Label]) -> Label | None:
    """Paper level: released when an own link exists; nothing at all means no label.

    A checklist "yes" without a link also counts; only promised or anonymised links mean not
    released.
    """
    answer = checklist_answer(doc, res)
    checklist = answer[0] if answer else None
    prod = producer(doc, NAME, VERSION)
    if own:
        best = max(own, key=lambda lab: lab.confidence)
        url = best.value.url if isinstance(best.value, CodeLink) else None
        value = CodeRelease(released=True, url=url, checklist_answer=checklist)
        return Label(
            paper_key=doc.paper_key,
            value=value,
            evidence=best.evidence,
            producer=prod,
            confidence=best.confidence,
        )
    if answer is not None:
        _, m, justification = answer
        # "[Yes] we include inputs and outputs" is not code: the justification must offer code
        offers_code = answer[0] == "yes" and bool(_CODE_WORD.search(justification) or "http" in justification)
        value = CodeRelease(released=offers_code, checklist_answer=checklist)
        evidence = make_evidence(doc, m.start(1), m.end(1), context=(m.start(), m.end() + 1))
        return Label(paper_key=doc.paper_key, value=value, evidence=evidence, producer=prod, confidence=0.6)
    held_back = [
        lab
        for lab in links
        if isinstance(lab.value, CodeLink) and lab.value.role in ("promised", "anonymised")
    ]
    if held_back:
        first = held_back[0]
        return Label(
            paper_key=doc.paper_key,
            value=CodeRelease(released=False),
            evidence=first.evidence,
            producer=prod,
            confidence=0.6,
        )
    return None
