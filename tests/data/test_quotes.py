"""Respondents' quotes print literally: nothing in a quote is read as markup, in HTML or Typst.

The quote text is run through Pandoc (the engine inside Quarto, from ``pypandoc-binary``) the
way the book's Markdown is, to HTML and to Typst.
"""

from __future__ import annotations

import html
import subprocess

import pypandoc
import pytest

from analysis.data.quotes import letterlijk, quote_markdown

NASTY = [
    "Het gaat *heel* _langzaam_ met de taal.",
    "Dit is <b>vet</b> & &copy; niet.",
    "Huur is 300$/month en water 50$ erbij.",
    "# geen kop",
    "Kijk [zie foto](foto.jpg) en volg @gemeenteutrecht.",
    "Een backslash \\ en `code` en {{< pagebreak >}} en ~sub~ en ^sup^.",
    "1. geen lijst",
    "- ook geen lijst",
    "    ingesprongen, geen code",
    "a | b | c",
    "Ik ben -- echt -- blij!",
]


def convert(markdown: str, fmt: str) -> str:
    out = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", fmt, "--citeproc"],
        input=markdown, capture_output=True, text=True, check=True,
    )
    assert not out.stderr.strip(), out.stderr  # e.g. 'citation gemeenteutrecht not found'
    return out.stdout


def plain(markdown: str) -> str:
    """What a reader sees: the text Pandoc produces, without any markup."""
    return convert(markdown, "plain").strip()


@pytest.mark.parametrize("tekst", NASTY)
def test_a_quote_prints_every_character_as_typed(tekst):
    assert plain(letterlijk(tekst)) == tekst.strip()


def test_quotes_in_html_have_no_emphasis_html_maths_heading_link_or_citation():
    quotes = [{"thema": "t", "soort": "schriftelijk", "tekst": "\n".join(NASTY)}]
    out = convert(quote_markdown(quotes, "t"), "html")
    for markup in ("<em>", "<strong>", "<b>", "math", "<h1", "<a ", "citation", "<code>",
                   "<ol", "<ul", "<pre", "<table", "<sub>", "<sup>", "&copy;"):
        assert markup not in out.replace("&lt;b&gt;", ""), markup
    text = html.unescape(out)
    for tekst in NASTY:
        assert tekst.strip() in text.replace("\n", " ") or tekst.strip() in text, tekst


def test_quotes_in_typst_have_no_emphasis_maths_heading_link_or_label():
    quotes = [{"thema": "t", "soort": "interview", "tekst": "\n".join(NASTY)}]
    out = convert(quote_markdown(quotes, "t"), "typst")
    for markup in ("#emph", "#strong", "#link", "#cite", "$", "= geen kop", "#raw"):
        assert markup not in out.replace("\\$", ""), markup
    assert "\\@gemeenteutrecht" in out and "\\*heel\\*" in out
