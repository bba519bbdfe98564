"""Item non-response: how many did not answer a question, and how much a result could move if
they had answered otherwise (the sensitivity the methods appendix prints).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.statistics.comparisons import Vergelijking, compare
from analysis.statistics.design import Ontwerp, fpc_beleid
from analysis.statistics.disclosure import indicatief
from analysis.statistics.indicators import (
    group_mask,
    indicator_flags,
    load_registry,
)

# ------------------------------------------------------------------ item non-response
GEEN_ANTWOORD_DREMPEL = 0.05  # more than this share of a group without a substantive answer


def geen_antwoord_aandeel(df: pd.DataFrame, indicator: str, spec: str) -> float:
    """Share of a group's respondents routed to the item who gave no substantive answer
    (blank, 'weet niet', 'wil ik niet zeggen'); NaN for an empty group."""
    mask = group_mask(df, spec)
    alle = indicator_flags(df, indicator)[mask].dropna()
    beantwoord = indicator_flags(df, indicator, beantwoord=True)[mask].dropna()
    return float(1 - len(beantwoord) / len(alle)) if len(alle) else float("nan")


def telt_geen_antwoord(indicator: str) -> bool:
    """Whether the indicator counts the non-answers themselves (then there is nothing to
    recompute among those who answered)."""
    from analysis.data.codebook import load_codebook

    return bool(set(load_registry()[indicator].teller) & set(load_codebook().geen_antwoord))


def nonrespons_gevoeligheid(
    df: pd.DataFrame,
    vergelijkingen: Sequence[Vergelijking],
    ontwerp: Ontwerp | None = None,
    fpc: bool | None = None,
) -> pd.DataFrame:
    """Every comparison where more than ``GEEN_ANTWOORD_DREMPEL`` of a group gave no
    substantive answer, recomputed among those who answered (a sensitivity check: the
    report's rule keeps non-answers in the denominator, and non-answer that differs by group
    can make two groups look alike or apart). Percentages and points 0-100; the difference
    with its (uncorrected) 95% interval among those who answered."""
    ontwerp = ontwerp or Ontwerp()
    fpc = fpc_beleid()["groepsverschillen"] if fpc is None else fpc
    rows = []
    for v in vergelijkingen:
        if v.beantwoord or v.te_klein or len(v.groepen) != 2 or telt_geen_antwoord(v.indicator):
            continue
        geen = [geen_antwoord_aandeel(df, v.indicator, g) for g in v.groepen]
        if not max(geen) > GEEN_ANTWOORD_DREMPEL:
            continue
        w = compare(df, v.indicator, v.groepen, True, ontwerp.met_fpc(fpc), v.familie)
        low, high = (np.nan, np.nan) if w.te_klein else w.interval
        rows.append(
            {
                "familie": v.familie,
                "indicator": v.indicator,
                "groep_a": v.groepen[0],
                "groep_b": v.groepen[1],
                "geen_antwoord_a": 100 * geen[0],
                "geen_antwoord_b": 100 * geen[1],
                "pct_a": v.percentages[0],
                "n_a": v.noemers[0],
                "pct_b": v.percentages[1],
                "n_b": v.noemers[1],
                "pct_a_beantwoord": w.percentages[0],
                "n_a_beantwoord": w.noemers[0],
                "pct_b_beantwoord": w.percentages[1],
                "n_b_beantwoord": w.noemers[1],
                "verschil_beantwoord": np.nan if w.te_klein else w.verschil,
                "ci_laag_beantwoord": low,
                "ci_hoog_beantwoord": high,
                "p_beantwoord": w.p,
                "indicatief": any(indicatief(n) for n in (*v.noemers, *w.noemers)),
            }
        )
    return pd.DataFrame(rows)
