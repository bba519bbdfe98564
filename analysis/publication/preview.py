"""The researcher's edit loop: one chapter executed and its HTML page rendered, in seconds.

    make preview HOOFDSTUK=03_taal JAAR=2024
    python -m analysis.preview 03_taal --jaar 2024

Why not the whole book: after changing one sentence a researcher wants to see that page, not
wait for fourteen chapters and a PDF. The preview reuses the year's estimates (from the last
build when it is current, else computed once and kept in the preview folder), executes only
the chosen chapter with papermill in a kernel of its own, and renders only its HTML page with
Quarto. It writes into ``build/voorbeeld-<jaar>/``, never into the book build, so a preview
can never end up in a publication.

With ``--volg`` (``make preview ... VOLG=1``) the command stays running with one warm
kernel: every time the chapter (or ``chapters/_zinnen.jinja``) is saved, the chapter is
executed again in that kernel and its page rendered again, so a changed sentence is on the
page within seconds; Ctrl-C ends it.

Where Quarto is missing the chapter is still executed, its text (Markdown, as Quarto would
typeset it) is written next to it for reading, and the command ends with exit code 3 saying
that nothing was rendered.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis.data.paths import build_root, data_dir, newest_year
from analysis.publication import cache

EXIT_NO_QUARTO = 3
EXIT_CHAPTER = 4
EXIT_DATA = 2
EXIT_RENDER = 5
SLEUTEL = ".schattingen-sleutel"


def folder(jaar: int, gewogen: bool = False) -> Path:
    return build_root() / f"voorbeeld-{jaar}{'-gewogen' if gewogen else ''}"


def find_chapter(naam: str):
    """The chapter called ``naam`` ('03_taal', '03_taal.ipynb' or 'taal')."""
    from analysis.publication.book import chapters

    stem = Path(naam).stem
    alle = chapters()
    hits = [c for c in alle if c.name == stem] or [
        c for c in alle if c.name.split("_", 1)[-1] == stem
    ]
    if len(hits) != 1:
        namen = ", ".join(c.name for c in alle)
        raise SystemExit(f"Onbekend hoofdstuk '{naam}'. Kies een van: {namen}")
    return hits[0]


def schattingen_klaar(out: Path, jaar: int, data: Path, gewogen: bool) -> str:
    """Put the year's estimates in ``out``: from the book build when it was made from the
    present code and data, else from an earlier preview with the same inputs, else computed
    now. Returns where they came from."""
    from analysis.statistics import estimates

    sleutel = cache.common_key(jaar, data, gewogen)
    boek = build_root() / str(jaar)
    manifest = cache.read(boek)
    if (out / SLEUTEL).exists() and (out / SLEUTEL).read_text() == sleutel:
        return "eerdere voorvertoning"
    shutil.rmtree(out / estimates.MAP, ignore_errors=True)
    if manifest and manifest.get("common") == sleutel and (boek / estimates.MAP).exists():
        shutil.copytree(boek / estimates.MAP, out / estimates.MAP)
        bron = f"build/{jaar}"
    else:
        estimates.schrijf(out, estimates.bereken(jaar, data, gewogen))
        bron = "nu berekend"
    (out / SLEUTEL).write_text(sleutel)
    return bron


def chapter_text(notebook: Path) -> str:
    """What Quarto would typeset of an executed chapter: its Markdown cells and the Markdown
    its code cells displayed (figures appear as their image lines)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    delen = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            delen.append(cell.source.strip())
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                tekst = out.get("data", {}).get("text/markdown")
                if tekst:
                    delen.append(tekst.strip())
    return "\n\n".join(d for d in delen if d) + "\n"


