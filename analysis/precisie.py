"""How much the monitor can see: minimum detectable differences and the sample sizes needed.

Why: a reader who hears "no significant change" must know whether the monitor could have seen
one. With about 250 to 300 respondents a year, a change of a few points is invisible whatever
happened; the municipality plans the next wave's fieldwork with these numbers.

All figures are for a share of 50% (the worst case), 80% power and a two-sided test at the
level a comparison faces under the report's policy (:mod:`analysis.comparisons`). Under
Benjamini–Hochberg that level depends on how many comparisons in the family differ: it lies
between ``alpha / m`` (only this one differs) and ``alpha`` (all differ), so both ends are
given. Sizes are effective sizes: finite-population correction on the population of the
year (and its groups), as for the intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.comparisons import ALPHA
from analysis.formatting import getal
from analysis.indicators import MEERVOUD, group_population
from analysis.load import Jaargang
from analysis.stats import effective_size, minimum_detectable_difference, sample_size_for_difference

DOELEN = (5, 10)  # changes in points the municipality wants to be able to see


def _group_n_eff(jg: Jaargang, spec: str) -> tuple[int, float]:
    from analysis.indicators import group_mask

    n = int(group_mask(jg.enquete, spec).sum())
    size, _ = group_population(jg.enquete, spec, float(jg.meta["populatie"]), jg.populatie)
    return n, effective_size(n, size)


def detectable_differences(
    jg: Jaargang, vorig: Jaargang | None, m_groepen: int, m_verandering: int
) -> pd.DataFrame:
    """One row per kind of comparison: the sizes compared and the smallest difference (in
    points) seen with 80% power at the lenient and the strict end of the BH range."""
    rows = []

    def add(soort: str, n1: int, e1: float, n2: int, e2: float, m: int) -> None:
        rows.append(
            {
                "vergelijking": soort,
                "n_a": n1,
                "n_b": n2,
                "mdd_ruim": 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA),
                "mdd_streng": 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA / max(m, 1)),
            }
        )

    a = _group_n_eff(jg, "asielstatushouder")
    b = _group_n_eff(jg, "gezinsmigrant")
    add("asielstatushouders tegenover gezinsmigranten", a[0], a[1], b[0], b[1], m_groepen)
    if vorig is not None:
        nu = _group_n_eff(jg, "totaal")
        toen = _group_n_eff(vorig, "totaal")
        add(
            f"alle inburgeraars, {vorig.jaar} tegenover {jg.jaar}",
            toen[0],
            toen[1],
            nu[0],
            nu[1],
            m_verandering,
        )
        for g in ("asielstatushouder", "gezinsmigrant"):
            nu_g, toen_g = _group_n_eff(jg, g), _group_n_eff(vorig, g)
            add(
                f"{MEERVOUD[g]}, {vorig.jaar} tegenover {jg.jaar}",
                toen_g[0],
                toen_g[1],
                nu_g[0],
                nu_g[1],
                m_verandering,
            )
    return pd.DataFrame(rows)


def needed_sizes(populatie: float, m: int) -> pd.DataFrame:
    """Respondents needed in each of two waves to see a change of 5 and 10 points (all
    inburgeraars, population of this year's size), at both ends of the BH range."""
    return pd.DataFrame(
        [
            {
                "verandering": d,
                "n_ruim": sample_size_for_difference(d / 100, populatie, alpha=ALPHA),
                "n_streng": sample_size_for_difference(d / 100, populatie, alpha=ALPHA / max(m, 1)),
            }
            for d in DOELEN
        ]
    )


def for_year(s, jg: Jaargang, data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The detectable differences and needed sizes of a year's edition, from its estimates
    ``s`` (:class:`analysis.schattingen.Schattingen`): the family sizes are the numbers of
    comparisons actually tested."""
    from analysis.comparisons import HOOFDFAMILIE
    from analysis.load import load_year

    m_groep = sum(v.familie == HOOFDFAMILIE and not np.isnan(v.p) for v in s.vergelijkingen)
    m_jaar = int(s.verandering["p"].notna().sum())
    vorig = (
        None
        if s.verandering.empty
        else load_year(int(s.verandering["jaar_vorig"].iloc[0]), data_dir)
    )
    mdd = detectable_differences(jg, vorig, m_groep, m_jaar)
    return mdd, needed_sizes(float(jg.meta["populatie"]), max(m_jaar, m_groep))


def groups_sentence(mdd: pd.DataFrame) -> str:
    """What the monitor can see between the two groups, or why it cannot compare them."""
    eerste = mdd.iloc[0]
    if not np.isfinite(eerste.mdd_ruim):
        return (
            "Tussen asielstatushouders en gezinsmigranten is dit jaar geen vergelijking "
            "mogelijk: een van beide groepen heeft geen respondenten."
        )
    return (
        "Zo ziet de monitor tussen asielstatushouders en gezinsmigranten een verschil van "
        f"ongeveer {getal(eerste.mdd_ruim)} tot {getal(eerste.mdd_streng)} procentpunt."
    )


def detectable_display(mdd: pd.DataFrame) -> pd.DataFrame:
    """:func:`detectable_differences` formatted for print ('–' where a group is empty)."""

    def punten(x: float) -> str:
        return getal(x) if np.isfinite(x) else "–"

    return pd.DataFrame(
        {
            "vergelijking": mdd["vergelijking"],
            "respondenten (a)": mdd["n_a"].map(getal),
            "respondenten (b)": mdd["n_b"].map(getal),
            "kleinste verschil, ruim (procentpunten)": mdd["mdd_ruim"].map(punten),
            "kleinste verschil, streng (procentpunten)": mdd["mdd_streng"].map(punten),
        }
    )
