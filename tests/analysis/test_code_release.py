"""Table 1 and Fig. 6 on synthetic tables with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import code_release
from analysis.params import CodeReleaseParams
from analysis.sensitivity import logit_newton

PARAMS = CodeReleaseParams(venue="neurips", years=(2017, 2018, 2019, 2020, 2021), base_year=2017)
PLANTED = {
    "Intercept": 0.5,
    "frac_industry": -1.52,
    "n_authors": -0.05,
    "2018": 0.4,
    "2019": 0.8,
    "2020": 1.2,
    "2021": 1.6,
}


def planted_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    year = rng.choice(PARAMS.years, n)
    n_authors = rng.integers(1, 12, n)
    industry = rng.binomial(n_authors, rng.choice([0.0, 0.0, 0.3, 0.6, 1.0], n))
    frac = industry / n_authors
    eta = PLANTED["Intercept"] + PLANTED["frac_industry"] * frac + PLANTED["n_authors"] * n_authors
    eta = eta + np.array([PLANTED.get(str(y), 0.0) for y in year])
    released = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    return pd.DataFrame(
        {
            "paper_key": [f"p{i}" for i in range(n)],
            "year": year,
            "released": released,
            "frac_industry": frac,
            "any_industry": (industry > 0).astype(int),
            "majority_industry": (frac > 0.5).astype(int),
            "n_authors": n_authors,
            "verified": True,
        }
    )


def test_logit_recovers_planted_coefficients() -> None:
    result = code_release.fit(planted_frame(20_000, seed=1), PARAMS)
    estimates = dict(
        zip(
            result.table["variable"],
            zip(result.table["estimate"], result.table["se"], strict=True),
            strict=True,
        )
    )
    assert set(estimates) == set(PLANTED)
    for name, truth in PLANTED.items():
        estimate, se = estimates[name]
        assert abs(estimate - truth) < 4 * se, (name, estimate, truth, se)
    assert result.coef == pytest.approx(-1.52, abs=0.2)
    assert result.converged
    assert result.n == 20_000


def test_table_is_in_the_papers_layout_with_stars() -> None:
    result = code_release.fit(planted_frame(3_000, seed=2), PARAMS)
    assert list(result.table["variable"]) == [
        "frac_industry",
        "n_authors",
        "2018",
        "2019",
        "2020",
        "2021",
        "Intercept",
    ]
    assert list(result.table.columns) == ["variable", "label", "estimate", "se", "p", "stars"]
    for p, stars in zip(result.table["p"], result.table["stars"], strict=True):
        assert stars == ("**" if p < 0.01 else "*" if p < 0.05 else "")


def test_result_applies_the_papers_arithmetic_to_its_own_coefficient() -> None:
    frame = planted_frame(3_000, seed=3)
    result = code_release.fit(frame, PARAMS)
    p0 = float(frame.loc[frame["frac_industry"] == 0, "released"].mean())
    assert result.coef is not None
    assert result.p_academic == pytest.approx(p0)
    assert result.odds_ratio == pytest.approx(np.exp(result.coef))
    p1, change = code_release.probability_change(p0, result.coef)
    assert result.abs_change == pytest.approx(change)
    assert result.p_industry == pytest.approx(p1)


def test_firth_solves_the_jeffreys_penalised_score_equation() -> None:
    frame = planted_frame(120, seed=4)
    result = code_release.fit(frame, PARAMS, method="firth")
    import statsmodels.formula.api as smf

    model = smf.logit(code_release.formula("frac_industry", 2017, [2017, 2018, 2019, 2020, 2021]), data=frame)
    x, y = np.asarray(model.exog), np.asarray(model.endog)
    order = {
        v if not v.startswith("C(") else v.rsplit("[T.", 1)[1].rstrip("]"): i
        for i, v in enumerate(model.exog_names)
    }
    beta = np.zeros(x.shape[1])
    for variable, estimate in zip(result.table["variable"], result.table["estimate"], strict=True):
        beta[order[variable]] = estimate
    p = 1 / (1 + np.exp(-x @ beta))
    w = p * (1 - p)
    info = x.T @ (x * w[:, None])
    hat = np.einsum("ij,jk,ik->i", x * np.sqrt(w)[:, None], np.linalg.inv(info), x * np.sqrt(w)[:, None])
    score = x.T @ (y - p + hat * (0.5 - p))  # Firth (1993): U*(b) = X'(y - p + h(1/2 - p)) = 0
    assert np.abs(score).max() < 1e-3
    plain = code_release.fit(frame, PARAMS)
    assert result.coef is not None
    assert plain.coef is not None
    assert abs(result.coef) < abs(plain.coef)  # the penalty shrinks towards zero


def test_separated_data_is_flagged_and_firth_stays_finite() -> None:
    frame = planted_frame(200, seed=5)
    frame["released"] = (frame["frac_industry"] < 0.5).astype(int)
    plain = code_release.fit(frame, PARAMS)
    firth = code_release.fit(frame, PARAMS, method="firth")
    assert not plain.converged
    assert "converge" in plain.note
    assert firth.coef is not None
    assert np.isfinite(firth.coef)
    assert abs(firth.coef) < 50


def test_too_little_data_is_not_estimable_rather_than_an_error() -> None:
    result = code_release.fit(planted_frame(6, seed=6), PARAMS)
    assert result.coef is None
    assert result.note.startswith("not estimable")


def test_newton_matches_statsmodels() -> None:
    import statsmodels.formula.api as smf

    frame = planted_frame(2_000, seed=8)
    model = smf.logit(code_release.formula("frac_industry", 2017, [2017, 2018, 2019, 2020, 2021]), data=frame)
    ours = logit_newton(np.asarray(model.endog, float), np.asarray(model.exog, float))
    assert ours is not None
    np.testing.assert_allclose(ours, model.fit(disp=0).params.to_numpy(), atol=1e-6)


def test_yearly_lines_recover_a_planted_slope() -> None:
    rng = np.random.default_rng(9)
    frac = rng.random(5_000)
    frame = pd.DataFrame(
        {"year": 2019, "frac_industry": frac, "released": (rng.random(5_000) < 0.8 - 0.3 * frac).astype(int)}
    )
    fits = code_release.yearly_fits(frame, [2019, 2020])
    rows = {int(r["year"]): r for r in fits.to_dict("records")}
    assert rows[2019]["slope"] == pytest.approx(-0.3, abs=3 * float(rows[2019]["slope_se"]))
    assert rows[2019]["intercept"] == pytest.approx(0.8, abs=0.05)
    # no 2020 papers: no line, no error
    assert fits["slope"].isna().tolist() == [False, True]


def test_the_new_model_population_keeps_only_papers_judged_to_present_one() -> None:
    papers = pd.DataFrame(
        {
            "paper_key": ["a", "b", "c", "d"],
            "venue": "neurips",
            "year": pd.array([2021] * 4, dtype="Int64"),
            "released_code": pd.array([True, False, True, True], dtype="boolean"),
            "new_model": pd.array([True, False, None, True], dtype="boolean"),
            "frac_industry": pd.array([0.0, 1.0, 0.5, 0.25], dtype="Float64"),
            "any_industry": pd.array([False, True, True, True], dtype="boolean"),
            "majority_industry": pd.array([False, True, False, False], dtype="boolean"),
            "n_authors": pd.array([2, 3, 4, 4], dtype="Int64"),
            "code_verified": pd.array([True, True, False, True], dtype="boolean"),
            "affiliation_verified": pd.array([True, True, True, True], dtype="boolean"),
        }
    )
    every = code_release.code_frame(papers, PARAMS)
    judged = code_release.code_frame(papers, PARAMS.model_copy(update={"population": "new_model"}))
    assert list(every["paper_key"]) == ["a", "b", "c", "d"]
    assert list(judged["paper_key"]) == ["a", "d"]  # "no" and not-yet-judged papers are left out


def test_the_year_dummies_named_are_the_ones_fitted() -> None:
    frame = planted_frame(600, seed=3)
    result = code_release.fit(frame, PARAMS)
    years = sorted({int(y) for y in frame["year"]})
    assert result.base_year == years[0]
    assert result.year_dummies == tuple(years[1:])
    one_year = frame[frame["year"] == years[-1]]
    single = code_release.fit(one_year, PARAMS)
    assert single.year_dummies == ()
    assert single.base_year is None  # the params' base year is not claimed when no dummy was fitted


def test_every_paper_left_out_of_table1_is_counted_once_by_its_first_reason() -> None:
    papers = pd.DataFrame(
        {
            "paper_key": ["a", "b", "c", "d", "e", "f"],
            "venue": ["neurips"] * 5 + ["icml"],
            "year": pd.array([2021] * 6, dtype="Int64"),
            "released_code": pd.array([True, None, None, True, True, True], dtype="boolean"),
            "new_model": pd.array([True, None, None, True, False, True], dtype="boolean"),
            "frac_industry": pd.array([0.0, 1.0, None, None, 0.5, 0.0], dtype="Float64"),
            "any_industry": pd.array([False, True, None, None, True, False], dtype="boolean"),
            "majority_industry": pd.array([False, True, None, None, False, False], dtype="boolean"),
            "n_authors": pd.array([2, 3, 0, 4, 4, 2], dtype="Int64"),
            "code_verified": pd.array([True] * 6, dtype="boolean"),
            "affiliation_verified": pd.array([True] * 6, dtype="boolean"),
        }
    )
    judged = PARAMS.model_copy(update={"population": "new_model"})
    left = code_release.left_out(papers, judged)
    assert left == {
        "no code-release value (no PDF read)": 2,  # b, and c (which also lacks authors) once
        "no author's organisation type known": 1,  # d
        "no authors listed": 0,
        "not judged to present a new model": 1,  # e
    }
    regressed = code_release.code_frame(papers, judged)
    assert list(regressed["paper_key"]) == ["a"]  # f is another venue: not in the selection at all
    assert sum(left.values()) + len(regressed) == 5
