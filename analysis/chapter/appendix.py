"""The appendices' tables: response (Tabel B2.1), comparisons and their families, the
finite-population correction, weighting, non-response, odds ratios and detectable differences.

Tables are returned as DataFrames (for the CSV exports) and turned into Markdown pipe tables
by :func:`to_markdown`, because a pipe table is the one form that Quarto renders well in both
HTML and Typst/PDF. Numbers are formatted in Dutch here, once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.chapter.overview import pct_met_teken
from analysis.data.privacy import MIN_CELL
from analysis.statistics.disclosure import too_small
from analysis.statistics.indicators import load_registry
from analysis.text.formatting import (
    ONEENS_TEKEN,
    getal,
    interval_punten,
    p_waarde,
    percentage_tekst,
    punten,
    shown_difference,
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
RESPONS_DIMENSIES = {
    "geslacht": "Geslacht",
    "leeftijdsgroep": "Leeftijd",
    "nationaliteit": "Nationaliteit",
}


def response_table(enquete: pd.DataFrame, populatie: pd.DataFrame) -> pd.DataFrame:
    """Tabel B2.1: population file versus response per category, difference in points.

    Response cells with fewer than ``MIN_CELL`` respondents are suppressed (count, share and
    difference, which together with the population share would give the count away): a small
    nationality in the response could point at individuals.
    """
    rows = []
    for dim, titel in RESPONS_DIMENSIES.items():
        pop = populatie[populatie["dimensie"] == dim]
        n_pop = pop["aantal"].sum()
        counts = enquete[dim].value_counts()
        n_resp = len(enquete)
        for cat, aantal in zip(pop["categorie"], pop["aantal"], strict=True):
            resp = int(counts.get(cat, 0))
            pct_pop, pct_resp = 100 * aantal / n_pop, 100 * resp / n_resp
            small = too_small(resp)
            rows.append(
                {
                    "kenmerk": titel,
                    "categorie": cat,
                    "bronbestand_n": int(aantal),
                    "bronbestand_pct": pct_pop,
                    "respons_n": pd.NA if small else resp,
                    "respons_pct": pd.NA if small else pct_resp,
                    "verschil_punten": pd.NA if small else pct_resp - pct_pop,
                }
            )
    out = pd.DataFrame(rows)
    out["respons_n"] = out["respons_n"].astype("Int64")
    out["respons_pct"] = out["respons_pct"].astype("Float64")
    out["verschil_punten"] = out["verschil_punten"].astype("Float64")
    return out


def largest_deviation(table: pd.DataFrame) -> pd.Series:
    """The row of :func:`response_table` whose response share differs most from the
    population file (suppressed rows left out): the figure the text quotes."""
    shown = table.dropna(subset=["verschil_punten"])
    return shown.loc[shown["verschil_punten"].abs().idxmax()]


def response_table_display(table: pd.DataFrame, n_pop: int, n_resp: int) -> pd.DataFrame:
    """Tabel B2.1 formatted for print: Dutch numbers, one decimal, '<10' where suppressed."""
    return pd.DataFrame(
        {
            "": table["categorie"],
            "kenmerk": table["kenmerk"],
            f"bronbestand n (N = {getal(n_pop)})": table["bronbestand_n"].map(getal),
            "bronbestand %": table["bronbestand_pct"].map(lambda v: getal(v, 1)),
            f"respons n (n = {getal(n_resp)})": table["respons_n"].map(
                lambda v: f"<{MIN_CELL}" if pd.isna(v) else getal(v)
            ),
            "respons %": table["respons_pct"].map(lambda v: "–" if pd.isna(v) else getal(v, 1)),
            "verschil (procentpunten)": table["verschil_punten"].map(
                lambda v: "–" if pd.isna(v) else punten(v)
            ),
        }
    )


P_ONGECORRIGEERD = "p (niet gecorrigeerd voor meerdere toetsen)"


def odds_ratio_table(tabel: pd.DataFrame, fit=None) -> pd.DataFrame:
    """Odds ratios of a fitted model (``LogitResult.tabel``) formatted for print, with the
    terms as a reader says them. The p-values are those of one model, not corrected for
    multiple tests, and the header says so. With ``fit`` (the ``LogitResult``) a last row
    gives the adjusted percentages with and without the exposure and the 95% interval of
    their difference in points (the figures the text uses)."""
    from analysis.text.formatting import interval_punten, pct
    from analysis.text.labels import readable_term

    out = pd.DataFrame(
        {
            "kenmerk": [
                readable_term(term, ref)
                for term, ref in zip(
                    tabel["term"], tabel.get("referentie", [None] * len(tabel)), strict=True
                )
            ],
            "odds ratio": tabel["odds_ratio"].map(lambda x: getal(x, 2)),
            "95%-interval": [
                f"{getal(a, 2)} – {getal(b, 2)}"
                for a, b in zip(tabel["ci_laag"], tabel["ci_hoog"], strict=True)
            ],
            # one model, not a family: its p-values are not corrected for multiple tests
            P_ONGECORRIGEERD: tabel["p"].map(p_waarde),
        }
    )
    if fit is None or not np.isfinite(fit.verschil_laag):
        return out
    kort = load_registry()[fit.blootstelling].kort
    extra = {
        "kenmerk": f"gecorrigeerd percentage met tegenover zonder '{kort}': "
        f"{pct(fit.pct_met)} tegenover {pct(fit.pct_zonder)} "
        f"({punten(shown_difference(fit.pct_zonder, fit.pct_met))} procentpunten)",
        "odds ratio": "–",
        "95%-interval": f"{interval_punten(fit.verschil_laag, fit.verschil_hoog)} procentpunten",
        P_ONGECORRIGEERD: "–",
    }
    return pd.concat([out, pd.DataFrame([extra])], ignore_index=True)


def comparison_display(tabel: pd.DataFrame) -> pd.DataFrame:
    """The main family of group comparisons (``comparisons.comparison_table``) formatted for
    print: every verdict the narrative uses, with the difference, its interval and the
    corrected p-value the verdict rests on (no other p-value is printed)."""
    reg = load_registry()

    p_text = p_waarde

    def share(v: float, n: float) -> str:
        if pd.isna(v):
            return f"<{MIN_CELL} resp."
        return pct_met_teken({"percentage": v, "noemer": n})

    oneens = tabel.get("interval_oneens", pd.Series(False, index=tabel.index))
    verschil = [
        "–"
        if pd.isna(d)
        else f"{punten(shown_difference(b, a))} ({interval_punten(lo, hi)})"
        + (f" {ONEENS_TEKEN}" if x else "")
        for d, a, b, lo, hi, x in zip(
            tabel["verschil"],
            tabel["pct_asielstatushouder"],
            tabel["pct_gezinsmigrant"],
            tabel["ci_laag"],
            tabel["ci_hoog"],
            oneens,
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            "indicator": tabel["indicator"].map(lambda i: reg[i].kort),
            "asielstatushouders": list(
                map(share, tabel["pct_asielstatushouder"], tabel["n_asielstatushouder"])
            ),
            "gezinsmigranten": list(
                map(share, tabel["pct_gezinsmigrant"], tabel["n_gezinsmigrant"])
            ),
            "verschil in procentpunten (95%-interval)": verschil,
            "p (gecorrigeerd)": tabel["p_gecorrigeerd"].map(p_text),
            "oordeel": tabel["oordeel"],
        }
    )


# Declared in data/toetsfamilies.yml before this edition was built; whether before the year's
# data were seen is not something the build can show, so the table does not claim it.
VASTGELEGD = "vastgelegd voor deze uitgave"


def families_display(
    families,
    vergelijkingen,
    verandering: pd.DataFrame | None = None,
    jaar: int | None = None,
    utrecht: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tabel D.1: every family of tests of the edition -- the declared families
    (``data/toetsfamilies.yml``) and, from the second year on, the two families of change
    between years -- with the number of comparisons each held this year and whether they
    were declared before the data or chosen after seeing them (exploratory)."""
    from analysis.statistics.change import FAMILIE, FAMILIE_GROEPEN

    counts: dict[str, int] = {}
    for v in vergelijkingen:  # tested ones only: an untested comparison is not corrected for
        if not np.isnan(v.p):
            counts[v.familie] = counts.get(v.familie, 0) + 1
    rows = [
        {
            "familie": f.titel,
            "gebruikt in": f.hoofdstuk,
            "aard": (
                f"verkennend: in {jaar} gekozen na het zien van de gegevens"
                if jaar is not None and jaar in f.verkennend_in
                else VASTGELEGD
            ),
            "vergelijkingen": str(counts.get(f.id, 0)),
        }
        for f in families
        if not (jaar is not None and f.alleen_in and jaar not in f.alleen_in)
    ]
    if verandering is not None and not verandering.empty:
        # 'de vorige meting', not 'het vorige jaar': after a gap year they differ
        sinds = f"Verandering sinds de vorige meting ({int(verandering['jaar_vorig'].iloc[0])})"
        for fam, titel, wie in (
            (FAMILIE, f"{sinds}, alle inburgeraars", "alle indicatoren"),
            (
                FAMILIE_GROEPEN,
                f"{sinds}, binnen asielstatushouders en gezinsmigranten",
                "alle indicatoren",
            ),
        ):
            deel = verandering[verandering["familie"] == fam]
            rows.append(
                {
                    "familie": titel,
                    "gebruikt in": "Kernindicatoren en hoofdstukken (" + wie + ")",
                    "aard": VASTGELEGD,
                    "vergelijkingen": str(int(deel["p"].notna().sum())),
                }
            )
    if utrecht is not None and not utrecht.empty:
        rows.append(
            {
                "familie": "Inburgeraars tegenover een Utrechts cijfer (data/referentie)",
                "gebruikt in": "hoofdstukken en samenvatting",
                "aard": VASTGELEGD,
                "vergelijkingen": str(int(utrecht["p"].notna().sum())),
            }
        )
    return pd.DataFrame(rows, columns=["familie", "gebruikt in", "aard", "vergelijkingen"])


