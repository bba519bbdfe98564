"""Dutch number formatting for text, tables and axes.

Why our own: ``lang: nl`` in Quarto translates the book's labels but formats no numbers, and
Python's ``f"{x:.1f}"`` writes ``28.3``. The report writes ``28,3%`` and ``1.231``. Babel's CLDR
data for ``nl_NL`` supply the separators; rounding is half-up, as a reader expects.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALE = "nl_NL"


def round_half_up(x: float, decimals: int = 0) -> float | int:
    """Round as a reader expects (28,5 -> 29; 0,125 -> 0,13), not banker's rounding.

    The tiny epsilon guards against binary representation (0.285 is stored as 0.28499...).
    """
    factor = 10**decimals
    value = math.floor(x * factor + 0.5 + 1e-9) / factor
    return int(value) if decimals == 0 else value


def getal(x: float, decimals: int = 0) -> str:
    """``1231`` -> ``'1.231'``; ``28.33, 1`` -> ``'28,3'``."""
    value = round_half_up(x, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def pct(x: float, decimals: int = 0) -> str:
    """A percentage (0-100) as the report writes it: ``'28,3%'``, ``'31%'``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{getal(x, decimals)}%"


def punten(x: float, decimals: int = 0) -> str:
    """A difference in percentage points with its sign: ``'+2'``, ``'-4'``, ``'0'``."""
    value = round_half_up(x, decimals)
    text = getal(abs(value), decimals)
    return text if value == 0 else ("+" if value > 0 else "-") + text
