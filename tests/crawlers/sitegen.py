"""Write NeurIPS-like proceedings pages in each era's markup (synthetic text, real structure).

Used to build loopback mirrors for crawl tests and the benchmark; the markup follows the recorded
responses and ../shared/research/site-structure.md (unclosed ``p.paper-abstract`` opening its own
``<p>``, bare ``<`` in abstracts, single-quoted hrefs, `` »`` button labels, track tokens).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

_HEAD = """<!doctype html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <title>{title}</title>
    <link rel="stylesheet" href="/static/papers/css/papers.css">
{metas}
</head>
"""
_NAV = """<nav class="navbar navbar-expand-md bg-body-tertiary"><div class="container-fluid">
<a class="navbar-brand" href="/">{brand}</a>
<ul class="navbar-nav me-auto mb-2 mb-lg-0"><li class="nav-item"><a class="nav-link" href="/admin/login/?next=/admin/">Login</a></li></ul>
</div></nav>
"""
_FOOT = """<footer class="footer"><div class="btn-spacer"><a href="https://neurips.cc/Help/Contact?select=Conference">Report an Issue</a></div></footer>
<div class='hidden'>Do not remove: This comment is monitored to verify that the site is working properly</div>
</body>
</html>
"""
TOKEN_LABEL = {
    "Conference": "Main Conference Track",
    "Datasets_and_Benchmarks_Track": "Datasets and Benchmarks Track",
    "Datasets_and_Benchmarks": "Datasets and Benchmarks Track",
    "Position_Paper_Track": "Position Paper Track",
    "round1": "round1",
    "round2": "round2",
}


@dataclass(frozen=True)
class SitePaper:
    """One synthetic paper: ``token`` is the file-name track token ("" for tokenless years)."""

    year: int
    n: int
    token: str = ""
    title: str = ""
    authors: tuple[tuple[str, str], ...] = (("Ann Author", "Example University"), ("Bob Builder", ""))
    abstract: str = (
        "We study <em>synthetic</em> problems when $W<d$ and a<b and c>d; see <https://example.org/code>."
    )
    old_id: int = 0  # papers.nips.cc numeric id (era A)
    doi: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return hashlib.md5(f"{self.year}-{self.n}".encode(), usedforsecurity=False).hexdigest()

    @property
    def suffix(self) -> str:
        return f"-{self.token}" if self.token else ""

    @property
    def name(self) -> str:
        return self.title or f"Synthetic paper {self.year}.{self.n}"

    def abstract_path(self, db_host: bool = False) -> str:
        return f"/paper_files/paper/{self.year}/hash/{self.hash}-Abstract{self.suffix}.html"

    def file_path(self, kind: str, ext: str) -> str:
        suffix = self.suffix if kind == "Paper" else ""
        return f"/paper_files/paper/{self.year}/file/{self.hash}-{kind}{suffix}.{ext}"

    @property
    def old_slug(self) -> str:
        return f"/paper/{self.old_id}-synthetic-paper-{self.year}-{self.n}"


def _authors(p: SitePaper) -> str:
    return ", ".join(name for name, _ in p.authors)


def era_c_index(year: int, papers: list[SitePaper], *, volume: str = "", see_also: str = "") -> str:
    """The live (2026 modern-theme) year page."""
    items = []
    for p in papers:
        track = p.token.lower() or "none"
        badge = (
            f'\n                        <span class="paper-track-badge">{TOKEN_LABEL.get(p.token, p.token)}</span>'
            if p.token
            else ""
        )
        items.append(f"""<li class="{p.token.lower()}" data-track="{track}">
                        <div class="paper-content">
                            <a title="paper title" href="{p.abstract_path()}">{escape(p.name)}</a>
                            <span class="paper-authors">{escape(_authors(p))}</span>
                        </div>{badge}
                    </li>""")
    also = (
        f'\n                <p class="book-see-also">See also: <a href="{see_also}">Advances in Neural '
        f"Information Processing Systems {year - 1987} Main Conference </a></p>"
        if see_also
        else ""
    )
    return (
        _HEAD.format(title=f"NeurIPS {year}", metas="")
        + '<body class="modern-theme">\n'
        + _NAV.format(brand="NeurIPS Proceedings")
        + f"""    <div class="container-fluid">
        <div class="col book-page">
            <header class="book-header">
                <h1 class="book-title">Advances in Neural Information Processing Systems {year - 1987} {volume}</h1>
                <p class="book-meta">NeurIPS {year}</p>
                <p class="book-editors">Edited by A. Editor and B. Editor</p>{also}
            </header>
            <div class="paper-list-header">
                <span class="paper-count">{len(papers)} papers</span>
            </div>
            <ul class="paper-list">
                {chr(10).join(items)}
            </ul>
        </div>
    </div>
