"""The year's estimates, computed once and stored in the build: one source of numbers.

Why: text, tables, figures and exports must never disagree, and a number computed in two
places will one day differ. So the book build computes, before any chapter runs,

- the tidy indicator table (every indicator, the standard groups and every breakdown),
- every declared group comparison (``data/toetsfamilies.yml``, corrected per family),
- from the second year on, the change since the previous year (:mod:`analysis.statistics.change`),
- every declared comparison with a Utrecht figure (:mod:`analysis.statistics.reference`),
- which cells must not be published (:func:`analysis.statistics.disclosure.patroon`, this
  year's and the previous year's, so that both years' editions hide the same cells),

and writes them to ``build/<jaar>/schattingen/`` (full precision; a cell hidden by secondary
suppression is stored blank, so no chapter can print it; a cell under ``MIN_CELL`` keeps its
numbers and every reader blanks it by its denominator; this folder is not published, the
exports are written from it, suppressed). Chapters read them through
:class:`analysis.chapter.Hoofdstuk`; a chapter opened on its own in Jupyter, with no stored
estimates, computes them with the same function. A group outside the standard breakdowns
is computed on request by the same :func:`analysis.statistics.indicators.indicator_table`.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pandas as pd

from analysis.data.files import atomic_write_text
from analysis.data.load import load_year
from analysis.data.reading import Jaargang
from analysis.statistics.change import (
    GEEN_GECORRIGEERD,
    change_table,
    empty_change_table,
    previous_year,
)
from analysis.statistics.comparisons import Vergelijking
from analysis.statistics.design import Ontwerp, fpc_beleid
from analysis.statistics.disclosure import NIET_GETOOND, SECUNDAIR, patroon, too_small
from analysis.statistics.families import compare_families, differences_table
from analysis.statistics.indicators import (
    GROEPEN,
    TOTAAL,
    dimension_values,
    group_mask,
    indicator_flags,
    indicator_table,
)
from analysis.statistics.reference import COLUMNS as UTRECHT_COLUMNS
from analysis.statistics.reference import lees_referentie, utrecht_table

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
AFGELEID_VERANDERING = (
    "verschil",
    "ci_laag",
    "ci_hoog",
    "p",
    "p_gecorrigeerd",
    "verschil_gecorrigeerd",
    "verschil_gecorrigeerd_laag",
    "verschil_gecorrigeerd_hoog",
    "p_gecorrigeerd_fpc_anders",
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
    utrecht: pd.DataFrame  # the comparisons with Utrecht figures (family 'utrecht')

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
    tabel["onderdrukt"] = patroon(tabel)
    verborgen = verberg_secundair(tabel)
    vergelijkingen = [
        verberg_vergelijking(v, jg.enquete, verborgen)
        for v in compare_families(jg.enquete, design, jaar=jaar)
    ]
    vorig = previous_year(jaar, data_dir)
    if vorig is None:
        verandering = empty_change_table()
    else:
        jv = load_year(vorig, data_dir)
        verandering = change_table(jg, jv, design, ontwerp(jv, gewogen))
        vorig_tabel = indicator_table(jv.enquete, vorig, breakdowns=BREAKDOWNS)
        vorig_tabel["onderdrukt"] = patroon(vorig_tabel)
        verandering = verberg_verandering(verandering, verborgen, verberg_secundair(vorig_tabel))
    utrecht = utrecht_table(jg.enquete, design, lees_referentie())
    utrecht = verberg_utrecht(utrecht, jg.enquete, verborgen)
    return Schattingen(jaar, gewogen, tabel, vergelijkingen, verandering, utrecht)


def verberg_secundair(tabel: pd.DataFrame) -> set[tuple[str, str]]:
    """Blank, in place, the numbers of the cells hidden by secondary suppression; returns
    every hidden cell (primary and secondary) as ``(indicator, groep)``."""
    sec = tabel["onderdrukt"] == SECUNDAIR
    for col in ("teller", "percentage", "ci_laag", "ci_hoog") if sec.any() else ():
        tabel[col] = tabel[col].astype(float)  # as the stored table reads back
        tabel.loc[sec, col] = math.nan
    return verborgen_cellen(tabel)


def verberg_utrecht(
    tabel: pd.DataFrame, df: pd.DataFrame, verborgen: set[tuple[str, str]]
) -> pd.DataFrame:
    """The Utrecht tests with the share, difference, interval and p of a hidden group blanked
    (a group outside the table, such as the under-40s, by :func:`verborgen_groep`)."""
    out = tabel.copy()
    for i, r in out.iterrows():
        if not too_small(r["n"]) and verborgen_groep(df, r["indicator"], r["groep"], verborgen):
            for col in ("pct", "verschil", "ci_laag", "ci_hoog", "p", "p_gecorrigeerd"):
                out.loc[i, col] = math.nan
            out.loc[i, ["oordeel", "toets", "interval"]] = [NIET_GETOOND, NIET_GETOOND, ""]
            out.loc[i, "interval_oneens"] = False
    return out


def verborgen_cellen(tabel: pd.DataFrame) -> set[tuple[str, str]]:
    """Every cell of an indicator table with an ``onderdrukt`` mark, as ``(indicator, groep)``
    (a table without the column, e.g. stored by an older build, hides by size alone)."""
    if "onderdrukt" not in tabel.columns:
        rows = tabel[tabel["noemer"].map(too_small)]
    else:
        rows = tabel[tabel["onderdrukt"].fillna("") != ""]
    return set(zip(rows["indicator"], rows["groep"], strict=True))


def verberg_vergelijking(
    v: Vergelijking, df: pd.DataFrame, verborgen: set[tuple[str, str]]
) -> Vergelijking:
    """A comparison with a hidden side (see :func:`verborgen_groep`) shows no percentage on
    any side: with one side and the difference published, the other side follows. A
    comparison among those who answered is judged against that table's hidden cells."""
    if v.beantwoord:
        verborgen = verborgen_beantwoord(df, v.indicator)
    if any(verborgen_groep(df, v.indicator, g, verborgen, v.beantwoord) for g in v.groepen):
        nan = math.nan
        leeg = tuple(nan for _ in v.groepen)
        return replace(v, verborgen=True, shares=leeg, p=nan, p_gecorrigeerd=nan)
    return v


