"""Shared figure style and deterministic rendering: same figure -> same bytes (no dates, no versions).

Figures are built on ``matplotlib.figure.Figure`` directly (no pyplot, so no global figure state), and
every build and save runs inside :func:`style`, an ``rc_context``: nothing changes global rcParams.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
TEAM_COLORS = {"academic": "#0072B2", "industry": "#D55E00"}
TEAM_LABELS = {"academic": "Academic (no industry author)", "industry": "Industry-involved"}
TOPIC_LABELS = {
    "nlp_speech": "NLP & speech",
    "vision": "Computer vision",
    "other": "Other",
    "unknown": "Unknown topic",
}
ACCENT = "#009E73"
MUTED = "#6b6b6b"
YEAR_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")

STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.labelcolor": "#222222",
    "axes.edgecolor": "#888888",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#e6e6e6",
    "grid.linewidth": 0.7,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.08,
    "svg.hashsalt": "paperscope",  # stable element ids in SVG output
    "svg.fonttype": "path",
}

VENUES = {"neurips": "NeurIPS", "icml": "ICML", "iclr": "ICLR"}
SI_PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"))

_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}


@contextmanager
def style() -> Iterator[None]:
    """Apply the report style for the duration of the block (figure building and saving)."""
    with mpl.rc_context(STYLE):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A pyplot-free figure of ``width`` x ``height`` inches; call inside :func:`style`."""
    return Figure(figsize=(width, height), layout="constrained")


def render(fig: Figure, fmt: str = "png") -> bytes:
    """The figure's bytes in ``fmt`` (png, svg or pdf) with fixed metadata: identical input, identical bytes."""
    if fmt not in _METADATA:
        raise ValueError(f"unsupported figure format {fmt!r}; use png, svg or pdf")
    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format=fmt, metadata=_METADATA[fmt])
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> Path:
    """Write the figure to ``path``; the suffix picks the format and its deterministic metadata."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(fig, path.suffix.lstrip(".").lower()))
    return path


def data_uri(data: bytes, fmt: str = "png") -> str:
    """A ``data:`` URI embedding figure bytes in HTML."""
    mime = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt]
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def empty_note(ax: Any, text: str) -> None:
    """Write a centred note on an axis that has nothing to show."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color=MUTED)
    ax.set_xticks([])
    ax.set_yticks([])


def venue_name(venue: str) -> str:
    """A venue as it is written (NeurIPS, not NEURIPS)."""
    return VENUES.get(venue, venue)


def flops_label(value: float, _pos: object = None) -> str:
    """Tick label for a FLOP/s axis: 10 TFLOP/s, 1 PFLOP/s."""
    for scale, prefix in SI_PREFIXES:
        if value >= scale:
            return f"{value / scale:g} {prefix}FLOP/s"
    return f"{value:g} FLOP/s"