def stub_chapters(out: Path, entry: str) -> None:
    """Every other chapter of the book as a stand-in holding only its title cell.

    Quarto renders one page of a book only when every chapter the book lists exists (else:
    "Book chapter 'index.ipynb' not found"). A stand-in with the chapter's own title keeps
    the page's chapter number and the book's navigation; a figure or table of another
    chapter is not in it, so a reference to one shows unresolved in the preview only. A
    stand-in never replaces an executed chapter."""
    import nbformat

    from analysis.publication.book import chapters

    for chapter in chapters():
        target = out / chapter.entry
        if chapter.entry == entry or target.exists():
            continue
        bron = nbformat.read(chapter.source, as_version=4)
        titel = next((c for c in bron.cells if c.cell_type == "markdown"), None)
        stub = nbformat.v4.new_notebook()
        stub.metadata = bron.metadata
        if titel is not None:
            stub.cells = [nbformat.v4.new_markdown_cell(titel.source, id=titel.get("id"))]
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(stub, target)


def render_page(out: Path, entry: str) -> Path:
    """Render one executed chapter to HTML with Quarto (the book's configuration, no
    execution: ``execute: enabled: false``), the other chapters as stand-ins."""
    from analysis.publication.render import RenderError, find_quarto

    exe = find_quarto()
    stub_chapters(out, entry)
    result = subprocess.run(
        [exe, "render", entry, "--to", "html"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    (out / "render.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise RenderError(f"quarto render eindigde met code {result.returncode}; zie render.log")
    return out / "_book" / Path(entry).with_suffix(".html")


def prepare(naam: str, jaar: int, gewogen: bool = False, progress=print):
    """Validate the year and put the estimates and book files in the preview folder;
    returns the chapter and the folder. Raises DataError as the pipeline does."""
    from analysis.data.load import load_year
    from analysis.publication.book import write_book_files

    chapter = find_chapter(naam)
    data = data_dir()
    jg = load_year(jaar, data)  # a data error stops here, before anything is written
    out = folder(jaar, gewogen)
    out.mkdir(parents=True, exist_ok=True)
    bron = schattingen_klaar(out, jaar, data, gewogen)
    progress(f"Schattingen {jaar}: {bron}")
    write_book_files(out, jaar, jg.meta)
    return chapter, out


def write_text(notebook: Path) -> Path:
    tekst = notebook.with_suffix(".md")
    tekst.write_text(chapter_text(notebook), encoding="utf-8")
    return tekst


def preview(naam: str, jaar: int, gewogen: bool = False, progress=print) -> tuple[Path, Path]:
    """Execute one chapter for ``jaar`` into the preview folder, in a kernel of its own;
    returns the executed notebook and its text. Raises DataError / ChapterError as the
    pipeline does."""
    import os

    from analysis.publication.book import execute_chapter

    chapter, out = prepare(naam, jaar, gewogen, progress)
    progress(f"{chapter.name} uitvoeren")
    stderr = os.dup(2)  # execute_chapter sends this process's stderr to the kernel log
    try:
        notebook = execute_chapter(chapter, out, jaar, data_dir(), gewogen)
    finally:
        os.dup2(stderr, 2)
        os.close(stderr)
    return notebook, write_text(notebook)


class WarmPreview:
    """The edit loop's kernel: started once, then every execution of the chapter costs only
    the chapter itself (no kernel start, no imports)."""

    def __init__(self, naam: str, jaar: int, gewogen: bool = False, progress=print) -> None:
        from analysis.publication.kernels import WarmKernel

        self.jaar, self.gewogen = jaar, gewogen
        self.chapter, self.out = prepare(naam, jaar, gewogen, progress)
        self.kernel = WarmKernel(self.out)

    def run(self) -> tuple[Path, Path]:
        from analysis.publication.execution import chapter_parameters

        notebook = self.out / self.chapter.entry
        parameters = chapter_parameters(notebook, self.out, self.jaar, data_dir(), self.gewogen)
        self.kernel.execute(self.chapter.source, notebook, parameters)
        return notebook, write_text(notebook)

    def sources(self) -> list[Path]:
        from analysis.data.paths import ROOT

        return [self.chapter.source, *sorted((ROOT / "chapters").glob("*.jinja"))]

    def close(self) -> None:
        self.kernel.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Voer één hoofdstuk uit en toon de pagina.")
    parser.add_argument("hoofdstuk", help="bijv. 03_taal")
    parser.add_argument("--jaar", type=int, default=None)
    parser.add_argument("--gewogen", action="store_true")
    parser.add_argument(
        "--volg", action="store_true", help="blijf draaien en toon elke bewaarde wijziging"
    )
    args = parser.parse_args(argv)
    jaar = args.jaar or newest_year()
    started = time.perf_counter()

    def step(message: str) -> None:
        print(f">> {message} ({time.perf_counter() - started:.1f} s)", flush=True)

    from analysis.data.errors import DataError
    from analysis.publication.execution import ChapterError
    from analysis.publication.render import QuartoMissing, RenderError

    if args.volg:
        return follow(args.hoofdstuk, jaar, args.gewogen)
    try:
        notebook, tekst = preview(args.hoofdstuk, jaar, args.gewogen, progress=step)
    except DataError as exc:
        print(f"FOUT in de data:\n{exc}", file=sys.stderr)
        return EXIT_DATA
    except ChapterError as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return EXIT_CHAPTER
    step(f"Uitgevoerd: {notebook}; de tekst staat in {tekst}")
    entry = notebook.relative_to(folder(jaar, args.gewogen)).as_posix()
    try:
        html = render_page(folder(jaar, args.gewogen), entry)
    except QuartoMissing as exc:
        print(
            f"Quarto ontbreekt: de pagina is NIET gerenderd. Lees de tekst in {tekst}.\n"
            f"{str(exc).splitlines()[0]}",
            file=sys.stderr,
        )
        return EXIT_NO_QUARTO
    except RenderError as exc:
        print(f"FOUT bij renderen: {exc}", file=sys.stderr)
        return EXIT_RENDER
    step(f"Gerenderd: {html}")
    return 0


def follow(naam: str, jaar: int, gewogen: bool) -> int:
    """Keep one warm kernel and show every saved change of the chapter (Ctrl-C ends)."""
    from analysis.data.errors import DataError
    from analysis.publication.execution import ChapterError
    from analysis.publication.render import QuartoMissing, RenderError

    try:
        warm = WarmPreview(naam, jaar, gewogen, progress=lambda m: print(f">> {m}", flush=True))
    except DataError as exc:
        print(f"FOUT in de data:\n{exc}", file=sys.stderr)
        return EXIT_DATA
    quarto = True
    seen: tuple[float, ...] = ()
    print(">> Bewaar het hoofdstuk in Jupyter of een editor; Ctrl-C stopt.", flush=True)
    try:
        while True:
            now = tuple(p.stat().st_mtime for p in warm.sources())
            if now != seen:
                seen = now
                started = time.perf_counter()
                try:
                    notebook, tekst = warm.run()
                except ChapterError as exc:
                    print(f"FOUT: {exc}", file=sys.stderr, flush=True)
                    continue
                if quarto:
                    try:
                        render_page(warm.out, notebook.relative_to(warm.out).as_posix())
                    except QuartoMissing:
                        quarto = False
                        print(
                            "Quarto ontbreekt: alleen de tekst wordt bijgewerkt, niet gerenderd.",
                            file=sys.stderr,
                        )
                    except RenderError as exc:
                        print(f"FOUT bij renderen: {exc}", file=sys.stderr)
                print(
                    f">> Bijgewerkt in {time.perf_counter() - started:.1f} s: "
                    f"{'pagina en ' if quarto else ''}tekst ({tekst})",
                    flush=True,
                )
            time.sleep(0.3)
    except KeyboardInterrupt:
        return 0
    finally:
        warm.close()


if __name__ == "__main__":
    raise SystemExit(main())
