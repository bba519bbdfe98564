"""Where this monitor judges differently from the published report: the reconciliation.

Why: reviewers compare our verdicts with the 2023 report's. The report's verdicts (stated or
implied: "groot verschil", "vergelijkbaar", "niet statistisch significant") are recorded as
data in ``data/referentie/oordelen.csv``; this module sets each against the verdict of our
stated policy (:mod:`analysis.comparisons`) and says, from the numbers, why they differ.
"""

from __future__ import annotations

import pandas as pd

from analysis.comparisons import ALPHA, Vergelijking
from analysis.disclosure import MIN_CELL, percentage_tekst
from analysis.formatting import getal, interval_punten, punten, shown_difference, telwoord
from analysis.paths import config_dir

COLUMNS = [
    "vergelijking",
    "gepubliceerd",
    "percentages",
    "verschil (95%-interval)",
    "oordeel hier",
    "reden",
]


def load_verdicts(jaar: int) -> pd.DataFrame:
    """The published verdicts of ``jaar`` (empty when none are recorded)."""
    table = pd.read_csv(config_dir() / "referentie" / "oordelen.csv")
    return table[table["jaar"] == jaar].reset_index(drop=True)


def _p(x: float) -> str:
    return "< 0,001" if x < 0.001 else getal(x, 3)


def reason(v: Vergelijking, gepubliceerd: str) -> str:
    """Why our verdict differs, from the numbers."""
    if v.te_klein:
        return "te weinig respondenten om te toetsen"
    if v.simultaan:  # the verdict is the test over all groups, not the printed pair
        return (
            f"toets over alle {telwoord(len(v.groepen))} groepen: ongecorrigeerd p = "
            f"{_p(v.p)}, na correctie voor het aantal vergelijkingen in de familie "
            f"p = {_p(v.p_oordeel)}; het interval van het grootste verschil is simultaan "
            "(geldt voor alle paren tegelijk)"
        )
    low = v.interval[0]
    if gepubliceerd == "verschil":
        if v.p < ALPHA:
            return (
                f"ongecorrigeerd p = {_p(v.p)}, na correctie voor het aantal vergelijkingen "
                f"in de familie p = {_p(v.p_oordeel)}"
            )
        return f"ook zonder correctie niet aantoonbaar (p = {_p(v.p)}); het interval omvat 0"
    return f"het interval ligt geheel {'boven' if low > 0 else 'onder'} 0 (p = {_p(v.p_oordeel)})"


def comparison_name(v: Vergelijking) -> str:
    """A comparison in words: 'betaald werk: gezinsmigranten (geslacht man) tegenover ...'."""
    from analysis.indicators import group_words, load_registry

    return f"{load_registry()[v.indicator].kort}: " + " tegenover ".join(
        map(group_words, v.groepen)
    )


def reconciliation(
    vergelijkingen: list[Vergelijking], jaar: int, naam=comparison_name
) -> pd.DataFrame:
    """The published verdicts of ``jaar`` that our policy does not reproduce, with both
    percentages, our difference and interval, and the reason. ``naam`` turns a comparison
    into words for the first column."""
    index = {(v.familie, v.indicator, v.groepen[0], v.groepen[-1]): v for v in vergelijkingen}
    rows = []
    for r in load_verdicts(jaar).itertuples():
        v = index.get((r.familie, r.indicator, r.groep_a, r.groep_b))
        if v is None:  # item not asked this year
            continue
        ons = "verschil" if v.significant else "geen verschil"
        if ons == r.gepubliceerd:
            continue
        low, high = v.interval
        a, b = v.paar
        getoond = punten(shown_difference(v.percentages[b], v.percentages[a]))
        rows.append(
            {
                "vergelijking": naam(v),
                "gepubliceerd": f"{r.gepubliceerd} ({r.bron})",
                "percentages": " tegenover ".join(
                    percentage_tekst(x, n, onderdrukt=f"<{MIN_CELL}")
                    for x, n in zip(v.percentages, v.noemers, strict=True)
                ),
                "verschil (95%-interval)": "–"
                if v.te_klein
                else f"{getoond} ({interval_punten(low, high)}"
                + (", simultaan)" if v.simultaan else ")"),
                "oordeel hier": v.oordeel(),
                "reden": reason(v, r.gepubliceerd),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
