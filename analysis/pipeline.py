"""The main job: build the report of one survey year.

    python -m analysis.pipeline [--jaar 2023]

Stages, each shown as it runs:

1. validate ``data/<jaar>/`` (stops before anything is written if the data break the contract);
2. compute the tidy indicator table -> ``build/<jaar>/indicatoren.csv``;
3. render with Quarto (HTML and PDF) -- only where ``quarto`` is installed; where it is not,
   the exports are still written and the run ends with exit code 3 and a message that says
   what was skipped and how to install Quarto. It never pretends to have rendered.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from analysis.disclosure import suppress
from analysis.indicators import indicator_table
from analysis.load import DataError, load_year
from analysis.output import atomic_write_text
from analysis.paths import build_root, newest_year

EXIT_DATA = 2
EXIT_NO_QUARTO = 3
BREAKDOWNS = ("geslacht", "leeftijdsgroep", "taalles", "b1_haalbaar")

QUARTO_MISSING = """\
Quarto ontbreekt: de stap 'renderen naar HTML en PDF' is OVERGESLAGEN.
De uitvoer tot en met de exports staat in {build}.
Installeer Quarto (>= 1.9) en draai opnieuw, bijvoorbeeld:
  conda env create -f environment.yml && conda activate inburgeringsmonitor
of, met internettoegang:  pip install quarto-cli
(Quarto is missing: rendering was skipped; nothing was rendered.)"""


def step(message: str) -> None:
    print(f">> {message}", flush=True)


def build_dir(jaar: int) -> Path:
    return build_root() / str(jaar)


def export_indicators(jaar: int, out: Path) -> Path:
    """Validate the year and write its tidy indicator table (suppressed where too small)."""
    j = load_year(jaar)
    table = indicator_table(
        j.enquete, jaar, breakdowns=BREAKDOWNS, populatie=float(j.meta["uitgenodigd"])
    )
    table = table[table["noemer"] > 0]  # e.g. 'taalles=nee' for items asked only in lessons
    path = out / "indicatoren.csv"
    text = suppress(table).to_csv(index=False, lineterminator="\n", float_format="%.4f")
    atomic_write_text(path, text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw het rapport van één jaargang.")
    parser.add_argument("--jaar", type=int, default=None, help="standaard: de nieuwste jaargang")
    args = parser.parse_args(argv)
    jaar = args.jaar or newest_year()
    out = build_dir(jaar)
    started = time.perf_counter()
    step(f"Jaargang {jaar}: data controleren (data/{jaar}/)")
    try:
        path = export_indicators(jaar, out)
    except DataError as exc:
        print(f"FOUT in de data, er is niets geschreven:\n{exc}", file=sys.stderr)
        return EXIT_DATA
    step(f"Indicatoren geschreven: {path}")
    if shutil.which("quarto") is None:
        print(QUARTO_MISSING.format(build=out), file=sys.stderr)
        return EXIT_NO_QUARTO
    step("Quarto gevonden; het boek (hoofdstukken) wordt nog opgebouwd: zie issue 'The report'.")
    step(f"Klaar in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
