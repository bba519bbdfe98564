"""Disclosure control: no figure is published that rests on fewer than ``MIN_CELL`` respondents.

Why: with groups of a few people (a small nationality, the onderwijsroute) a percentage says
little and can point at individuals. The rule is applied to the number of respondents a figure
is based on (its denominator, the usual minimum-base rule): below ``MIN_CELL`` the numerator,
the percentage and the interval are blanked and the row is marked. One constant, one place:
tables, figures, narrative and CSV exports all pass through :func:`suppress`.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.privacy import INDICATIEF, MIN_CELL

MARK = f"onderdrukt (minder dan {MIN_CELL} respondenten)"
SUPPRESSED_COLUMNS = ("teller", "percentage", "ci_laag", "ci_hoog")


def too_small(noemer: float) -> bool:
    """Whether a figure based on ``noemer`` respondents must not be published."""
    return noemer < MIN_CELL


def indicatief(noemer: float) -> bool:
    """Whether a published percentage is only indicative: based on at least ``MIN_CELL`` but
    fewer than ``INDICATIEF`` respondents.

    Why: at 10 to 49 respondents a percentage may be published (no one can be recognised),
    but around a share of 50% its 95% Wilson interval is about 27 (49 respondents) to 53
    points (10 respondents) wide (computed in tests/statistics/test_disclosure.py and printed
    from the same formula in the methods appendix), so it indicates an order of magnitude
    rather than a figure to compare. One rule for every medium: in running text the
    percentage reads "ca. 31%", in tables it gets an asterisk, in figures a hatched bar, and
    in the exports the column ``indicatief`` is true.
    """
    return MIN_CELL <= noemer < INDICATIEF


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


def suppress_comparison(
    table: pd.DataFrame,
    bases: tuple[str, ...],
    percentages: tuple[str, ...],
    derived: tuple[str, ...] = ("verschil", "ci_laag", "ci_hoog", "verschil_gecorrigeerd"),
) -> pd.DataFrame:
    """Blank the percentage of every side based on fewer than ``MIN_CELL`` respondents, and
    the difference (with its interval) of a row with such a side. The input is not changed."""
    out = table.copy()
    any_small = pd.Series(False, index=out.index)
    for base, col in zip(bases, percentages, strict=True):
        small = out[base] < MIN_CELL
        out[col] = out[col].astype("Float64")
        out.loc[small, col] = pd.NA
        any_small |= small
    for col in derived:
        if col in out.columns:
            out[col] = out[col].astype("Float64")
            out.loc[any_small, col] = pd.NA
    return out
