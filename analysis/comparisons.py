"""Group comparisons, and the words the narrative uses for them.

Why: the 2023 report calls differences "significant" or "niet statistisch significant" without
saying how. Here every such word comes from a computed test, under one policy that is stated
before the results (the methods appendix prints it from here and from
``data/toetsfamilies.yml``):

- **Families, declared in advance.** Every comparison the report makes belongs to a named
  family in ``data/toetsfamilies.yml``: the report's main family (asielstatushouders against
  gezinsmigranten, one comparison per indicator, no mirror images such as 'tevreden' and
  'ontevreden' of one item), a family of the mirror images and parts, and all the
  further comparisons its text makes (men and women, age groups, ...), pooled in one family
  so that the correction has something to correct for. Comparisons the data of a year chose
  (in 2023: those the published report highlighted) are marked exploratory
  (``verkennend_in``). A comparison that is in no family cannot be made:
  :class:`FamilieOntbreekt` says which file to edit.
- **Correction.** Within each family the false discovery rate is controlled at 5% with the
  Benjamini–Hochberg procedure (:func:`bh`). Why not Holm: Holm controls the chance of even
  one false verdict among 35 comparisons, which makes a monitor blind to all but very large
  differences; an FDR of 5% keeps the share of false verdicts among the reported differences
  small while still seeing real ones.
- **Finite-population correction per kind of inference** (``eindige_populatie`` in
  ``data/toetsfamilies.yml``, :func:`fpc_beleid`): levels with the correction, group
  differences and changes between years without it (analytic questions; the reasons are in
  that file). Every verdict is also computed under the other choice
  (``p_gecorrigeerd_fpc_anders``); a verdict that flips is marked (:attr:`Vergelijking.
  oordeel_wisselt_fpc`) and listed in the methods.
- **Test.** Pearson's chi-square test on the k x 2 table of *effective* counts: each group's
  share times its effective size (:func:`analysis.stats.effective_size`: the
  finite-population correction where the policy applies it, and in the weighted edition
  Kish's design effect). Unweighted and without correction this is the
  ordinary chi-square test (the two-proportion z-test). With an expected count below 5 in the
  raw table: Fisher's exact test (two groups), or its Monte Carlo version with a fixed seed for
  more groups (so a rerun gives the same p-value), on the effective counts rounded to whole
  numbers (in the weighted edition: the weighted shares on Kish's effective size, so the
  weights are not lost in the fallback).
- **Interval of the difference.** Newcombe's hybrid score interval on the same effective
  sizes (:func:`analysis.stats.newcombe_difference`). For more than two groups the verdict
  is the test over all groups (omnibus), and the difference named is the largest gap
  (highest against lowest group). That pair is chosen by the data, so an ordinary 95%
  interval of it excludes 0 far more often than 5% when all groups are equal (about 20%
  with four age groups); its interval is therefore *simultaneous*: Bonferroni over all
  ``k (k - 1) / 2`` pairs (:attr:`Vergelijking.interval_alpha`), which holds for every
  pair at once and so for the chosen one (checked by a seeded simulation in the tests).
- **Small groups.** A comparison with a group of fewer than ``MIN_CELL`` respondents is not
  tested; its verdict is "te klein".

Library survey for the weighted tests: statsmodels has no Rao–Scott test for weighted
tables; samplics (which has one) is archived and warns on import; balance pins old numpy and
scipy. The weighted edition therefore uses Kish's design effect (the effective n of the
weights): a conservative approximation, not a Rao–Scott correction.
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
from analysis.disclosure import indicatief, too_small
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
FPC_SOORTEN = ("niveaus", "groepsverschillen", "verandering")
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
]


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
    p_gecorrigeerd_fpc_anders: float | None = None  # the verdict's p under the other FPC choice
    verkennend: bool = False  # chosen after seeing this year's data (see toetsfamilies.yml)

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
    def simultaan(self) -> bool:
        """Whether the interval is simultaneous over all pairs (more than two groups)."""
        return len(self.groepen) > 2

    @property
    def interval_alpha(self) -> float:
        """The level of each pair's interval: ``ALPHA`` for two groups; for ``k`` groups
        ``ALPHA`` over the ``k (k - 1) / 2`` pairs (Bonferroni), so the intervals of all pairs
        -- and thus of the pair the data single out -- hold together with 95% confidence."""
        k = len(self.groepen)
        return ALPHA if k <= 2 else ALPHA / (k * (k - 1) / 2)

    @property
    def interval(self) -> tuple[float, float]:
        """95% interval of :attr:`verschil` in points (Newcombe; simultaneous with more than
        two groups), NaN when not computable."""
        a, b = self.paar
        return self.paar_interval(a, b)

    def paar_interval(self, a: int, b: int) -> tuple[float, float]:
        """Interval of group ``a`` minus group ``b`` in points at :attr:`interval_alpha`."""
        _, low, high = newcombe_difference(
            self.shares[a], self.n_eff[a], self.shares[b], self.n_eff[b], self.interval_alpha
        )
        return 100 * low, 100 * high

    def paren(self) -> list[tuple[str, str, float, float, float]]:
        """Every pair of groups with its difference in points and simultaneous interval:
        ``(groep_a, groep_b, verschil, ci_laag, ci_hoog)``."""
        out = []
        for a in range(len(self.groepen)):
            for b in range(a + 1, len(self.groepen)):
                low, high = self.paar_interval(a, b)
                d = self.percentages[a] - self.percentages[b]
                out.append((self.groepen[a], self.groepen[b], d, low, high))
        return out

    @property
    def p_oordeel(self) -> float:
        """The p-value the verdict rests on (corrected within the family)."""
        return self.p if self.p_gecorrigeerd is None else self.p_gecorrigeerd

    @property
    def significant(self) -> bool:
        if self.te_klein or np.isnan(self.p):
            return False
        return self.p_oordeel < ALPHA

    @property
    def significant_fpc_anders(self) -> bool | None:
        """The verdict under the other choice of finite-population correction (None when
        not computed or not tested)."""
        q = self.p_gecorrigeerd_fpc_anders
        if self.te_klein or np.isnan(self.p) or q is None or np.isnan(q):
            return None
        return q < ALPHA

    @property
    def oordeel_wisselt_fpc(self) -> bool:
        """Whether the verdict flips under the other choice of finite-population correction."""
        anders = self.significant_fpc_anders
        return anders is not None and anders != self.significant

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
    if shares is not None and n_eff is not None and np.isfinite(n_eff).all():
        # the exact test on the effective counts (rounded): in the weighted edition the
        # weighted shares on Kish's effective size, not the raw counts the weights correct
        raw = np.array(
            [[round(s * m), round(m) - round(s * m)] for s, m in zip(shares, n_eff, strict=True)],
            dtype=int,
        )
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
    verkennend_in: tuple[int, ...] = ()  # years in which the data chose these comparisons


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
        verkennend = tuple(int(j) for j in f.get("verkennend_in", []))
        out.append(Familie(f["id"], f["titel"], f["hoofdstuk"], tuple(items), verkennend))
    ids = [f.id for f in out]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: dubbele familie-id's")
    return tuple(out)


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
                "indicatief": any(indicatief(v.noemers[i]) for i in (a, b)),
                "verkennend": v.verkennend,
                "p_gecorrigeerd_fpc_anders": v.p_gecorrigeerd_fpc_anders,
                "oordeel_wisselt_fpc": v.oordeel_wisselt_fpc,
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
        row["indicatief"] = any(indicatief(n) for n in v.noemers)
        row["oordeel_wisselt_fpc"] = v.oordeel_wisselt_fpc
        rows.append(row)
    return pd.DataFrame(rows)


def group_population_note(df: pd.DataFrame, spec: str, ontwerp: Ontwerp) -> str:
    """Where a group's population size comes from ('populatie.csv' or 'naar rato')."""
    return group_population(df, spec, ontwerp.populatie, ontwerp.populatie_tabel)[1]


