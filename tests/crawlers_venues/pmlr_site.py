"""A loopback PMLR for the ICML crawl tests: three volumes, both templates, PDFs on two hosts.

v202 (2023, current template) is read from its volume page + BibTeX (one record missing: that
paper's own page is read); v235 (2024) has no bibliography (404), so every paper page is read, and
its PDFs sit on a second host as on raw.githubusercontent.com; v37 (2015) is the legacy ``#content``
template with flat PDF paths. Bad cases: a PDF 404, a paper page 404, two papers sharing one PDF.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from pathlib import Path


def pdf_bytes(text: str, pages: int = 1) -> bytes:
    """A small valid PDF showing ``text`` (reportlab, invariant output)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=True)
    for i in range(pages):
        c.drawString(72, 720, f"{text} page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def write(root: Path, path: str, content: str | bytes) -> None:
    """Write ``content`` at URL ``path`` under ``root`` (``/vNNN/`` gets ``index.html``)."""
    target = root / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode())


@dataclass(frozen=True)
class Paper:
    """One paper: PMLR key, title, authors (display names) and the BibTeX spelling of the authors."""

    key: str
    title: str
    authors: tuple[str, ...]
    bib_authors: str = ""
    openreview: str | None = None
    supp: bool = False


@dataclass
class PmlrSite:
    """Expected outcome per store key (``stored`` or a miss reason) and authors per key."""

    expected: dict[str, str] = field(default_factory=dict)
    authors: dict[str, tuple[str, ...]] = field(default_factory=dict)


V202 = [
    Paper("alpha23a", "Alpha Nets", ("Jérôme Müller", "Ann Author"), r"M{\"u}ller, J{\'e}r{\^o}me and Author, Ann", "AbCdEfGh01"),
    Paper("beta23a", "Beta Bounds for $p<2$", ("Bo Beta",), "Beta, Bo", "AbCdEfGh02"),
    Paper("gamma23a", "Gamma Rays", ("Ga Gamma", "Ha Hu"), "Gamma, Ga and Hu, Ha", "AbCdEfGh03", supp=True),
    Paper("delta23a", "Delta Without Record", ("Di Delta",), "", "AbCdEfGh04"),
    Paper("eps23a", "Epsilon Reprint", ("Ed Eps",), "Eps, Ed", "AbCdEfGh05"),
]  # fmt: skip
V235 = [
    Paper("xi24a", "Xi on GitHub", ("Xu Xi", "Yan Yi"), openreview="XyZ0123456"),
    Paper("omicron24a", "Omicron", ("Oz Om",), openreview="XyZ0123457"),
    Paper("pi24a", "Pi Page Gone", ("Pia Pi",), openreview="XyZ0123458"),
]
V37 = [
    Paper("rho15", "Rho Legacy", ("Ro Rho", "Sy Sigma"), supp=True),
    Paper("tau15", "Tau Legacy", ("Ta Tau",)),
]
PMLR_FAULTS = {
    "/v202/beta23a/beta23a.pdf": {"kind": "status", "status": 404},
    "/v235/pi24a.html": {"kind": "status", "status": 404},
    "/v235/assets/bib/bibliography.bib": {"kind": "status", "status": 404},
}


def _entry(p: Paper, volume: int, abs_url: str, pdf: str, supp: str | None) -> str:
    links = f'[<a href="{abs_url}">abs</a>][<a href="{pdf}" target="_blank">Download PDF</a>]'
    if supp:
        links += f'[<a href="{supp}" target="_blank">Supplementary Material</a>]'
    if p.openreview:
        links += f'[<a href="https://openreview.net/forum?id={p.openreview}" target="_blank">OpenReview</a>]'
    return f"""<div class="paper">
  <p class="title">{html.escape(p.title)}</p>
  <p class="details"><span class="authors">{", ".join(p.authors)}</span>;
    <span class="info"><i>Proceedings of the Conference</i>, PMLR {volume}:1-10</span></p>
  <p class="links">{links}</p>
</div>"""


def volume_page(volume: int, heading: str, entries: list[str], *, legacy: bool, bib: bool) -> str:
    """A volume page in the current (``main.page-content``) or legacy (``#content``) template."""
    bib_link = '<p>[<a href="./assets/bib/bibliography.bib">bib</a>]</p>' if bib else ""
    body = f"<h2>Volume {volume}: {heading}</h2>\n{bib_link}\n" + "\n".join(entries)
    if legacy:
        return f'<html><body><div id="content"><div>{body}</div></div></body></html>'
    return f'<!DOCTYPE html><html><body><main class="page-content"><div class="wrapper">{body}</div></main></body></html>'


