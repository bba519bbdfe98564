"""Running the stress variants: build every variant, check its text, and write the report.

    python -m analysis.varianten --uit /tmp/varianten [--bevindingen varianten.md]

The variants themselves are defined in :mod:`analysis.checks.variants`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from analysis.checks.variants import VARIANTEN, VariantMappen, maak_variant, omgeving
from analysis.data.files import atomic_write_text
from analysis.data.paths import ROOT, config_dir

# --------------------------------------------------------------------------- findings
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ARROW = re.compile(r"^-*> *(\d+)\s?(.*)$")
FRAME = re.compile(r"^File (\S+):(\d+), in ([\w.<>]+)")


@dataclass(frozen=True)
class Fout:
    """A chapter that stopped: where, with what, and the line of the cell that raised."""

    hoofdstuk: str
    cel: int  # index in the source notebook (from 0), as the pipeline reports it
    fout: str
    regel: str
    diepste: str = ""  # deepest frame inside analysis/, if any


def _raising_lines(traceback: list[str]) -> tuple[str, str]:
    """The cell's line that raised, and the deepest ``analysis/`` frame with its line."""
    lines = ANSI.sub("", "\n".join(traceback)).splitlines()
    cell_line, deepest, frame = "", "", ""
    for line in lines:
        m = FRAME.match(line.strip())
        if m:
            frame = f"{Path(m.group(1)).name}:{m.group(2)} in {m.group(3)}"
            frame = frame if "/analysis/" in m.group(1) else ""
            continue
        a = ARROW.match(line.strip())
        if a:
            if not cell_line:
                cell_line = a.group(2).strip()
            elif frame:
                deepest = f"{frame}: {a.group(2).strip()}"
    return cell_line, deepest


def voer_uit(mappen: VariantMappen) -> tuple[Path, list[Fout]]:
    """Execute every chapter of the variant, each to its end or its first error.

    Unlike the pipeline, a failing chapter does not stop the others: the lead wants every
    failure of a variant at once, and the text of the chapters that did run. The kernels are
    those of the caller's shared pool (:func:`analysis.publication.kernels.gedeeld`), if any."""
    from analysis.data.errors import DataError
    from analysis.data.reading import read_meta
    from analysis.publication import book, kernels, pipeline

    stage = mappen.build / str(mappen.jaar)
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    with omgeving(mappen):
        try:
            pipeline.export_indicators(mappen.jaar, stage)
        except DataError as exc:
            return stage, [Fout("(validatie)", -1, f"DataError: {exc}", "")]
        book.write_book_files(
            stage, mappen.jaar, read_meta(mappen.data / str(mappen.jaar) / "meta.yml")
        )
        with kernels.pool_voor_build() as pool:
            mislukt = pool.run(
                [kernels.Taak(c.name, c.source, c.entry) for c in book.chapters()],
                kernels.Build(stage, mappen.jaar, mappen.data, False, kernels.huidige_omgeving()),
                doorgaan=True,
            )
    fouten = [Fout(m.hoofdstuk, m.cel, m.fout, *_raising_lines(list(m.traceback))) for m in mislukt]
    order = {c.name: i for i, c in enumerate(book.chapters())}
    return stage, sorted(fouten, key=lambda f: (order.get(f.hoofdstuk, -1), f.cel))


def verscheept(jaar: int, root: Path) -> VariantMappen:
    """A shipped year, seen as a variant (its own data and the project's configuration)."""
    mappen = VariantMappen(naam=str(jaar), root=root, jaar=jaar)
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(config_dir(), mappen.config, ignore=shutil.ignore_patterns("20*"))
    for y in (2023, 2024):
        shutil.copytree(ROOT / "data" / str(y), mappen.data / str(y))
    return mappen


