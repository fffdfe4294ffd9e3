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
import unicodedata

from extract.document import ParsedDoc
from extract.evidence import make_evidence, producer, sentence_bounds
from extract.links import FoundUrl, find_urls, host_of, owner_of
from extract.resources import Resources
from paperscope.records import CodeLink, CodeRelease, CodeRole, Label

NAME = "code_links"
VERSION = "0.1.0"

_GENERIC_OWNER_PARTS = frozenset(
    [
        "research",
        "lab",
        "labs",
        "ai",
        "team",
        "group",
        "official",
        "org",
        "ml",
        "nlp",
        "cv",
        "code",
        "project",
        "projects",
        "the",
        "inc",
        "corp",
    ]
)
_CHECKLIST_ANSWERS = {"yes": "yes", "no": "no", "n/a": "na", "na": "na"}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def author_tokens(doc: ParsedDoc) -> tuple[set[str], set[str]]:
    """Lower-case (name parts, other words) of the authors and the title block (organisations)."""
    names: set[str] = set()
    for full in doc.meta.author_names:
        names.update(p for p in re.split(r"[\s.-]+", _ascii(full)) if len(p) >= 2)
    block = next((s for s in doc.sections if s.kind == "title_block"), None)
    words: set[str] = set()
    if block is not None:
        words = {w for w in re.split(r"[^a-z0-9]+", _ascii(doc.text[block.start : block.end])) if len(w) >= 2}
    return names, words


def owner_matches(owner: str, names: set[str], words: set[str]) -> bool:
    """True when a repository owner looks like an author ("zihangdai") or their organisation."""
    flat = re.sub(r"[^a-z0-9]", "", owner.lower())
    flat = re.sub(r"\d+$", "", flat)
    candidates = names | {w for w in words if w[0].isalpha()}
    if any(len(n) >= 4 and (n in flat or (flat in n and len(flat) >= 4)) for n in candidates):
        return True
    parts = [p for p in re.split(r"[-_]|(?<=[a-z])(?=[A-Z])", owner) if p]
    return any(len(p) >= 3 and p.lower() not in _GENERIC_OWNER_PARTS and p.lower() in words for p in parts)


def _nearest(res: Resources, sentence: str, at: int) -> str | None:
    """Which of the own / third-party cues in the sentence sits nearest to position ``at``."""
    best: tuple[int, str] | None = None
    for use in ("code_own", "code_third_party"):
        for m in res.cues[use].finditer(sentence):
            distance = min(abs(m.start() - at), abs(m.end() - at))
            if best is None or distance < best[0]:
                best = (distance, use)
    return best[1] if best else None


def classify(
    doc: ParsedDoc, res: Resources, url: FoundUrl, names: set[str], words: set[str]
) -> tuple[CodeRole, bool, float]:
    """(role, owner matches an author, confidence) of one repository link."""
    s, e = sentence_bounds(doc.text, url.start, url.end)
    sentence = doc.text[s:e]
    owner = owner_of(url.url)
    matches = bool(owner) and owner_matches(owner or "", names, words)
    section = doc.section_of(url.start)
    if res.code_hosts.get(host_of(url.url)) == "anonymised" or res.cue(
        "code_anonymised", url.url + " " + sentence
    ):
        return "anonymised", matches, 0.9
    if section == "references":
        return "third_party", matches, 0.8
    if res.cue("code_promised", sentence):
        return "promised", matches, 0.75
    nearest = _nearest(res, sentence, url.start - s)
    if nearest == "code_own":
        return "own", matches, 0.85 if matches else 0.75
    if nearest == "code_third_party":
        return ("own", True, 0.55) if matches else ("third_party", False, 0.7)
    if matches:
        return "own", True, 0.7
    if url.page == 0:
        return "own", False, 0.5
    return "third_party", False, 0.5


def checklist_answer(doc: ParsedDoc, res: Resources) -> tuple[str, re.Match[str]] | None:
    """The NeurIPS checklist's answer on code (yes / no / na) and where it is printed."""
    m = res.cue("code_checklist_question", doc.text)
    return None if m is None else (_CHECKLIST_ANSWERS.get(m.group(1).lower(), "na"), m)


def extract_code_links(doc: ParsedDoc, res: Resources) -> list[Label]:
    """``CodeLink`` per repository URL and the paper's ``CodeRelease`` when there is evidence of it."""
    names, words = author_tokens(doc)
    prod = producer(doc, NAME, VERSION)
    labels: list[Label] = []
    own: list[Label] = []
    for url in find_urls(doc):
        host = host_of(url.url)
        if host not in res.code_hosts:
            continue
        role, matches, confidence = classify(doc, res, url, names, words)
        label = Label(
            paper_key=doc.paper_key,
            value=CodeLink(url=url.url, host=host, role=role, owner_matches_author=matches),
            evidence=make_evidence(doc, url.start, url.end),
            producer=prod,
            confidence=confidence,
        )
        labels.append(label)
        if role == "own":
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
        m = answer[1]
        value = CodeRelease(released=answer[0] == "yes", checklist_answer=checklist)
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
