"""Typed views of ``params.yaml`` (what the report computes) and ``targets.yaml`` (the paper's numbers)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from paperscope.errors import InputError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_PARAMS = PACKAGE_DIR / "params.yaml"
DEFAULT_TARGETS = PACKAGE_DIR / "targets.yaml"

Precision = Literal["fp32", "tensor"]
IndustryDefinition = Literal["any", "majority"]
Regressor = Literal["frac_industry", "any_industry", "majority_industry"]


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SampleSpec(_Block):
    """A seeded random sample of one venue and year: ``n`` papers drawn with ``seed``."""

    n: int = Field(gt=0)
    seed: int = Field(ge=0)


class HardwareParams(_Block):
    """Fig. 2: which papers, which precision's peak FLOP/s, which teams count as industry.

    ``precision`` has no default: the params file must state the policy, because set-ups without a
    peak under it are left out of the figure.
    """

    venue: str
    year: int
    sample: SampleSpec | None = None
    precision: Precision
    industry_definition: IndustryDefinition = "any"
    mean: Literal["arithmetic", "geometric"] = "arithmetic"
    jitter_seed: int = 0


class BertologyParams(_Block):
    """Fig. 5: venue, years and which BERT roles count."""

    venue: str
    years: tuple[int, ...]
    roles: tuple[Literal["studies", "uses", "cites_only"], ...] = ("studies",)  # the study's Methods rubric


class CodeReleaseParams(_Block):
    """Table 1 and Fig. 6: the regression's papers, regressor, estimator and covariance.

    ``population``: ``all`` regresses every paper with a code-release value and a known industry
    share; ``new_model`` only those an annotator judged to present a new model (the study's 94).
    """

    venue: str
    years: tuple[int, ...]
    base_year: int
    sample: SampleSpec | None = None
    regressor: Regressor = "frac_industry"
    method: Literal["mle", "firth"] = "mle"
    cov_type: str = "nonrobust"
    population: Literal["all", "new_model"] = "all"

    @model_validator(mode="after")
    def _base_in_years(self) -> CodeReleaseParams:
        if self.base_year not in self.years:
            raise ValueError(f"base_year {self.base_year} is not one of years {list(self.years)}")
        if self.sample is not None and len(self.years) != 1:
            raise ValueError("a code_release sample needs exactly one year")
        return self


class BootstrapParams(_Block):
    """Seeded percentile bootstrap: ``n`` resamples, ``ci`` percent interval."""

    n: int = Field(ge=10)
    seed: int = Field(ge=0)
    ci: float = Field(gt=0, lt=100)


class SensitivityParams(_Block):
    """The sensitivity table's bootstrap settings."""

    bootstrap: BootstrapParams
    logit_bootstrap_n: int = Field(ge=0)


class Params(_Block):
    """Everything the report computes with; ``digest`` identifies the exact file used."""

    version: int
    hardware: HardwareParams
    bertology: BertologyParams
    code_release: CodeReleaseParams
    sensitivity: SensitivityParams
    source_text: str = Field(default="", exclude=True)

    @property
    def digest(self) -> str:
        """First 12 hex chars of the sha256 of the params file's text."""
        return hashlib.sha256(self.source_text.encode()).hexdigest()[:12]


class Target(_Block):
    """One published number and where the paper prints it."""

    value: float
    approx: bool = False
    text: str = ""
    where: str


class Table1Row(_Block):
    """One row of the paper's Table 1."""

    variable: str
    label: str
    estimate: float
    se: float
    p: float


class Table1(_Block):
    """The paper's Table 1 as printed."""

    where: str
    rows: tuple[Table1Row, ...]


class Targets(_Block):
    """The paper's numbers, keyed ``<analysis>.<quantity>``, and its Table 1."""

    numbers: dict[str, Target]
    table1: Table1


def _read_yaml(path: Path) -> tuple[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return text, yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from exc


def load_params(path: Path = DEFAULT_PARAMS) -> Params:
    """Read and check a params file; a bad file is an InputError naming the first problem."""
    text, data = _read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of blocks")
    try:
        return Params.model_validate({**data, "source_text": text})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: {where}: {first['msg']}") from exc


def load_targets(path: Path = DEFAULT_TARGETS) -> Targets:
    """Read the paper's published numbers."""
    _, data = _read_yaml(path)
    try:
        return Targets.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: {exc.errors()[0]['msg']}") from exc
