"""Fixtures for the affiliation tests: the organisation index built from the repository's data/."""

from __future__ import annotations

import pytest

from extract.affiliations.extractor import AffiliationResources, load_resources
from extract.affiliations.orgs.table import OrgIndex
from paperscope.settings import DATA_DIR


@pytest.fixture(scope="session")
def resources() -> AffiliationResources:
    """The affiliation resources from data/orgs (loaded once for the session)."""
    return load_resources(DATA_DIR)


@pytest.fixture(scope="session")
def orgs(resources: AffiliationResources) -> OrgIndex:
    """The organisation index."""
    return resources.orgs
