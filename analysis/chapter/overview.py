"""The overview tables: Tabel 7.1 (kernindicatoren) and the change since the previous wave,
with the helpers that mark indicative shares. Numbers come from the year's estimates; the
words and rounding from :mod:`analysis.text.formatting`.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.privacy import MIN_CELL
from analysis.statistics.disclosure import indicatief, too_small
from analysis.statistics.indicators import (
    TOTAAL,
    load_registry,
)
from analysis.text.formatting import (
    ONEENS_TEKEN,
    interval_punten,
    percentage_tekst,
    punten,
    shown_difference,
)


def change_display(cmp: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """The change table of all inburgeraars formatted for print (Tabel 7.2)."""
    reg = load_registry()
    tot = cmp[cmp.groep == TOTAAL]
    vorig = int(tot["jaar_vorig"].iloc[0])
    rows = []
    for r in tot.itertuples():
        small = too_small(r.n_vorig) or too_small(r.n)
        rows.append(
            {
                "indicator": reg[r.indicator].kort,
                str(vorig): f"<{MIN_CELL}"
                if too_small(r.n_vorig)
                else percentage_tekst(r.pct_vorig, r.n_vorig),
                str(jaar): f"<{MIN_CELL}" if too_small(r.n) else percentage_tekst(r.pct, r.n),
                "verschil (procentpunten)": "–"
                if small
                else punten(shown_difference(r.pct_vorig, r.pct)),
                "95%-interval": "–"
                if small or pd.isna(r.ci_laag)
                else interval_punten(r.ci_laag, r.ci_hoog)
                + (f" {ONEENS_TEKEN}" if getattr(r, "interval_oneens", False) else ""),
                "oordeel": r.oordeel,
            }
        )
    return pd.DataFrame(rows)


def change_export(cmp: pd.DataFrame) -> pd.DataFrame:
    """The data of Tabel 7.2 (all inburgeraars) as exported: suppressed like
    ``verandering.csv``, with ``indicatief`` where either year rests on 10 to 49
    respondents (as every export that shows a percentage carries it)."""
    from analysis.statistics.disclosure import suppress_comparison

    tot = suppress_comparison(cmp[cmp.groep == TOTAAL], ("n_vorig", "n"), ("pct_vorig", "pct"))
    return tot.assign(
        indicatief=[indicatief(a) or indicatief(b) for a, b in zip(tot.n_vorig, tot.n, strict=True)]
    )

NIET_GEMETEN_TEKEN = {"registratie": "*", "welkomhuis": "**", "prioritering": "***"}


def kernindicatoren_table(table: pd.DataFrame, jaar: int, export: bool = False) -> pd.DataFrame:
    """Tabel 7.1 for a year: every original kernindicator, its operationalisations and results.

    ``table`` is the tidy indicator table (its ``totaal`` rows are used). Indicators that the
    survey does not measure are marked as in the report: '*' registration not yet usable,
    '**' Welkomhuis use not asked, '***' not included for reasons of priority. An
    operationalisation whose item was not asked this year says so. ``export=True`` adds the
    indicator id, the number of respondents and ``indicatief`` (the CSV of the table).
    """
    reg = load_registry()
    totals = table[table["groep"] == "totaal"].set_index("indicator")
    rows = []
    for kern in reg.kernindicatoren:
        nummer = kern["nummer"]
        eerste = True

        def add(
            vertaling: str, resultaat: str, indicator: str = "", noemer: float = float("nan"),
            *, _n=nummer, _k=kern,
        ) -> None:
            nonlocal eerste
            rows.append(
                {
                    "nr": str(_n) if eerste else "",
                    "oorspronkelijke indicator": _k["tekst"] if eerste else "",
                    "vertaling in dit onderzoek": vertaling,
                    f"resultaat ({jaar})": resultaat,
                    "indicator": indicator,
                    "noemer": noemer,
                }
            )
            eerste = False

        if kern.get("registratie"):
            add("Af te leiden uit registratiebestanden", NIET_GEMETEN_TEKEN["registratie"])
        if kern.get("niet_gemeten"):
            add("", NIET_GEMETEN_TEKEN[kern["niet_gemeten"]])
            continue
        for ind in reg.indicatoren:
            if ind.kern != nummer or not ind.tabel_7_1:
                continue
            if ind.id not in totals.index:
                add(ind.label, f"niet gevraagd in {jaar}")
                continue
            row = totals.loc[ind.id]
            resultaat = "<10" if too_small(row["noemer"]) else pct_met_teken(row)
            add(ind.label, resultaat, ind.id, row["noemer"])
    tabel = pd.DataFrame(rows)
    if export:
        return met_indicatief(tabel.astype({"noemer": "Int64"}))
    return tabel.drop(columns=["indicator", "noemer"])


def pct_met_teken(row) -> str:
    """A percentage for a table cell, with 'ca.' when it is indicative (fewer than
    ``INDICATIEF`` respondents; the same rule as text, figures and exports)."""
    return percentage_tekst(row["percentage"], row["noemer"])


def kernindicatoren_voetnoten(meta: dict | None = None) -> list[str]:
    """The footnotes explaining the marks of the kernindicatoren table: the reason that holds
    every year (registry), followed by the year's own circumstance where ``meta.yml`` gives
    one (``toelichting_niet_gemeten``)."""
    redenen = load_registry().niet_gemeten_redenen
    extra = (meta or {}).get("toelichting_niet_gemeten") or {}
    return [
        " ".join(filter(None, [NIET_GEMETEN_TEKEN[k], tekst, extra.get(k, "")]))
        for k, tekst in redenen.items()
    ]


def hulp_ja_en_nee(df: pd.DataFrame) -> int:
    """How many respondents ticked both a 'ja, hulp' and a 'nee, ...' answer on V6 (help
    with money matters; several answers allowed).

    Decision (issue 18): such answers are kept, not refused. The question allows several
    answers, and receiving some help (from family) while wanting more and not knowing where
    to find it is a coherent answer; each indicator counts its own box, as the published
    report did. The methods appendix prints this count so a reader knows the shares of V6 do
    not add up to 100%."""
    cols = {"v6_informeel", "v6_betaald", "v6_wil_hulp", "v6_geen_hulp_nodig"}
    if not cols <= set(df.columns):
        return 0
    ja = (df["v6_informeel"] == 1) | (df["v6_betaald"] == 1)
    nee = (df["v6_wil_hulp"] == 1) | (df["v6_geen_hulp_nodig"] == 1)
    return int((ja & nee).sum())


def met_indicatief(tabel: pd.DataFrame, noemer: str = "noemer") -> pd.DataFrame:
    """An export with the column ``indicatief`` (10 to 49 respondents: the percentage is
    indicative), as every export that shows a percentage carries it (README)."""
    from analysis.statistics.disclosure import indicatief

    return tabel.assign(indicatief=tabel[noemer].map(lambda n: pd.notna(n) and indicatief(n)))
