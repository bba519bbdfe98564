"""Verdicts come from tests; the 2023 data give the report's own verdicts."""

from __future__ import annotations

import math

import pytest
from scipy.stats import fisher_exact, norm

from analysis.comparisons import compare, compare_family, holm, toets_tabel
from analysis.indicators import indicator_available, load_registry
from analysis.load import load_year


@pytest.fixture(scope="module")
def d2023():
    return load_year(2023).enquete


@pytest.fixture(scope="module")
def family(d2023):
    ids = [
        i.id
        for i in load_registry().indicatoren
        if i.tabel_7_1 and indicator_available(d2023, i.id)
    ]
    return compare_family(d2023, ids)


def test_chi_square_equals_the_two_proportion_z_test_by_hand():
    k1, n1, k2, n2 = 82, 123, 75, 131
    p1, p2, p = k1 / n1, k2 / n2, (k1 + k2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    toets, pvalue = toets_tabel([k1, k2], [n1, n2])
    assert toets == "chi-kwadraattoets"
    assert pvalue == pytest.approx(2 * norm.sf(abs(z)), rel=1e-9)


def test_small_expected_counts_use_fishers_exact_test():
    toets, pvalue = toets_tabel([1, 6], [12, 11])
    assert toets == "exacte toets van Fisher"
    assert pvalue == pytest.approx(fisher_exact([[1, 11], [6, 5]]).pvalue)


def test_more_than_two_groups_with_small_counts_is_reproducible():
    a = toets_tabel([1, 2, 6], [12, 11, 10])
    assert a[0].endswith("(Monte Carlo)") and a == toets_tabel([1, 2, 6], [12, 11, 10])


def test_holm_adjusts_like_the_textbook():
    from analysis.comparisons import Vergelijking

    vs = [
        Vergelijking(str(i), ("a", "b"), (1, 2), (20, 20), "x", p)
        for i, p in enumerate([0.01, 0.04, 0.03])
    ]
    adjusted = [v.p_gecorrigeerd for v in holm(vs)]
    assert adjusted == pytest.approx([0.03, 0.06, 0.06])


# ------------------------------------------------------------- the report's own verdicts
def test_problems_speaking_dutch_67_vs_57_is_not_significant(d2023):
    v = compare(d2023, "problemen_nl_spreken")
    assert [round(x) for x in v.percentages] == [67, 57]
    assert not v.significant and v.oordeel() == "niet statistisch significant"
    assert v.richting() == "even hoog"


def test_not_belonging_does_not_differ_between_the_groups(family):
    assert not family["niet_thuis_problemen"].significant


@pytest.mark.parametrize(
    ("indicator", "richting"),
    [
        ("betaald_werk", "lager"),
        ("taalles", "hoger"),
        ("gezondheid_goed", "lager"),
        ("problemen_financien", "hoger"),
    ],
)
def test_large_group_differences_are_significant_after_holm(family, indicator, richting):
    v = family[indicator]
    assert v.p_gecorrigeerd is not None and v.significant
    assert v.richting() == richting  # asielstatushouders relative to gezinsmigranten


def test_a_group_below_ten_respondents_is_not_tested(family):
    v = family["tevreden_werk"]  # only 7 asielstatushouders have paid work
    assert v.te_klein and math.isnan(v.p)
    assert "te weinig respondenten" in v.oordeel()