def verborgen_beantwoord(df: pd.DataFrame, indicator: str) -> set[tuple[str, str]]:
    """The hidden cells of an indicator counted among those who answered (the denominators
    of the 'beantwoord' figures): the same rule on that table."""
    tabel = indicator_table(df, 0, [indicator], breakdowns=BREAKDOWNS, beantwoord=True)
    tabel["onderdrukt"] = patroon(tabel)
    return verborgen_cellen(tabel)


def verberg_op_aanvraag(
    df: pd.DataFrame, rijen: pd.DataFrame, verborgen: set[tuple[str, str]], beantwoord: bool
) -> pd.DataFrame:
    """Rows computed on request (a group outside the table, or a denominator of those who
    answered) with the numbers of a hidden group blanked, as in the stored table.
    ``verborgen``: the table's hidden cells (ignored for ``beantwoord``, which has its own)."""
    out = rijen.copy()
    for i, r in out.iterrows():
        weg = verborgen_beantwoord(df, r["indicator"]) if beantwoord else verborgen
        if not too_small(r["noemer"]) and verborgen_groep(
            df, r["indicator"], r["groep"], weg, beantwoord
        ):
            for col in ("teller", "percentage", "ci_laag", "ci_hoog"):
                out[col] = out[col].astype(float)
                out.loc[i, col] = math.nan
    return out


