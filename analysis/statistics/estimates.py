"""The year's estimates, computed once and stored in the build: one source of numbers.

Why: text, tables, figures and exports must never disagree, and a number computed in two
places will one day differ. So the book build computes, before any chapter runs,

- the tidy indicator table (every indicator, the standard groups and every breakdown),
- every declared group comparison (``data/toetsfamilies.yml``, corrected per family),
- from the second year on, the change since the previous year (:mod:`analysis.statistics.change`),

and writes them to ``build/<jaar>/schattingen/`` (full precision, not suppressed: this
folder is the chapters' input and is not published; the published exports are written from
it, suppressed). Chapters read them through :class:`analysis.chapter.Hoofdstuk`; a chapter
opened on its own in Jupyter, with no stored estimates, computes them with the same function.
A group outside the standard breakdowns is computed on request by the same
:func:`analysis.statistics.indicators.indicator_table`.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from analysis.data.files import atomic_write_text
from analysis.data.load import load_year
from analysis.data.reading import Jaargang
from analysis.statistics.change import change_table, empty_change_table, previous_year
from analysis.statistics.comparisons import Vergelijking
from analysis.statistics.design import Ontwerp, fpc_beleid
from analysis.statistics.families import compare_families, differences_table
from analysis.statistics.indicators import indicator_table

MAP = "schattingen"
BREAKDOWNS = (
    "geslacht",
    "leeftijdsgroep",
    "taalles",
    "b1_haalbaar",
    "nationaliteit",
    "tevreden_niveau_nl",
    "ontevreden_niveau_nl",
    "zenuwachtig",
)
FLOAT = "%.17g"  # exact round trip: what the chapters read is what was computed


def ontwerp(jg: Jaargang, gewogen: bool) -> Ontwerp:
    """The sampling design of a year: its population (``meta.yml`` ``populatie`` and
    ``populatie.csv``) and, in the weighted edition, its raking weights."""
    weights = None
    if gewogen:
        from analysis.statistics.weighting import rake_weights

        weights = rake_weights(jg.enquete, jg.populatie)
    return Ontwerp(float(jg.meta["populatie"]), jg.populatie, weights)


@dataclass
class Schattingen:
    """Everything the chapters of one year read."""

    jaar: int
    gewogen: bool
    indicatoren: pd.DataFrame
    vergelijkingen: list[Vergelijking]
    verandering: pd.DataFrame

    @property
    def verschillen(self) -> pd.DataFrame:
        """The export ``tabellen/verschillen.csv`` (not yet suppressed)."""
        return differences_table(self.vergelijkingen)


def bereken(jaar: int, data_dir: Path, gewogen: bool = False) -> Schattingen:
    """Compute the year's estimates (see module)."""
    jg = load_year(jaar, data_dir)
    design = ontwerp(jg, gewogen)
    niveaus_fpc = fpc_beleid()["niveaus"]  # the policy of data/toetsfamilies.yml
    tabel = indicator_table(
        jg.enquete,
        jaar,
        breakdowns=BREAKDOWNS,
        populatie=design.populatie if niveaus_fpc else None,
        populatie_tabel=design.populatie_tabel if niveaus_fpc else None,
        weights=design.weights,
    )
    vergelijkingen = compare_families(jg.enquete, design, jaar=jaar)
    vorig = previous_year(jaar, data_dir)
    if vorig is None:
        verandering = empty_change_table()
    else:
        jv = load_year(vorig, data_dir)
        verandering = change_table(jg, jv, design, ontwerp(jv, gewogen))
    return Schattingen(jaar, gewogen, tabel, vergelijkingen, verandering)


def _json_value(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, tuple):
        return [_json_value(v) for v in x]
    return x


def schrijf(folder: Path, s: Schattingen) -> Path:
    """Store the estimates in ``folder/schattingen/`` (deterministic bytes)."""
    out = folder / MAP
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(
        out / "indicatoren.csv",
        s.indicatoren.to_csv(index=False, lineterminator="\n", float_format=FLOAT),
    )
    atomic_write_text(
        out / "verandering.csv",
        s.verandering.to_csv(index=False, lineterminator="\n", float_format=FLOAT),
    )
    records = [{k: _json_value(v) for k, v in asdict(v).items()} for v in s.vergelijkingen]
    atomic_write_text(
        out / "vergelijkingen.json",
        json.dumps(
            {"jaar": s.jaar, "gewogen": s.gewogen, "vergelijkingen": records},
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        + "\n",
    )
    return out


def _vergelijking(r: dict) -> Vergelijking:
    nan = float("nan")
    return Vergelijking(
        indicator=r["indicator"],
        groepen=tuple(r["groepen"]),
        tellers=tuple(r["tellers"]),
        noemers=tuple(r["noemers"]),
        toets=r["toets"],
        p=nan if r["p"] is None else r["p"],
        p_gecorrigeerd=r["p_gecorrigeerd"],
        familie=r["familie"],
        shares=tuple(nan if x is None else x for x in r["shares"]),
        n_eff=tuple(nan if x is None else x for x in r["n_eff"]),
        beantwoord=r["beantwoord"],
        p_gecorrigeerd_fpc_anders=r.get("p_gecorrigeerd_fpc_anders"),
        verkennend=bool(r.get("verkennend", False)),
    )


def lees(folder: Path, jaar: int, gewogen: bool) -> Schattingen | None:
    """The stored estimates of ``folder``, or None when absent or of another year/edition."""
    out = folder / MAP
    try:
        meta = json.loads((out / "vergelijkingen.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if meta["jaar"] != jaar or meta["gewogen"] != gewogen:
        return None
    tabel = pd.read_csv(out / "indicatoren.csv", keep_default_na=False, na_values=[""])
    tabel["groep"] = tabel["groep"].astype(str)
    verandering = pd.read_csv(out / "verandering.csv")
    if verandering.empty:
        verandering = empty_change_table()
    return Schattingen(
        jaar, gewogen, tabel, [_vergelijking(r) for r in meta["vergelijkingen"]], verandering
    )


def lees_of_bereken(folder: Path, jaar: int, data_dir: Path, gewogen: bool) -> Schattingen:
    """The stored estimates, or -- for a chapter opened on its own -- computed now."""
    return lees(folder, jaar, gewogen) or bereken(jaar, data_dir, gewogen)