def paper_page(p: Paper, volume: int, year: int, pdf: str, supp: str | None, *, legacy: bool) -> str:
    """A paper page: the current template with ``citation_*`` metas, or the legacy one without."""
    extras = f'<li><a href="{pdf}">Download PDF</a></li>'
    if supp:
        extras += f'<li><a href="{supp}">Supplementary Material</a></li>'
    if p.openreview:
        extras += f'<li><a href="https://openreview.net/forum?id={p.openreview}">OpenReview</a></li>'
    info = f"Proceedings of the Conference, PMLR {volume}:1-10, {year}."
    abstract = f"The abstract of {p.title}, where $a<b$."
    if legacy:
        return f"""<html><body><div id="content"><h1>{html.escape(p.title)}</h1>
<div id="authors">{", ".join(p.authors)}</div><div id="info">{info}</div>
<div id="abstract">{abstract}</div><div id="extras"><ul>{extras}</ul></div></div></body></html>"""
    metas = "".join(f'<meta name="citation_author" content="{a}">' for a in p.authors)
    return f"""<html><head><meta name="citation_title" content="{html.escape(p.title)}">{metas}
<meta name="citation_pdf_url" content="{pdf}"></head><body><article class="post-content">
<h1>{html.escape(p.title)}</h1><span class="authors">{", ".join(p.authors)}</span>
<div id="info"><i>Proceedings of the Conference</i>, {info}</div>
<div id="abstract" class="abstract">{abstract}</div><div id="extras"><ul>{extras}</ul></div>
</article></body></html>"""


def bibliography(volume: int, papers: list[Paper]) -> str:
    """``assets/bib/bibliography.bib`` with a record for each paper that has ``bib_authors``."""
    return "\n".join(
        f"@InProceedings{{pmlr-v{volume}-{p.key},\n  title = {{{p.title}}},\n  author = {{{p.bib_authors}}},\n"
        f"  abstract = {{The {{abstract}} of {p.title}.}}\n}}"
        for p in papers
        if p.bib_authors
    )


def build_pmlr(root: Path, gh_root: Path, site: str, gh: str, *, changed_layout: bool = False) -> PmlrSite:
    """Write the mirror (``site`` serves ``root``, ``gh`` serves ``gh_root``); return what to expect."""
    out = PmlrSite()
    write(root, "/robots.txt", "User-agent: *\nDisallow: /private/\n")
    icml = "International Conference on Machine Learning"
    # v202: volume + BibTeX; the PDF of eps23a is the same file as alpha23a's
    entries = []
    for p in V202:
        pdf, supp = (
            f"{site}/v202/{p.key}/{p.key}.pdf",
            f"{site}/v202/{p.key}/{p.key}-supp.pdf" if p.supp else None,
        )
        entries.append(_entry(p, 202, f"{site}/v202/{p.key}.html", pdf, supp))
        same = "alpha23a" if p.key == "eps23a" else p.key
        write(root, f"/v202/{p.key}/{p.key}.pdf", pdf_bytes(f"ICML 2023 {same}", pages=2))
        write(root, f"/v202/{p.key}.html", paper_page(p, 202, 2023, pdf, supp, legacy=False))
        out.expected[f"icml/2023/main/{p.key}"] = "http_status" if p.key == "beta23a" else "stored"
        out.authors[f"icml/2023/main/{p.key}"] = p.authors
    page = volume_page(202, f"{icml}, 23-29 July 2023, Honolulu", entries, legacy=False, bib=True)
    if changed_layout:
        page = page.replace('class="paper"', 'class="paper-card"')
        out.expected = {}
    write(root, "/v202/", page)
    write(root, "/v202/assets/bib/bibliography.bib", bibliography(202, V202))
    # v235: no bibliography; PDFs on the second host
    entries = []
    for p in V235:
        pdf = f"{gh}/mlresearch/v235/main/assets/{p.key}/{p.key}.pdf"
        entries.append(_entry(p, 235, f"{site}/v235/{p.key}.html", pdf, None))
        write(gh_root, f"/mlresearch/v235/main/assets/{p.key}/{p.key}.pdf", pdf_bytes(f"ICML 2024 {p.key}"))
        write(root, f"/v235/{p.key}.html", paper_page(p, 235, 2024, pdf, None, legacy=False))
        out.expected[f"icml/2024/main/{p.key}"] = "stored"  # pi24a's page fails: its volume entry has the PDF
        out.authors[f"icml/2024/main/{p.key}"] = p.authors
    write(
        root, "/v235/", volume_page(235, f"{icml}, 21-27 July 2024, Vienna", entries, legacy=False, bib=True)
    )
    # v37: the legacy template, flat PDFs, no bibliography link
    entries = []
    for p in V37:
        pdf, supp = f"{site}/v37/{p.key}.pdf", f"{site}/v37/{p.key}-supp.pdf" if p.supp else None
        entries.append(_entry(p, 37, f"{site}/v37/{p.key}.html", pdf, supp))
        write(root, f"/v37/{p.key}.pdf", pdf_bytes(f"ICML 2015 {p.key}"))
        write(root, f"/v37/{p.key}.html", paper_page(p, 37, 2015, pdf, supp, legacy=True))
        out.expected[f"icml/2015/main/{p.key}"] = "stored"
        out.authors[f"icml/2015/main/{p.key}"] = p.authors
    write(root, "/v37/", volume_page(37, f"{icml}, 7-9 July 2015, Lille", entries, legacy=True, bib=False))
    return out