def rapport(namen: list[str], uit: Path, hergebruik: bool = False) -> str:
    """Markdown: for every variant, each chapter failure and each narrative finding.

    ``hergebruik``: take the executed chapters and failures of an earlier run in ``uit``
    (to re-read the text with changed rules without executing again)."""
    from analysis.checks.narrative import controleer_build
    from analysis.checks.small_cells import check_build

    parts = [
        "# Bevindingen stressvarianten (issue 10)",
        "",
        "Gemaakt met `python -m analysis.varianten --uit <map> --bevindingen <bestand>`: elk",
        "hoofdstuk van elke variant is uitgevoerd (een falend hoofdstuk stopt de andere niet),",
        "daarna is de tekstcontrole (`analysis.checks.narrative`) over de uitgevoerde",
        "notebooks gedraaid, ook over het deel vóór de fout. Cel = index in",
        "`chapters/<naam>.ipynb`, vanaf 0.",
        "",
    ]
    for naam in namen:
        root = uit / naam
        if hergebruik and (root / "build").exists():
            jaar = int(naam) if naam.isdigit() else VARIANTEN[naam].jaar
            mappen = VariantMappen(naam, root, jaar)
        elif naam.isdigit():
            mappen = verscheept(int(naam), root)
        else:
            mappen = maak_variant(naam, root)
        beschrijving = (
            f"verscheepte jaargang {naam}" if naam.isdigit() else VARIANTEN[naam].beschrijving
        )
        opgeslagen = mappen.build / str(mappen.jaar) / "fouten.json"
        if hergebruik and opgeslagen.exists():
            stage = opgeslagen.parent
            fouten = [Fout(**f) for f in json.loads(opgeslagen.read_text(encoding="utf-8"))]
        else:
            stage, fouten = voer_uit(mappen)
            atomic_write_text(opgeslagen, json.dumps([vars(f) for f in fouten], indent=1))
        with omgeving(mappen):
            bevindingen = controleer_build(stage, mappen.jaar)
        klein = check_build(stage)
        parts += [f"## {naam} — {beschrijving}", ""]
        parts.append(f"### Bouwfouten ({len(fouten)})")
        parts.append("")
        for f in fouten:
            parts.append(f"- **{f.hoofdstuk}**, cel {f.cel}: `{f.fout[:300]}`")
            if f.regel:
                parts.append(f"  - regel die faalde: `{f.regel}`")
            if f.diepste:
                parts.append(f"  - diepste frame in analysis/: `{f.diepste}`")
        if not fouten:
            parts.append("- geen")
        parts += ["", f"### Tekstbevindingen ({len(bevindingen)})", ""]
        for b in bevindingen:
            parts.append(f"- **{b.hoofdstuk}**, cel {b.cel}, {b.regel}: {b.fragment!r}")
        if not bevindingen:
            parts.append("- geen")
        parts += ["", f"### Cijfers op minder dan tien respondenten ({len(klein)})", ""]
        parts += [f"- {v}" for v in klein] or ["- geen"]
        parts.append("")
        print(
            f"{naam}: {len(fouten)} bouwfouten, {len(bevindingen)} tekstbevindingen, "
            f"{len(klein)} kleine cellen",
            flush=True,
        )
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak (en bouw) de stressvarianten.")
    parser.add_argument("--uit", type=Path, required=True, help="tijdelijke map")
    parser.add_argument("namen", nargs="*", help=f"standaard alle: {', '.join(VARIANTEN)}")
    parser.add_argument(
        "--bevindingen",
        type=Path,
        default=None,
        help="voer elk hoofdstuk uit en schrijf fouten en tekstbevindingen naar dit bestand",
    )
    parser.add_argument(
        "--hergebruik",
        action="store_true",
        help="gebruik de uitgevoerde hoofdstukken van een eerdere run in --uit",
    )
    args = parser.parse_args(argv)
    namen = args.namen or ["2023", "2024", *VARIANTEN]
    unknown = sorted(set(namen) - set(VARIANTEN) - {"2023", "2024"})
    if unknown:
        print(f"Onbekende variant(en) {unknown}; kies uit {list(VARIANTEN)}", file=sys.stderr)
        return 2
    if args.bevindingen:
        from analysis.publication.kernels import gedeeld

        with gedeeld():  # two warm kernels for all the variants
            text = rapport(namen, args.uit, args.hergebruik)
        atomic_write_text(args.bevindingen, text)
        print(f"Geschreven: {args.bevindingen}")
        return 0
    for naam in namen:
        mappen = maak_variant(naam, args.uit / naam)
        print(f"{naam}: {mappen.data / str(mappen.jaar)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
