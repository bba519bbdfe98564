"""The main job: build the report of one survey year.

    python -m analysis.pipeline [--jaar 2023] [--gewogen] [--geen-render]

Stages, each shown as it runs:

1. validate ``data/<jaar>/`` -- stops before anything is written if the data break the
   contract;
2. execute every chapter notebook with papermill (two at a time) into ``build/<jaar>/``,
   writing the tidy indicator table ``indicatoren.csv``, one CSV per figure and table, the
   ``datapackage.json`` (Frictionless Data) that describes them, and a zip of all of them for
   the HTML downloads; a failing chapter is named with its cell and the previous build stays
   in place;
3. render HTML and PDF with Quarto from the executed notebooks (no re-execution). Where
   ``quarto`` is missing, the run ends with exit code 3 and says that rendering was skipped
   and how to install Quarto. It never pretends to have rendered.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.data.paths import build_root, data_dir, editie, newest_year

EXIT_DATA = 2
EXIT_NO_QUARTO = 3
EXIT_CHAPTER = 4
EXIT_RENDER = 5


def step(message: str) -> None:
    print(f">> {message}", flush=True)


def build_dir(jaar: int, gewogen: bool = False) -> Path:
    """``build/<jaar>/``, or ``build/<jaar>-gewogen/`` for the weighted edition: building one
    never overwrites the other."""
    return build_root() / editie(jaar, gewogen)


def export_indicators(jaar: int, out: Path, gewogen: bool = False) -> Path:
    """Write the year's published exports from its estimates (suppressed where too small):
    ``indicatoren.csv``, ``tabellen/verschillen.csv``, ``tabellen/verandering.csv`` and
    ``tabellen/utrecht.csv``.

    The estimates are those stored in ``out`` by the book build (computed here when absent,
    e.g. for a test), so the exports hold exactly the numbers the chapters print."""
    from analysis.data.files import atomic_write_text, export_csv
    from analysis.statistics import estimates
    from analysis.statistics.disclosure import suppress, suppress_comparison

    s = estimates.lees_of_bereken(out, jaar, data_dir(), gewogen)
    table = s.indicatoren[s.indicatoren["noemer"] > 0]  # e.g. 'taalles=nee' for lesson items
    path = out / "indicatoren.csv"
    atomic_write_text(path, export_csv(suppress(table)))
    tabellen = out / "tabellen"
    tabellen.mkdir(parents=True, exist_ok=True)
    atomic_write_text(tabellen / "verschillen.csv", export_csv(s.verschillen))
    atomic_write_text(
        tabellen / "verandering.csv",
        export_csv(suppress_comparison(s.verandering, ("n_vorig", "n"), ("pct_vorig", "pct"))),
    )
    atomic_write_text(
        tabellen / "utrecht.csv", export_csv(suppress_comparison(s.utrecht, ("n",), ("pct",)))
    )
    return path


def data_zip(book: Path, jaar: int, gewogen: bool = False) -> Path:
    """All exports in one zip for the HTML download link (deterministic bytes), with the
    ``datapackage.json`` that describes them at the paths it names, so a portal can take the
    unpacked zip as it is."""
    from analysis.data.files import vaste_zip
    from analysis.publication import datapackage

    target = book / "downloads" / f"monitor-inburgeraars-{editie(jaar, gewogen)}-data.zip"
    vaste_zip(target, book, [book / datapackage.BESTAND, *datapackage.gepubliceerde_csv(book)])
    (target.parent / "indicatoren.csv").write_bytes((book / "indicatoren.csv").read_bytes())
    return target


def check_config(gewogen: bool = False) -> None:
    """Read every configuration file before anything runs, so that a syntax error in
    ``data/codebook.yml``, ``indicatoren.yml``, ``toetsfamilies.yml``, ``datapakket.yml`` (or
    ``weging.yml`` for the weighted edition) stops the run as a data error (exit 2) naming file
    and line; ``datapakket.yml`` is used only after the chapters, when the build is in place."""
    from analysis.data.codebook import load_codebook
    from analysis.publication.datapackage import lees_config
    from analysis.statistics.families import load_families
    from analysis.statistics.indicators import load_registry

    load_codebook()
    load_registry()
    load_families()
    lees_config()
    if gewogen:
        from analysis.statistics.weighting import load_scheme

        load_scheme()


def build(jaar: int, gewogen: bool = False, target: Path | None = None) -> Path:
    """Validate, execute and export one year; returns ``build/<jaar>/`` (or ``target``)."""
    from analysis.data.load import load_year
    from analysis.publication.book import execute_book

    step(f"Jaargang {jaar}: data controleren (data/{jaar}/)")
    check_config(gewogen)
    jg = load_year(jaar)  # raises DataError before anything is written
    from analysis.text.templates import controleer_jaarteksten

    controleer_jaarteksten(jg.folder)
    if gewogen:  # the year and the one it is compared with: WegingError (DataError), exit 2
        from analysis.statistics.change import previous_year
        from analysis.statistics.weighting import rake_weights

        rake_weights(jg.enquete, jg.populatie)
        vorig = previous_year(jaar, data_dir())
        if vorig is not None:
            jv = load_year(vorig)
            rake_weights(jv.enquete, jv.populatie)

    def prepare(stage: Path) -> None:
        export_indicators(jaar, stage, gewogen)

    step("Hoofdstukken uitvoeren (papermill-parameters, twee kernels tegelijk)")
    book = execute_book(jaar, data_dir(), gewogen, progress=step, prepare=prepare, target=target)
    from analysis.publication import datapackage

    datapackage.schrijf(book, jaar, gewogen)  # describes the exports: after them, before the zip
    data_zip(book, jaar, gewogen)
    step(f"Notebooks en exports staan in {book}")
    return book


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw het rapport van één jaargang.")
    parser.add_argument("--jaar", type=int, default=None, help="standaard: de nieuwste jaargang")
    parser.add_argument(
        "--gewogen",
        action="store_true",
        help="weeg naar de populatie (standaard: ongewogen, zoals gepubliceerd)",
    )
    parser.add_argument(
        "--geen-render", action="store_true", help="alleen uitvoeren en exporteren, niet renderen"
    )
    args = parser.parse_args(argv)
    jaar = args.jaar or newest_year()
    started = time.perf_counter()
    book = build_dir(jaar, args.gewogen)
    if is_current(jaar, args.gewogen):
        step(
            f"Jaargang {jaar}: niets veranderd sinds de vorige build (data, code, notebooks "
            "en parameters gelijk); uitvoeren overgeslagen"
        )
    else:
        from analysis.data.errors import ConfigError, DataError
        from analysis.publication.execution import ChapterError

        try:
            book = build(jaar, args.gewogen)
        except (DataError, ConfigError) as exc:
            print(f"FOUT in de data, er is niets geschreven:\n{exc}", file=sys.stderr)
            return EXIT_DATA
        except ChapterError as exc:
            print(
                f"FOUT: {exc}\nDe vorige build in {build_dir(jaar, args.gewogen)} is ongewijzigd.",
                file=sys.stderr,
            )
            return EXIT_CHAPTER
    if args.geen_render:
        step(f"Klaar zonder renderen in {time.perf_counter() - started:.1f} s")
        return 0
    return render_step(book, started)


def is_current(jaar: int, gewogen: bool) -> bool:
    """Whether build/<jaar> was made from exactly the present inputs (no scientific imports,
    so an unchanged rebuild costs a fraction of a second)."""
    from analysis.publication import book, cache

    old = cache.read(build_dir(jaar, gewogen))
    return old is not None and old == book.current_manifest(jaar, data_dir(), gewogen)


def render_step(book: Path, started: float) -> int:
    from analysis.publication import cache
    from analysis.publication.render import QuartoMissing, RenderError, render_book

    rendered = book / "_book" / cache.MANIFEST
    if rendered.exists() and cache.read(book / "_book") == cache.read(book):
        step("HTML en PDF zijn al gerenderd uit deze build; renderen overgeslagen")
        return 0
    step("Renderen met Quarto (HTML en PDF tegelijk)")
    begin = time.perf_counter()
    try:
        outputs = render_book(book, progress=step)
    except QuartoMissing as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_NO_QUARTO
    except RenderError as exc:
        print(f"FOUT bij renderen: {exc}", file=sys.stderr)
        return EXIT_RENDER
    manifest = cache.read(book)
    if manifest is not None:
        cache.write(book / "_book", manifest)
    step(f"Gerenderd in {time.perf_counter() - begin:.1f} s")
    for path in outputs:
        step(f"Geschreven: {path}")
    step(f"Klaar in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
