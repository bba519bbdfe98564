"""Change between years: intervals, the FDR policy, composition and panels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.chapter.overview import change_display
from analysis.data.load import load_year
from analysis.statistics.change import (
    VERANDERING_COLUMNS,
    adjusted_change,
    change_row,
    change_table,
)
from analysis.statistics.estimates import ontwerp


@pytest.fixture(scope="module")
def years():
    return load_year(2024), load_year(2023)


@pytest.fixture(scope="module")
def change(years):
    nu, vorig = years
    return change_table(nu, vorig, ontwerp(nu, False), ontwerp(vorig, False))


def row(change, indicator, groep="totaal"):
    return change[(change.indicator == indicator) & (change.groep == groep)].iloc[0]


def test_change_table_has_the_issue_columns_for_all_and_each_group(change):
    assert list(change.columns) == VERANDERING_COLUMNS
    assert set(change.groep) == {"totaal", "asielstatushouder", "gezinsmigrant"}
    assert not change.indicator.isin(["niet_spannend_nl_spreken", "ontevreden_werk"]).any()


def test_the_drop_in_finding_dutch_hard_to_speak_is_seen_and_its_verdict_rests_on_the_fpc(
    change,
):
    r = row(change, "spannend_nl_spreken")
    assert (r.n_vorig, r.n) == (254, 301)
    assert round(r.pct_vorig) == 83 and round(r.pct) == 73
    assert r.ci_laag < r.verschil < r.ci_hoog < 0  # a fall, interval below zero
    # policy: change without the finite-population correction, corrected within the 27
    # indicators of all inburgeraars; with the correction it would be significant
    assert r.oordeel == "niet significant" and r.p_gecorrigeerd >= 0.05
    assert r.p_gecorrigeerd_fpc_anders < 0.05 and r.oordeel_wisselt_fpc
    asiel = row(change, "spannend_nl_spreken", "asielstatushouder")
    assert asiel.verschil < r.verschil  # the real story: the drop among asielstatushouders


def test_change_p_without_fpc_is_the_two_proportion_z_test_of_statsmodels(change, years):
    from statsmodels.stats.proportion import proportions_ztest

    from analysis.statistics.indicators import indicator_flags

    nu, vorig = years
    a = indicator_flags(nu.enquete, "spannend_nl_spreken").dropna()
    b = indicator_flags(vorig.enquete, "spannend_nl_spreken").dropna()
    _, p = proportions_ztest([a.sum(), b.sum()], [len(a), len(b)])
    assert row(change, "spannend_nl_spreken").p == pytest.approx(p, rel=1e-9)


def test_corrected_p_values_are_benjamini_hochberg_within_each_change_family(change):
    from statsmodels.stats.multitest import multipletests

    assert set(change.familie) == {"verandering", "verandering_groepen"}
    totaal = change[change.familie == "verandering"]
    assert set(totaal.groep) == {"totaal"}  # the primary family: the same size every edition
    for _, fam in change.groupby("familie"):
        tested = fam[fam.p.notna()]
        assert tested.p_gecorrigeerd.to_numpy() == pytest.approx(
            multipletests(tested.p, method="fdr_bh")[1]
        )
        assert tested.p_gecorrigeerd_fpc_anders.notna().all()


def test_a_flipped_change_verdict_is_significant_under_exactly_one_fpc_choice(change):
    tested = change[change.p.notna()]
    onder_beleid = tested.p_gecorrigeerd < 0.05
    anders = tested.p_gecorrigeerd_fpc_anders < 0.05
    assert (tested.oordeel_wisselt_fpc == (onder_beleid != anders)).all()
    # the correction only narrows: a verdict can only flip towards 'significant' with it
    assert not (onder_beleid & ~anders).any()


def test_small_sides_are_not_tested(change):
    small = change[(change.n_vorig < 10) | (change.n < 10)]
    assert not small.empty
    assert small.p.isna().all() and (small.oordeel == "niet getoetst (te kleine groep)").all()


def test_composition_adjustment_removes_a_change_that_is_only_composition(years):
    vorig = years[1]
    # a year with the same people answering exactly as before, but twice as many
    # gezinsmigranten: the total moves, the adjusted change does not
    df = vorig.enquete
    extra = df[df.groep == "gezinsmigrant"].copy()
    extra["respondent_id"] = extra["respondent_id"].astype(str) + "b"
    mixed = pd.concat([df, extra], ignore_index=True)
    raw = 100 * (mixed.v1_betaald_werk.eq(1).mean() - df.v1_betaald_werk.eq(1).mean())
    assert abs(raw) > 5
    assert abs(adjusted_change(mixed, df, "betaald_werk")) < 0.5


def test_printed_difference_agrees_with_printed_percentages(change):
    shown = change_display(change, 2024)
    for r in shown.itertuples():
        a, b = r._2, r._3
        if "%" in a and "%" in b:
            verschil = int(b.rstrip("%")) - int(a.rstrip("%"))
            expected = "0" if verschil == 0 else f"{verschil:+d}".replace("-", "\u2212")
            assert r._4 == expected  # with the minus sign U+2212, as printed


def test_panel_ids_narrow_the_interval_when_answers_are_stable(years):
    from dataclasses import replace

    nu, vorig = years
    a, b = vorig.enquete.copy(), nu.enquete.copy()
    # the first 100 respondents of the second year are the first 100 of the first, answering
    # the same: a strong positive correlation between the years
    b.loc[b.index[:100], "v1_betaald_werk"] = a.loc[a.index[:100], "v1_betaald_werk"].to_numpy()

    def width(x, y) -> tuple[float, float]:
        r = change_row(
            replace(nu, enquete=y),
            replace(vorig, enquete=x),
            "betaald_werk",
            "totaal",
            ontwerp(nu, False),
            ontwerp(vorig, False),
        )
        return r["ci_hoog"] - r["ci_laag"], r["verschil"]

    w_plain, d_plain = width(a, b)
    a["panel_id"] = [f"p{i}" for i in range(len(a))]
    b["panel_id"] = [f"p{i}" if i < 100 else f"q{i}" for i in range(len(b))]
    w_paired, d_paired = width(a, b)
    assert np.isfinite(w_paired) and w_paired < w_plain
    assert math.isclose(d_plain, d_paired)


def _one_cell(df: pd.DataFrame) -> pd.DataFrame:
    """The respondents with one composition (one group, age group and sex): no controls."""
    return df.assign(groep="gezinsmigrant", leeftijdsgroep="26-30", geslacht="vrouw")


def test_adjusted_change_interval_is_the_wald_interval_without_composition(years):
    from analysis.statistics.change import adjusted_change_ci
    from analysis.statistics.indicators import indicator_flags

    nu, vorig = (_one_cell(y.enquete) for y in years)
    d, low, high, reden = adjusted_change_ci(nu, vorig, "betaald_werk")
    a = indicator_flags(nu, "betaald_werk").dropna()
    b = indicator_flags(vorig, "betaald_werk").dropna()
    p1, p2 = a.mean(), b.mean()
    se = math.sqrt(p1 * (1 - p1) / len(a) + p2 * (1 - p2) / len(b))
    assert reden == "" and d == pytest.approx(100 * (p1 - p2), abs=1e-6)
    assert (low, high) == pytest.approx((d - 196 * se, d + 196 * se), abs=0.02)


def test_adjusted_change_says_why_it_is_missing(years):
    from analysis.statistics.change import GEEN_GECORRIGEERD, adjusted_change_ci

    nu, vorig = years
    tiny = vorig.enquete.head(5)
    d, *_, reden = adjusted_change_ci(nu.enquete, tiny, "betaald_werk")
    assert math.isnan(d) and reden == "te_klein" and reden in GEEN_GECORRIGEERD
    # a separated model: in the previous year nobody had the outcome
    a, b = nu.enquete.copy(), vorig.enquete.copy()
    b["v1_betaald_werk"] = 0
    d, *_, reden = adjusted_change_ci(a, b, "betaald_werk")
    assert math.isnan(d) and reden == "scheiding"


def test_the_weighted_edition_has_its_own_adjusted_change(years, change):
    nu, vorig = years
    gewogen = change_table(nu, vorig, ontwerp(nu, True), ontwerp(vorig, True))
    both = change.verschil_gecorrigeerd.notna() & gewogen.verschil_gecorrigeerd.notna()
    assert both.any()
    assert not np.allclose(
        change.loc[both, "verschil_gecorrigeerd"], gewogen.loc[both, "verschil_gecorrigeerd"]
    )
    missing = change[change.verschil_gecorrigeerd.isna()]
    assert (missing.gecorrigeerd_opmerking.str.len() > 0).all()


def test_the_adjustment_model_has_the_design_of_its_formula(years):
    """The design is built directly (for speed); it must be the one patsy makes of the model's
    formula, column for column, on both years' respondents with every control."""
    import patsy

    from analysis.statistics.change import SAMENSTELLING, _design

    nu, vorig = years
    data = pd.concat(
        [
            pd.DataFrame({c: y.enquete[c].astype(str) for c in SAMENSTELLING}).assign(jaar=label)
            for label, y in (("vorig", vorig), ("nu", nu))
        ],
        ignore_index=True,
    )
    controls = [c for c in SAMENSTELLING if data[c].nunique() > 1]
    assert len(controls) == len(SAMENSTELLING)  # every control takes part
    formula = "C(jaar, Treatment('vorig'))" + "".join(f" + C({c})" for c in controls)
    expected = np.asarray(patsy.dmatrix(formula, data))
    assert np.array_equal(_design(data, controls), expected)
