"""Code links: every repository URL with its role (own, third-party, promised, anonymised).

Hosts are GitHub, GitLab, Bitbucket, Hugging Face and anonymised review links; the paper level is
``CodeRelease`` (released or not).

A link's role comes from its section (reference-list URLs are third-party), the cue nearest to it
in its sentence ("our code is available at", "we use the official implementation of", "will be
released"), and whether the repository's owner matches an author or their organisation (read from
the title block). A repository named after the paper's title is own, one named after a cited work
third-party; the authors' project page is own, and so is any link inside an own link. The NeurIPS
checklist's own answer on code is kept apart.
"""

from __future__ import annotations

import re

from extract.document import ParsedDoc
from extract.evidence import make_evidence, producer, sentence_bounds
from extract.links import FoundUrl, find_urls, host_of, normalize_url, owner_of
from extract.owners import Authors, OwnerMatch, authors_of, owner_match
from extract.resources import Resources
from extract.title import title_of
from paperscope.records import CodeLink, CodeRelease, CodeRole, Label, Producer

NAME = "code_links"
VERSION = "0.10.0"

_CHECKLIST_ANSWERS = {"yes": "yes", "no": "no", "n/a": "na", "na": "na"}
_FOOTNOTE_LINE = re.compile(r"(?:^|[\n\f])[ \t]*\d{1,2}[ \t]?(?=[A-Za-z])")
_NEXT_QUESTION = re.compile(r"\n\s*\([a-h]\)|\n\s*\d\.\s|Question:|\f")
_EARLIER_WORK = re.compile(
    r"(?i)\b(?:our|my) (?:previous|prior|earlier) (?:work|paper|study|publication)s?\b"
)
_SUPPLEMENT = re.compile(r"(?i)\bsupplement(?:al|ary)?\b|\bappendix\b")
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
    """For a URL in footnote N, the sentence on its page that ends in mark N ("project4.").

    The footnote is the URL's line, led by its number ("4https://...", "4 Available at: https://...")
    or printed after a lone number that ends the line before ("... 1" + newline + "Available at: <url>").
    """
    text = doc.text
    line_start = max(text.rfind("\n", 0, url.start), text.rfind("\f", 0, url.start)) + 1
    head = text[line_start : url.start]
    if len(head) > 40:
        return None
    number = re.match(r"[ \t]*(\d{1,2})(?!\d)", head)
    footnote_start = line_start
    if number is None and line_start > 0:
        before = re.search(r"(?:^|\s)(\d{1,2})[ \t]*$", text[max(0, line_start - 40) : line_start - 1])
        if before is None or head.strip()[:1].isdigit():
            return None
        number, footnote_start = before, line_start - 1 - (len(before.group()) - before.start(1))
    if number is None:
        return None
    mark = number.group(1)
    page = doc.pages[doc.page_of(url.start)]
    body = text[page.start : footnote_start]
    marks = list(re.finditer(rf"(?<=[A-Za-z)\].,]){mark}(?=[\s.,;:)])", body))
    if not marks:
        return None
    at = page.start + marks[-1].start()
    start, _ = sentence_bounds(text, at, at + 1)
    return text[start : at + len(mark)]


def _promised(res: Resources, sentence: str, at: int) -> bool:
    """A promise ("will be released") in the URL's own clause, or after it in its part of the sentence.

    "Code will be open-sourced at <url>" is a promise; "Our code will be made available, and can be
    found at: <url>" gives the repository now, and so does "Inference code is at <url>; the training
    code will be released later" (the promise is of another part).
    """
    return any(
        (";" not in sentence[at : m.start()])
        if m.start() > at
        else not re.search(r"[,;]", sentence[m.end() : at])
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


# "Project page: <url>", "Project website (with code): <url>": the authors' own project site, where
# papers point to their code
_PROJECT_PAGE = re.compile(
    r"(?i)\bproject\s+(?:page|website|webpage|site|homepage)(?:\s+\([^()]{0,40}\)|\s+with\s+[\w\s,]{0,30})?\s*:"
)
# "our website", "our project page": the authors' own site; it hosts code when a code host serves it
# ("<account>.github.io" is a repository's pages); "the project page of Hafner et al." is someone else's
_OUR_SITE = re.compile(
    r"(?i)\bour\s+(?:own\s+)?(?:project\s+)?(?:website|web\s?page|web\s?site|homepage|page)\b"
)
_PAGES_HOST = re.compile(r"(?i)^[\w-]+\.(?:github|gitlab|bitbucket)\.io$")


def _project_site(url: FoundUrl, sentence: str, marked: str | None) -> bool:
    """Whether the sentence (or the words before the URL's footnote mark) offers the authors' project site."""
    said = (sentence, _tail(marked) if marked else "")
    if any(_PROJECT_PAGE.search(t) for t in said):
        return True
    return bool(_PAGES_HOST.match(host_of(url.url))) and any(_OUR_SITE.search(t) for t in said)


_REPOSITORY = re.compile(r"(?i)(?:github\.com|gitlab\.com|bitbucket\.org)/[^/\s]+/([^/\s?#]+)")


def _name_words(name: str) -> list[str]:
    """The words of a repository name: "Swin-Transformer" -> swin, transformer; "faster_rcnn" -> faster, rcnn."""
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)]


