"""The extractors the batch runs, in order: name, version, how to load resources, the function.

To add an extractor, append an :class:`Extractor` to ``EXTRACTORS``. Its ``load`` builds what it
reads from ``data/``; it is called for every document, so it must cache (``Resources.load`` does:
one instance per process, shared by the extractors using it); ``run`` is a pure
``(ParsedDoc, R) -> labels``.
Bump ``version`` whenever the output may change: the batch then re-runs it on every PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from extract import affiliations, bert, code_links, hardware, topic, training
from extract.document import ParsedDoc
from extract.resources import Resources
from paperscope.records import Label

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Extractor(Generic[R]):
    """One extractor: ``name@version``, its resource loader and its pure extraction function."""

    name: str
    version: str
    load: Callable[[Path], R]
    run: Callable[[ParsedDoc, R], list[Label]]

    @property
    def tag(self) -> str:
        """``name@version``."""
        return f"{self.name}@{self.version}"


EXTRACTORS: tuple[Extractor[Any], ...] = (
    Extractor(hardware.NAME, hardware.VERSION, Resources.load, hardware.extract_hardware),
    Extractor(training.NAME, training.VERSION, Resources.load, training.extract_training),
    Extractor(bert.NAME, bert.VERSION, Resources.load, bert.extract_bert),
    Extractor(code_links.NAME, code_links.VERSION, Resources.load, code_links.extract_code_links),
    Extractor(
        affiliations.NAME,
        affiliations.VERSION,
        affiliations.load_resources,
        affiliations.extract_affiliations,
    ),
    Extractor(topic.NAME, topic.VERSION, topic.load_resources, topic.extract_topic),
)


def select(only: tuple[str, ...] = ()) -> tuple[Extractor[Any], ...]:
    """The registered extractors named in ``only`` (all when empty); unknown names raise ValueError."""
    if not only:
        return EXTRACTORS
    known = {e.name: e for e in EXTRACTORS}
    unknown = [n for n in only if n not in known]
    if unknown:
        raise ValueError(f"unknown extractor(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return tuple(e for e in EXTRACTORS if e.name in only)


def run_all(
    doc: ParsedDoc, extractors: tuple[Extractor[Any], ...], data_dir: Path
) -> dict[str, list[Label] | Exception]:
    """Run each extractor on ``doc``; an extractor that raises gives its exception, not labels."""
    out: dict[str, list[Label] | Exception] = {}
    for ex in extractors:
        try:
            out[ex.name] = ex.run(doc, ex.load(data_dir))
        except Exception as exc:  # noqa: BLE001  # one broken extractor must not stop the others
            out[ex.name] = exc
    return out
