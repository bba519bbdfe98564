"""Families of comparisons (``data/toetsfamilies.yml``): which group differences are tested
together, Benjamini–Hochberg within a family, and the tidy table of differences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.errors import ConfigError
from analysis.data.files import read_yaml
from analysis.data.paths import config_dir
from analysis.statistics.comparisons import (
    NIET_GETOETST,
    Vergelijking,
    bh,
    compare,
    interval_oneens,
    interval_soort,
)
from analysis.statistics.design import Ontwerp, fpc_beleid
from analysis.statistics.disclosure import indicatief
from analysis.statistics.indicators import (
    GROEPEN,
    group_population,
    indicator_available,
    load_registry,
)

HOOFDFAMILIE = "groepen"
VERSCHILLEN_COLUMNS = [
    "familie",
    "indicator",
    "groep_a",
    "groep_b",
    "pct_a",
    "n_a",
    "pct_b",
    "n_b",
    "verschil",
    "ci_laag",
    "ci_hoog",
    "p",
    "p_gecorrigeerd",
    "oordeel",
    "indicatief",
    "verkennend",
    "p_gecorrigeerd_fpc_anders",
    "oordeel_wisselt_fpc",
    "toets",
    "interval",
    "interval_oneens",
]


class FamilieOntbreekt(KeyError):
    """A comparison was asked for that no family of ``data/toetsfamilies.yml`` declares."""


# ------------------------------------------------------------------ the families
@dataclass(frozen=True)
class Familie:
    """One declared family of comparisons (``data/toetsfamilies.yml``)."""

    id: str
    titel: str
    hoofdstuk: str
    vergelijkingen: tuple[tuple[str, tuple[str, ...], bool], ...]  # indicator, groups, beantwoord
    verkennend_in: tuple[int, ...] = ()  # years in which the data chose these comparisons
    alleen_in: tuple[int, ...] = ()  # the only years it is tested in (empty: every year)


def expand_groups(groepen: Sequence[str] | str) -> tuple[str, ...]:
    """``leeftijdsgroep=*`` -> one group per codebook category of that dimension."""
    from analysis.data.codebook import load_codebook

    if isinstance(groepen, str) and groepen.endswith("=*"):
        dim = groepen[:-2]
        return tuple(f"{dim}={c}" for c in load_codebook()[dim].categorieen)
    return tuple(groepen)


def load_families(path: Path | None = None) -> tuple[Familie, ...]:
    """Read the declared families; the group families cover the registry's indicators.

    The path is resolved before the cache, so a changed ``INBURGERING_CONFIG`` is seen."""
    return _load_families(path or config_dir() / "toetsfamilies.yml")


@lru_cache(maxsize=4)
def _load_families(path: Path) -> tuple[Familie, ...]:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "families" not in raw:
        raise ConfigError(f"{path}: verwacht de sleutel 'families'.")
    registry = load_registry()
    out = []
    for f in raw["families"]:
        items: list[tuple[str, tuple[str, ...], bool]] = []
        if "indicatoren" in f:  # a contrast over registry indicators
            groepen = expand_groups(f["groepen"])
            aanvullend = f["indicatoren"] == "aanvullend"
            items += [
                (i.id, groepen, False) for i in registry.indicatoren if i.aanvullend == aanvullend
            ]
        for v in f.get("vergelijkingen", []):
            if v["indicator"] not in registry.ids:
                raise ValueError(f"{path}: familie {f['id']}: onbekende indicator {v['indicator']}")
            items.append(
                (v["indicator"], expand_groups(v["groepen"]), bool(v.get("beantwoord", False)))
            )
        verkennend = tuple(int(j) for j in f.get("verkennend_in", []))
        alleen = tuple(int(j) for j in f.get("alleen_in", []))
        out.append(
            Familie(f["id"], f["titel"], f["hoofdstuk"], tuple(items), verkennend, alleen)
        )
    ids = [f.id for f in out]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: dubbele familie-id's")
    return tuple(out)


# Who changes the configuration in a running process (the stress variants) clears this.
load_families.cache_clear = _load_families.cache_clear  # type: ignore[attr-defined]


def compare_families(
    df: pd.DataFrame,
    ontwerp: Ontwerp | None = None,
    families: Sequence[Familie] | None = None,
    jaar: int | None = None,
    fpc: bool | None = None,
) -> list[Vergelijking]:
    """Every declared comparison of the year, corrected within its family. Comparisons of
    an item not asked this year are left out (and so do not count in the correction).

    ``fpc`` (default: the policy for group differences, :func:`fpc_beleid`) says whether
    the effective sizes carry the finite-population correction; every comparison is also
    judged under the other choice (``p_gecorrigeerd_fpc_anders``). ``jaar`` marks the
    comparisons of a family that is exploratory in that year."""
    ontwerp = ontwerp or Ontwerp()
    fpc = fpc_beleid()["groepsverschillen"] if fpc is None else fpc
    out: list[Vergelijking] = []
    for fam in families if families is not None else load_families():
        if jaar is not None and fam.alleen_in and jaar not in fam.alleen_in:
            continue  # e.g. the reconciliation with the published 2023 report
        items = [
            (ind, groepen, beantwoord)
            for ind, groepen, beantwoord in fam.vergelijkingen
            if indicator_available(df, ind)
        ]
        results = bh([compare(df, *it, ontwerp.met_fpc(fpc), fam.id) for it in items])
        anders = bh(
            [
                _other_fpc(df, it, ontwerp.met_fpc(not fpc), v)
                for it, v in zip(items, results, strict=True)
            ]
        )
        verkennend = jaar is not None and jaar in fam.verkennend_in
        out += [
            replace(v, p_gecorrigeerd_fpc_anders=w.p_gecorrigeerd, verkennend=verkennend)
            for v, w in zip(results, anders, strict=True)
        ]
    return out


def _other_fpc(
    df: pd.DataFrame, item: tuple[str, tuple[str, ...], bool], ontwerp: Ontwerp, v: Vergelijking
) -> Vergelijking:
    """``v`` recomputed under ``ontwerp``'s FPC choice (an untested one stays untested)."""
    if np.isnan(v.p):
        return v
    ind, groepen, beantwoord = item
    return compare(df, ind, groepen, beantwoord, ontwerp, v.familie)


