"""Paper items of sources with more identities than a proceedings hash (PMLR, OpenReview).

:class:`VenuePaperItem` is a :class:`~crawlers.items.PaperItem` (pipelines store it unchanged) that
also carries the PMLR id, OpenReview id, arXiv id, keywords, decision and per-author profile ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawlers.items import AuthorItem, PaperItem
from paperscope.records import Author, Paper, SourceIds


@dataclass(frozen=True, slots=True)
class ProfileAuthorItem(AuthorItem):
    """An author with the identity the source gives: an OpenReview profile id and/or an email."""

    profile_id: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class VenuePaperItem(PaperItem):
    """A listed paper with its cross-source identities and, where the source has one, its decision."""

    pmlr_id: str | None = None
    openreview_id: str | None = None
    arxiv_id: str | None = None
    pdf_digest: str | None = None
    keywords: tuple[str, ...] = ()
    decision: str | None = None

    def to_paper(self) -> Paper:
        """The store record, with every identity in :class:`~paperscope.records.SourceIds`."""
        base = PaperItem.to_paper(self)  # slotted dataclass: zero-argument super() does not work
        authors = tuple(
            Author(
                position=i,
                name=a.name,
                affiliations_raw=a.affiliations,
                profile_id=getattr(a, "profile_id", None),
                email=getattr(a, "email", None),
            )
            for i, a in enumerate(self.authors)
        )
        ids = SourceIds(
            proceedings_hash=self.proceedings_hash,
            openreview_id=self.openreview_id,
            pmlr_id=self.pmlr_id,
            arxiv_id=self.arxiv_id,
            doi=self.doi,
            pdf_digest=self.pdf_digest,
        )
        fields = dict(base) | {
            "authors": authors,
            "ids": ids,
            "keywords": self.keywords,
            "decision": self.decision,
        }
        return Paper(**fields)


@dataclass(frozen=True, slots=True)
class ProfilesItem:
    """OpenReview profiles as fetched: ``(profile id, record JSON)``, stored for the affiliation labels."""

    profiles: tuple[tuple[str, str], ...]
    source_url: str
