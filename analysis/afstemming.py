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
from analysis.formatting import interval_punten, p_waarde, punten, shown_difference, telwoord
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
    """The published verdicts of ``jaar`` (empty when none are recorded); a verdict the
    survey cannot test has no comparison and says why in ``niet_toetsbaar``."""
    table = pd.read_csv(config_dir() / "referentie" / "oordelen.csv", keep_default_na=False)
    table["jaar"] = pd.to_numeric(table["jaar"])
    if "niet_toetsbaar" not in table.columns:
        table["niet_toetsbaar"] = ""
    return table[table["jaar"] == jaar].reset_index(drop=True)


_p = p_waarde


def reason(v: Vergelijking, gepubliceerd: str = "") -> str:
    """Why our verdict is what it is, from the numbers -- for a verdict reproduced as well
    as for one that differs from the published one."""
    if v.te_klein:
        return "te weinig respondenten om te toetsen"
    if v.simultaan:  # the verdict is the test over all groups, not the printed pair
        tekst = (
            f"toets over alle {telwoord(len(v.groepen))} groepen: ongecorrigeerd p = "
            f"{_p(v.p)}, na correctie voor het aantal vergelijkingen in de familie "
            f"p = {_p(v.p_oordeel)}; het interval van het grootste verschil is simultaan "
            "(geldt voor alle paren tegelijk)"
        )
    elif v.significant:
        low = v.interval[0]
        tekst = (
            f"na correctie voor het aantal vergelijkingen in de familie p = {_p(v.p_oordeel)}; "
            f"het interval ligt geheel {'boven' if low > 0 else 'onder'} 0"
        )
    elif v.p < ALPHA:
        tekst = (
            f"ongecorrigeerd p = {_p(v.p)}, na correctie voor het aantal vergelijkingen "
            f"in de familie p = {_p(v.p_oordeel)}"
        )
    else:
        tekst = f"ook zonder correctie niet aantoonbaar (p = {_p(v.p)}); het interval omvat 0"
    if v.oordeel_wisselt_fpc:
        tekst += "; met de andere keuze voor de eindige-populatiecorrectie viel het anders uit"
    if v.verkennend:
        tekst += "; verkennend (gekozen na het zien van de gegevens)"
    return tekst


def comparison_name(v: Vergelijking) -> str:
    """A comparison in words: 'betaald werk: gezinsmigranten (geslacht man) tegenover ...'."""
    from analysis.indicators import group_words, load_registry

    return f"{load_registry()[v.indicator].kort}: " + " tegenover ".join(
        map(group_words, v.groepen)
    )


def reconciliation_all(
    vergelijkingen: list[Vergelijking], jaar: int, naam=comparison_name
) -> pd.DataFrame:
    """Every published verdict of ``jaar`` set against ours: both percentages, our
    difference and interval, our verdict, whether the published one is reproduced
    (``overgenomen``: 'ja', 'nee' or 'niet toetsbaar') and the reason. ``naam`` turns a
    comparison into words for the first column."""
    index = {(v.familie, v.indicator, v.groepen[0], v.groepen[-1]): v for v in vergelijkingen}
    rows = []
    for r in load_verdicts(jaar).itertuples():
        if r.niet_toetsbaar:
            rows.append(
                {
                    "vergelijking": r.bron,
                    "gepubliceerd": r.gepubliceerd,
                    "percentages": "–",
                    "verschil (95%-interval)": "–",
                    "oordeel hier": "niet getoetst",
                    "overgenomen": "niet toetsbaar",
                    "reden": r.niet_toetsbaar,
                }
            )
            continue
        v = index.get((r.familie, r.indicator, r.groep_a, r.groep_b))
        if v is None:  # item not asked this year
            continue
        ons = "verschil" if v.significant else "geen verschil"
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
                "overgenomen": "ja" if ons == r.gepubliceerd else "nee",
                "reden": reason(v, r.gepubliceerd),
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS[:5], "overgenomen", COLUMNS[5]])


def reconciliation(
    vergelijkingen: list[Vergelijking], jaar: int, naam=comparison_name
) -> pd.DataFrame:
    """The published verdicts of ``jaar`` that our policy does not reproduce (see
    :func:`reconciliation_all`), in the columns :data:`COLUMNS`."""
    alle = reconciliation_all(vergelijkingen, jaar, naam)
    return alle[alle["overgenomen"] == "nee"][COLUMNS].reset_index(drop=True)
