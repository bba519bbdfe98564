"""Disclosure control: no figure is published that rests on fewer than ``MIN_CELL`` respondents.

Why: with groups of a few people (a small nationality, the onderwijsroute) a percentage says
little and can point at individuals. The rule is applied to the number of respondents a figure
is based on (its denominator, the usual minimum-base rule): below ``MIN_CELL`` the numerator,
the percentage and the interval are blanked and the row is marked. One constant, one place:
tables, figures, narrative and CSV exports all pass through :func:`suppress`.
"""

from __future__ import annotations

import pandas as pd

MIN_CELL = 10
MARK = f"onderdrukt (minder dan {MIN_CELL} respondenten)"
SUPPRESSED_COLUMNS = ("teller", "percentage", "ci_laag", "ci_hoog")


def too_small(noemer: float) -> bool:
    """Whether a figure based on ``noemer`` respondents must not be published."""
    return noemer < MIN_CELL


def percentage_tekst(percentage: float, noemer: float, decimals: int = 0) -> str:
    """A percentage for running text, or the words that say it cannot be given."""
    from analysis.formatting import pct

    if too_small(noemer):
        return f"(te weinig respondenten: minder dan {MIN_CELL})"
    return pct(percentage, decimals)


def suppress(table: pd.DataFrame, base: str = "noemer") -> pd.DataFrame:
    """Blank every figure based on fewer than ``MIN_CELL`` respondents and mark the row.

    Adds (or fills) the column ``opmerking``. The input is not changed.
    """
    out = table.copy()
    small = out[base] < MIN_CELL
    for col in SUPPRESSED_COLUMNS:
        if col in out.columns:
            out[col] = out[col].astype("Int64" if col == "teller" else "Float64")
            out.loc[small, col] = pd.NA
    if "opmerking" not in out.columns:
        out["opmerking"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[small, "opmerking"] = MARK
    return out
