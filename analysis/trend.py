"""Comparing a year with the previous survey year: the monitor's reason to exist.

Each indicator (all inburgeraars) is compared between the two years with the same test
policy as group comparisons (chi-square or Fisher, Holm over all indicators compared). The
samples of two years are treated as independent; people who answered in both years cannot be
linked, so the test is approximate where respondents overlap.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from statsmodels.stats.multitest import multipletests

from analysis.comparisons import ALPHA, toets_tabel
from analysis.disclosure import MIN_CELL, too_small
from analysis.formatting import pct, punten
from analysis.indicators import indicator_table, load_registry
from analysis.load import load_year
from analysis.paths import available_years


def previous_year(jaar: int, base: Path) -> int | None:
    earlier = [y for y in available_years(base) if y < jaar]
    return earlier[-1] if earlier else None


def year_comparison(df: pd.DataFrame, jaar: int, base: Path) -> pd.DataFrame | None:
    """Tidy comparison with the previous year, or None when there is none."""
    vorig = previous_year(jaar, base)
    if vorig is None:
        return None
    reg = load_registry()
    ids = [i.id for i in reg.indicatoren if i.tabel_7_1]
    now = indicator_table(df, jaar, ids, groepen=("totaal",)).set_index("indicator")
    before = indicator_table(
        load_year(vorig, base).enquete, vorig, ids, groepen=("totaal",)
    ).set_index("indicator")
    common = [i for i in ids if i in now.index and i in before.index]
    rows = []
    for ind in common:
        a, b = before.loc[ind], now.loc[ind]
        small = too_small(a.noemer) or too_small(b.noemer)
        p = float("nan") if small else toets_tabel([a.teller, b.teller], [a.noemer, b.noemer])[1]
        rows.append(
            {
                "indicator": ind,
                "vorig_jaar": vorig,
                "pct_vorig": a.percentage,
                "pct_nu": b.percentage,
                "verschil": b.percentage - a.percentage,
                "p": p,
                "te_klein": small,
            }
        )
    out = pd.DataFrame(rows)
    tested = out["p"].notna()
    out["p_holm"] = float("nan")
    if tested.any():
        out.loc[tested, "p_holm"] = multipletests(out.loc[tested, "p"], method="holm")[1]
    out["significant"] = out["p_holm"] < ALPHA
    return out


def previous_year_table(
    df: pd.DataFrame, jaar: int, base: Path
) -> tuple[pd.DataFrame, int, int] | None:
    """The comparison formatted for print, the previous year and the number of significant
    changes; None when there is no earlier year."""
    cmp = year_comparison(df, jaar, base)
    if cmp is None:
        return None
    reg = load_registry()
    vorig = int(cmp["vorig_jaar"].iloc[0])
    shown = pd.DataFrame(
        {
            "indicator": cmp["indicator"].map(lambda i: reg[i].kort),
            str(vorig): [
                f"<{MIN_CELL}" if s else pct(v)
                for v, s in zip(cmp.pct_vorig, cmp.te_klein, strict=True)
            ],
            str(jaar): [
                f"<{MIN_CELL}" if s else pct(v)
                for v, s in zip(cmp.pct_nu, cmp.te_klein, strict=True)
            ],
            "verschil (punten)": [
                "–" if s else punten(v) for v, s in zip(cmp.verschil, cmp.te_klein, strict=True)
            ],
            "oordeel": [
                "niet getoetst" if s else ("significant" if sig else "niet significant")
                for s, sig in zip(cmp.te_klein, cmp.significant, strict=True)
            ],
        }
    )
    return shown, vorig, int(cmp["significant"].sum())
