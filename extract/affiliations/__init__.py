"""Author affiliations from page-1 headers: parse, link each author, resolve the organisation."""

from extract.affiliations.extractor import (
    NAME,
    VERSION,
    AffiliationResources,
    extract_affiliations,
    load_resources,
)

__all__ = ["NAME", "VERSION", "AffiliationResources", "extract_affiliations", "load_resources"]
