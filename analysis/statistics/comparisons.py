"""Group comparisons: the test behind every verdict the report gives, under one stated policy.

A comparison carries its verdict as a label (``significant``, ``hoger``, the name of the test),
as the exports record it; the sentences that use it are made in :mod:`analysis.text`.

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
  share times its effective size (:func:`analysis.statistics.sampling.effective_size`: the
  finite-population correction where the policy applies it, and in the weighted edition
  Kish's design effect). Unweighted and without correction this is the
  ordinary chi-square test (the two-proportion z-test). With an expected count below 5 in the
  raw table: Fisher's exact test (two groups), or its Monte Carlo version with a fixed seed for
  more groups (so a rerun gives the same p-value), on the effective counts rounded to whole
  numbers (in the weighted edition: the weighted shares on Kish's effective size, so the
  weights are not lost in the fallback).
- **Interval of the difference.** Newcombe's hybrid score interval on the same effective
  sizes (:func:`~analysis.statistics.sampling.newcombe_difference`). For more than two groups
  the verdict
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
weights): an approximation, not a Rao–Scott correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.stats import MonteCarloMethod, chi2_contingency, fisher_exact
from statsmodels.stats.multitest import multipletests

from analysis.statistics.design import Ontwerp
from analysis.statistics.disclosure import NIET_GETOOND, VERBORGEN_REDEN, too_small
from analysis.statistics.indicators import (
    GROEPEN,
    indicator_flags,
)
from analysis.statistics.sampling import newcombe_difference

ALPHA = 0.05
MIN_EXPECTED = 5
MONTE_CARLO_SEED = 20230
MONTE_CARLO_RESAMPLES = 9999
CORRECTIE = "fdr_bh"
CORRECTIE_NAAM = "Benjamini–Hochberg (false discovery rate 5%)"


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
    verborgen: bool = False  # a side is hidden by disclosure control: no percentages shown

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
        """Whether nothing may be said about the difference: a group under ``MIN_CELL``, or a
        side hidden by secondary suppression (:attr:`verborgen`)."""
        return self.verborgen or any(too_small(n) for n in self.noemers)

    def getoond(self, i: int) -> bool:
        """Whether group ``i``'s percentage may be published: not under ``MIN_CELL`` and not
        hidden with the comparison (:func:`analysis.statistics.estimates.verberg_vergelijking`)."""
        return not (self.verborgen or too_small(self.noemers[i]))

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
        """The verdict in the words of the tables and the methods appendix ('significant',
        'niet significant'; the running text says 'aantoonbaar'): one label for one verdict,
        as the methods define it."""
        if self.verborgen and not any(too_small(n) for n in self.noemers):
            return f"niet getoond: {VERBORGEN_REDEN}"
        if self.te_klein:
            return "te weinig respondenten om iets over het verschil te zeggen"
        return "significant" if self.significant else "niet significant"

    def kort_oordeel(self) -> str:
        """The verdict for a table cell."""
        if self.verborgen and not any(too_small(n) for n in self.noemers):
            return NIET_GETOOND
        if self.te_klein:
            return TE_KLEIN
        return "significant" if self.significant else "niet significant"


INTERVAL_PER_PAAR = "95%, niet gecorrigeerd voor het aantal vergelijkingen"
TE_KLEIN = "niet getoetst (te kleine groep)"
NIET_GETOETST = "niet getoetst"


def interval_soort(k: int) -> str:
    """What the printed interval of a comparison of ``k`` groups is (export column
    ``interval``): the plain 95% interval of two groups, or the simultaneous interval over
    all pairs of more (Bonferroni). Neither is corrected for the number of comparisons in
    the family, which the verdict is; hence :func:`interval_oneens`."""
    if k <= 2:
        return INTERVAL_PER_PAAR
    paren = k * (k - 1) // 2
    return (
        f"simultaan 95% over {paren} paren (Bonferroni), niet gecorrigeerd voor het aantal "
        "vergelijkingen in de familie"
    )


def interval_oneens(ci_laag: float, ci_hoog: float, significant: bool) -> bool:
    """Whether an interval seems to contradict its verdict: it excludes 0 while the verdict,
    corrected for the number of comparisons, is not significant (the interval is not
    corrected); or it includes 0 while the verdict is significant (test and interval are
    different methods). Such rows carry a visible note in print and ``interval_oneens`` in
    the exports."""
    if not (np.isfinite(ci_laag) and np.isfinite(ci_hoog)):
        return False
    sluit_uit = ci_laag > 0 or ci_hoog < 0
    return sluit_uit != bool(significant)


def bh_per_familie(p: pd.Series, familie: pd.Series) -> pd.Series:
    """Benjamini–Hochberg within each family of a table's rows; NaN where untested (the
    change table and the Utrecht table, whose rows are not :class:`Vergelijking`)."""
    out = pd.Series(np.nan, index=p.index, dtype=float)
    for fam in familie.unique():
        sel = (familie == fam) & p.notna()
        if sel.any():
            out[sel] = multipletests(p[sel], method=CORRECTIE)[1]
    return out


def oordeel_rij(p: float, q: float) -> str:
    """The verdict of a table row from its raw and corrected p: 'significant', 'niet
    significant', or -- untested -- :data:`TE_KLEIN`."""
    if np.isnan(p):
        return TE_KLEIN
    return "significant" if q < ALPHA else "niet significant"


def oneens_reeks(tabel: pd.DataFrame) -> list[bool]:
    """:func:`interval_oneens` for every row of a table with ``p``, ``ci_laag``, ``ci_hoog``
    and ``oordeel`` (untested rows: False)."""
    rijen = zip(tabel["p"], tabel["ci_laag"], tabel["ci_hoog"], tabel["oordeel"], strict=True)
    return [
        not np.isnan(p) and interval_oneens(lo, hi, o == "significant") for p, lo, hi, o in rijen
    ]


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
        toets, p = TE_KLEIN, float("nan")
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