def fpc_beleid_tekst(beleid: dict[str, bool] | None = None) -> str:
    """The finite-population policy in plain Dutch for the methods appendix, per kind of
    inference as ``data/toetsfamilies.yml`` declares it (the reasons follow the choice)."""
    beleid = beleid or fpc_beleid()

    def keuze(soort: str) -> str:
        return "met" if beleid[soort] else "zonder"

    zinnen = [
        f"De percentages en hun intervallen worden {keuze('niveaus')} "
        "eindige-populatiecorrectie berekend: zij beschrijven de inburgeraars van dit jaar, "
        "een eindige groep waarvan een flink deel meedeed."
    ]
    if not beleid["groepsverschillen"]:
        zinnen.append(
            "Verschillen tussen groepen binnen een jaar (asielstatushouders en "
            "gezinsmigranten, mannen en vrouwen, leeftijdsgroepen) worden zonder die correctie "
            "getoetst. Zo'n vergelijking gaat over de vraag of de situatie van zulke groepen "
            "verschilt, niet over de vraag of twee aandelen in deze ene groep mensen precies "
            "gelijk zijn: in een eindige populatie zijn ze dat vrijwel nooit. Bovendien "
            "koos een deel van de uitgenodigden zelf om mee te doen; de respons is geen "
            "aselecte steekproef."
        )
    else:
        zinnen.append(
            "Verschillen tussen groepen binnen een jaar worden met die correctie getoetst: "
            "ze beschrijven de groepen zoals ze dit jaar zijn."
        )
    if not beleid["verandering"]:
        zinnen.append(
            "Ook veranderingen tussen jaren worden zonder correctie getoetst. Elk jaar gaat "
            "over een andere groep inburgeraars, en twee groepen mensen verschillen altijd "
            "een beetje; de vraag is of de situatie van inburgeraars verandert. Zo geldt "
            "voor elk oordeel in woorden dezelfde regel."
        )
    else:
        zinnen.append(
            "Veranderingen tussen jaren worden met de correctie getoetst: ze vergelijken de "
            "inburgeraars van twee jaren zoals die waren."
        )
    zinnen.append(
        "Het interval van een verschil rust op dezelfde keuze als de toets, zodat interval "
        "en oordeel bij elkaar passen. Elk oordeel is ook met de andere keuze berekend."
    )
    return " ".join(zinnen)


