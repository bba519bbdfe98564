"""A check on a build's published tables: no percentage, difference or interval rests on a
group of fewer than ``MIN_CELL`` respondents, in any table a year exports.

    python -m analysis.checks.small_cells build/2024 [build/2023 ...]

Why a check of its own: the estimates suppress small cells, and the chapters' figures and
exports read the estimates; but appendix tables (response, non-response, weighting, tests,
model terms) are made from the respondents by other routes, and a variant year with two
gezinsmigranten showed what can slip through there. This check reads only the published CSVs
(``tabellen/*.csv`` and ``indicatoren.csv``) and knows nothing of how they were made: it pairs
every share with the count it is a share of, by the column names, and every difference or
model term with the groups it compares.

Pairs, by column name:

- ``pct_X`` with ``n_X`` (and ``geen_antwoord_X`` with ``n_X``); ``X_pct`` with ``X_n``;
- ``percentage``, ``ongewogen``, ``gewogen``, ``resultaat (...)`` with ``noemer``;
- in a row where some respondent count lies between 1 and ``MIN_CELL`` - 1, every column of
  a comparison (``verschil*``, ``ci_*``, ``p``, ``p_*``, ``odds_ratio``) must be empty;
- a model term (``term``, e.g. ``groep=gezinsmigrant``, with its ``referentie``) must not
  name a category with fewer than ``MIN_CELL`` respondents in the year's data.

Exit 0 without findings, 1 with findings (each printed with file, row and columns).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.privacy import MIN_CELL

# Respondent counts: population counts (bronbestand_n) describe the register, not answers.
_NIET_RESPONDENTEN = {"bronbestand_n"}
_VERGELIJKING = re.compile(r"^(verschil.*|ci_.*|p|p_.*|odds_ratio|mdd_.*)$")
_NOEMER_DELEN = re.compile(r"^(percentage|ongewogen|gewogen|resultaat \(.*\))$")


@dataclass(frozen=True)
class Vondst:
    """One published figure that rests on fewer than ``MIN_CELL`` respondents."""

    bestand: str
    rij: int
    kolom: str
    n: int
    waarde: str

    def __str__(self) -> str:
        return (
            f"{self.bestand}, rij {self.rij}: '{self.kolom}' = {self.waarde} terwijl de groep "
            f"{self.n} respondent(en) telt (minder dan {MIN_CELL})"
        )


def _count(value: object) -> int | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else int(number)


def _filled(value: object) -> bool:
    """A cell that publishes a figure: a number, or a percentage as printed ('38%', '38,2')."""
    if pd.isna(value):
        return False
    return bool(re.search(r"\d", str(value))) and str(value).strip().lower() not in (
        "true",
        "false",
    )


def counts_of(columns: list[str]) -> dict[str, str]:
    """Each share column and the count column it is a share of, by name."""
    pairs: dict[str, str] = {}
    for col in columns:
        if col in _NIET_RESPONDENTEN:
            continue
        for share, count in (
            (re.match(r"^pct_(.+)$", col), "n_{}"),
            (re.match(r"^geen_antwoord_(.+)$", col), "n_{}"),
            (re.match(r"^(.+)_pct$", col), "{}_n"),
        ):
            if share and count.format(share.group(1)) in columns:
                pairs[col] = count.format(share.group(1))
        if col == "pct" and "n" in columns:
            pairs[col] = "n"
        if _NOEMER_DELEN.match(col) and "noemer" in columns:
            pairs[col] = "noemer"
    return {k: v for k, v in pairs.items() if v not in _NIET_RESPONDENTEN}


def respondent_counts(columns: list[str]) -> list[str]:
    """The columns of a table that count respondents."""
    return [
        c
        for c in columns
        if c not in _NIET_RESPONDENTEN
        and (c in ("n", "noemer") or re.match(r"^n_.+$", c) or re.match(r"^.+_n$", c))
    ]


def check_table(path: Path, name: str, groepen: dict[str, int] | None = None) -> list[Vondst]:
    """The findings of one published CSV. ``groepen``: respondents per ``dimensie=waarde``
    of the year (for model terms); without it, model terms are not checked."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    columns = list(table.columns)
    pairs = counts_of(columns)
    counts = respondent_counts(columns)
    comparison = [c for c in columns if _VERGELIJKING.match(c)]
    found = []
    for i, row in table.iterrows():
        for share, count in pairs.items():
            n = _count(row[count])
            if n is not None and 0 < n < MIN_CELL and _filled(row[share]):
                found.append(Vondst(name, int(i) + 2, share, n, str(row[share])))
        small = [n for c in counts if (n := _count(row[c])) is not None and 0 < n < MIN_CELL]
        if small:
            for col in comparison:
                if _filled(row[col]):
                    found.append(Vondst(name, int(i) + 2, col, min(small), str(row[col])))
        if groepen is not None and "term" in columns:
            for col in ("term", "referentie"):
                label = str(row.get(col, ""))
                if "=" not in label and col == "referentie" and "=" in str(row["term"]):
                    label = f"{str(row['term']).split('=')[0]}={label}"
                n = groepen.get(label)
                if n is not None and n < MIN_CELL and _filled(row.get("odds_ratio")):
                    found.append(Vondst(name, int(i) + 2, col, n, label))
    return found


def year_groups(build: Path) -> dict[str, int] | None:
    """Respondents per ``dimensie=waarde`` of the year a build was made from: the
    denominators of the always-asked indicator in ``indicatoren.csv`` (the published n)."""
    path = build / "indicatoren.csv"
    if not path.exists():
        return None
    ind = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "noemer" not in ind.columns:
        return None
    totaal = ind[ind["groep"] == "totaal"]
    if totaal.empty:
        return None
    first = (
        totaal.assign(n=pd.to_numeric(totaal["noemer"], errors="coerce"))
        .sort_values("n", ascending=False)["indicator"]
        .iloc[0]
    )
    rows = ind[ind["indicator"] == first]
    out: dict[str, int] = {}
    for groep, noemer in zip(rows["groep"], rows["noemer"], strict=True):
        n = _count(noemer)
        if n is None:
            continue
        out[groep] = n
        if "=" not in groep:
            out[f"groep={groep}"] = n
    return out


def check_build(build: Path) -> list[Vondst]:
    """Every finding of one build folder."""
    groepen = year_groups(build)
    files = sorted((build / "tabellen").glob("*.csv"))
    if (build / "indicatoren.csv").exists():
        files.append(build / "indicatoren.csv")
    found = []
    for path in files:
        found += check_table(path, str(path.relative_to(build)), groepen)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builds", nargs="+", type=Path)
    args = parser.parse_args(argv)
    total = 0
    for build in args.builds:
        found = check_build(build)
        total += len(found)
        for v in found:
            print(f"{build}: {v}")
    print(f"{total} cijfer(s) op minder dan {MIN_CELL} respondenten", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
