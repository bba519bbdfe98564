"""Running one chapter notebook with papermill, and what a failure says.

Why its own module: the book (:mod:`analysis.publication.book`) and the warm kernels
(:mod:`analysis.publication.kernels`) both run chapters; the papermill call, its parameters, the
error type and the normalising of an executed notebook sit here, below both, so neither
needs the other.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


class ChapterError(RuntimeError):
    """A chapter notebook failed; the message names the chapter and the cell.

    ``cel`` (index in the source notebook, from 0), ``fout`` and ``traceback`` keep the parts
    for callers that report failures their own way (the stress-variant report)."""

    def __init__(
        self, melding: str, cel: int = -1, fout: str = "", traceback: tuple[str, ...] = ()
    ) -> None:
        super().__init__(melding)
        self.cel, self.fout, self.traceback = cel, fout, traceback

    @classmethod
    def van_papermill(cls, source: Path, exc) -> ChapterError:
        """From papermill's ``PapermillExecutionError`` for the chapter ``source``: papermill
        inserts one cell (the injected parameters) after the parameters cell, so the failing
        cell's index in the source notebook is one lower than in the executed one."""
        cel = exc.cell_index - 1
        return cls(
            chapter_failure(source.stem, source.name, cel, exc.source, exc.ename, exc.evalue),
            cel,
            f"{exc.ename}: {exc.evalue}",
            tuple(exc.traceback or ()),
        )


def chapter_parameters(out: Path, stage: Path, jaar: int, data_dir: Path, gewogen: bool) -> dict:
    """Papermill parameters; paths relative to the executed notebook, so that the same inputs
    give the same notebook wherever the repository is."""
    return {
        "jaar": jaar,
        "data_dir": relative(data_dir, out.parent),
        "build_dir": relative(stage, out.parent),
        "gewogen": gewogen,
    }


def chapter_failure(naam: str, bestand: str, cel: int, source: str, ename: str, evalue: str) -> str:
    """The message for a failing chapter: which chapter, which cell of the source notebook
    (``cel``, counted from 0 in ``chapters/<bestand>``), its first line, and the error."""
    first_line = (source or "").strip().splitlines()[:1]
    return (
        f"Hoofdstuk '{naam}' faalt in cel {cel} van chapters/{bestand} (telling vanaf 0"
        + (f"; begint met: {first_line[0][:60]!r}" if first_line else "")
        + f"): {ename}: {evalue}"
    )


def run_papermill(source: Path, out: Path, parameters: dict, **engine_kwargs) -> None:
    """Execute one chapter with papermill and remove what changes on every run; a failing
    cell becomes a :class:`ChapterError` naming chapter and cell."""
    import papermill  # here, not at the top: the unchanged-build check imports this module
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(source),
            str(out),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            # written when done (and every 30 s), not after every cell: the stage is
            # discarded when a chapter fails, so a half-written notebook serves nobody
            request_save_on_cell_execute=False,
            **engine_kwargs,
        )
    except PapermillExecutionError as exc:
        raise ChapterError.van_papermill(source, exc) from None
    normalise(out)


VOLATILE_CELL_METADATA = ("papermill", "execution")


def normalise(path: Path) -> None:
    """Remove what papermill stamps that changes on every run (times, absolute paths)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    keep_unnumbered(nb)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    nbformat.write(nb, path)


def relative(target: Path, start: Path) -> str:
    return os.path.relpath(target, start).replace(os.sep, "/")


UNNUMBERED_TITLE = re.compile(r"^# [^\n]*\{(?:[^}]*\s)?(?:\.unnumbered|-)(?:\s[^}]*)?\}")


def keep_unnumbered(nb) -> None:
    """Let Quarto see that a chapter titled ``# Title {.unnumbered}`` is unnumbered.

    Why: for a notebook chapter, Quarto 1.9 decides a book chapter's number from a YAML title
    it makes of the first heading when that heading opens the first Markdown cell, and the
    heading's attributes are dropped on the way: the Samenvatting was numbered chapter 1 in
    the HTML (every later number one too high) and its sections 0.1-0.3 in the PDF. When
    the heading does not open the cell, Quarto reads the heading itself, with its
    ``.unnumbered`` class (quarto-cli: jupyter-fixups.ts fixupFrontMatter, book
    isNumberedChapter). So the executed notebook's title cell starts with an empty line.
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        if UNNUMBERED_TITLE.match(cell.source) and not cell.source.startswith("\n"):
            cell.source = "\n" + cell.source
        return
