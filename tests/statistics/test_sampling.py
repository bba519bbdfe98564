from __future__ import annotations

import math

import pytest
from scipy.stats import norm

from analysis.statistics.sampling import effective_n, fpc_factor, kish_effective_n, wilson_fpc


def wilson_by_hand(k: float, n: float, N: float | None, alpha: float = 0.05):
    """Textbook Wilson score interval on the FPC-adjusted sample size, written out."""
    z = norm.ppf(1 - alpha / 2)
    m = n if N is None else n * (N - 1) / (N - n)
    p = k / n
    centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    half = z / (1 + z * z / m) * math.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
    return centre - half, centre + half


@pytest.mark.parametrize(
    ("k", "n", "N"), [(78, 254, 896), (7, 123, 434), (0, 40, 141), (254, 254, 896), (59, 78, None)]
)
def test_wilson_with_fpc_matches_the_written_out_formula(k, n, N):
    assert wilson_fpc(k, n, N) == pytest.approx(wilson_by_hand(k, n, N), abs=1e-10)


def test_correction_narrows_the_interval_by_about_the_root_of_the_fpc():
    low0, high0 = wilson_fpc(78, 254)
    low1, high1 = wilson_fpc(78, 254, 896)
    ratio = (high1 - low1) / (high0 - low0)
    assert ratio == pytest.approx(math.sqrt((896 - 254) / 895), rel=0.02)
    assert ratio < 0.9  # the correction matters at a sampling fraction of 28%


def test_fpc_edge_cases():
    assert fpc_factor(10, None) == 1.0
    assert effective_n(10, math.inf) == 10
    assert wilson_fpc(5, 10, 10) == (0.5, 0.5)  # a census has no sampling error
    assert all(math.isnan(x) for x in wilson_fpc(0, 0, 100))
    with pytest.raises(ValueError):
        fpc_factor(300, 254)


def test_kish_effective_n_is_the_sample_size_equal_weights_would_give():
    assert kish_effective_n([1, 1, 1, 1]) == 4
    assert kish_effective_n([2, 1, 1]) == pytest.approx(16 / 6)


# ------------------------------------------------------------- differences and power
@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2", "low", "high"),
    # Newcombe (1998), Statistics in Medicine 17, table II, method 10 (hybrid score)
    [(56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090)],
)
def test_newcombe_interval_reproduces_the_published_examples(k1, n1, k2, n2, low, high):
    from statsmodels.stats.proportion import confint_proportions_2indep

    from analysis.statistics.sampling import newcombe_difference

    d, lo, hi = newcombe_difference(k1 / n1, n1, k2 / n2, n2)
    assert d == pytest.approx(k1 / n1 - k2 / n2)
    assert (lo, hi) == pytest.approx((low, high), abs=5e-5)
    assert (lo, hi) == pytest.approx(
        confint_proportions_2indep(k1, n1, k2, n2, method="newcomb"), abs=1e-12
    )


def test_population_correction_narrows_the_interval_of_a_difference():
    from analysis.statistics.sampling import effective_size, newcombe_difference

    _, lo0, hi0 = newcombe_difference(0.06, 123, 0.54, 131)
    e1, e2 = effective_size(123, 600), effective_size(131, 631)
    _, lo1, hi1 = newcombe_difference(0.06, e1, 0.54, e2)
    assert hi1 - lo1 < hi0 - lo0
    assert effective_size(100, None) == 100
    assert effective_size(100, 1000, kish_n=80) == pytest.approx(80 * 999 / 920)


def test_minimum_detectable_difference_matches_statsmodels_power_analysis():
    from statsmodels.stats.power import NormalIndPower

    from analysis.statistics.sampling import (
        minimum_detectable_difference,
        sample_size_for_difference,
    )

    mdd = minimum_detectable_difference(254, 301)
    # the same planning question through statsmodels: the power of a z-test on that
    # difference, standardised by the standard deviation of a 50% share (0.5)
    power = NormalIndPower().power(effect_size=mdd / 0.5, nobs1=254, alpha=0.05, ratio=301 / 254)
    assert power == pytest.approx(0.80, abs=0.01)
    n = sample_size_for_difference(0.10)
    assert minimum_detectable_difference(n, n) == pytest.approx(0.10)
    assert sample_size_for_difference(0.10, populatie=1500) < n  # a finite population needs fewer
    assert sample_size_for_difference(0.05) > sample_size_for_difference(0.10)
