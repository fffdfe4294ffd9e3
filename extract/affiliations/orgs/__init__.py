"""Organisations: the index built from ``data/orgs/`` and resolution of affiliation strings and domains.

``table`` (the records and the packed index, type policy), ``loader`` (builds the index from the
data files), ``cache`` (a pickled index keyed by the hash of its inputs), ``resolve`` (string or
e-mail domain -> organisation, with how it matched), ``unlisted`` (organisations in no table, typed
by how they name themselves), ``reference_tables`` (derives ``data/orgs/``
from the shared reference data; run by hand).
"""

from extract.affiliations.orgs.cache import cached_org_index
from extract.affiliations.orgs.resolve import OrgMatch, find_orgs, resolve_domain, resolve_text
from extract.affiliations.orgs.table import Org, OrgIndex

__all__ = ["Org", "OrgIndex", "OrgMatch", "cached_org_index", "find_orgs", "resolve_domain", "resolve_text"]
