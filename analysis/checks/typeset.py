"""The text of a built book as Quarto typesets it, read paragraph by paragraph.

Why a module of its own: the narrative check (:mod:`analysis.checks.narrative`, traces of code in
the text) and the editorial rules (:mod:`analysis.checks.editorial`, the house style) read the same
text the same way: the Markdown cells and Markdown outputs of the executed notebooks, split
into paragraphs with their source cell, and "running text" without tables, captions, quotes,
code, maths and citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PAPERMILL_FOUT = "papermill-error-cell-tag"  # the banner papermill adds to a failed notebook
ATTRIBUUT = re.compile(r"\{[#.=-][^{}\n]*\}")  # Quarto attributes: {#fig-x ...}, {.class}
LINKDOEL = re.compile(r"\]\([^)\s]*\)")  # link and image targets: ](figuren/fig-x.png)
CODE = re.compile(r"`[^`\n]*`")
# raw HTML (the figure tables): tags and attributes are no prose, their text is
HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>")
WISKUNDE = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)
CITATIE = re.compile(r"\[[^\[\]]*@[^\[\]]*\]|@\w[\w:-]*")


@dataclass(frozen=True)
class Bevinding:
    """One finding: where, which rule, and the offending snippet (built text only)."""

    hoofdstuk: str
    cel: int  # index in the source notebook (from 0): the executed one minus the injected cell
    regel: str
    fragment: str

    def __str__(self) -> str:
        return f"{self.hoofdstuk}, cel {self.cel}, {self.regel}: {self.fragment!r}"


@dataclass(frozen=True)
class Blok:
    """A paragraph of built text and the cell it came from."""

    cel: int
    tekst: str


def markdown_teksten(nb_path: Path) -> list[tuple[int, str]]:
    """The Markdown Quarto typesets, whole per cell and output, in order, with the cell's
    index in the source notebook (markdown cells and Markdown outputs)."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    out: list[tuple[int, str]] = []
    index = -1
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags or PAPERMILL_FOUT in tags:
            continue  # added by papermill: not in the source notebook, not part of the book
        index += 1
        texts = [cell.source] if cell.cell_type == "markdown" else []
        texts += [
            o["data"]["text/markdown"]
            for o in cell.get("outputs", [])
            if "text/markdown" in o.get("data", {})
        ]
        out += [(index, text) for text in texts]
    return out


def blokken(nb_path: Path) -> list[Blok]:
    """Paragraphs of the text Quarto typesets, in order, with source-notebook cell indices."""
    return [
        Blok(index, para.strip())
        for index, text in markdown_teksten(nb_path)
        for para in re.split(r"\n\s*\n", text)
        if para.strip()
    ]


def _zonder_opmaak(tekst: str) -> str:
    """Text without attribute blocks, link targets, code spans and mathematics."""
    tekst = HTML_TAG.sub(" ", WISKUNDE.sub(" ", tekst))
    return CODE.sub(" ", LINKDOEL.sub("]", ATTRIBUUT.sub(" ", tekst)))


def _proza(tekst: str) -> str:
    """Running text only: no tables, table captions, block quotes; no citations."""
    lines = [
        line
        for line in _zonder_opmaak(tekst).splitlines()
        if not re.match(r"^\s*(?:\||:\s|>)", line)
    ]
    return CITATIE.sub(" ", "\n".join(lines))


def _zonder_citaten(tekst: str) -> str:
    return "\n".join(line for line in tekst.splitlines() if not line.lstrip().startswith(">"))


def _zinnen(tekst: str) -> list[str]:
    flat = re.sub(r"\s+", " ", tekst)
    return [z for z in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9@*(])", flat) if z.strip()]


def _snippet(tekst: str, start: int, end: int, marge: int = 40) -> str:
    flat = tekst[max(0, start - marge) : end + marge]
    return re.sub(r"\s+", " ", flat).strip()


def notebooks(build: Path) -> list[Path]:
    """The executed notebooks of a build folder, in book order where known."""
    from analysis.publication.book import chapters

    order = [build / c.entry for c in chapters()]
    return [p for p in order if p.exists()]
