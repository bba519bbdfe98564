"""The two summaries for respondents as standalone PDFs a language school can print.

Why a step of its own: in the book the summaries are two short chapters; a language school,
a buurtteam or VluchtelingenWerk wants one sheet of paper. Quarto renders each executed
summary notebook once more, on its own, as a Typst PDF (A4, PDF/A-2b, the page's own
language: ``lang: nl`` or ``lang: en``, so the PDF's /Lang and hyphenation are right), with the
book's bibliography and citation style::

    python -m analysis.eenpagina build/2024

It writes ``build/<jaar>/_book/downloads/wat-hebben-we-gehoord-<jaar>.pdf`` and
``what-we-heard-<jaar>.pdf`` and says how many pages each has (the aim is one; it warns when
a year's text runs over, it does not cut text). Where Quarto is missing it says the step is
SKIPPED and exits with the pipeline's code for that (3); nothing is pretended.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

# The standalone project Quarto renders in (a folder of its own, so the book's _quarto.yml
# is not found above it): one A4 page with narrow margins, archived as PDF/A-2b like the book.
PROJECT = {
    "project": {"type": "default"},
    "execute": {"enabled": False, "echo": False},
    "bibliography": "references.bib",
    "csl": "apa-nl.csl",
    "format": {
        "typst": {
            "papersize": "a4",
            "margin": {"x": "2cm", "y": "1.8cm"},
            "fontsize": "10.5pt",
            "pdf-standard": "a-2b",
            "keep-typ": False,
        }
    },
}
BESTANDEN = ("references.bib", "apa-nl.csl")


def pdf_naam(stem: str, jaar: int) -> str:
    """'wat-hebben-we-gehoord-2024.pdf', 'what-we-heard-2024.pdf'."""
    return f"{stem.replace('_', '-')}-{jaar}.pdf"


def opzet(book: Path, werk: Path) -> list[tuple[list[str], Path, Path]]:
    """Prepare ``werk`` (the standalone project: the executed summaries, the bibliography,
    ``_quarto.yml``) and return per summary the Quarto arguments (after the executable), the
    PDF Quarto writes and where it goes in the book's downloads."""
    shutil.rmtree(werk, ignore_errors=True)
    werk.mkdir(parents=True)
    (werk / "_quarto.yml").write_text(
        yaml.safe_dump(PROJECT, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for naam in BESTANDEN:
        if (book / naam).exists():
            shutil.copy2(book / naam, werk / naam)
    jaar = int(book.name)
    stappen = []
    for stem, taal in PAGINAS.items():
        shutil.copy2(book / "chapters" / f"{stem}.ipynb", werk / f"{stem}.ipynb")
        doel = book / "_book" / "downloads" / pdf_naam(stem, jaar)
        args = ["render", f"{stem}.ipynb", "--to", "typst", "-M", f"lang:{taal}"]
        stappen.append((args, werk / f"{stem}.pdf", doel))
    return stappen


def maak(book: Path) -> list[Path]:
    """Render both standalone PDFs of ``book`` (``build/<jaar>``); raises
    :class:`~analysis.publication.render.QuartoMissing` or
    :class:`~analysis.publication.render.RenderError`."""
    from analysis.publication.render import RenderError, find_quarto

    exe = find_quarto()
    werk = book / "_eenpagina"
    uit = []
    for args, pdf, doel in opzet(book, werk):
        result = subprocess.run([exe, *args], cwd=werk, capture_output=True, text=True)
        if result.returncode != 0 or not pdf.exists():
            (werk / "render.log").write_text(result.stdout + result.stderr, encoding="utf-8")
            raise RenderError(f"quarto {' '.join(args)} mislukte; zie {werk / 'render.log'}")
        doel.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(pdf, doel)
        uit.append(doel)
    shutil.rmtree(werk, ignore_errors=True)
    return uit


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.eenpagina build/<jaar>``; exit 3 where Quarto is missing."""
    from pypdf import PdfReader

    from analysis.publication.pipeline import EXIT_NO_QUARTO, EXIT_RENDER
    from analysis.publication.render import QuartoMissing, RenderError

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Gebruik: python -m analysis.eenpagina build/<jaar>", file=sys.stderr)
        return 2
    book = Path(args[0])
    if not all((book / "chapters" / f"{s}.ipynb").exists() for s in PAGINAS):
        print(f"{book}: geen uitgevoerde samenvattingen; bouw eerst het jaar.", file=sys.stderr)
        return 2
    try:
        pdfs = maak(book)
    except QuartoMissing as exc:
        stap = "'de samenvattingen als losse pdf'"
        print(str(exc).replace("'renderen naar HTML en PDF'", stap), file=sys.stderr)
        return EXIT_NO_QUARTO
    except RenderError as exc:
        print(f"FOUT bij renderen: {exc}", file=sys.stderr)
        return EXIT_RENDER
    for pdf in pdfs:
        paginas = len(PdfReader(pdf).pages)
        let_op = "" if paginas == 1 else " -- LET OP: meer dan één pagina"
        print(f">> Geschreven: {pdf} ({paginas} pagina's){let_op}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
# The two summaries: notebook stem -> language key of data/leesbaarheid.yml
PAGINAS = {"wat_hebben_we_gehoord": "nl", "what_we_heard": "en"}
