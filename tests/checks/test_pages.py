"""The rendered pages as a reader gets them (analysis/checks/pages.py and _typografie.lua).

Each rule is held against the defect it exists for, as the last delivery printed it
(../shared/review: the samenvatting's ':::', '18-65 jaar', '0,64 – 1,98', “…” in the PDF,
'verschil (punten)', 'Meer in 7 Kernindicatoren en blik vooruit.', the download line in the
PDF), and then against the rendered books of both years and of every stress variant."""

from __future__ import annotations

import json

import pypandoc
import pytest
import yaml

from analysis.checks import pages as pt
from analysis.data.paths import ROOT
from analysis.text.templates import render as tekst_render


def pagina(tekst: str, pdf: bool = False, **kw) -> pt.Pagina:
    return pt.Pagina("stand-in", tekst, pdf=pdf, **kw)


def regels(bevindingen: list[pt.Bevinding]) -> list[str]:
    return [b.regel for b in bevindingen]


# ------------------------------------------------------------------ each rule, on its defect
def test_markup_and_template_residue_is_found():
    oud = "::: {.content-visible when-format=“html”} Downloads: dit rapport als pdf :::"
    assert len(pt.rest(pagina(oud))) >= 2
    for rest in (
        "{{ ind.p }}",
        "{% if x %}",
        "zie @fig-taal",
        "?@sec-werk",
        "a \\ b",
        "**Werk.",
        "het is None",
        "nan%",
    ):
        assert pt.rest(pagina(rest)), rest
    schoon = "Werk. Bijna vier op de tien (38%); noot: * registratie, ** Welkomhuis."
    assert pt.rest(pagina(schoon)) == []


def test_a_respondents_quote_prints_its_asterisks_verbatim():
    citaat = "we *only just* don't qualify"
    tekst = "Een inburgeraar: ‘we *only just* don’t qualify’."
    assert pt.rest(pagina(tekst))
    assert pt.rest(pagina(tekst), (citaat,)) == []


def test_a_range_needs_an_en_dash_without_spaces():
    for oud in ("Utrechters (18-65 jaar)", "0,64 – 1,98", "26-30 jaar", "166-191."):
        assert regels(pt.reeks(pagina(oud))) == ["reeks"], oud
    for goed in (
        "18–65 jaar",
        "0,64–1,98",
        "+0,4 tot +14",
        "mbo-niveau 2",
        "https://x.nl/a-1-2",
        "Monitor 2024 — reproductie",
    ):
        assert pt.reeks(pagina(goed)) == [], goed


def test_a_number_and_its_word_stay_together():
    html = "is 40 jaar of jonger; zie Tabel 7.1 en mbo-niveau 2"
    assert len(pt.hard(pagina(html))) == 3
    nbsp = html.replace("40 jaar", "40\u00a0jaar").replace("Tabel 7", "Tabel\u00a07")
    assert len(pt.hard(pagina(nbsp.replace("niveau 2", "niveau\u00a02")))) == 0
    # in the PDF what counts is a line break between them
    assert pt.hard(pagina("van 18 tot 65\njaar", pdf=True))
    assert pt.hard(pagina("zie Tabel\n7.1", pdf=True))
    assert pt.hard(pagina("van 18 tot 65 jaar en 12\nmensen", pdf=True)) == []


def test_one_kind_of_quotation_marks_per_language():
    assert pt.aanhaling(pagina("in het Engels (“What we heard”)"))
    assert pt.aanhaling(pagina('in het Engels ("What we heard")'))
    assert pt.aanhaling(pagina("in het Engels (‘What we heard’), foto’s")) == []
    engels = "They said “hello”."
    assert pt.aanhaling(pagina(f"Nederlands ‘ja’. {engels}", engels=engels)) == []
    assert pt.aanhaling(pagina("They said ‘hello’.", taal="en"))
    # the PDF of 2024 printed the closing mark as an opening one after a full stop
    assert pt.aanhaling(pagina("staan er met ‘ca.‘ voor", pdf=True))
    assert pt.aanhaling(pagina("gehoord?‘), en", pdf=True))
    assert pt.aanhaling(pagina("staan er met ‘ca.’ voor; ’s avonds", pdf=True)) == []


def test_a_table_header_says_procentpunten():
    assert pt.kop(pagina("", koppen=("verschil (punten)",)))
    assert pt.kop(pagina("", koppen=("verschil (procentpunten)", "punten"))) != []
    assert pt.kop(pagina("", koppen=("verschil (procentpunten)",))) == []


def test_a_chapter_reference_reads_as_prose():
    titels = ["Kernindicatoren en blik vooruit", "Werk, opleiding en vrijwilligerswerk"]
    assert pt.verwijzing(pagina("Meer in 7 Kernindicatoren en blik vooruit."), titels)
    assert pt.verwijzing(pagina("Meer in hoofdstuk\u00a07."), titels) == []
    assert pt.verwijzing(pagina("Meer in Hoofdstuk\u00a07."), titels)  # capital in a sentence
    assert pt.verwijzing(pagina("nabootsen (Paragraaf D.7)."), titels)
    assert pt.verwijzing(pagina("Zie Figuur 3.2. Hoofdstuk 2 gaat over werk"), titels) == []
    # headings and the table of contents start a line with the number
    assert pt.verwijzing(pagina("Inhoud\n7 Kernindicatoren en blik vooruit 30"), titels) == []


