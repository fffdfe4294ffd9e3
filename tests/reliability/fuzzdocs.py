"""Hypothesis strategies: adversarial paper text turned into ParsedDocs, and page-1 header words.

Texts are joined from tokens that steer the extractors into their interesting branches (chip and
BERT names, counts, memory sizes, URLs broken over lines, section headings, checklist answers)
mixed with hostile ones (huge numbers, control and non-BMP characters, look-alike digits, page
breaks) and short random strings. Strategies stay cheap: 10,000 examples each must take seconds.
"""

from __future__ import annotations

import hashlib
import random

from hypothesis import strategies as st

from extract.document import PAGE_SEP, Link, Page, PaperMeta, ParsedDoc, Word
from extract.sections import find_sections

CHIPS = ("V100", "A100", "H100", "P100", "K80", "TPU", "TPUv3", "TPU v4", "Cloud TPU v3-8", "RTX 3090",
         "GTX 1080 Ti", "Titan X", "Tesla", "NVIDIA", "Nvidia", "GeForce", "MI250", "Xeon", "Gaudi",
         "GPU", "GPUs", "GPU-days", "GPU hours", "CPU", "cores", "core", "chips", "nodes", "node",
         "A100-80GB", "V100-SXM2", "8xV100", "8×A100", "Apple M1", "IPU")  # fmt: skip
NUMBERS = ("0", "1", "2", "8", "16", "64", "256", "1,024", "4096", "8-", "×", "x", "32GB", "40 GB",
           "80GB", "eight", "sixteen", "a single", "one", "1.5", "1e9", "10^6", "99999999999999999999",
           "-3", "٣", "８", "²", "½", "NaN", "inf", "1 000")  # fmt: skip
URLS = ("https://github.com/", "github.com/ada/", "https://github.com/ada/repo", "www.example.org",
        "https://anonymous.4open.science/r/x-1", "https://huggingface.co/bert-base-uncased",
        "https://gitlab.com/a/b.git", "http://", "https://github.com/ada/repo\nsitory",
        "https://github.com/ada/ré", "https://[::1]/x", "https://github.com/" + "a" * 300,
        "https://bitbucket.org/", "code", "available at", "will be released", "upon acceptance",
        "Our code", "github.com/\n", "doi.org/10.1/x")  # fmt: skip
BERTS = ("BERT", "RoBERTa", "ALBERT", "DistilBERT", "BERT-base", "BERT-Large", "SciBERT", "XLM-R",
         "XLM-RoBERTa", "bert-base-uncased", "ELECTRA", "GPT-2", "T5", "fine-tune", "fine-tuned",
         "pre-train", "we probe", "BERTology", "attention heads", "we use", "our model")  # fmt: skip
STRUCTURE = ("Abstract\n", "\nAbstract\n", "1 Introduction\n", "\nReferences\n", "\nBibliography\n",
             "\nAcknowledgements\n", "\nAppendix\n", "\nA Proofs\n", "\nNeurIPS Paper Checklist\n",
             "For all authors", "Claims", "[Yes]", "[No]", "[N/A]", "Did you include the code",
             "(2019).\n", "et al.", "e.g.", "Fig. 2", ". ", "; ", ", ", "(", ")", "[", "]")  # fmt: skip
HOSTILE = ("\f", "\n", "\n\n", "\t", "\r", "\x00", "\x0b", "\u00a0", "\u200b", "\ufffe", "\ufeff",
           "\U0001f600", "\U00010000", "ﬁ", "\u0301", "\u202e", "İ", "ß", "Ω", "\\", "$", "{", "}",
           "*", "?", "+", "|", "^")  # fmt: skip
ALL_TOKENS = CHIPS + NUMBERS + URLS + BERTS + STRUCTURE + HOSTILE
WORDS = ("we", "trained", "on", "using", "with", "each", "for", "days", "hours", "a", "the", "of",
         "memory", "cluster", "machines", "per", "model", "language", "vision", "image", "speech")  # fmt: skip

_SEPS = (" ", " ", " ", "", "\n", "-", "/", "\f")


def _any_char(rng: random.Random) -> str:
    """Any code point but a lone surrogate (pdfium's text decoder drops those, so no parse has one)."""
    code = rng.randint(0, 0x10FFFF - 0x800)
    return chr(code + 0x800 if code >= 0xD800 else code)


def random_text(rng: random.Random, n_tokens: int) -> str:
    """``n_tokens`` tokens (adversarial, plain words, integers of any size) with separators."""
    parts = []
    for _ in range(n_tokens):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(ALL_TOKENS))
        elif roll < 0.8:
            parts.append(rng.choice(WORDS))
        elif roll < 0.9:
            parts.append(str(rng.randint(-(10**30), 10**30) >> rng.randint(0, 100)))
        else:
            parts.append("".join(_any_char(rng) for _ in range(rng.randint(1, 4))))
        parts.append(rng.choice(_SEPS))
    return "".join(parts)


def seeded_text(rng: random.Random, chunk: str, max_tokens: int = 60) -> str:
    """Mostly short texts (the extractors cost ~20 µs a character on this dense input), now and
    then a long one to catch super-linear regexes, with ``chunk`` inserted at a random place."""
    n_tokens = rng.choice((0, 1, 3, 8, 15, 30, rng.randint(0, max_tokens)))
    if rng.random() < 0.002:
        n_tokens = 1500
    text = random_text(rng, n_tokens)
    at = rng.randint(0, len(text))
    return text[:at] + chunk + text[at:]