def _spelled_in(words: list[str], text: str) -> bool:
    """Whether ``text`` spells the joined ``words`` as a name, separators free: "fast rcnn" in "Fast R-CNN"."""
    key = "".join(words)
    if len(key) < 6:
        return False
    pattern = r"[\s._-]?".join(re.escape(c) for c in key)
    return re.search(rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])", text, re.IGNORECASE) is not None


def _in_title(words: list[str], title: str) -> bool:
    """Every word of the repository name is a word of the title (or a stem of one), or it spells it."""
    title_words = _name_words(title)

    def fits(word: str) -> bool:
        return any(
            t == word or (min(len(t), len(word)) >= 4 and (t.startswith(word) or word.startswith(t)))
            for t in title_words
        )

    return _spelled_in(words, title) or all(fits(w) for w in words)


def named_after(doc: ParsedDoc, url: str) -> str | None:
    """``"paper"`` when a repository is named after this paper's title, ``"cited"`` after a cited work.

    "openai/following-instructions-human-feedback" for "Training language models to follow instructions
    with human feedback" is the paper's; "rbgirshick/fast-rcnn" in a paper whose reference list holds
    "Fast R-CNN" (and whose title is "Faster R-CNN") is the cited work's, even when its owner is an
    author. Names of one word ("gcn", "deit") say too little and give None.
    """
    m = _REPOSITORY.search(url)
    words = _name_words(m.group(1).removesuffix(".git")) if m else []
    if len(words) < 2:
        return None
    if _in_title(words, title_of(doc) or doc.meta.title):
        return "paper"
    refs = "".join(doc.text[sec.start : sec.end] for sec in doc.sections if sec.kind == "references")
    return "cited" if refs and _spelled_in(words, refs) else None


# a reference-list entry outside the reference list (a footnote citing a tool, an unlabelled list):
# "[31] R. Wightman. PyTorch image models. <url>, 2019.", "... In Proceedings of EMNLP, 2020. URL <url>"
_BIB_ENTRY = re.compile(
    r"^\s*\[\d{1,3}\]\s+[A-Z]|\bIn (?:Proc(?:eedings|\.)|(?:ICLR|ICML|NeurIPS|NIPS|CVPR|ICCV|ECCV|ACL|EMNLP|NAACL|"
    r"AAAI|IJCAI|KDD|UAI|AISTATS|COLT)\b)|\bURL\s*$|\barXiv preprint\b"
)


def _bibliography_entry(text: str, at: int) -> bool:
    """True for a URL inside a reference-like entry: its line (or the line before) reads as one."""
    line_start = text.rfind("\n", 0, at) + 1
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    head = text[line_start:at]
    if _FIRST_PERSON.search(head):
        return False
    return bool(
        _BIB_ENTRY.search(head) or _BIB_ENTRY.search(text[prev_start : max(prev_start, line_start - 1)])
    )


# a lead-in about data alone, not in the first person ("The dataset is available at <url>"): no code
_DATA_WORD = re.compile(r"(?i)\b(?:dataset|datasets|data set|data|corpus|corpora|benchmark)\b")
_CODE_THINGS = re.compile(r"(?i)\b(?:scripts?|models?|pipelines?|toolkit|tools?|library|package)\b")


def _data_only(lead: str) -> bool:
    """True for words leading to a URL that offer data, not code, and not the authors' own."""
    if not _DATA_WORD.search(lead) or _FIRST_PERSON.search(lead):
        return False
    return not (_CODE_WORD.search(lead) or _CODE_THINGS.search(lead))


def _tail(marked: str) -> str:
    """The few words before a footnote mark, without the mark: they name what the footnote's URL is for."""
    return re.sub(r"\d+$", "", " ".join(marked.split()[-6:]))