def compare_family(
    df: pd.DataFrame,
    indicators: Sequence[str],
    groepen: Sequence[str] = GROEPEN,
    ontwerp: Ontwerp | None = None,
) -> dict[str, Vergelijking]:
    """One contrast over many indicators, corrected as one family (for tests and ad-hoc
    use; the report's families are declared, see :func:`compare_families`)."""
    results = bh([compare(df, ind, groepen, ontwerp=ontwerp) for ind in indicators])
    return {v.indicator: v for v in results}


def differences_table(results: Sequence[Vergelijking]) -> pd.DataFrame:
    """The export ``tabellen/verschillen.csv``: every comparison with its difference, the
    difference's 95% interval, raw and corrected p and the verdict (percentages and points
    0-100). Suppressed groups (fewer than ``MIN_CELL``) have no percentage or difference."""
    rows = []
    for v in results:
        a, b = v.paar
        low, high = v.interval
        small = v.te_klein or v.verborgen
        rows.append(
            {
                "familie": v.familie,
                "indicator": v.indicator,
                "groep_a": v.groepen[a],
                "groep_b": v.groepen[b],
                "pct_a": v.percentages[a] if v.getoond(a) else np.nan,
                "n_a": v.noemers[a],
                "pct_b": v.percentages[b] if v.getoond(b) else np.nan,
                "n_b": v.noemers[b],
                "verschil": np.nan if small else v.verschil,
                "ci_laag": np.nan if small else low,
                "ci_hoog": np.nan if small else high,
                "p": v.p,
                "p_gecorrigeerd": v.p_gecorrigeerd,
                "oordeel": v.kort_oordeel(),
                "indicatief": any(indicatief(v.noemers[i]) for i in (a, b)),
                "verkennend": v.verkennend,
                "p_gecorrigeerd_fpc_anders": v.p_gecorrigeerd_fpc_anders,
                "oordeel_wisselt_fpc": v.oordeel_wisselt_fpc,
                "toets": toets_naam(v),
                "interval": "" if small else interval_soort(len(v.groepen)),
                "interval_oneens": False if small else interval_oneens(low, high, v.significant),
            }
        )
    return pd.DataFrame(rows, columns=VERSCHILLEN_COLUMNS)


def toets_naam(v: Vergelijking) -> str:
    """The test the verdict rests on (export column ``toets``): over all groups at once for
    more than two (its p is the omnibus p)."""
    if v.te_klein:
        return NIET_GETOETST
    if len(v.groepen) > 2:
        return f"{v.toets} over {len(v.groepen)} groepen (omnibus)"
    return v.toets


def comparison_table(results: dict[str, Vergelijking]) -> pd.DataFrame:
    """Tidy table of a family of comparisons, for the methods appendix."""
    rows = []
    for v in results.values():
        low, high = v.interval
        row = {
            "indicator": v.indicator,
            "toets": v.toets,
            "p": v.p,
            "p_gecorrigeerd": v.p_gecorrigeerd,
            "significant": v.significant,
            "oordeel": v.oordeel(),
            "verschil": np.nan if v.te_klein or v.verborgen else v.verschil,
            "ci_laag": np.nan if v.te_klein or v.verborgen else low,
            "ci_hoog": np.nan if v.te_klein or v.verborgen else high,
            "interval_oneens": not v.te_klein and interval_oneens(low, high, v.significant),
        }
        for i, (g, pct, n) in enumerate(zip(v.groepen, v.percentages, v.noemers, strict=True)):
            row[f"pct_{g}"] = pct if v.getoond(i) else np.nan
            row[f"n_{g}"] = n
        row["indicatief"] = any(indicatief(n) for n in v.noemers)
        row["oordeel_wisselt_fpc"] = v.oordeel_wisselt_fpc
        rows.append(row)
    return pd.DataFrame(rows)


def group_population_note(df: pd.DataFrame, spec: str, ontwerp: Ontwerp) -> str:
    """Where a group's population size comes from ('populatie.csv' or 'naar rato')."""
    return group_population(df, spec, ontwerp.populatie, ontwerp.populatie_tabel)[1]
