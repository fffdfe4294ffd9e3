"""Write the demo's replica of proceedings.neurips.cc (the live 2026 markup) into a folder."""

from __future__ import annotations

from html import escape
from pathlib import Path

from paperscope.demo.papers import DEMO_PAPERS, DemoPaper
from paperscope.demo.pdfs import render_pdf

YEAR = 2021
VOLUME = 34


def _index(papers: tuple[DemoPaper, ...]) -> str:
    items = "\n".join(
        f'<li class="" data-track="none"><div class="paper-content">\n'
        f'  <a title="paper title" href="/paper_files/paper/{YEAR}/hash/{p.hash}-Abstract.html">'
        f"{escape(p.title)}</a>\n"
        f'  <span class="paper-authors">{escape(", ".join(a.name for a in p.authors))}</span></div></li>'
        for p in papers
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>NeurIPS {YEAR}</title></head>
<body class="modern-theme"><div class="container-fluid"><div class="col book-page">
<header class="book-header"><h1 class="book-title">Advances in Neural Information Processing Systems {VOLUME} </h1>
<p class="book-meta">NeurIPS {YEAR}</p><p class="book-editors">Edited by the demo editors</p></header>
<div class="paper-list-header"><span class="paper-count">{len(papers)} papers</span></div>
<ul class="paper-list">
{items}
</ul></div></div></body></html>
"""


def _abstract(p: DemoPaper) -> str:
    pdf = f"/paper_files/paper/{YEAR}/file/{p.hash}-Paper.pdf"
    metas = "\n".join(f'<meta name="citation_author" content="{escape(a.name)}">' for a in p.authors)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(p.title)}</title>
<meta name="citation_title" content="{escape(p.title)}">
{metas}
<meta name="citation_journal_title" content="Advances in Neural Information Processing Systems">
<meta name="citation_volume" content="{VOLUME}">
<meta name="citation_pdf_url" content="{pdf}">
<meta name="citation_publication_date" content="{YEAR}">
</head>
<body class="modern-theme"><div class="container-fluid">
<div class="col p-3 paper-detail">
<header class="paper-header"><h1 class="paper-title">{escape(p.title)}</h1>
<p class="paper-authors">{escape(", ".join(a.name for a in p.authors))}</p>
<p class="paper-meta"><a href="/paper_files/paper/{YEAR}">Advances in Neural Information Processing Systems {VOLUME}
 (NeurIPS {YEAR})</a></p></header>
<div class="paper-actions"><a class="btn btn-light btn-spacer" href="/paper_files/paper/{YEAR}/file/{p.hash}-Bibtex.bib">Bibtex</a>
<a class="btn btn-primary btn-spacer" href="{pdf}">Paper</a></div>
<section class="paper-section"><h2 class="section-label">Abstract</h2>
<p class="paper-abstract"><p>{escape(p.abstract)}</p>
</section>
</div></div></body></html>
"""


def _bibtex(p: DemoPaper) -> str:
    authors = " and ".join(f"{a.name.split()[-1]}, {' '.join(a.name.split()[:-1])}" for a in p.authors)
    return (
        f"@inproceedings{{NEURIPS{YEAR}_{p.hash[:8]},\n author = {{{authors}}},\n"
        f" booktitle = {{Advances in Neural Information Processing Systems}},\n"
        f" title = {{{p.title}}},\n url = {{/paper_files/paper/{YEAR}/file/{p.hash}-Paper.pdf}},\n"
        f" volume = {{{VOLUME}}},\n year = {{{YEAR}}}\n}}\n"
    )


def write_site(root: Path, papers: tuple[DemoPaper, ...] = DEMO_PAPERS) -> Path:
    """Write the replica under ``root`` and return it; serve ``root`` as the site's top."""
    base = root / "paper_files" / "paper" / str(YEAR)
    (base / "hash").mkdir(parents=True, exist_ok=True)
    (base / "file").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (base / "index.html").write_text(_index(papers))
    for p in papers:
        (base / "hash" / f"{p.hash}-Abstract.html").write_text(_abstract(p))
        (base / "file" / f"{p.hash}-Bibtex.bib").write_text(_bibtex(p))
        (base / "file" / f"{p.hash}-Paper.pdf").write_bytes(render_pdf(p, YEAR))
    return root
