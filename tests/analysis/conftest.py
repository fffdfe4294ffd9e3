"""Fixtures for the analysis tests: a synthetic store with planted effects, and quick params."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import synthetic
from analysis.params import DEFAULT_PARAMS, Params, load_params
from paperscope.store import Store


@pytest.fixture(scope="session")
def quick_params(tmp_path_factory: pytest.TempPathFactory) -> Params:
    """The shipped params with fewer bootstrap resamples (the tests check behaviour, not precision)."""
    text = DEFAULT_PARAMS.read_text(encoding="utf-8")
    text = text.replace("logit_bootstrap_n: 200", "logit_bootstrap_n: 30").replace("n: 1000,", "n: 200,")
    path = tmp_path_factory.mktemp("params") / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return load_params(path)


@pytest.fixture(scope="session")
def synthetic_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A work dir whose store holds 600 synthetic NeurIPS papers (2017-2022), 30% verified."""
    home = tmp_path_factory.mktemp("home")
    with Store.open(home / "paperscope.sqlite") as store:
        synthetic.fill_store(store, 600, seed=7)
    return home
