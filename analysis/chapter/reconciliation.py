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
    p_waarde,
    percentage_tekst,
    punten,
    shown_difference,
)
from analysis.text.labels import comparison_name
from analysis.text.methods import reason

UTRECHT = "utrecht"  # the family of the comparisons with a Utrecht figure
COLUMNS = [
    "vergelijking",
    "gepubliceerd",
    "percentages",
    "verschil in procentpunten (95%-interval)",
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


def overgenomen(gepubliceerd: str, significant: bool, interval: tuple[float, float]) -> str:
    """Whether our test reproduces a published verdict: 'ja', 'nee', or -- for a published
    'geen verschil' that our test neither contradicts nor confirms -- 'niet tegengesproken'.

    Why three answers: 'no significant difference' is not 'no difference'. A published
    'geen verschil' (or 'vergelijkbaar', 'in vergelijkbare mate') is reproduced only when
    the interval rules out a difference that matters: it lies wholly within the equivalence
    margin of ``gelijkwaardigheid`` (``data/toetsfamilies.yml``)."""
    from analysis.text.dutch import GELIJK_MARGE, binnen_marge

    if gepubliceerd == "verschil":
        return "ja" if significant else "nee"
    if significant:
        return "nee"
    return "ja" if binnen_marge(interval, GELIJK_MARGE) else "niet tegengesproken"


def reconciliation_all(
    vergelijkingen: list[Vergelijking],
    jaar: int,
    naam=comparison_name,
    utrecht: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every published verdict of ``jaar`` set against ours: both percentages, our
    difference and interval, our verdict, whether the published one is reproduced
    (``overgenomen``: 'ja', 'nee', 'niet tegengesproken' or 'niet toetsbaar', see
    :func:`overgenomen`) and the reason. ``naam`` turns a comparison into words for the
    first column; ``utrecht`` (the year's family ``utrecht``) answers the verdicts about a
    Utrecht figure."""
    index = {(v.familie, v.indicator, v.groepen[0], v.groepen[-1]): v for v in vergelijkingen}
    rows = []
    for r in load_verdicts(jaar).itertuples():
        if r.familie == UTRECHT and not r.niet_toetsbaar:
            rij = _utrecht_rij(r, utrecht)
            if rij is not None:
                rows.append(rij)
            continue
        if r.niet_toetsbaar:
            rows.append(
                {
                    "vergelijking": r.bron,
                    "gepubliceerd": r.gepubliceerd,
                    "percentages": "–",
                    "verschil in procentpunten (95%-interval)": "–",
                    "oordeel hier": "niet getoetst",
                    "overgenomen": "niet toetsbaar",
                    "reden": r.niet_toetsbaar,
                }
            )
            continue
        v = index.get((r.familie, r.indicator, r.groep_a, r.groep_b))
        if v is None:  # item not asked this year
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
                "verschil in procentpunten (95%-interval)": "–"
                if v.te_klein
                else f"{getoond} ({interval_punten(low, high)}"
                + (", simultaan)" if v.simultaan else ")"),
                "oordeel hier": v.oordeel(),
                "overgenomen": overgenomen(r.gepubliceerd, v.significant, (low, high))
                if not v.te_klein
                else "nee",
                "reden": reason(v, r.gepubliceerd),
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS[:5], "overgenomen", COLUMNS[5]])


def _utrecht_rij(r, utrecht: pd.DataFrame | None) -> dict | None:
    """A published verdict about a Utrecht figure against the family ``utrecht``."""
    from analysis.statistics.indicators import load_registry
    from analysis.text.labels import group_words

    if utrecht is None or utrecht.empty:
        return None
    sel = utrecht[
        (utrecht.indicator == r.indicator)
        & (utrecht.groep == r.groep_a)
        & (utrecht.populatie_utrecht == r.groep_b)
    ]
    if sel.empty:  # item not asked this year
        return None
    t = sel.iloc[0]
    significant = t.oordeel == "significant"
    wie = "inburgeraars" if r.groep_a == "totaal" else group_words(r.groep_a)
    getoetst = pd.notna(t.ci_laag)
    return {
        "vergelijking": f"{load_registry()[r.indicator].kort}: {wie} tegenover {t.wie_utrecht}",
        "gepubliceerd": f"{r.gepubliceerd} ({r.bron})",
        "percentages": f"{percentage_tekst(t.pct, t.n, onderdrukt=f'<{MIN_CELL}')} tegenover "
        f"{percentage_tekst(t.pct_utrecht, None)}",
        "verschil in procentpunten (95%-interval)": (
            f"{punten(shown_difference(t.pct_utrecht, t.pct))} "
            f"({interval_punten(t.ci_laag, t.ci_hoog)})"
        )
        if getoetst
        else "–",
        "oordeel hier": ("" if significant else "niet ") + "significant",
        "overgenomen": overgenomen(r.gepubliceerd, significant, (t.ci_laag, t.ci_hoog))
        if getoetst
        else "nee",
        "reden": (
            f"{t.toets}; na correctie voor het aantal vergelijkingen in de familie "
            f"p = {p_waarde(t.p_gecorrigeerd)}"
            if getoetst
            else "niet getoetst"
        ),
    }


def reconciliation(
    vergelijkingen: list[Vergelijking],
    jaar: int,
    naam=comparison_name,
    utrecht: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The published verdicts of ``jaar`` that our policy contradicts (see
    :func:`reconciliation_all`), in the columns :data:`COLUMNS`."""
    alle = reconciliation_all(vergelijkingen, jaar, naam, utrecht)
    return alle[alle["overgenomen"] == "nee"][COLUMNS].reset_index(drop=True)
