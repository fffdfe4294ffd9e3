"""The page-1 header parser: words -> lines -> cells -> name groups and affiliation blocks -> authors.

Stages, one module each: ``words`` (normalise pdfium's words), ``region`` (where the title block
is), ``lines`` (words into lines and cells, superscript markers), ``cells`` (what a cell is: names,
affiliation, e-mail, note), ``blocks`` (name groups and the affiliation lines under them),
``model`` (the records), ``parse`` (:func:`parse_header`, which runs them in order).
"""

from extract.affiliations.header.model import HeaderAffiliation, HeaderAuthor, ParsedHeader
from extract.affiliations.header.parse import parse_header

__all__ = ["HeaderAffiliation", "HeaderAuthor", "ParsedHeader", "parse_header"]