def test_text_for_one_format_is_found_in_the_other(tmp_path):
    import nbformat

    uitvoer = nbformat.v4.new_output(
        "display_data",
        data={
            "text/markdown": (
                '::: {.content-visible when-format="html"}\n\n'
                "**Downloads:** [alle cijfers achter tabellen en figuren](d.zip)\n\n:::\n\n"
                '::: {.content-visible unless-format="html"}\n\n'
                "**Cijfers:** de cijfers staan bij de webversie van dit rapport\n\n:::"
            )
        },
    )
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("x"),
            nbformat.v4.new_code_cell("%%tekst", outputs=[uitvoer]),
        ]
    )
    nbformat.write(nb, tmp_path / "index.ipynb")
    blokken = pt.formaatblokken(tmp_path)
    assert blokken["html"] == ["alle cijfers achter tabellen en figuren"]
    assert blokken["typst"] == ["de cijfers staan bij de webversie van dit rapport"]
    pdf = pagina("Downloads: alle cijfers achter tabellen en\nfiguren", pdf=True)
    assert regels(pt.formaat(pdf, blokken["html"])) == ["formaat"]
    assert pt.formaat(pagina("Cijfers: de cijfers staan bij de webversie"), blokken["typst"]) == []


# ------------------------------------------------------------------ where the text is made
def test_a_fenced_div_in_a_template_keeps_its_fences_on_lines_of_their_own():
    """The samenvatting printed '::: {.content-visible ...} Downloads: ...' as text: the
    template's paragraph joined the fence and the line after it."""
    uit = tekst_render(
        '::: {.content-visible when-format="html"}\n**Downloads:** [pdf](x.pdf) ·\n'
        "[zip](y.zip)\n:::",
        {},
    )
    assert uit.split("\n\n") == [
        '::: {.content-visible when-format="html"}',
        "**Downloads:** [pdf](x.pdf) · [zip](y.zip)",
        ":::",
    ]
    html = pypandoc.convert_text(uit, "html", format="markdown")
    assert ":::" not in html and "<div" in html


def typografie_filter(markdown: str, to: str = "html") -> str:
    meta = yaml.safe_load((ROOT / "data" / "typografie.yml").read_text(encoding="utf-8"))
    doc = f"---\nlang: nl\ntypografie: {json.dumps(meta, ensure_ascii=False)}\n---\n\n{markdown}"
    return pypandoc.convert_text(
        doc, to, format="markdown", extra_args=["--lua-filter", str(ROOT / "_typografie.lua")]
    )


def test_the_typography_filter_applies_the_house_rules_in_both_formats():
    bron = (
        "Utrechters (18-65 jaar), 0,64 – 1,98; is 40 jaar; zie Tabel 7.1 en\n"
        'mbo-niveau 2. In het Engels ("What we heard").\n\n'
        '::: {lang="en"}\nThey said "hello".\n:::\n'
    )
    html = typografie_filter(bron)
    assert "18–65\u00a0jaar" in html or "18–65&nbsp;jaar" in html
    assert "0,64–1,98" in html
    for samen in ("40 jaar", "Tabel 7.1", "niveau 2"):
        assert samen.replace(" ", "\u00a0") in html or samen.replace(" ", "&nbsp;") in html, samen
    assert "‘What we heard’" in html and "“hello”" in html
    verwijzing = typografie_filter("Meer in hoofdstuk -@sec-kern.")
    assert "hoofdstuk\u00a0<span" in verwijzing or "hoofdstuk&nbsp;<span" in verwijzing
    typst = typografie_filter(bron, "typst")  # Typst's own spelling: -- en dash, ~ no break
    assert "18--65~jaar" in typst and "0,64--1,98" in typst and "Tabel~7.1" in typst
    assert "‘What we heard’" in typst and "“hello”" in typst  # raw marks: no smart quotes


def test_the_literature_list_prints_page_ranges_with_an_en_dash_and_the_books_quotes():
    from analysis.publication.book import csl_style

    style = csl_style()
    open_, close = pt.typografie()["aanhalingstekens"]["nl"]
    assert '<term name="page-range-delimiter">–</term>' in style
    assert f'<term name="open-quote">{open_}</term>' in style
    assert f'<term name="close-quote">{close}</term>' in style


# ------------------------------------------------------------------ the rendered books
@pytest.mark.parametrize("jaar", (2023, 2024))
def test_every_rendered_page_of_both_years_reads_right(rendered, builds, jaar):
    gevonden = pt.controleer(builds[jaar], ROOT / "data" / str(jaar))
    assert not gevonden, "\n".join(map(str, gevonden[:20]))


def test_the_download_line_is_in_the_html_only_and_the_pdf_says_where_the_downloads_are(
    rendered, builds
):
    site = rendered[2024]
    index = pt.html_pagina(site / "index.html", "index.html").tekst
    assert "Downloads:" in index and "webversie van dit rapport" not in index
    pdf = "\n".join(p.tekst for p in pt.pdf_paginas(next(site.glob("*.pdf"))))
    assert "Downloads:" not in pdf and "webversie van dit rapport" in pdf.replace("\n", " ")