# ------------------------------------------------------------------ item non-response
GEEN_ANTWOORD_DREMPEL = 0.05  # more than this share of a group without a substantive answer


def geen_antwoord_aandeel(df: pd.DataFrame, indicator: str, spec: str) -> float:
    """Share of a group's respondents routed to the item who gave no substantive answer
    (blank, 'weet niet', 'wil ik niet zeggen'); NaN for an empty group."""
    mask = group_mask(df, spec)
    alle = indicator_flags(df, indicator)[mask].dropna()
    beantwoord = indicator_flags(df, indicator, beantwoord=True)[mask].dropna()
    return float(1 - len(beantwoord) / len(alle)) if len(alle) else float("nan")


def _telt_geen_antwoord(indicator: str) -> bool:
    """Whether the indicator counts the non-answers themselves (then there is nothing to
    recompute among those who answered)."""
    from analysis.codebook import load_codebook

    return bool(set(load_registry()[indicator].teller) & set(load_codebook().geen_antwoord))


def nonrespons_gevoeligheid(
    df: pd.DataFrame,
    vergelijkingen: Sequence[Vergelijking],
    ontwerp: Ontwerp | None = None,
    fpc: bool | None = None,
) -> pd.DataFrame:
    """Every comparison where more than ``GEEN_ANTWOORD_DREMPEL`` of a group gave no
    substantive answer, recomputed among those who answered (a sensitivity check: the
    report's rule keeps non-answers in the denominator, and non-answer that differs by group
    can make two groups look alike or apart). Percentages and points 0-100; the difference
    with its (uncorrected) 95% interval among those who answered."""
    ontwerp = ontwerp or Ontwerp()
    fpc = fpc_beleid()["groepsverschillen"] if fpc is None else fpc
    rows = []
    for v in vergelijkingen:
        if v.beantwoord or v.te_klein or len(v.groepen) != 2 or _telt_geen_antwoord(v.indicator):
            continue
        geen = [geen_antwoord_aandeel(df, v.indicator, g) for g in v.groepen]
        if not max(geen) > GEEN_ANTWOORD_DREMPEL:
            continue
        w = compare(df, v.indicator, v.groepen, True, ontwerp.met_fpc(fpc), v.familie)
        low, high = (np.nan, np.nan) if w.te_klein else w.interval
        rows.append(
            {
                "familie": v.familie,
                "indicator": v.indicator,
                "groep_a": v.groepen[0],
                "groep_b": v.groepen[1],
                "geen_antwoord_a": 100 * geen[0],
                "geen_antwoord_b": 100 * geen[1],
                "pct_a": v.percentages[0],
                "n_a": v.noemers[0],
                "pct_b": v.percentages[1],
                "n_b": v.noemers[1],
                "pct_a_beantwoord": w.percentages[0],
                "n_a_beantwoord": w.noemers[0],
                "pct_b_beantwoord": w.percentages[1],
                "n_b_beantwoord": w.noemers[1],
                "verschil_beantwoord": np.nan if w.te_klein else w.verschil,
                "ci_laag_beantwoord": low,
                "ci_hoog_beantwoord": high,
                "p_beantwoord": w.p,
                "indicatief": any(indicatief(n) for n in (*v.noemers, *w.noemers)),
            }
        )
    return pd.DataFrame(rows)
