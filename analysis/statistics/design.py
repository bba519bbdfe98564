"""The survey design of a comparison: the population sizes behind the finite-population
correction and the policy for it (``data/toetsfamilies.yml``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis.data.errors import ConfigError
from analysis.data.files import read_yaml
from analysis.data.paths import config_dir
from analysis.statistics.indicators import (
    group_mask,
    group_population,
)
from analysis.statistics.sampling import effective_size, kish_effective_n

FPC_SOORTEN = ("niveaus", "groepsverschillen", "verandering")


def fpc_beleid(path: Path | None = None) -> dict[str, bool]:
    """Which kinds of inference use the finite-population correction, as declared in
    ``eindige_populatie`` of ``data/toetsfamilies.yml`` (a missing or misspelt kind is an
    error: the policy must be written down, not defaulted)."""
    path = path or config_dir() / "toetsfamilies.yml"
    raw = (read_yaml(path) or {}).get("eindige_populatie") or {}
    if set(raw) != set(FPC_SOORTEN) or not all(isinstance(v, bool) for v in raw.values()):
        raise ConfigError(
            f"{path}: eindige_populatie moet voor {', '.join(FPC_SOORTEN)} elk true of false "
            f"zeggen (gevonden: {sorted(raw)})"
        )
    return {k: bool(raw[k]) for k in FPC_SOORTEN}


def gelijk_marges(path: Path | None = None) -> dict[str, float]:
    """The equivalence margins of ``gelijkwaardigheid`` in ``data/toetsfamilies.yml``: in
    points, per kind (``verschil``, ``verandering``), within which the whole interval of a
    difference must lie before the text may call it equal (a missing kind is an error)."""
    path = path or config_dir() / "toetsfamilies.yml"
    raw = (read_yaml(path) or {}).get("gelijkwaardigheid") or {}
    soorten = ("verschil", "verandering")
    if set(raw) != set(soorten) or not all(
        isinstance(v, int | float) and v > 0 for v in raw.values()
    ):
        raise ConfigError(
            f"{path}: gelijkwaardigheid moet voor verschil en verandering elk een marge in "
            f"procentpunten (groter dan 0) geven (gevonden: {raw})"
        )
    return {k: float(raw[k]) for k in soorten}


@dataclass(frozen=True)
class Ontwerp:
    """How a year's sample relates to its population: what intervals and tests need.

    ``populatie`` is the size of the population the year describes (``meta.yml``),
    ``populatie_tabel`` its composition (``populatie.csv``), ``weights`` the raking weights of
    the weighted edition (None: unweighted, as published).
    """

    populatie: float | None = None
    populatie_tabel: pd.DataFrame | None = field(default=None, compare=False)
    weights: pd.Series | None = field(default=None, compare=False)
    fpc: bool = True  # False: effective sizes without the finite-population correction

    def met_fpc(self, fpc: bool) -> Ontwerp:
        """The same design, with or without the finite-population correction."""
        return replace(self, fpc=fpc)

    def groep(self, df: pd.DataFrame, spec: str, flags: pd.Series) -> tuple[int, int, float, float]:
        """Raw numerator and denominator, share (weighted if weights) and effective size of
        one group for one indicator (``flags`` from :func:`indicator_flags`)."""
        mask = group_mask(df, spec)
        sel = flags[mask].dropna()
        teller, noemer = int(sel.sum()), len(sel)
        if noemer == 0:
            return 0, 0, float("nan"), 0.0
        share, kish = teller / noemer, None
        if self.weights is not None:
            w = self.weights.loc[sel.index].to_numpy(dtype=float)
            share = float((w * sel.to_numpy()).sum() / w.sum())
            kish = kish_effective_n(w)
        size, _ = group_population(df, spec, self.populatie, self.populatie_tabel)
        n_group = float(mask.sum())
        pop = None if size is None or not self.fpc else size * noemer / n_group
        return teller, noemer, share, effective_size(noemer, pop, kish)
