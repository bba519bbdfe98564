"""Statistics behind every published share: intervals with finite-population correction.

Why a correction: the survey reaches a sizeable part of the population it describes (2023:
254 respondents of 1,231 inburgeraars, about a fifth). The textbook (infinite-population)
interval would overstate the uncertainty; the finite-population correction (FPC) shrinks the
variance by ``(N - n) / (N - 1)``.

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


# ------------------------------------------------------------------ differences
def effective_size(n: float, populatie: float | None, kish_n: float | None = None) -> float:
    """The sample size every interval and test of a group rests on.

    Unweighted: ``n`` corrected for the finite population (:func:`effective_n`; ``populatie``
    None: no correction, as the policy has it for group differences and changes). Weighted:
    Kish's effective n of the weights (the Kish design effect, an approximation; not a
    Rao–Scott correction), corrected the same way. One function, so intervals,
    differences and tests can never use different sizes.
    """
    base = n if kish_n is None else kish_n
    if populatie is None or not np.isfinite(populatie) or base <= 0:
        return float(base)
    return effective_n(base, max(populatie, base + 1))


def wilson(p: float, n_eff: float, alpha: float = ALPHA) -> tuple[float, float]:
    """Wilson interval (proportions) of a share ``p`` on an effective sample size."""
    if n_eff <= 0 or not np.isfinite(p):
        return (math.nan, math.nan)
    if math.isinf(n_eff):
        return (p, p)
    low, high = proportion_confint(p * n_eff, n_eff, alpha=alpha, method="wilson")
    return (float(low), float(high))


def newcombe_difference(
    p1: float, n1: float, p2: float, n2: float, alpha: float = ALPHA
) -> tuple[float, float, float]:
    """Difference ``p1 - p2`` with Newcombe's hybrid score interval (his method 10, 1998).

    Why this interval: it keeps the good coverage of the Wilson interval of each share (the
    Wald interval of a difference is too narrow for shares near 0 or 100%, which this survey
    has: 6% of asielstatushouders have paid work). ``n1``/``n2`` are effective sizes
    (:func:`effective_size`), so the finite-population correction and, in the weighted
    edition, the design effect carry over into the interval of the difference.
    Returns proportions (0-1); NaNs when a side is empty.
    """
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan, math.nan)
    l1, u1 = wilson(p1, n1, alpha)
    l2, u2 = wilson(p2, n2, alpha)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (d, low, high)


# ------------------------------------------------------------------ what can be seen
POWER = 0.80


def _z(alpha: float, power: float = POWER) -> float:
    from scipy.stats import norm

    return float(norm.ppf(1 - alpha / 2) + norm.ppf(power))


def minimum_detectable_difference(
    n1: float, n2: float, p: float = 0.5, alpha: float = ALPHA, power: float = POWER
) -> float:
    """Smallest true difference (proportion points) a two-sided test at ``alpha`` finds with
    probability ``power``, for two independent groups of effective sizes ``n1`` and ``n2``
    around a share ``p`` (0.5 is the worst case). Normal approximation, the usual planning
    formula: ``(z_(1-alpha/2) + z_power) * sqrt(p (1-p) (1/n1 + 1/n2))``."""
    if n1 <= 0 or n2 <= 0:
        return math.nan
    return _z(alpha, power) * math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))


def sample_size_for_difference(
    verschil: float,
    populatie: float | None = None,
    p: float = 0.5,
    alpha: float = ALPHA,
    power: float = POWER,
) -> float:
    """Respondents needed in EACH of two equal samples (e.g. two waves) to detect a change
    of ``verschil`` (proportion points) -- the inverse of
    :func:`minimum_detectable_difference`, then converted from an effective size to the
    number of respondents needed when each wave is drawn from ``populatie`` people."""
    n_eff = 2 * p * (1 - p) * (_z(alpha, power) / verschil) ** 2
    return respondents_for(n_eff, populatie)


def respondents_for(n_eff: float, populatie: float | None) -> float:
    """Respondents drawn from ``populatie`` people that give an effective size ``n_eff``: the
    finite-population correction undone (None: no correction; ``inf`` stays ``inf``)."""
    if populatie is None or not np.isfinite(populatie) or not math.isfinite(n_eff):
        return n_eff
    # n_eff = n (N - 1) / (N - n)  <=>  n = n_eff N / (N - 1 + n_eff)
    return n_eff * populatie / (populatie - 1 + n_eff)


def next_wave_size(
    verschil: float, n1_eff: float, alpha: float = ALPHA, power: float = POWER
) -> float:
    """Effective size the next wave needs to detect ``verschil`` (proportion points) against
    a wave of effective size ``n1_eff``, at a share of 50% (the worst case) with ``power``;
    ``inf`` if no size will do (the first wave alone is too small)."""
    rest = verschil**2 / (_z(alpha, power) ** 2 * 0.25) - 1 / n1_eff
    return 1 / rest if rest > 0 else math.inf
