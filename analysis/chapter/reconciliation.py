"""Where this monitor judges differently from the published report: the reconciliation.

Why: reviewers compare our verdicts with the 2023 report's. The report's verdicts (stated or
implied: "groot verschil", "vergelijkbaar", "niet statistisch significant") are recorded as
data in ``data/referentie/oordelen.csv``; this module sets each against the verdict of our
stated policy (:mod:`analysis.statistics.comparisons`) and says, from the numbers, why they differ.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.paths import config_dir
from analysis.data.privacy import MIN_CELL
from analysis.statistics.comparisons import Vergelijking
from analysis.text.formatting import (
    interval_punten,
    percentage_tekst,
    punten,
    shown_difference,
)
from analysis.text.labels import comparison_name
from analysis.text.methods import reason

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
