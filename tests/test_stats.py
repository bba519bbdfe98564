from __future__ import annotations

import math

import pytest
from scipy.stats import norm

from analysis.stats import effective_n, fpc_factor, kish_effective_n, wilson_fpc


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
