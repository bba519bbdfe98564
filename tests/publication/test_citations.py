"""Citations and the reference list, processed by Pandoc's citeproc as Quarto does.

Quarto cannot be installed here, but the step that turns ``[@key]`` into "(CBS, 2023)" and
builds the literature list is Pandoc's citeproc, which Quarto bundles. These tests feed the
text Quarto would read (markdown cells and Markdown outputs of the executed notebooks; code
is hidden by ``echo: false``) through Pandoc with the book's own bibliography, CSL style and
language. They catch what the regular-expression checks in ``test_book.py`` cannot: a
bibliography Pandoc cannot parse, a key citeproc cannot resolve, math or markup the HTML or
Typst writer cannot convert, an entry that renders without its year, and (for an undated
work) a style that falls back to English "n.d." instead of "z.d.".
"""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc
import pytest

from analysis.publication import book as bookmod
from tests.notebooktext import notebook_text

YEARS = (2023, 2024)
QUARTO_CROSSREF = ("fig-", "tbl-", "sec-")
NOT_FOUND = re.compile(r"citation (\S+) not found", re.IGNORECASE)
ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', re.S)


def pandoc(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [pypandoc.get_pandoc_path(), *args], input=stdin, capture_output=True, text=True,
        check=True,
    )


def bibliography(book: Path) -> dict[str, dict]:
    """The book's references.bib as CSL JSON, keyed by citation key."""
    out = pandoc(str(book / "references.bib"), "-f", "bibtex", "-t", "csljson")
    assert not out.stderr.strip(), out.stderr
    return {item["id"]: item for item in json.loads(out.stdout)}


@pytest.fixture(scope="module")
def rendered(builds) -> dict[tuple[int, str], tuple[str, str]]:
    """Per year and output format: (the converted text, Pandoc's warnings).

    HTML math goes to MathJax, as in Quarto's HTML; the Typst writer converts TeX math
    itself, as it does for Quarto's PDF.
    """
    cfg = bookmod.book_config()
    # the works the book lists without citing them (_quarto.yml nocite), as Quarto passes
    # them: document metadata read as Markdown, so that they are citations
    nocite = ""
    if cfg.get("nocite"):
        keys = cfg["nocite"].strip()
        nocite = f"---\nnocite: |\n  {keys}\n---\n\n"
    def convert(jaar: int, fmt: str) -> tuple[str, str]:
        book = builds[jaar]
        text = "\n\n".join(
            notebook_text(book / c.entry, markdown_only=True) for c in bookmod.chapters()
        )
        extra = ["--mathjax"] if fmt == "html" else []
        out = pandoc(
            "-f", "markdown", "-t", fmt, *extra, "--citeproc",
            "--bibliography", str(book / cfg["bibliography"]),
            "--csl", str(book / cfg["csl"]),
            "-M", f"lang={cfg['lang']}",
            stdin=nocite + text,
        )
        return out.stdout, out.stderr

    # four Pandoc runs, two at a time (two cores): each is a process of its own
    keys = [(jaar, fmt) for jaar in YEARS for fmt in ("html", "typst")]
    with ThreadPoolExecutor(2) as pool:
        result = dict(zip(keys, pool.map(lambda k: convert(*k), keys), strict=True))
    return result


@pytest.mark.parametrize("fmt", ["html", "typst"])
@pytest.mark.parametrize("jaar", YEARS)
def test_pandoc_resolves_every_citation_and_converts_all_markup_without_warnings(
    rendered, jaar, fmt
):
    _, warnings = rendered[jaar, fmt]
    missing = {k for k in NOT_FOUND.findall(warnings) if not k.startswith(QUARTO_CROSSREF)}
    assert not missing, f"citeproc cannot resolve {sorted(missing)}"
    other = [
        line for line in warnings.splitlines()
        if line.strip() and not NOT_FOUND.search(line)
    ]
    assert not other, other


@pytest.mark.parametrize("jaar", YEARS)
def test_reference_list_renders_each_cited_work_with_its_year_or_dutch_undated_mark(
    builds, rendered, jaar
):
    html, _ = rendered[jaar, "html"]
    entries = dict(ENTRY.findall(html))
    bib = bibliography(builds[jaar])
    assert entries, "no reference list rendered"
    assert set(entries) <= set(bib)
    for key, body in entries.items():
        issued = bib[key].get("issued", {}).get("date-parts", [[None]])[0][0]
        expected = f"({issued}" if issued else "(z.d.)"
        assert expected in body, (key, expected, body[:200])
        if not issued and "URL" in bib[key]:  # an undated web page: when it was consulted
            assert "Geraadpleegd" in body and re.search(r"\b20\d\d\b", body), body[:200]
    for key in re.findall(r"@([\w:-]+)", str(bookmod.book_config().get("nocite", ""))):
        assert key in entries, f"{key} (nocite) missing from the reference list"
