"""HTML pieces of the report: number formatting, tables, figures and the page shell (no I/O)."""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import pandas as pd

MISSING = "—"
VENUES = {"neurips": "NeurIPS", "icml": "ICML", "iclr": "ICLR"}
VENUE_WORD = re.compile(r"\b(neurips|icml|iclr)\b(?![-/_]|\.\w)")
SI = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def display(text: str) -> str:
    """Venue ids written as venues are (neurips -> NeurIPS) in text meant for readers.

    Ids inside file names and paper keys (followed by ``-``, ``/``, ``.`` or ``_``) are left alone.
    """
    return VENUE_WORD.sub(lambda m: VENUES[m.group(1)], text)


def is_missing(value: Any) -> bool:
    """True for None, pandas NA and non-finite floats: shown as a dash, never as NaN."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and not math.isfinite(value)


def fmt(value: Any, kind: str = "text") -> str:
    """Format one value: int, signed_int, pct, pct2, points, ratio, signed, sig3, p, flops, bool, text, numtext.

    ``numtext`` is text already formatted as a number (right-aligned in tables).
    """
    if is_missing(value):
        return MISSING
    if kind in {"text", "numtext"}:
        return str(value)
    if kind == "bool":
        return "yes" if bool(value) else "no"
    v = float(value)
    match kind:
        case "int":
            text = f"{round(v):,}"
        case "signed_int":
            text = f"{round(v):+,}"
        case "pct":
            text = f"{100 * v:.1f}%"
        case "pct2":
            text = f"{100 * v:.2f}%"
        case "points":
            text = f"{100 * v:+.2f} pts"
        case "ratio":
            text = f"{v:.2f}×"
        case "signed":
            text = f"{v:+.3g}"
        case "sig3":
            text = f"{v:#.3g}".rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"
        case "p":
            text = "<0.001" if v < 0.001 else f"{v:.2g}" if v < 0.01 else f"{v:.3f}"
        case "flops":
            text = next(
                (f"{v / scale:.3g} {prefix}FLOP/s" for scale, prefix in SI if v >= scale), f"{v:.3g} FLOP/s"
            )
        case _:
            raise ValueError(f"unknown number format {kind!r}")
    return text.replace("-", "−")


def table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[tuple[str, str, str]],
    *,
    caption: str = "",
    row_class: str | None = None,
) -> str:
    """An HTML table; ``columns`` are (key, header, format); numeric formats are right-aligned.

    With ``row_class`` naming a boolean key, rows where it is true get the ``setting`` class.
    """
    head = "".join(f'<th class="{_align(kind)}">{escape(header)}</th>' for _, header, kind in columns)
    body = []
    for row in rows:
        cls = (
            ' class="setting"'
            if row_class and not is_missing(row.get(row_class)) and row.get(row_class)
            else ""
        )
        cells = "".join(
            f'<td class="{_align(kind)}">{escape(fmt(row.get(key), kind))}</td>' for key, _, kind in columns
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as dicts with pandas NA kept (formatted as a dash)."""
    return [dict(zip(frame.columns, values, strict=True)) for values in frame.itertuples(index=False)]


def _align(kind: str) -> str:
    return "txt" if kind in {"text", "bool"} else "num"


def figure(png: bytes, alt: str, caption: str, fig_id: str, dpi: float = 150) -> str:
    """A PNG embedded as a data: URI, shown at 112 CSS px per figure inch: one text size in every figure."""
    width = int.from_bytes(png[16:20], "big")  # PNG IHDR: width, then height, big-endian
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="{escape(fig_id)}"><img src="{uri}" alt="{escape(alt)}" '
        f'style="width:{round(width * 112 / dpi)}px"><figcaption>{caption}</figcaption></figure>'
    )


def section(sec_id: str, title: str, body: str) -> str:
    """A numbered report section."""
    return f'<section id="{escape(sec_id)}"><h2>{escape(title)}</h2>{body}</section>'


def page(
    title: str, header: str, nav: Sequence[tuple[str, str]], sections: Sequence[str], footer: str
) -> str:
    """The whole self-contained HTML document."""
    links = "".join(f'<a href="#{escape(i)}">{escape(t)}</a>' for i, t in nav)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<header>{header}</header><nav>{links}</nav>{''.join(sections)}"
        f"<footer>{footer}</footer></main></body></html>\n"
    )


CSS = """
:root { --ink:#1d232a; --muted:#5f6b76; --rule:#d9dee3; --band:#f5f7f9; --acad:#0072B2; --ind:#D55E00;
        --accent:#009E73; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff; font:15px/1.55 system-ui, -apple-system, "Segoe UI",
       Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 28px 60px; }
header h1 { font-size: 27px; margin: 0 0 4px; letter-spacing: -0.01em; }
header .lede { color: var(--muted); margin: 0 0 14px; max-width: 820px; }
.meta { display:flex; flex-wrap:wrap; gap: 8px 22px; margin: 0; padding: 12px 16px; background: var(--band);
        border-radius: 8px; font-size: 13.5px; }
.meta div { display:flex; flex-direction:column; }
.notice { margin: 10px 0 0; padding: 9px 14px; border-left: 4px solid var(--ind); background: #fff4ec;
          border-radius: 4px; font-size: 14px; }
.meta dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.meta dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
nav { position: sticky; top: 0; background: rgba(255,255,255,.96); border-bottom: 1px solid var(--rule);
      padding: 9px 0; margin: 18px 0 6px; display:flex; gap: 18px; font-size: 14px; z-index: 2; }
nav a { color: var(--acad); text-decoration: none; }
nav a:hover { text-decoration: underline; }
section { margin-top: 34px; }
h2 { font-size: 20px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15.5px; margin: 22px 0 6px; }
p.note, .caveats { color: var(--muted); font-size: 13.5px; }
figure { margin: 14px 0 18px; }
figure img { max-width: 100%; height: auto; display:block; border: 1px solid var(--rule); border-radius: 6px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; max-width: 900px; }
table { border-collapse: collapse; margin: 10px 0 16px; font-size: 13.5px; }
.pair table { width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: 6px; color: var(--ink); }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.txt, th.txt { text-align: left; }
tbody tr:nth-child(even) { background: #fafbfc; }
tr.setting td { background: #e3f2ea; font-weight: 600; }
.paper { color: var(--muted); }
.pair { display:grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.box { background: var(--band); border-left: 4px solid var(--accent); padding: 10px 14px; border-radius: 4px;
       font-size: 14px; }
.box code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--band); padding: 12px 14px; border-radius: 6px; overflow-x: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--rule);
         padding-top: 10px; }
@media (max-width: 760px) { .pair { grid-template-columns: 1fr; } }
"""
