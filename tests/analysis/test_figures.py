"""Deterministic figure bytes and the report's number formatting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import figures
from analysis.render import fmt, table


def make_figure() -> Figure:
    with figures.style():
        fig = figures.new_figure(4, 3)
        ax = fig.subplots()
        ax.plot([1, 2, 3], [3, 1, 2], label="line")
        ax.set_title("A title")
        ax.legend()
    return fig


@pytest.mark.parametrize("fmt_name", ["png", "svg", "pdf"])
def test_same_figure_gives_identical_bytes(fmt_name: str) -> None:
    first, second = figures.render(make_figure(), fmt_name), figures.render(make_figure(), fmt_name)
    assert first == second
    assert b"Matplotlib v" not in first  # no software version stamped in
    assert b"CreationDate" not in first


def test_save_picks_the_format_from_the_suffix(tmp_path: Path) -> None:
    png = figures.save(make_figure(), tmp_path / "f.png").read_bytes()
    svg = figures.save(make_figure(), tmp_path / "f.svg").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert b"<svg" in svg
    with pytest.raises(ValueError, match="unsupported"):
        figures.save(make_figure(), tmp_path / "f.gif")


def test_style_does_not_leak_into_global_rcparams() -> None:
    import matplotlib as mpl

    before = mpl.rcParams["axes.spines.top"]
    make_figure()
    assert mpl.rcParams["axes.spines.top"] == before


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (None, "pct", "—"),
        (float("nan"), "sig3", "—"),
        (pd.NA, "int", "—"),
        (float("inf"), "ratio", "—"),
        (0.8140, "pct2", "81.40%"),
        (-1.52, "sig3", "−1.52"),
        (0.79, "sig3", "0.790"),
        (-0.00253, "sig3", "−0.00253"),
        (0.0031, "p", "0.0031"),
        (1e-9, "p", "<0.001"),
        (5.04, "ratio", "5.04×"),
        (2.5e14, "flops", "250 TFLOP/s"),
        (1234, "int", "1,234"),
        (-0.0225, "points", "−2.25 pts"),
    ],
)
def test_fmt(value: object, kind: str, text: str) -> None:
    assert fmt(value, kind) == text


def test_tables_never_print_nan() -> None:
    html = table([{"a": float("nan"), "b": None}], [("a", "A", "sig3"), ("b", "B", "text")])
    assert "nan" not in html.lower()
    assert html.count("—") == 2