def verborgen_groep(
    df: pd.DataFrame,
    indicator: str,
    groep: str,
    verborgen: set[tuple[str, str]],
    beantwoord: bool = False,
) -> bool:
    """Whether a group's figure on ``indicator`` must not be published: it is a hidden cell of
    the table; or, for a group outside the table (a union or an intersection), it has fewer
    than ``MIN_CELL`` respondents, or it differs from a published cell that contains it or
    that it contains by fewer than ``MIN_CELL`` respondents or by exactly a hidden cell."""
    if (indicator, groep) in verborgen:
        return True
    cellen = {g for i, g in verborgen if i == indicator}
    telt = indicator_flags(df, indicator, beantwoord).notna()
    lid = group_mask(df, groep) & telt
    if too_small(int(lid.sum())):
        return True
    if "&" not in groep and "," not in groep.partition("=")[2]:
        return False  # a cell of the table that is published
    for ander in indelingen_groepen(df):
        if ander in cellen:
            continue
        ander_lid = group_mask(df, ander) & telt
        for klein, groot in ((lid, ander_lid), (ander_lid, lid)):
            if (klein & ~groot).any() or klein.equals(groot):
                continue
            rest = groot & ~klein
            if too_small(int(rest.sum())) or any(
                (group_mask(df, c) & telt).equals(rest) for c in cellen
            ):
                return True
    return False


def indelingen_groepen(df: pd.DataFrame) -> list[str]:
    """The groups of the published table: the total, the status groups and every breakdown
    value."""
    uit = [TOTAAL, *GROEPEN]
    for dim in BREAKDOWNS:
        uit += [f"{dim}={v}" for v in sorted(dimension_values(df, dim).dropna().unique())]
    return uit


def verberg_verandering(
    tabel: pd.DataFrame, nu: set[tuple[str, str]], vorig: set[tuple[str, str]]
) -> pd.DataFrame:
    """The change table with every side hidden in its own year's edition blanked, and with
    it the difference, its interval and p (which would give the hidden side back); the
    verdict reads 'niet getoond'. Sides under ``MIN_CELL`` are blanked by the exports as
    before."""
    out = tabel.copy()
    if out.empty:
        return out
    sleutel = list(zip(out["indicator"], out["groep"], strict=True))
    for kolom, verborgen in (("pct_vorig", vorig), ("pct", nu)):
        weg = pd.Series([k in verborgen for k in sleutel], index=out.index) & ~out[
            "n_vorig" if kolom == "pct_vorig" else "n"
        ].map(too_small)
        if not weg.any():
            continue
        for col in (kolom, *AFGELEID_VERANDERING):
            if col in out.columns:
                out[col] = out[col].astype(float)
                out.loc[weg, col] = math.nan
        out.loc[weg, "oordeel"] = NIET_GETOOND
        out.loc[weg, ["toets", "interval"]] = [NIET_GETOOND, ""]
        out.loc[weg, "interval_oneens"] = False
        out.loc[weg, "gecorrigeerd_opmerking"] = GEEN_GECORRIGEERD["verborgen"]
    return out


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
    atomic_write_text(
        out / "utrecht.csv",
        s.utrecht.to_csv(index=False, lineterminator="\n", float_format=FLOAT),
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
        verborgen=bool(r.get("verborgen", False)),
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
    if "onderdrukt" in tabel.columns:  # '' (published) is stored as an empty cell
        tabel["onderdrukt"] = tabel["onderdrukt"].fillna("").astype(str)
    verandering = pd.read_csv(out / "verandering.csv")
    if verandering.empty:
        verandering = empty_change_table()
    try:
        utrecht = pd.read_csv(out / "utrecht.csv", keep_default_na=False, na_values=[""])
    except FileNotFoundError:  # stored by a build before the Utrecht family existed
        return None
    if utrecht.empty:
        utrecht = pd.DataFrame(columns=UTRECHT_COLUMNS)
    return Schattingen(
        jaar,
        gewogen,
        tabel,
        [_vergelijking(r) for r in meta["vergelijkingen"]],
        verandering,
        utrecht,
    )


def lees_of_bereken(folder: Path, jaar: int, data_dir: Path, gewogen: bool) -> Schattingen:
    """The stored estimates, or -- for a chapter opened on its own -- computed now."""
    return lees(folder, jaar, gewogen) or bereken(jaar, data_dir, gewogen)
