"""Group comparisons, and the words the narrative uses for them.

Why: the 2023 report calls differences "significant" or "niet statistisch significant" without
saying how. Here every such word comes from a computed test, under one stated policy:

- **Test.** Two groups: Pearson's chi-square test on the 2x2 table (equivalent to the
  two-proportion z-test) when every expected count is at least 5, else Fisher's exact test.
  More than two groups (e.g. four age groups): chi-square test of independence on the k x 2
  table, or, with small expected counts, Fisher's exact test for r x c tables by Monte Carlo
  with a fixed seed (so a rerun gives the same p-value).
- **No finite-population correction in tests.** Intervals use it; tests do not, which makes
  them slightly conservative: a difference called significant here is significant with the
  correction too.
- **Significance.** alpha = 0.05 after Holm's correction within a *family*: all comparisons a
  chapter reports for one contrast (e.g. asielstatushouders vs gezinsmigranten on every
  indicator of the year) are one family, see :func:`holm`. A single comparison outside a
  family is judged on its own p-value.
- **Small groups.** A comparison with a group of fewer than ``MIN_CELL`` respondents is not
  tested; its verdict is "te klein".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.stats import MonteCarloMethod, chi2_contingency, fisher_exact
from statsmodels.stats.multitest import multipletests

from analysis.disclosure import too_small
from analysis.indicators import group_mask, indicator_flags

ALPHA = 0.05
MIN_EXPECTED = 5
MONTE_CARLO_SEED = 20230
MONTE_CARLO_RESAMPLES = 9999


@dataclass(frozen=True)
class Vergelijking:
    """The result of comparing one indicator between groups; narrative code reads this."""

    indicator: str
    groepen: tuple[str, ...]
    tellers: tuple[int, ...]
    noemers: tuple[int, ...]
    toets: str
    p: float
    p_gecorrigeerd: float | None = None

    @property
    def percentages(self) -> tuple[float, ...]:
        return tuple(
            100 * t / n if n else np.nan for t, n in zip(self.tellers, self.noemers, strict=True)
        )

    @property
    def te_klein(self) -> bool:
        return any(too_small(n) for n in self.noemers)

    @property
    def verschil(self) -> float:
        """First group minus second, in percentage points (two-group comparisons)."""
        return self.percentages[0] - self.percentages[1]

    @property
    def significant(self) -> bool:
        if self.te_klein or np.isnan(self.p):
            return False
        p = self.p if self.p_gecorrigeerd is None else self.p_gecorrigeerd
        return p < ALPHA

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


def _table(
    df: pd.DataFrame, indicator: str, groepen: Sequence[str], beantwoord: bool = False
) -> tuple[list[int], list[int]]:
    flags = indicator_flags(df, indicator, beantwoord)
    tellers, noemers = [], []
    for g in groepen:
        sel = flags[group_mask(df, g)].dropna()
        tellers.append(int(sel.sum()))
        noemers.append(len(sel))
    return tellers, noemers


def toets_tabel(tellers: Sequence[int], noemers: Sequence[int]) -> tuple[str, float]:
    """Choose and run the test for a k x 2 table of successes and failures (see module)."""
    table = np.array([[t, n - t] for t, n in zip(tellers, noemers, strict=True)])
    if (table.sum(axis=0) == 0).any():  # nobody (or everybody) has the outcome
        return "geen toets (geen variatie)", 1.0
    expected = chi2_contingency(table, correction=False).expected_freq
    if expected.min() >= MIN_EXPECTED:
        return "chi-kwadraattoets", float(chi2_contingency(table, correction=False).pvalue)
    if table.shape[0] == 2:
        return "exacte toets van Fisher", float(fisher_exact(table).pvalue)
    method = MonteCarloMethod(
        n_resamples=MONTE_CARLO_RESAMPLES, rng=np.random.default_rng(MONTE_CARLO_SEED)
    )
    return "exacte toets van Fisher (Monte Carlo)", float(fisher_exact(table, method=method).pvalue)


def compare(
    df: pd.DataFrame,
    indicator: str,
    groepen: Sequence[str] = ("asielstatushouder", "gezinsmigrant"),
    beantwoord: bool = False,
) -> Vergelijking:
    """Compare an indicator between two or more groups (group specs as in indicators)."""
    tellers, noemers = _table(df, indicator, groepen, beantwoord)
    if any(too_small(n) for n in noemers):
        toets, p = "niet getoetst (te kleine groep)", float("nan")
    else:
        toets, p = toets_tabel(tellers, noemers)
    return Vergelijking(indicator, tuple(groepen), tuple(tellers), tuple(noemers), toets, p)


def holm(vergelijkingen: Sequence[Vergelijking]) -> list[Vergelijking]:
    """Apply Holm's correction to one family of comparisons (untested ones are left out)."""
    tested = [i for i, v in enumerate(vergelijkingen) if not np.isnan(v.p)]
    out = list(vergelijkingen)
    if not tested:
        return out
    _, adjusted, _, _ = multipletests(
        [vergelijkingen[i].p for i in tested], alpha=ALPHA, method="holm"
    )
    for i, p_adj in zip(tested, adjusted, strict=True):
        out[i] = replace(vergelijkingen[i], p_gecorrigeerd=float(p_adj))
    return out


def compare_family(
    df: pd.DataFrame,
    indicators: Sequence[str],
    groepen: Sequence[str] = ("asielstatushouder", "gezinsmigrant"),
) -> dict[str, Vergelijking]:
    """One contrast over many indicators, Holm-corrected as one family."""
    results = holm([compare(df, ind, groepen) for ind in indicators])
    return {v.indicator: v for v in results}


def comparison_table(results: dict[str, Vergelijking]) -> pd.DataFrame:
    """Tidy table of a family of comparisons, for the bijlagen and the exports."""
    rows = []
    for v in results.values():
        row = {
            "indicator": v.indicator,
            "toets": v.toets,
            "p": v.p,
            "p_holm": v.p_gecorrigeerd,
            "significant": v.significant,
            "oordeel": v.oordeel(),
        }
        for g, pct, n in zip(v.groepen, v.percentages, v.noemers, strict=True):
            row[f"pct_{g}"] = np.nan if too_small(n) else pct
            row[f"n_{g}"] = n
        rows.append(row)
    return pd.DataFrame(rows)
