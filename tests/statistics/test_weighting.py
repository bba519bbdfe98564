from __future__ import annotations

import pytest

from analysis.data.load import load_year
from analysis.statistics.indicators import indicator_table
from analysis.statistics.weighting import population_targets, rake_weights, sensitivity_table


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


def _without(year, dim: str, category: str):
    """The year's respondents with nobody left in one category (moved to another)."""
    enquete = year.enquete.copy()
    other = next(c for c in enquete[dim].unique() if c != category)
    enquete.loc[enquete[dim] == category, dim] = other
    return enquete


def test_a_stratum_nobody_is_in_is_merged_as_the_scheme_says(year):
    """A small wave without any Turkse respondent: 'Turkse' goes into 'overig'."""
    from analysis.statistics.weighting import weighting_cells

    enquete = _without(year, "nationaliteit", "Turkse")
    cells = weighting_cells(enquete, year.populatie)
    assert ("nationaliteit", "Turkse", "overig") in cells.samengevoegd
    assert "Turkse" not in cells.targets["nationaliteit"]
    w = rake_weights(enquete, year.populatie)
    overig = cells.frame["nationaliteit"].to_numpy() == "overig"
    share = 100 * w[overig].sum() / w.sum()
    assert share == pytest.approx(cells.targets["nationaliteit"]["overig"], abs=0.05)


def test_an_empty_age_group_is_merged_with_its_neighbour(year):
    enquete = _without(year, "leeftijdsgroep", "18-25")
    from analysis.statistics.weighting import weighting_cells

    merges = weighting_cells(enquete, year.populatie).samengevoegd
    assert merges == (("leeftijdsgroep", "18-25", "26-30"),)


def test_a_category_without_a_merge_rule_is_a_data_error_saying_what_to_add(year):
    from analysis.data.errors import DataError

    enquete = _without(year, "geslacht", "man")
    with pytest.raises(DataError) as err:
        rake_weights(enquete, year.populatie)
    msg = str(err.value)
    assert "data/weging.yml" in msg and "geslacht 'man'" in msg and "samenvoegen" in msg
