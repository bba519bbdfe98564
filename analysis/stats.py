"""Statistics behind every published share: intervals with finite-population correction.

Why a correction: the survey reached 254 of the 896 invited inburgeraars, more than a quarter
of the population it describes. The textbook (infinite-population) interval would overstate
the uncertainty; the finite-population correction (FPC) shrinks the variance by
``(N - n) / (N - 1)``.

How: the Wilson score interval is computed on an *effective* sample size
``n_eff = n * (N - 1) / (N - n)``, i.e. the size of a simple random sample from an infinite
population that has the same variance as ours. With ``N`` unknown or infinite, ``n_eff = n``
and the interval is the ordinary Wilson interval.
"""

from __future__ import annotations

import math

import numpy as np
from statsmodels.stats.proportion import proportion_confint

ALPHA = 0.05


def fpc_factor(n: float, populatie: float | None) -> float:
    """Variance factor ``(N - n) / (N - 1)``; 1 when the population size is unknown."""
    if populatie is None or not np.isfinite(populatie):
        return 1.0
    if populatie <= 1 or n > populatie:
        raise ValueError(f"Populatie ({populatie}) moet groter zijn dan de steekproef ({n}).")
    return (populatie - n) / (populatie - 1)


def kish_effective_n(weights) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2: what weights cost in precision."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w**2).sum()) if len(w) else 0.0


def effective_n(n: float, populatie: float | None) -> float:
    """Sample size of a simple random sample with the same variance (see module docstring)."""
    factor = fpc_factor(n, populatie)
    return math.inf if factor == 0 else n / factor


def wilson_fpc(
    teller: float, noemer: float, populatie: float | None = None, alpha: float = ALPHA
) -> tuple[float, float]:
    """Wilson interval for ``teller / noemer`` as proportions (0-1), with FPC.

    ``populatie`` is the size of the population the ``noemer`` respondents were drawn from
    (for a subgroup: its estimated size in the population). Returns ``(nan, nan)`` for an
    empty denominator.
    """
    if noemer <= 0:
        return (math.nan, math.nan)
    p = teller / noemer
    n_eff = effective_n(noemer, populatie)
    if math.isinf(n_eff):  # a census: no sampling uncertainty
        return (p, p)
    low, high = proportion_confint(p * n_eff, n_eff, alpha=alpha, method="wilson")
    return (float(low), float(high))
