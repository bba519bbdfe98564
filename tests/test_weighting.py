from __future__ import annotations

import pytest

from analysis.indicators import indicator_table
from analysis.load import load_year
from analysis.weighting import population_targets, rake_weights, sensitivity_table


@pytest.fixture(scope="module")
def year():
    return load_year(2023)


def test_weighted_sample_matches_the_population_on_every_dimension(year):
    w = rake_weights(year.enquete, year.populatie)
    assert w.mean() == pytest.approx(1)
    targets = population_targets(year.populatie)
    for dim in ("geslacht", "leeftijdsgroep"):
        shares = (100 * w.groupby(year.enquete[dim]).sum() / w.sum()).to_dict()
        for cat, target in targets[dim].items():
            assert shares[cat] == pytest.approx(target, abs=0.05), (dim, cat)


def test_small_nationalities_are_grouped_before_raking(year):
    assert set(population_targets(year.populatie)["nationaliteit"]) == {
        "Syrische",
        "Marokkaanse",
        "Turkse",
        "Afghaanse",
        "overig",
    }


def test_weighted_table_keeps_respondent_counts_and_weights_the_share(year):
    w = rake_weights(year.enquete, year.populatie)
    plain = indicator_table(year.enquete, 2023, ["betaald_werk"], groepen=("totaal",))
    weighted = indicator_table(year.enquete, 2023, ["betaald_werk"], groepen=("totaal",), weights=w)
    assert weighted.noemer.iloc[0] == plain.noemer.iloc[0] == 254
    flags = year.enquete["v1_betaald_werk"].astype(float)
    assert weighted.percentage.iloc[0] == pytest.approx(100 * (w * flags).sum() / w.sum())
    assert bool(weighted.gewogen.iloc[0]) and not bool(plain.gewogen.iloc[0])


def test_sensitivity_table_has_every_indicator_and_small_differences(year):
    t = sensitivity_table(year.enquete, year.populatie, 2023)
    assert len(t) == len(indicator_table(year.enquete, 2023, groepen=("totaal",)))
    assert (t.verschil.abs() < 5).all()  # the response was close to the population
    assert (t.verschil.abs() > 0).any()  # and weighting does change something
