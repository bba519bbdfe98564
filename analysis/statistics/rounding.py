"""Rounding half up, as published tables do (Python's ``round`` rounds half to even).

Why in statistics: checking the data against the published report's rounded figures needs it,
and :mod:`analysis.text.formatting` uses the same function for display.
"""

from __future__ import annotations

import math


def round_half_up(x: float, decimals: int = 0) -> float | int:
    """Round as a reader expects (28,5 -> 29; 0,125 -> 0,13), not banker's rounding.

    The tiny epsilon guards against binary representation (0.285 is stored as 0.28499...).
    """
    factor = 10**decimals
    value = math.floor(x * factor + 0.5 + 1e-9) / factor
    return int(value) if decimals == 0 else value
