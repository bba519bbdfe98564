"""Group comparisons, and the words the narrative uses for them.

Why: the 2023 report calls differences "significant" or "niet statistisch significant" without
saying how. Here every such word comes from a computed test, under one policy that is stated
before the results (the methods appendix prints it from here and from
``data/toetsfamilies.yml``):

- **Families, declared in advance.** Every comparison the report makes belongs to a named
  family in ``data/toetsfamilies.yml``: the report's main family (asielstatushouders against
  gezinsmigranten, one comparison per indicator, no mirror images such as 'tevreden' and
  'ontevreden' of one item), a family of the mirror images and parts, and per chapter the
  further comparisons its text makes (men and women, age groups, ...). A comparison that is
  in no family cannot be made: :class:`FamilieOntbreekt` says which file to edit.
- **Correction.** Within each family the false discovery rate is controlled at 5% with the
  Benjamini–Hochberg procedure (:func:`bh`). Why not Holm: Holm controls the chance of even
  one false verdict among 35 comparisons, which makes a monitor blind to all but very large
  differences; an FDR of 5% keeps the share of false verdicts among the reported differences
  small while still seeing real ones.
- **Test.** Pearson's chi-square test on the k x 2 table of *effective* counts: each group's
  share times its effective size (:func:`analysis.stats.effective_size`: finite-population
  correction on the population, and in the weighted edition Kish's design effect, a
  first-order Rao–Scott-type correction). Unweighted and without correction this is the
  ordinary chi-square test (the two-proportion z-test). With an expected count below 5 in the
  raw table: Fisher's exact test (two groups), or its Monte Carlo version with a fixed seed for
  more groups (so a rerun gives the same p-value); these are exact without correction and
  therefore slightly conservative.
- **Interval of the difference.** Newcombe's hybrid score interval on the same effective
  sizes (:func:`analysis.stats.newcombe_difference`). For more than two groups: the largest
  gap (highest against lowest group) with its interval, judged by the test over all groups.
- **Small groups.** A comparison with a group of fewer than ``MIN_CELL`` respondents is not
  tested; its verdict is "te klein".

Library survey for the weighted tests: statsmodels has no Rao–Scott test for weighted
tables; samplics (which has one) is archived and warns on import; balance pins old numpy and
scipy. The first-order correction through Kish's design effect is a few lines and is tested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import MonteCarloMethod, chi2_contingency, fisher_exact
from statsmodels.stats.multitest import multipletests

from analysis.codebook import ConfigError, read_yaml
from analysis.disclosure import too_small
from analysis.indicators import (
    GROEPEN,
    group_mask,
    group_population,
    indicator_available,
    indicator_flags,
    load_registry,
)
from analysis.paths import config_dir
from analysis.stats import effective_size, kish_effective_n, newcombe_difference

ALPHA = 0.05
MIN_EXPECTED = 5
MONTE_CARLO_SEED = 20230
MONTE_CARLO_RESAMPLES = 9999
CORRECTIE = "fdr_bh"
CORRECTIE_NAAM = "Benjamini–Hochberg (false discovery rate 5%)"
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
]


class FamilieOntbreekt(KeyError):
    """A comparison was asked for that no family of ``data/toetsfamilies.yml`` declares."""


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
        pop = None if size is None else size * noemer / n_group
        return teller, noemer, share, effective_size(noemer, pop, kish)


@dataclass(frozen=True)
class Vergelijking:
    """The result of comparing one indicator between groups; narrative code reads this.

    ``shares`` are the groups' shares (weighted in the weighted edition) and ``n_eff`` their
    effective sizes; ``tellers``/``noemers`` are respondent counts (disclosure, "n = ...").
    """

    indicator: str
    groepen: tuple[str, ...]
    tellers: tuple[int, ...]
    noemers: tuple[int, ...]
    toets: str
    p: float
    p_gecorrigeerd: float | None = None
    familie: str = ""
    shares: tuple[float, ...] = ()
    n_eff: tuple[float, ...] = ()
    beantwoord: bool = False

    def __post_init__(self) -> None:
        if not self.shares:
            pairs = zip(self.tellers, self.noemers, strict=True)
            object.__setattr__(self, "shares", tuple(t / n if n else np.nan for t, n in pairs))
        if not self.n_eff:
            object.__setattr__(self, "n_eff", tuple(float(n) for n in self.noemers))

    @property
    def percentages(self) -> tuple[float, ...]:
        return tuple(100 * s for s in self.shares)

    @property
    def te_klein(self) -> bool:
        return any(too_small(n) for n in self.noemers)

    @property
    def paar(self) -> tuple[int, int]:
        """Positions of the two groups the difference is about: the two groups, or -- with
        more -- the highest and the lowest share."""
        if len(self.groepen) == 2:
            return 0, 1
        order = sorted(range(len(self.groepen)), key=lambda i: (-self.shares[i], i))
        return order[0], order[-1]

    @property
    def verschil(self) -> float:
        """Difference in percentage points: first group minus second (see :attr:`paar`)."""
        a, b = self.paar
        return self.percentages[a] - self.percentages[b]

    @property
    def interval(self) -> tuple[float, float]:
        """95% interval of :attr:`verschil` in points (Newcombe), NaN when not computable."""
        a, b = self.paar
        _, low, high = newcombe_difference(
            self.shares[a], self.n_eff[a], self.shares[b], self.n_eff[b]
        )
        return 100 * low, 100 * high

    @property
    def p_oordeel(self) -> float:
        """The p-value the verdict rests on (corrected within the family)."""
        return self.p if self.p_gecorrigeerd is None else self.p_gecorrigeerd

    @property
    def significant(self) -> bool:
        if self.te_klein or np.isnan(self.p):
            return False
        return self.p_oordeel < ALPHA

    def richting(self) -> str:
        """'hoger', 'lager' or 'even hoog': the first group relative to the second.

        Only a significant difference gets a direction; otherwise the groups are described
        as not (clearly) different, whatever the rounded percentages suggest.
        """
        if not self.significant:
            return "even hoog"
        return "hoger" if self.verschil > 0 else "lager"

    def oordeel(self) -> str:
        """The verdict in words for the narrative."""
        if self.te_klein:
            return "te weinig respondenten om iets over het verschil te zeggen"
        if self.significant:
            return "statistisch significant"
        return "niet statistisch significant"

    def kort_oordeel(self) -> str:
        """The verdict for a table cell."""
        if self.te_klein:
            return "niet getoetst (te kleine groep)"
        return "significant" if self.significant else "niet significant"


def _counts(
    df: pd.DataFrame,
    indicator: str,
    groepen: Sequence[str],
    beantwoord: bool,
    ontwerp: Ontwerp,
) -> list[tuple[int, int, float, float]]:
    flags = indicator_flags(df, indicator, beantwoord)
    return [ontwerp.groep(df, g, flags) for g in groepen]


def toets_tabel(
    tellers: Sequence[int],
    noemers: Sequence[int],
    shares: Sequence[float] | None = None,
    n_eff: Sequence[float] | None = None,
) -> tuple[str, float]:
    """Choose and run the test for a k x 2 table of successes and failures (see module).

    Without ``shares``/``n_eff`` the raw counts are tested; with them, the chi-square test
    uses the effective counts ``share * n_eff`` (finite-population and design correction).
    """
    table = np.array([[t, n - t] for t, n in zip(tellers, noemers, strict=True)], dtype=float)
    if (table.sum(axis=0) == 0).any():  # nobody (or everybody) has the outcome
        return "geen toets (geen variatie)", 1.0
    expected = chi2_contingency(table, correction=False).expected_freq
    if expected.min() >= MIN_EXPECTED:
        if shares is not None and n_eff is not None:
            table = np.array(
                [[s * m, (1 - s) * m] for s, m in zip(shares, n_eff, strict=True)], dtype=float
            )
            if not np.isfinite(table).all():  # a census group: no sampling variance
                return "geen toets (volledige telling)", float("nan")
        return "chi-kwadraattoets", float(chi2_contingency(table, correction=False).pvalue)
    raw = table.astype(int)
    if raw.shape[0] == 2:
        return "exacte toets van Fisher", float(fisher_exact(raw).pvalue)
    method = MonteCarloMethod(
        n_resamples=MONTE_CARLO_RESAMPLES, rng=np.random.default_rng(MONTE_CARLO_SEED)
    )
    return "exacte toets van Fisher (Monte Carlo)", float(fisher_exact(raw, method=method).pvalue)


def compare(
    df: pd.DataFrame,
    indicator: str,
    groepen: Sequence[str] = GROEPEN,
    beantwoord: bool = False,
    ontwerp: Ontwerp | None = None,
    familie: str = "",
) -> Vergelijking:
    """Compare an indicator between two or more groups (group specs as in indicators),
    uncorrected; :func:`compare_families` puts comparisons in their family."""
    ontwerp = ontwerp or Ontwerp()
    counts = _counts(df, indicator, groepen, beantwoord, ontwerp)
    tellers = tuple(c[0] for c in counts)
    noemers = tuple(c[1] for c in counts)
    shares = tuple(c[2] for c in counts)
    n_eff = tuple(c[3] for c in counts)
    if any(too_small(n) for n in noemers):
        toets, p = "niet getoetst (te kleine groep)", float("nan")
    else:
        toets, p = toets_tabel(tellers, noemers, shares, n_eff)
    return Vergelijking(
        indicator,
        tuple(groepen),
        tellers,
        noemers,
        toets,
        p,
        None,
        familie,
        shares,
        n_eff,
        beantwoord,
    )


def bh(vergelijkingen: Sequence[Vergelijking]) -> list[Vergelijking]:
    """Benjamini–Hochberg adjusted p-values within one family (untested ones left out)."""
    tested = [i for i, v in enumerate(vergelijkingen) if not np.isnan(v.p)]
    out = list(vergelijkingen)
    if not tested:
        return out
    _, adjusted, _, _ = multipletests(
        [vergelijkingen[i].p for i in tested], alpha=ALPHA, method=CORRECTIE
    )
    for i, p_adj in zip(tested, adjusted, strict=True):
        out[i] = replace(vergelijkingen[i], p_gecorrigeerd=float(p_adj))
    return out


# ------------------------------------------------------------------ the families
@dataclass(frozen=True)
class Familie:
    """One declared family of comparisons (``data/toetsfamilies.yml``)."""

    id: str
    titel: str
    hoofdstuk: str
    vergelijkingen: tuple[tuple[str, tuple[str, ...], bool], ...]  # indicator, groups, beantwoord


def expand_groups(groepen: Sequence[str] | str) -> tuple[str, ...]:
    """``leeftijdsgroep=*`` -> one group per codebook category of that dimension."""
    from analysis.codebook import load_codebook

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
        out.append(Familie(f["id"], f["titel"], f["hoofdstuk"], tuple(items)))
    ids = [f.id for f in out]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: dubbele familie-id's")
    return tuple(out)


def compare_families(
    df: pd.DataFrame, ontwerp: Ontwerp | None = None, families: Sequence[Familie] | None = None
) -> list[Vergelijking]:
    """Every declared comparison of the year, corrected within its family. Comparisons of
    an item not asked this year are left out (and so do not count in the correction)."""
    out: list[Vergelijking] = []
    for fam in families if families is not None else load_families():
        results = [
            compare(df, ind, groepen, beantwoord, ontwerp, fam.id)
            for ind, groepen, beantwoord in fam.vergelijkingen
            if indicator_available(df, ind)
        ]
        out += bh(results)
    return out


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
        small = v.te_klein
        rows.append(
            {
                "familie": v.familie,
                "indicator": v.indicator,
                "groep_a": v.groepen[a],
                "groep_b": v.groepen[b],
                "pct_a": np.nan if too_small(v.noemers[a]) else v.percentages[a],
                "n_a": v.noemers[a],
                "pct_b": np.nan if too_small(v.noemers[b]) else v.percentages[b],
                "n_b": v.noemers[b],
                "verschil": np.nan if small else v.verschil,
                "ci_laag": np.nan if small else low,
                "ci_hoog": np.nan if small else high,
                "p": v.p,
                "p_gecorrigeerd": v.p_gecorrigeerd,
                "oordeel": v.kort_oordeel(),
            }
        )
    return pd.DataFrame(rows, columns=VERSCHILLEN_COLUMNS)


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
            "verschil": np.nan if v.te_klein else v.verschil,
            "ci_laag": np.nan if v.te_klein else low,
            "ci_hoog": np.nan if v.te_klein else high,
        }
        for g, pct, n in zip(v.groepen, v.percentages, v.noemers, strict=True):
            row[f"pct_{g}"] = np.nan if too_small(n) else pct
            row[f"n_{g}"] = n
        rows.append(row)
    return pd.DataFrame(rows)


def group_population_note(df: pd.DataFrame, spec: str, ontwerp: Ontwerp) -> str:
    """Where a group's population size comes from ('populatie.csv' or 'naar rato')."""
    return group_population(df, spec, ontwerp.populatie, ontwerp.populatie_tabel)[1]
