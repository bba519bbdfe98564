"""The reviewer's check: does the build follow from the data and the code?

    python -m analysis.verify [--jaar 2023]

Re-executes every chapter from the clean sources in ``chapters/`` into a scratch build beside
the real one, then compares, chapter by chapter and cell by cell, the stored outputs, and byte
by byte the exports (indicator table, the CSV behind every figure and table, the figure
images). Where the build was rendered and Quarto is here, it renders the scratch build too
and prints the SHA-256 of the PDF and of the HTML zip of both, which must be equal. Prints
``identiek`` or every difference; exits 1 on any difference, so a changed data value, code
path or hand-edited output is found and located.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from pathlib import Path

import nbformat

from analysis.data.errors import DataError
from analysis.data.paths import build_root, newest_year
from analysis.publication.book import chapters
from analysis.publication.pipeline import build

EXPORT_GLOBS = (
    "indicatoren.csv",
    "figuren/*.csv",
    "figuren/*.png",
    "tabellen/*.csv",
    "datapackage.json",
)


def _cell_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "data" in out:
            parts += [f"{k}: {v}" for k, v in sorted(out["data"].items())]
        if "text" in out:
            parts.append(out["text"])
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "\n".join(parts)


def compare_notebooks(built: Path, fresh: Path, name: str) -> list[str]:
    """Differences between two executions of one chapter, per cell."""
    a = nbformat.read(built, as_version=4)
    b = nbformat.read(fresh, as_version=4)
    if len(a.cells) != len(b.cells):
        return [f"{name}: {len(a.cells)} cellen in de build, {len(b.cells)} opnieuw uitgevoerd"]
    diffs = []
    for i, (ca, cb) in enumerate(zip(a.cells, b.cells, strict=True)):
        if ca.source != cb.source:
            diffs.append(f"{name}, cel {i}: de broncode verschilt")
            continue
        ta, tb = _cell_text(ca), _cell_text(cb)
        if ta != tb:
            delta = [
                ln
                for ln in difflib.unified_diff(
                    ta.splitlines(), tb.splitlines(), "build", "opnieuw", n=0, lineterm=""
                )
                if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))
            ]
            diffs.append(f"{name}, cel {i}: uitvoer verschilt\n      " + "\n      ".join(delta[:6]))
    return diffs


def compare_exports(built: Path, fresh: Path) -> list[str]:
    diffs = []
    names = sorted(
        {p.relative_to(d) for d in (built, fresh) for g in EXPORT_GLOBS for p in d.glob(g)}
    )
    for rel in names:
        a, b = built / rel, fresh / rel
        if not a.exists() or not b.exists():
            diffs.append(f"{rel}: alleen in {'de build' if a.exists() else 'de nieuwe uitvoering'}")
        elif a.read_bytes() != b.read_bytes():
            diffs.append(f"{rel}: inhoud verschilt")
    return diffs


def compare_publication(built: Path, fresh: Path, report=print) -> list[str]:
    """Render the fresh build too and compare the SHA-256 of its PDF and HTML zip with the
    rendered build's, printing both: a reviewer can then check a published PDF against
    this commit and these data."""
    from analysis.publication.render import publicatie_sha256, render_book

    render_book(fresh)
    ervoor, opnieuw = publicatie_sha256(built), publicatie_sha256(fresh)
    diffs = []
    for name in sorted(set(ervoor) | set(opnieuw)):
        a, b = ervoor.get(name), opnieuw.get(name)
        report(f"  {name}\n    build:     {a or '(niet gerenderd)'}\n    opnieuw:   {b}")
        if a != b:
            diffs.append(f"{name}: SHA-256 verschilt van de gerenderde build")
    return diffs


def verify(jaar: int, render: bool | None = None, report=print) -> list[str]:
    """Re-execute ``jaar`` into a scratch build and list every difference with the build.

    ``render``: also render the scratch build and compare the publication's checksums (by
    default when the build was rendered and Quarto is here)."""
    built = build_root() / str(jaar)
    if not built.exists():
        raise FileNotFoundError(
            f"Geen build voor {jaar} in {built}: draai eerst 'make report JAAR={jaar}'."
        )
    scratch = build_root() / f".verify-{jaar}"  # same depth: same relative paths to the data
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        build(jaar, target=scratch)
        diffs = []
        for chapter in chapters():
            diffs += compare_notebooks(built / chapter.entry, scratch / chapter.entry, chapter.name)
        diffs += compare_exports(built, scratch)
        if render is None:
            render = (built / "_book" / "index.html").exists() and quarto_here()
        if render:
            report("SHA-256 van de publicatie (PDF en HTML-zip):")
            diffs += compare_publication(built, scratch, report)
        return diffs
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def quarto_here() -> bool:
    from analysis.publication.render import QuartoMissing, find_quarto

    try:
        find_quarto()
    except QuartoMissing:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Voer alle hoofdstukken opnieuw uit en vergelijk met de build."
    )
    parser.add_argument("--jaar", type=int, default=None)
    args = parser.parse_args(argv)
    jaar = args.jaar or newest_year()
    try:
        diffs = verify(jaar)
    except (DataError, FileNotFoundError) as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 2
    if not diffs:
        print(
            f"identiek: de build van {jaar} volgt uit de data en de code "
            f"({len(chapters())} hoofdstukken en alle exports vergeleken)"
        )
        return 0
    print(f"VERSCHILLEN ({len(diffs)}) tussen de build van {jaar} en een nieuwe uitvoering:")
    for d in diffs:
        print(f"  - {d}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