def build_doc(text: str, links: tuple[Link, ...] = (), header: tuple[Word, ...] = (),
              meta: PaperMeta | None = None) -> ParsedDoc:  # fmt: skip
    """A ParsedDoc over ``text`` the way the parser builds one: pages split at form feeds, real sections."""
    pages, offset = [], 0
    for index, chunk in enumerate(text.split(PAGE_SEP)):
        if index:
            offset += len(PAGE_SEP)
        pages.append(Page(index, offset, offset + len(chunk), 612.0, 792.0))
        offset += len(chunk)
    return ParsedDoc(
        paper_key="neurips/2021/main/fuzz",
        pdf_sha256="0" * 64,
        text=text,
        text_sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        pages=tuple(pages),
        sections=find_sections(text),
        links=links,
        header_words=header,
        parser="fuzz",
        meta=meta or PaperMeta(),
    )


@st.composite
def parsed_docs(draw: st.DrawFn) -> ParsedDoc:
    """A ParsedDoc with adversarial text, link annotations over (or outside) it, and crawl metadata.

    Hypothesis draws a seed and a unicode chunk only; the rest is built from the seed (draws for
    every token cost milliseconds, and 10,000 examples per extractor must take seconds).
    """
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**64)))
    text = seeded_text(rng, draw(st.text(max_size=12)))
    n, n_pages = len(text), text.count(PAGE_SEP) + 1
    links = []
    for _ in range(rng.choice((0, 0, 1, 3))):
        # as the parser makes them: no text under the link (-1), or a span of the text
        start = rng.randint(-1, n - 1)
        end = -1 if start < 0 else rng.randint(start + 1, n)
        uri = rng.choice(URLS) if rng.random() < 0.8 else random_text(rng, 2)
        links.append(Link(uri, rng.randint(0, n_pages), 0.1, 0.1, 0.2, 0.12, start, end))
    meta = PaperMeta(
        title=rng.choice(("", "BERT for Vision", "Training on TPUs", random_text(rng, 4))),
        abstract=rng.choice(("", "We study language models.", random_text(rng, 10))),
        keywords=tuple(rng.choice(WORDS + BERTS) for _ in range(rng.randint(0, 3))),
        author_names=tuple(rng.sample(NAMES, rng.randint(0, 4))),
    )
    header = random_words(rng, text[:8]) if rng.random() < 0.5 else ()
    return build_doc(text, tuple(links), header, meta)


NAMES = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Yann LeCun", "Fei-Fei Li", "Zhilin Yang",
         "José Müller", "李 明", "A. B. Cee", "van der Berg", "O'Neil", "Mary-Jane Watson-Smith")  # fmt: skip
HEADER_TOKENS = (*NAMES, "1", "2", "∗", "†", "‡", "§", "1,2", "a", "b", "Google Research", "DeepMind",
                 "University of Toronto", "Carnegie Mellon University", "MIT", "Stanford University",
                 "Microsoft Research Asia", "Department of Computer Science", "Beijing, China",
                 "{ada,alan}@example.edu", "ada@example.com", "alan@deepmind.com", "@", "and", ",",
                 "Abstract", "Work done while at Google", "Equal contribution", "Correspondence to:",
                 "All authors from DeepMind", "Proceedings of the 38th", "Preprint.", "\u200b")  # fmt: skip
FONTS = ("", "Times-Roman", "Times-Bold", "NimbusRomNo9L-Medi", "CMR10", "CMBX12", "Helvetica-Bold")


def random_words(rng: random.Random, chunk: str, max_lines: int = 10) -> tuple[Word, ...]:
    """Page-1 words as the parser gives them (non-empty, split at whitespace, no control characters):
    lines of names, markers, organisations and e-mails, often sharing rows and columns (the layouts
    the header parser looks for), with degenerate boxes, fonts and sizes, sometimes out of order."""
    words = []
    for _ in range(rng.choice((0, 1, 2, 4, 8, rng.randint(0, max_lines)))):
        top = rng.choice((0.05, 0.1, 0.12, 0.15, 0.2, 0.9, rng.random()))
        x = rng.choice((0.05, 0.1, 0.3, 0.5, 0.7, rng.random()))
        height = rng.choice((0.0, 0.005, 0.012, 0.03, rng.random()))
        size = rng.choice((0.0, 5.0, 7.0, 10.0, 12.0, 17.0, rng.uniform(0, 1000)))
        font = rng.choice(FONTS)
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            token = rng.choice(HEADER_TOKENS) if roll < 0.8 else chunk if roll < 0.9 else random_text(rng, 1)
            for piece in token.split():
                text = "".join(c for c in piece if c >= " " and c != "\x7f")
                if not text:
                    continue
                width = rng.choice((0.0, 0.006 * len(text), 0.1 * rng.random()))
                marker = rng.random() < 0.15  # a superscript: smaller and raised
                lift = 0.004 if marker else 0.0
                words.append(Word(text, 0, x, max(top - lift, 0.0), min(x + width, 1.0),
                                  min(top + height - lift, 1.0), font, size * 0.7 if marker else size))  # fmt: skip
                x = min(x + width + rng.choice((0.0, 0.003, 0.01, 0.05)), 1.0)
    if rng.random() < 0.2:  # content-stream order is not always reading order
        rng.shuffle(words)
    return tuple(words)


@st.composite
def header_words(draw: st.DrawFn) -> tuple[Word, ...]:
    """Generated page-1 words for the header parser (a drawn seed and unicode chunk)."""
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**64)))
    return random_words(rng, draw(st.text(max_size=8)))
