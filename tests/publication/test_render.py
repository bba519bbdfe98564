"""What a reader gets from the rendered book: the PDF (tables on the page, numbering, PDF/A,
tags) and the HTML (one numbering with the PDF, WCAG 2.1 AA by axe-core).

The checks on a real render run where Quarto (>= 1.9) exists and are skipped, with the
reason, where it does not. The checking functions themselves (analysis.checks.rendered) are
tested here without Quarto: on Typst stand-in documents compiled with the Typst compiler from PyPI,
and on small HTML pages in Chromium. (The review renders in ../shared are snapshots to look
at, not fixtures: no test reads them.)
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.chapter import charts
from analysis.chapter.tables import to_markdown
from analysis.checks.rendered import (
    StaticServer,
    axe_violations,
    chromium_executable,
    compact,
    html_numbers,
    pdf_archive_and_tags,
    pdf_numbers,
    pdf_overflow,
    pdf_text,
)
from analysis.data.paths import ROOT
from analysis.publication import book, execution, render

YEARS = (2023, 2024)


def quarto_reason() -> str | None:
    try:
        render.find_quarto()
    except render.QuartoMissing as exc:
        return f"Quarto >= 1.9 ontbreekt ({str(exc).splitlines()[0]})"
    return None


needs_quarto = pytest.mark.skipif(quarto_reason() is not None, reason=quarto_reason() or "")
needs_chromium = pytest.mark.skipif(
    chromium_executable() is None,
    reason="Chromium ontbreekt (Debian: apt-get install chromium); axe-core draait erin",
)


# ------------------------------------------------------------------ PDF checks, no Quarto
STAND_IN_TEMPLATE = """
#let book(body) = {
  set heading(numbering: (..n) => if n.pos().len() == 1 { numbering("1.", ..n) }
                                  else { numbering("1.1", ..n) })
  show heading.where(level: 1): set heading(supplement: [Chapter])
  show heading: it => { if it.level == 1 { pagebreak(to: "odd"); block(it) } else { it } }
  show figure: it => align(center)[#it #v(2.6em, weak: true)]
  set page(paper: "a4", margin: (x: 3cm, bottom: 2.5cm, top: 3cm))
  body
}
#show: book
"""
STAND_IN_BODY = """
#heading(level: 1, numbering: none)[Samenvatting]
Zie #ref(<sec-twee>, supplement: [Hoofdstuk]) hier.
= Een
$ a = b $
= Twee <sec-twee>
#figure([#table(columns: (10%, 90%), table.header([kopnr], [kopregel]),
  ..range(90).map(i => ([#i], [rij #i])).flatten())],
  caption: [Lang], kind: "quarto-float-tbl", supplement: "Tabel")
"""


def compile_stand_in(with_rules: bool) -> Path:
    """A stand-in for Quarto's Typst book: the template's chapter page breaks and figure
    wrapping, a Quarto table figure of 90 rows, and (as Quarto does with
    include-before-body) the rules of _typst/publicatie.typ pasted after the template call."""
    typst = pytest.importorskip("typst")
    rules = (ROOT / "_typst" / "publicatie.typ").read_text(encoding="utf-8") if with_rules else ""
    pdf = typst.compile((STAND_IN_TEMPLATE + rules + STAND_IN_BODY).encode())
    out = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"stand-in-{with_rules}-{os.getpid()}.pdf"
    out.write_bytes(pdf)
    return out


def test_typst_rules_break_long_tables_with_header_and_no_blank_pages():
    from pypdf import PdfReader

    pdf = compile_stand_in(with_rules=True)
    pages = [p.extract_text() or "" for p in PdfReader(pdf).pages]
    table_pages = [t for t in pages if "rij" in t]
    assert len(table_pages) >= 2
    assert all("kopnr" in t for t in table_pages)  # header row repeated on every page
    assert "rij 89" in "".join(pages)  # every row printed
    assert all(t.strip() for t in pages)  # no blank (left-hand) pages
    assert pdf_overflow(pdf) == {}
    assert "Hoofdstuk 2 hier" in pages[0].replace("\u00a0", " ")
    assert "(1" not in "".join(pages)  # equation unnumbered
    pdf.unlink()


STICKY_CAPTION = "#show figure.caption.where(position: top): it => block(sticky: true, it)\n"


def test_the_title_page_author_has_no_dash_the_typst_title_page_prints_as_hyphens():
    author = book.book_config()["book"]["author"]
    assert not any(d in author for d in ("\u2014", "\u2013", "---", "--"))


def _table_after_text(words: int, with_rules: bool) -> list[str]:
    """Pages of a stand-in where a captioned, breakable table follows ``words`` of text;
    without ``with_rules`` the rules lack the one that keeps a caption with its table."""
    from pypdf import PdfReader

    typst = pytest.importorskip("typst")
    rules = (ROOT / "_typst" / "publicatie.typ").read_text(encoding="utf-8")
    assert STICKY_CAPTION in rules
    if not with_rules:
        rules = rules.replace(STICKY_CAPTION, "")
    body = f"""
#set par(justify: true)
#set text(lang: "nl", hyphenate: true)
#show figure.where(kind: "quarto-float-tbl"): set figure.caption(position: top)
#lorem({words})
#figure([#table(columns: (35%, 8%, 57%), align: (left, right, left),
  table.header([indicator], [gezinsmigranten], [oordeel]),
  ..range(30).map(i => ([rij #i], [#i], [niet significant])).flatten())],
  caption: [Tabel met kop], kind: "quarto-float-tbl", supplement: "Tabel")
"""
    pdf = typst.compile((STAND_IN_TEMPLATE + rules + body).encode())
    out = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"stand-in-tabel-{os.getpid()}.pdf"
    out.write_bytes(pdf)
    pages = [p.extract_text() or "" for p in PdfReader(out).pages]
    out.unlink()
    return pages


def test_a_table_caption_stays_with_its_table_and_cells_are_not_hyphenated():
    stranded = {True: [], False: []}
    for with_rules in (True, False):
        for words in range(560, 640, 8):
            pages = _table_after_text(words, with_rules)
            caption = next(i for i, t in enumerate(pages) if "Tabel met kop" in t)
            first_row = next(i for i, t in enumerate(pages) if "rij 0" in t)
            if caption != first_row:
                stranded[with_rules].append(words)
            if with_rules:
                cells = "".join(pages[first_row:])
                assert "signifi-" not in cells and "gezinsmi-" not in cells
    assert stranded[False]  # the stand-in does strand the caption without that rule
    assert stranded[True] == []


def test_without_the_rules_the_stand_in_table_overflows_and_the_checker_sees_it():
    from pypdf import PdfReader

    pdf = compile_stand_in(with_rules=False)
    found = pdf_overflow(pdf)
    pages = [p.extract_text() or "" for p in PdfReader(pdf).pages]
    table_page = next(i for i, t in enumerate(pages, start=1) if "kopnr" in t)
    # the unbreakable table runs off its own page, and only that page is flagged: the
    # pages with ordinary text (summary, chapter with an equation) are not
    assert set(found) == {table_page}
    assert "rij 89" in found[table_page]
    pdf.unlink()


# ------------------------------------------------------------------ HTML, no Quarto
PAGE = """<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body>
<nav id="quarto-sidebar"><a href="../index.html">Samenvatting</a></nav>
<nav id="TOC" role="doc-toc"><a href="#a">A</a></nav>
<main><h1>Titel</h1>
<div class="alert" role="note"><a href="chapters/11_bijlage_methode.html#sec-gegevens">x</a></div>
<details class="cijfers-bij-figuur"><summary>Cijfers bij <a href="#fig-x">Figuur 3.1</a></summary>
<table><thead><tr><th></th><th>percentage</th></tr></thead><tbody><tr><td>a</td><td>5%</td></tr>
</tbody></table></details>
<table><thead><tr><th></th><th>aantal</th></tr></thead><tbody><tr><td>b</td><td>7</td></tr>
</tbody></table>
<nav class="page-navigation"><a class="pagination-link" aria-label="Werk" href="02.html">
<span class="chapter-number">2</span> <span class="chapter-title">Werk</span></a></nav>
</main></body></html>"""


def test_accessibility_fixes_name_navs_labels_headers_and_summary():
    fixed = render.toegankelijk(PAGE, "chapters/01_inleiding.html")
    assert 'aria-label="Hoofdstukken"' in fixed and 'aria-label="Op deze pagina"' in fixed
    assert 'aria-label="Vorige en volgende pagina"' in fixed
    assert 'aria-label="Werk"' not in fixed  # name = visible text with the number
    assert fixed.count('<span class="visually-hidden">Omschrijving</span></th>') == 2
    assert re.search(r"<summary>Cijfers bij Figuur 3.1</summary>", fixed)
    assert 'href="../chapters/11_bijlage_methode.html#sec-gegevens"' in fixed
    assert render.toegankelijk(fixed, "chapters/01_inleiding.html") == fixed  # idempotent


@needs_chromium
def test_axe_runner_reports_known_violations_and_none_after_the_fixes(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "chapters" / "ok.html").write_text(
        render.toegankelijk(PAGE, "chapters/ok.html"), encoding="utf-8"
    )
    with StaticServer(tmp_path) as base:
        found = axe_violations([f"{base}/chapters/p.html", f"{base}/chapters/ok.html"])
    before = {v["id"] for v in found[f"{base}/chapters/p.html"]}
    assert {"landmark-unique", "empty-table-header", "label-content-name-mismatch"} <= before
    after = {v["id"] for v in found[f"{base}/chapters/ok.html"]}
    assert not after & {"landmark-unique", "empty-table-header", "label-content-name-mismatch"}


# ------------------------------------------------------------------ build pieces, no Quarto
def test_unnumbered_title_cell_is_kept_unnumbered_for_quarto():
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Samenvatting {.unnumbered}")]
    )
    execution.keep_unnumbered(nb)
    assert nb.cells[0].source.startswith("\n# Samenvatting")
    numbered = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Werk {#sec-werk}")])
    execution.keep_unnumbered(numbered)
    assert numbered.cells[0].source == "# Werk {#sec-werk}"


def test_figure_numbers_table_has_a_row_per_bar_with_interval_and_respondents():
    data = pd.DataFrame(
        {
            "label": ["betaald werk", "betaald werk"],
            "reeks": ["totaal", "utrecht"],
            "percentage": [30.71, 65.0],
            "ci_laag": [26.13, None],
            "ci_hoog": [35.70, None],
            "noemer": [254.0, None],
        }
    )
    tabel = charts.cijfers_tabel(data)
    assert list(tabel["percentage"]) == ["30,7%", "65,0%"]
    assert list(tabel["95%-interval"]) == ["26,1–35,7%", "–"]
    assert list(tabel["respondenten"]) == ["254", "–"]
    assert list(tabel["reeks"]) == ["Alle inburgeraars", "Utrechters"]
    md = charts.cijfers_bij_figuur(data, "werk")
    assert 'when-format="html"' in md and "Cijfers bij @fig-werk" in md


def test_wide_table_columns_are_sized_by_their_content():
    df = pd.DataFrame(
        {
            "nr": ["1"],
            "oorspronkelijke indicator": ["met passend werk " * 4],
            "vertaling in dit onderzoek": ["Enquêtevraag: Hoe tevreden bent u over het werk? " * 2],
            "resultaat (2023)": ["31%"],
        }
    )
    dashes = [len(m.strip(":")) for m in to_markdown(df, "rllr").splitlines()[1].split("|")[1:-1]]
    assert dashes[0] < dashes[3] < dashes[1] and dashes[0] < dashes[2]


def test_quarto_in_the_virtual_environment_is_found(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "quarto"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 1.9.38\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setenv("PATH", "/nonexistent")
    assert render.find_quarto() == str(fake)


# ------------------------------------------------------------------ the real render
# `rendered` (tests/conftest.py): both years rendered once per session.


def the_pdf(site: Path) -> Path:
    return next(site.glob("*.pdf"))


@needs_quarto
@pytest.mark.parametrize("jaar", YEARS)
def test_no_text_outside_the_text_area_of_any_pdf_page(rendered, jaar):
    assert pdf_overflow(the_pdf(rendered[jaar])) == {}


@needs_quarto
@pytest.mark.parametrize("jaar", YEARS)
def test_every_row_label_of_the_key_table_is_in_the_pdf(rendered, builds, jaar):
    tabel = pd.read_csv(builds[jaar] / "tabellen" / "tbl-kernindicatoren.csv", dtype=str)
    text = compact(pdf_text(the_pdf(rendered[jaar])))
    labels = tabel["oorspronkelijke indicator"].dropna()
    missing = [label for label in labels if compact(label) not in text]
    assert not missing


@needs_quarto
@pytest.mark.parametrize("jaar", YEARS)
def test_html_numbers_chapters_figures_and_tables_as_the_pdf(rendered, jaar):
    html = html_numbers(rendered[jaar])
    pdf = pdf_numbers(the_pdf(rendered[jaar]))
    assert html["chapters"].get("Samenvatting") is None
    assert html["chapters"].get("Inleiding") == "1"
    for title, number in pdf["chapters"].items():
        if title in html["chapters"]:
            assert html["chapters"][title] == number, title
    assert html["numbers"] == pdf["numbers"]


@needs_quarto
@pytest.mark.parametrize("jaar", YEARS)
def test_pdf_is_pdfa_2b_and_tagged_with_alt_text_per_figure(rendered, builds, jaar):
    info = pdf_archive_and_tags(the_pdf(rendered[jaar]))
    assert info["pdfa"] == ("2", "B")
    assert info["tagged"] and info["lang"].startswith("nl")
    figures_built = list((builds[jaar] / "figuren").glob("fig-*.png"))
    assert len(info["alts"]) == len(figures_built)
    assert all(alt.strip() for alt in info["alts"])


@needs_quarto
@needs_chromium
@pytest.mark.parametrize("jaar", YEARS)
def test_axe_core_finds_no_wcag_violations_on_any_html_page(rendered, jaar):
    site = rendered[jaar]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    with StaticServer(site) as base:
        found = axe_violations([f"{base}/{p}" for p in pages])
    problems = {
        url: [(v["id"], len(v["nodes"]), v["nodes"][0]["target"]) for v in vs]
        for url, vs in found.items()
        if vs
    }
    assert not problems


def test_a_chapter_reference_from_the_samenvatting_reads_like_the_pdf():
    pagina = (
        '<html lang="nl"><body><main><p>Meer in <a href="./chapters/07_kernindicatoren.html'
        '#sec-kernindicatoren" class="quarto-xref"><span class="chapter-number">7</span>'
        '\u00a0 <span class="chapter-title">Kernindicatoren en blik vooruit</span></a>. Zie '
        '<a href="#sec-taal-x" class="quarto-xref">Sectie 3.2</a> en '
        '<a href="./chapters/11_bijlage_methode.html#sec-bijlage-methode">Bijlage D</a>.'
        "</p></main></body></html>"
    )
    fixed = render.toegankelijk(pagina, "index.html")
    assert "Meer in <a" in fixed and "Hoofdstuk\u00a07</a>" in fixed
    assert "Kernindicatoren en blik vooruit" not in fixed
    # another cross-reference keeps its text, its word and number joined by a no-break space
    assert "Sectie\u00a03.2</a>" in fixed and "Bijlage D</a>" in fixed
    assert render.toegankelijk(fixed, "index.html") == fixed


def test_the_chapter_word_of_the_html_fix_is_the_books():
    cfg = book.book_config()
    woord = cfg["language"]["crossref-ch-prefix"]
    assert render.HOOFDSTUK_WOORD == cfg["crossref-ch-prefix"] == woord


ENGELSE_PAGINA = """<!DOCTYPE html><html lang="nl" xml:lang="nl"><head><title>x</title></head>
<body><div class="banner">Reproductie op synthetische gegevens</div>
<header id="quarto-header">Zich thuis weten</header><div id="quarto-content">
<nav id="quarto-sidebar">Hoofdstukken</nav><main id="quarto-document-content">
<header id="title-block-header"><h1 class="title">What we heard</h1></header>
<div lang="en"><p>About 4 in 10 people have paid work. Thank you for your answers.</p></div>
</main></div><footer>Gemeente</footer></body></html>"""


def test_a_page_in_english_gets_lang_en_and_the_dutch_book_parts_around_it_keep_nl():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        render.toegankelijk(ENGELSE_PAGINA, "chapters/what_we_heard.html"), "html.parser"
    )
    assert soup.html["lang"] == "en" and soup.html["xml:lang"] == "en"
    for kies in ("div.banner", "header#quarto-header", "nav#quarto-sidebar", "footer"):
        assert soup.select_one(kies)["lang"] == "nl", kies
    assert not soup.select_one("main").get("lang")
    # a Dutch page is left alone, and a short English quote does not make a page English
    kort = PAGE.replace("</main>", '<div lang="en">Hi</div></main>')
    assert (
        'lang="en"' not in render.toegankelijk(kort, "chapters/01_inleiding.html").split("<body")[0]
    )
