"""Text normalisation shared by organisation matching and author-name matching.

Headers come out of PDFs with odd spacing ("CarnegieMellonUniversity"), detached accents
("Montre´al") and ligatures, so matching works on *squashed* keys: ASCII-folded, lower-case,
letters and digits only. Tokens keep their boundaries (camel case splits), so a key can be required
to start and end on a token boundary.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_ABBREVIATIONS = (
    (re.compile(r"\bUniv\b\.?", re.IGNORECASE), "University"),
    (re.compile(r"\bInst\b\.?", re.IGNORECASE), "Institute"),
    (re.compile(r"\bTech\b\.", re.IGNORECASE), "Technology"),
    (re.compile(r"\bLab\b\.", re.IGNORECASE), "Laboratory"),
    (re.compile(r"\bDept\b\.?", re.IGNORECASE), "Department"),
    (re.compile(r"\bNatl\b\.?", re.IGNORECASE), "National"),
    (re.compile(r"\bSci\b\.", re.IGNORECASE), "Science"),
    (re.compile(r"\bCorp\b\.?", re.IGNORECASE), "Corporation"),
)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACING_ACCENTS = str.maketrans("", "", "´`¨ˆ˜ˇ¸˚˙˝¯˘")  # printed beside a letter, not on it
_LEADING_THE = re.compile(r"^\W*the\b")


def ascii_fold(text: str) -> str:
    """NFKD-fold to ASCII: accents (also detached ones such as ``e´``) and ligatures resolved."""
    if text.isascii():
        return text.replace("`", "")
    text = text.translate(_SPACING_ACCENTS)
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O"))
    text = text.replace("ł", "l").replace("Ł", "L").replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def squash(text: str) -> str:
    """Matching key: ASCII-folded, lower-case, alphanumerics only, leading ``the`` dropped.

    >>> squash("The University of Texas at Austin") == squash("UniversityofTexasatAustin")
    True
    """
    folded = _LEADING_THE.sub("", ascii_fold(text).lower())
    return _NON_ALNUM.sub("", folded)


def words(text: str) -> list[str]:
    """Lower-case ASCII words (alphanumeric runs) of ``text``."""
    return _NON_ALNUM.split(ascii_fold(text).lower())


def tokens(text: str) -> list[str]:
    """Word tokens with camel-case boundaries: ``"PurdueUniversityandMicrosoft"`` gives 4 tokens."""
    return _TOKEN.findall(ascii_fold(text))


def word_tokens(text: str) -> list[tuple[str, bool]]:
    """Tokens as in :func:`tokens`, each flagged True when it begins a whitespace-separated word."""
    out: list[tuple[str, bool]] = []
    for word in ascii_fold(text).split():
        out.extend((tok, i == 0) for i, tok in enumerate(_TOKEN.findall(word)))
    return out


def expand_abbreviations(text: str) -> str:
    """Spell out ``Univ.``, ``Inst.``, ``Dept.`` and similar before fuzzy matching."""
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def split_camel(text: str) -> str:
    """Re-insert spaces lost in PDF extraction: ``"ZhilinYang"`` -> ``"Zhilin Yang"``."""
    text = re.sub(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])", " ", text)
    return re.sub(r"(?<=\.)(?=[A-Z][a-z])", " ", text)