"""
        + _FOOT
    )


def era_c_abstract(p: SitePaper, *, metadata: bool = False) -> str:
    """The live (2026 modern-theme) paper page; the abstract opens its own ``<p>`` and is never closed."""
    metas = [f'    <meta name="citation_title" content="{escape(p.name)}">']
    metas += [f'    <meta name="citation_author" content="{escape(n)}">' for n, _ in p.authors]
    metas += [
        f'    <meta name="citation_volume" content="{p.year - 1987}">',
        f'    <meta name="citation_pdf_url" content="https://proceedings.neurips.cc{p.file_path("Paper", "pdf")}">',
        f'    <meta name="citation_publication_date" content="{p.year}">',
    ]
    buttons = [f"<a class='btn btn-light btn-spacer' href='{p.file_path('Bibtex', 'bib')}'>Bibtex</a>"]
    if metadata:
        buttons.append(
            f"<a class='btn btn-light btn-spacer' href='{p.file_path('Metadata', 'json')}'>Metadata</a>"
        )
    buttons.append(f"<a class='btn btn-primary btn-spacer' href='{p.file_path('Paper', 'pdf')}'>Paper</a>")
    track = f'\n                <span class="paper-track">{TOKEN_LABEL[p.token]}</span>' if p.token else ""
    doi = (
        f"""
        <section class="paper-section paper-doi-section">
            <h2 class="section-label">DOI</h2>
            <p><a href="https://doi.org/{p.doi}" class="paper-doi">{p.doi}</a></p>
        </section>"""
        if p.doi
        else ""
    )
    return (
        _HEAD.format(title=escape(p.name), metas="\n".join(metas))
        + '<body class="modern-theme">\n'
        + _NAV.format(brand="NeurIPS Proceedings")
        + f"""<div class="container-fluid">
    <div class="col p-3 paper-detail">
        <header class="paper-header">
            <h1 class="paper-title">{escape(p.name)}</h1>
            <p class="paper-authors">{escape(_authors(p))}</p>
            <p class="paper-meta">
                <a href="/paper_files/paper/{p.year}">Advances in Neural Information Processing Systems {p.year - 1987}  (NeurIPS {p.year})</a>{track}
            </p>
        </header>
        <div class="paper-actions">{" ".join(buttons)}</div>
        <section class="paper-section">
            <h2 class="section-label">Abstract</h2>
            <p class="paper-abstract"><p>{p.abstract}</p>
</section>{doi}
    </div>