def _footnoted_tool(marked: str) -> bool:
    """True when the footnote mark sits on a tool the paper used: "uses HuggingFace Transformers4".

    The few words before the mark name what the footnote's URL is for; "our code4" stays ours.
    """
    words = _tail(marked)
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
    if doc.section_of(url.start) == "references" or _bibliography_entry(doc.text, url.start):
        return "third_party", match, 0.8
    if _promised(res, sentence, url.start - s):
        return "promised", match, 0.75
    if _EARLIER_WORK.search(sentence):  # "In our previous work, we released X (<url>)": not this paper's code
        return "third_party", match, 0.65
    lo, hi = _clause(sentence, url.start - s)  # "We release code at <a>; the dataset is from <b>"
    if _data_only(sentence[lo : url.start - s]) and match != "person" and url.page != 0:
        return "third_party", match, 0.65
    nearest = _nearest(res, sentence[lo:hi], url.start - s - lo)
    marked = None
    if nearest is None:  # a bare footnote URL: read the sentence that carries its footnote mark
        marked = _marking_sentence(doc, url)
        if marked and _promised(res, marked, len(marked)):
            return "promised", match, 0.7
        nearest = _nearest(res, marked, len(marked)) if marked else None
        if marked and _footnoted_tool(marked):  # "... trained with the ESPnet toolkit [45]4"
            nearest = "code_third_party"
        elif marked and nearest is not None and _WE_RELEASE.search(marked):
            nearest = "code_own"  # "We made the code, based on ..., available as a project4": theirs
    named = named_after(doc, url.url)
    # "Pretrained models are available at github.com/x/swin-transformer": a cited work's models; "MLP-Mixer
    # code is available at <the group's repository>" and "our models are at <...>" offer the authors' own
    offers = (sentence[lo:hi], _tail(marked) if marked else "")
    if named == "cited" and not any(_FIRST_PERSON.search(t) or _CODE_WORD.search(t) for t in offers):
        return "third_party", match, 0.65
    if nearest == "code_own":
        return "own", match, 0.85 if match else 0.75
    if nearest == "code_third_party":
        if match == "person" or named == "paper":
            return "own", match, 0.55
        return "third_party", match, 0.7
    if match == "person" or named == "paper":
        return "own", match, 0.7
    if _project_site(url, sentence, marked):
        return "own", match, 0.65  # "A video can be found on our website7" at <account>.github.io
    if url.page == 0:
        return "own", match, 0.5
    return "third_party", match, 0.5


def is_code_link(doc: ParsedDoc, res: Resources, url: FoundUrl) -> bool:
    """Repository hosts always; model hubs and other URLs only where the sentence offers code.

    "Code: <url>" and "our implementation is available at <url>" offer code, and so does a footnote
    "Available at: <url>" whose mark sits on a code word ("a colab1 notebook"); the authors' project
    page ("Project page: <url>", "on our website4") is where papers point to their code. "A demo can
    be found at <url>" and "the project page of Hafner et al." offer none.
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
    marked = _marking_sentence(doc, url) if not _CODE_WORD.search(sentence) else None
    if _project_site(url, sentence, marked):
        return True
    offers_code = _CODE_WORD.search(sentence) or (marked and _CODE_WORD.search(_tail(marked)))
    return bool(offers_code) and _nearest(res, sentence, url.start - s) == "code_own"


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
    labels += _inside_own(doc, res, own, labels, prod)
    release = _release(doc, res, labels, own)
    if release is not None:
        labels.append(release)
    return sorted(labels, key=lambda lab: (lab.evidence.start or 0, lab.evidence.end or 0, lab.value.kind))


def _inside_own(
    doc: ParsedDoc, res: Resources, own: list[Label], links: list[Label], prod: Producer
) -> list[Label]:
    """Links to a page inside an own link are own too: a file in the authors' repository, a page of their site.

    "code.google.com/p/tool/source/browse/trunk/test-set.txt" beside the own "code.google.com/p/tool", or
    "project.example.org/docs/leaderboard" beside the own "project.example.org", whatever the sentence
    around them says (links already read as own, promised or anonymised stay as they are; a
    third-party one is taken out of ``links`` and returned as own). A
    repository host's own link counts only down to a repository ("github.com/org/repo"), never a
    bare account.
    """
    roots = set()
    for lab in own:
        if isinstance(lab.value, CodeLink):
            norm = normalize_url(lab.value.url)
            if res.code_hosts.get(host_of(norm)) != "repository" or norm.count("/") >= 2:
                roots.add(norm)
    if not roots:
        return []
    by_start = {lab.evidence.start: lab for lab in links}
    extra: list[Label] = []
    for url in find_urls(doc):
        norm = normalize_url(url.url)
        if (
            not any(norm.startswith(root + "/") for root in roots)
            or doc.section_of(url.start) == "references"
        ):
            continue
        old = by_start.get(url.start)
        matched: bool | None = False
        if old is not None:
            if not isinstance(old.value, CodeLink) or old.value.role != "third_party":
                continue
            links.remove(old)
            matched = old.value.owner_matches_author
        value = CodeLink(url=url.url, host=host_of(url.url), role="own", owner_matches_author=matched)
        extra.append(
            Label(
                paper_key=doc.paper_key,
                value=value,
                evidence=make_evidence(doc, url.start, url.end),
                producer=prod,
                confidence=0.6,
            )
        )
    return extra


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
        # "[Yes] we include inputs and outputs" is not code: the justification must offer code, and
        # code only in the supplement or at a link promised for later is no release (the rubric)
        held = [
            lab.value.url
            for lab in links
            if isinstance(lab.value, CodeLink) and lab.value.role in ("promised", "anonymised")
        ]
        flat = re.sub(r"https?://(?:www\.)?", "", justification.lower())
        linked = "http" in justification
        live_link = linked and not any(normalize_url(u) in flat for u in held)
        code_named = bool(_CODE_WORD.search(justification)) and not _SUPPLEMENT.search(justification)
        offers_code = answer[0] == "yes" and (live_link or (code_named and not linked))
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
