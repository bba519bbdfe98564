"""An attack on a year's published files: can a figure of fewer than ``MIN_CELL`` respondents
be recovered by subtraction?

    python -m analysis.checks.subtraction build/2023     # every finding; exit 1 if there is one

Why a separate attack: disclosure control (:mod:`analysis.statistics.disclosure`) decides
which cells to hide, breakdown by breakdown. A reviewer will not take that rule's word for
it; they take the published CSV files and try. So does this module, and on purpose it
shares no code with the rule: it reads only what a reader can download, knows only what
the group names say (``totaal``, ``asielstatushouder``, ``dimensie=waarde``, unions with
``,`` and intersections with ``&``), and tries

- every published group minus every combination of disjoint published groups inside it
  (the total minus the other status group; a union minus one of its parts; a group minus
  its intersections), on every indicator;
- differences: one side and the published difference give the other side (in
  ``verschillen.csv`` and ``verandering.csv``);
- complements: two indicators asked of the same people whose counts add up to the
  denominator in every group both publish give each other's hidden cells;
- the previous year's side of ``verandering.csv`` as a figure of that year.

A finding is a group of 1 to ``MIN_CELL`` - 1 respondents whose count with the outcome
follows from published numbers. Percentages come with two decimals, which give the count
exactly for every denominator under 5,000.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.privacy import MIN_CELL

Sleutel = tuple[int, str, str]  # (jaar, indicator, groep)


@dataclass(frozen=True)
class Cel:
    """What a reader knows of one group on one indicator: its denominator and, where
    published or derived, its count with the outcome."""

    noemer: int
    teller: int | None = None
    bron: str = ""


def _getal(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x == "":
        return None
    return float(x)


def _teller(pct: float | None, n: float | None) -> int | None:
    if pct is None or n is None:
        return None
    return round(pct * n / 100)


class Kennis:
    """Everything the published files say, per (year, indicator, group)."""

    def __init__(self) -> None:
        self.cellen: dict[Sleutel, Cel] = {}

    def zet(self, k: Sleutel, noemer: float | None, teller: int | None, bron: str) -> bool:
        """Record a cell; returns whether it added a count not known before."""
        if noemer is None:
            return False
        oud = self.cellen.get(k)
        if oud is not None and (oud.teller is not None or teller is None):
            return False
        self.cellen[k] = Cel(int(noemer), teller, bron)
        return teller is not None

    def per_indicator(self) -> dict[tuple[int, str], dict[str, Cel]]:
        uit: dict[tuple[int, str], dict[str, Cel]] = {}
        for (jaar, ind, groep), cel in self.cellen.items():
            uit.setdefault((jaar, ind), {})[groep] = cel
        return uit


def lees(build: Path, k: Kennis | None = None) -> Kennis:
    """Read the year's published files (``indicatoren.csv``, ``tabellen/*.csv``), into ``k``
    when given: several years read together are attacked together (the previous year's
    side of the change table against that year's own files)."""
    k = k or Kennis()
    ind = pd.read_csv(build / "indicatoren.csv", keep_default_na=False, na_values=[""])
    for r in ind.itertuples():
        t = _getal(r.teller)
        sleutel = (int(r.jaar), r.indicator, str(r.groep))
        k.zet(sleutel, r.noemer, None if t is None else int(t), "indicatoren.csv")
    jaar = int(ind.jaar.iloc[0]) if len(ind) else 0
    tab = build / "tabellen"
    pad = tab / "verschillen.csv"
    if pad.exists():
        for r in pd.read_csv(pad).to_dict("records"):
            _paar(
                k,
                (jaar, r["indicator"]),
                (r["groep_a"], r["pct_a"], r["n_a"]),
                (r["groep_b"], r["pct_b"], r["n_b"]),
                r.get("verschil"),
                "verschillen.csv",
            )
    pad = tab / "verandering.csv"
    if pad.exists():
        for r in pd.read_csv(pad).to_dict("records"):
            nu = (jaar, r["indicator"], str(r["groep"]))
            vorig = (int(r["jaar_vorig"]), r["indicator"], str(r["groep"]))
            _verschil(
                k,
                nu,
                r["pct"],
                r["n"],
                vorig,
                r["pct_vorig"],
                r["n_vorig"],
                r.get("verschil"),
                "verandering.csv",
            )
    pad = tab / "utrecht.csv"
    if pad.exists():
        for r in pd.read_csv(pad).to_dict("records"):
            n = _getal(r["n"])
            k.zet(
                (jaar, r["indicator"], str(r["groep"])),
                n,
                _teller(_getal(r["pct"]), n),
                "utrecht.csv",
            )
    pad = tab / "tbl-toetsen.csv"
    if pad.exists():
        for r in pd.read_csv(pad).to_dict("records"):
            for kol in r:
                if kol.startswith("pct_"):
                    g = kol[4:]
                    n = _getal(r.get(f"n_{g}"))
                    k.zet(
                        (jaar, r["indicator"], g), n, _teller(_getal(r[kol]), n), "tbl-toetsen.csv"
                    )
    pad = tab / "tbl-nonrespons.csv"
    if pad.exists():
        for r in pd.read_csv(pad).to_dict("records"):
            beantwoord = f"{r['indicator']}|beantwoord"
            for ik, achter in ((r["indicator"], ""), (beantwoord, "_beantwoord")):
                for kant in ("a", "b"):
                    n = _getal(r.get(f"n_{kant}{achter}"))
                    k.zet(
                        (jaar, ik, str(r[f"groep_{kant}"])),
                        n,
                        _teller(_getal(r.get(f"pct_{kant}{achter}")), n),
                        "tbl-nonrespons.csv",
                    )
    return k


def _paar(k: Kennis, ind: tuple[int, str], a, b, verschil, bron: str) -> None:
    (ga, pa, na), (gb, pb, nb) = a, b
    _verschil(k, (*ind, str(ga)), pa, na, (*ind, str(gb)), pb, nb, verschil, bron)


def _verschil(k: Kennis, ka: Sleutel, pa, na, kb: Sleutel, pb, nb, verschil, bron: str) -> None:
    """Record both sides of a difference (a minus b), deriving a hidden side from the other
    side and the published difference."""
    pa, pb, d, na, nb = (_getal(x) for x in (pa, pb, verschil, na, nb))
    if pa is None and pb is not None and d is not None:
        pa = pb + d
    if pb is None and pa is not None and d is not None:
        pb = pa - d
    k.zet(ka, na, _teller(pa, na), bron)
    k.zet(kb, nb, _teller(pb, nb), bron)


def _spec(groep: str) -> dict[str, frozenset[str]]:
    """What a group name says: per dimension the values it admits (``totaal``: none)."""
    if groep == "totaal":
        return {}
    if "=" not in groep:
        return {"groep": frozenset([groep])}
    uit: dict[str, frozenset[str]] = {}
    for deel in groep.split("&"):
        dim, _, waarden = deel.partition("=")
        uit[dim] = frozenset(waarden.split(","))
    return uit


def _binnen(a: dict, b: dict) -> bool:
    """Whether every member of ``a`` is a member of ``b``, by the names alone."""
    return all(dim in a and a[dim] <= waarden for dim, waarden in b.items())


def _los(a: dict, b: dict) -> bool:
    """Whether ``a`` and ``b`` share no member, by the names alone."""
    return any(dim in b and not (a[dim] & b[dim]) for dim in a)


def _complementen(per: dict[tuple[int, str], dict[str, Cel]]) -> int:
    """Fill hidden counts from complementary indicators; returns how many were filled."""
    gevuld = 0
    sleutels = list(per)
    for (j1, i1), (j2, i2) in itertools.combinations(sleutels, 2):
        if j1 != j2:
            continue
        a, b = per[(j1, i1)], per[(j2, i2)]
        gedeeld = [g for g in a if g in b and a[g].noemer == b[g].noemer]
        if len(gedeeld) < len(a) or len(gedeeld) < len(b):
            continue
        beide = [g for g in gedeeld if a[g].teller is not None and b[g].teller is not None]
        if len(beide) < 3 or any(a[g].teller + b[g].teller != a[g].noemer for g in beide):
            continue
        for g in gedeeld:
            for x, y, naam in ((a, b, i1), (b, a, i2)):
                if x[g].teller is None and y[g].teller is not None:
                    x[g] = Cel(x[g].noemer, x[g].noemer - y[g].teller, f"complement van {naam}")
                    gevuld += 1
    return gevuld


def aanval(k: Kennis) -> list[str]:
    """Every small group whose count follows by subtraction (see the module)."""
    per = k.per_indicator()
    _complementen(per)
    bevindingen: list[str] = []
    for (jaar, ind), cellen in sorted(per.items()):
        bekend = {g: c for g, c in cellen.items() if c.teller is not None}
        specs = {g: _spec(g) for g in cellen}
        for ouder, oc in bekend.items():
            kinderen = [
                g
                for g in bekend
                if g != ouder and _binnen(specs[g], specs[ouder]) and specs[g] != specs[ouder]
            ]
            kinderen.sort(key=lambda g: -bekend[g].noemer)
            for rest_n, rest_t, deel in _deelsommen(kinderen, bekend, specs, oc):
                if 0 < rest_n < MIN_CELL:
                    bevindingen.append(
                        f"{jaar} {ind}: {ouder} min {' + '.join(deel)} = {rest_t} van {rest_n}"
                    )
    return bevindingen


def _deelsommen(kinderen, bekend, specs, ouder: Cel):
    """Every combination of pairwise disjoint children, with the remainder it leaves
    (denominator, count); a child larger than what is left is skipped."""

    def stap(i: int, deel: list[str], n: int, t: int):
        if deel:
            yield ouder.noemer - n, ouder.teller - t, list(deel)
        if ouder.noemer - n <= 0:
            return
        for j in range(i, len(kinderen)):
            g = kinderen[j]
            if bekend[g].noemer > ouder.noemer - n:
                continue
            if any(not _los(specs[g], specs[h]) for h in deel):
                continue
            deel.append(g)
            yield from stap(j + 1, deel, n + bekend[g].noemer, t + bekend[g].teller)
            deel.pop()

    yield from stap(0, [], 0, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, nargs="+", help="build/<jaar> folders")
    args = parser.parse_args(argv)
    k = Kennis()
    for b in args.build:
        lees(b, k)
    gevonden = aanval(k)
    for regel in gevonden:
        print(regel)
    print(
        f"{len(gevonden)} cijfers van minder dan {MIN_CELL} respondenten af te leiden",
        file=sys.stderr,
    )
    return 1 if gevonden else 0


if __name__ == "__main__":
    sys.exit(main())