</div>
"""
        + _FOOT
    )


def era_b_index(year: int, papers: list[SitePaper], *, db_host: bool = False) -> str:
    """The Bootstrap ``h4`` year page (2020-2026 archives; still the 2021 D&B host's)."""
    items = "\n".join(
        f'<li class="{p.token.lower() or "conference"}">\n'
        f'                        <a title="paper title" href="{p.abstract_path()}">{escape(p.name)}</a> '
        f"<i>{escape(_authors(p))}</i></li>"
        for p in papers
    )
    heading = (
        "Proceedings of the Neural Information Processing Systems Track on Datasets and Benchmarks 1  "
        f"(NeurIPS Datasets and Benchmarks {year})"
        if db_host
        else f"Advances in Neural Information Processing Systems {year - 1987}  (NeurIPS {year})"
    )
    brand = "Datasets and Benchmarks Proceedings" if db_host else "NeurIPS Proceedings"
    return (
        _HEAD.format(title=f"NeurIPS {year}", metas="")
        + "<body>\n"
        + _NAV.format(brand=brand)
        + f"""    <div class="container-fluid">
        <div class="col p-5">
            <h4>{heading}</h4>
            <div style="width:100%">Edited by: <i>A. Editor and B. Editor</i></div>
            <ul class=" paper-list">
                {items}
            </ul>
        </div>
    </div>
"""
        + _FOOT
    )


def era_b_abstract(p: SitePaper) -> str:
    """The Bootstrap ``h4`` paper page: nested ``<p><p>`` abstract, buttons ending in `` »``."""
    metas = [f'<meta name="citation_title" content="{escape(p.name)}">']
    metas += [
        f'<meta name="citation_author" content="{escape(n.split()[-1])}, {escape(" ".join(n.split()[:-1]))}">'
        for n, _ in p.authors
    ]
    metas.append(
        f'<meta name="citation_pdf_url" content="https://proceedings.neurips.cc{p.file_path("Paper", "pdf")}">'
    )
    return (
        _HEAD.format(title=escape(p.name), metas="\n".join(metas))
        + "<body>\n"
        + _NAV.format(brand="NeurIPS Proceedings")
        + f"""<div class="container-fluid">
    <div class="col p-3">
        <h4>{escape(p.name)}</h4>
        <p>Part of <a href="/paper_files/paper/{p.year}">Advances in Neural Information Processing Systems {p.year - 1987}  (NeurIPS {p.year})</a></p>
        <div><a class="btn btn-light btn-spacer" role="button" href="{p.file_path("Bibtex", "bib")}">Bibtex &raquo;</a>
<a class="btn btn-light btn-spacer" role="button" href="{p.file_path("Paper", "pdf")}">Paper &raquo;</a>
<a class="btn btn-light btn-spacer" role="button" href="{p.file_path("Supplemental", "pdf")}">Supplemental &raquo;</a></div>
        <h4>Authors</h4>
        <p><i>{escape(_authors(p))}</i></p>
        <h4>Abstract</h4>
        <p><p>{p.abstract}</p></p>
    </div>
</div>
"""
        + _FOOT
    )


def era_a_book(year: int, papers: list[SitePaper]) -> str:
    """The old papers.nips.cc book page: one ``<li>`` per paper on one line."""
    items = "\n".join(
        f'<li><a href="{p.old_slug}">{escape(p.name)}</a> '
        + ", ".join(
            f'<a href="/author/{n.lower().replace(" ", "-")}-{i}" class="author">{escape(n)}</a>'
            for i, (n, _) in enumerate(p.authors, start=1001)
        )
        + "</li>"
        for p in papers
    )
    return (
        _HEAD.format(
            title=f"Advances in Neural Information Processing Systems {year - 1987} (NIPS {year})", metas=""
        )
        + """<body><header><h1 class="sitename"><a href="/">NIPS Proceedings</a></h1></header>
<div class="main-container"><div class="main wrapper clearfix">
"""
        + f'<h2 class="subtitle">Advances in Neural Information Processing Systems {year - 1987} (NIPS {year})</h2>\n'
        + f"<ul>\n{items}\n</ul>\n</div></div>\n"
        + _FOOT
    )


def era_a_paper(p: SitePaper) -> str:
    """The old papers.nips.cc paper page ("Abstract Missing" when there is no abstract)."""
    metas = [f'<meta name="citation_title" content="{escape(p.name)}">']
    metas += [f'<meta name="citation_author" content="{escape(n)}">' for n, _ in p.authors]
    authors = "".join(
        f'<li class="author"><a href="/author/{n.lower().replace(" ", "-")}-{i}">{escape(n)}</a></li>'
        for i, (n, _) in enumerate(p.authors, start=1001)
    )
    return (
        _HEAD.format(title=escape(p.name), metas="\n".join(metas))
        + """<body><div class="main-container"><div class="main wrapper clearfix">\n"""
        + f"""<h2 class="subtitle">{escape(p.name)}</h2>
<p>Part of: <a href="/book/advances-in-neural-information-processing-systems-{p.year - 1987}-{p.year}">Advances in Neural Information Processing Systems {p.year - 1987} (NIPS {p.year})</a></p>
<a href="{p.old_slug}.pdf">[PDF]</a> <a href="{p.old_slug}/bibtex">[BibTeX]</a> <a href="{p.old_slug}-supplemental.zip">[Supplemental]</a>
<h3>Authors</h3>
<ul class="authors">{authors}</ul>
<h3>Conference Event Type: Poster</h3>
<h3>Abstract</h3>
<p class="abstract">{p.abstract or "Abstract Missing"}</p>
</div></div>
"""
        + _FOOT
    )


def metadata_json(p: SitePaper) -> str:
    """The ``-Metadata.json`` file (institution empty or null when unknown)."""
    authors = [
        {"given_name": " ".join(n.split()[:-1]), "family_name": n.split()[-1], "institution": inst or None}
        for n, inst in p.authors
    ]
    return json.dumps({"title": p.name, "abstract": p.abstract, "authors": authors, "book": "NeurIPS",
                       "page_first": 1, "page_last": 9})  # fmt: skip


def bibtex(p: SitePaper) -> str:
    """The paper's BibTeX entry (authors ``Family, Given and ...``)."""
    names = " and ".join(f"{n.split()[-1]}, {' '.join(n.split()[:-1])}" for n, _ in p.authors)
    return (
        f"@inproceedings{{NEURIPS{p.year}_{p.hash[:8]},\n author = {{{names}}},\n"
        f" booktitle = {{Advances in Neural Information Processing Systems}},\n pages = {{}},\n"
        f" publisher = {{Curran Associates, Inc.}},\n title = {{{p.name}}},\n volume = {{{p.year - 1987}}},\n"
        f" year = {{{p.year}}}\n}}\n"
    )


def pdf_bytes(p: SitePaper, pages: int = 1) -> bytes:
    """A small, distinct, valid PDF for the paper (reportlab)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=True)
    for i in range(pages):
        c.drawString(72, 720, f"{p.name} ({p.hash}) page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def write(root: Path, path: str, content: str | bytes) -> None:
    """Write ``content`` at URL ``path`` under ``root`` (a path ending in ``/`` gets index.html)."""
    target = root / path.lstrip("/")
    if path.endswith("/") or not Path(path).suffix:
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