P_ZONDER = "p (gecorrigeerd), zonder eindige-populatiecorrectie"
P_MET = "p (gecorrigeerd), met eindige-populatiecorrectie"


def fpc_wissels(vergelijkingen, verandering: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every verdict that flips under the other choice of finite-population correction
    (issue 18): the comparison in words, the verdict under the policy and the corrected p
    under both choices. Empty when nothing flips."""
    from analysis.statistics.design import fpc_beleid
    from analysis.text.labels import comparison_name, group_words

    beleid = fpc_beleid()

    def zonder_met(q_beleid: float, q_anders: float, soort: str) -> tuple[float, float]:
        return (q_anders, q_beleid) if beleid[soort] else (q_beleid, q_anders)

    p_text = p_waarde

    rows = []
    for v in vergelijkingen:
        if v.oordeel_wisselt_fpc:
            zonder, met = zonder_met(
                v.p_gecorrigeerd, v.p_gecorrigeerd_fpc_anders, "groepsverschillen"
            )
            rows.append(
                {
                    "vergelijking": comparison_name(v),
                    "soort": "verschil tussen groepen",
                    "oordeel (beleid)": v.kort_oordeel(),
                    P_ZONDER: p_text(zonder),
                    P_MET: p_text(met),
                }
            )
    if verandering is not None and not verandering.empty:
        reg = load_registry()
        for r in verandering[verandering["oordeel_wisselt_fpc"].astype(bool)].itertuples():
            zonder, met = zonder_met(r.p_gecorrigeerd, r.p_gecorrigeerd_fpc_anders, "verandering")
            rows.append(
                {
                    "vergelijking": f"{reg[r.indicator].kort}: {group_words(r.groep)}",
                    "soort": f"verandering sinds {int(r.jaar_vorig)}",
                    "oordeel (beleid)": r.oordeel,
                    P_ZONDER: p_text(zonder),
                    P_MET: p_text(met),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "vergelijking",
            "soort",
            "oordeel (beleid)",
            P_ZONDER,
            P_MET,
        ],
    )


def weging_display(gevoelig: pd.DataFrame) -> pd.DataFrame:
    """The weighting table of the methods (``weighting.sensitivity_table``) for print: every
    percentage through :func:`analysis.text.formatting.percentage_tekst` ('ca.' and whole
    percentages on fewer than 50 respondents, nothing on fewer than 10), the difference in
    points with one decimal only where both sides are shown with one."""
    from analysis.statistics.disclosure import indicatief

    reg = load_registry()

    def verschil(d: float, n: float) -> str:
        if too_small(n):
            return "–"
        return punten(d) if indicatief(n) else punten(d, 1)

    return pd.DataFrame(
        {
            "indicator": gevoelig["indicator"].map(lambda i: reg[i].kort),
            "ongewogen": [
                percentage_tekst(x, n, 1, onderdrukt=f"<{MIN_CELL}")
                for x, n in zip(gevoelig["ongewogen"], gevoelig["noemer"], strict=True)
            ],
            "gewogen": [
                percentage_tekst(x, n, 1, onderdrukt=f"<{MIN_CELL}")
                for x, n in zip(gevoelig["gewogen"], gevoelig["noemer"], strict=True)
            ],
            "verschil (procentpunten)": [
                verschil(d, n)
                for d, n in zip(gevoelig["verschil"], gevoelig["noemer"], strict=True)
            ],
        }
    )


def nonrespons_display(t: pd.DataFrame) -> pd.DataFrame:
    """The non-response sensitivity (``comparisons.nonrespons_gevoeligheid``) for print:
    per comparison the share without an answer in each group, the percentages among all and
    among those who answered, and the difference among those who answered."""
    from analysis.text.formatting import interval_punten, pct
    from analysis.text.labels import group_words

    reg = load_registry()

    def paar(a: float, na: float, b: float, nb: float) -> str:
        return (
            f"{percentage_tekst(a, na, onderdrukt=f'<{MIN_CELL}')} tegenover "
            f"{percentage_tekst(b, nb, onderdrukt=f'<{MIN_CELL}')}"
        )

    rows = []
    for r in t.itertuples():
        verschil = (
            "–"
            if pd.isna(r.verschil_beantwoord)
            else f"{punten(shown_difference(r.pct_b_beantwoord, r.pct_a_beantwoord))} "
            f"({interval_punten(r.ci_laag_beantwoord, r.ci_hoog_beantwoord)})"
        )
        rows.append(
            {
                "vergelijking": f"{reg[r.indicator].kort}: {group_words(r.groep_a)} tegenover "
                f"{group_words(r.groep_b)}",
                "geen antwoord": f"{pct(r.geen_antwoord_a)} tegenover {pct(r.geen_antwoord_b)}",
                "alle respondenten": paar(r.pct_a, r.n_a, r.pct_b, r.n_b),
                "wie antwoordde": paar(
                    r.pct_a_beantwoord, r.n_a_beantwoord, r.pct_b_beantwoord, r.n_b_beantwoord
                ),
                "verschil onder wie antwoordde, procentpunten (95%-interval)": verschil,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "vergelijking",
            "geen antwoord",
            "alle respondenten",
            "wie antwoordde",
            "verschil onder wie antwoordde, procentpunten (95%-interval)",
        ],
    )
