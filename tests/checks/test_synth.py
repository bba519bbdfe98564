"""The synthetic waves: reproducible, calibrated to every published figure, plausible."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.formula.api as smf

from analysis.checks import synth
from analysis.data.load import load_year
from analysis.data.paths import ROOT
from analysis.statistics.indicators import share
from analysis.statistics.targets import check_targets, load_targets

YEARS = (2023, 2024)


@pytest.mark.parametrize("jaar", YEARS)
def test_regenerating_gives_byte_identical_files(jaar, tmp_path):
    synth.write_year(jaar, out=tmp_path)
    for name in ("enquete.csv", "populatie.csv", "meta.yml"):
        shipped = (ROOT / "data" / str(jaar) / name).read_bytes()
        assert (tmp_path / str(jaar) / name).read_bytes() == shipped, name


@pytest.mark.parametrize("jaar", YEARS)
def test_every_published_figure_is_met(jaar):
    j = load_year(jaar)
    assert (load_targets()["jaar"] == jaar).sum() > 5
    assert check_targets(j.enquete, jaar) == []


def test_target_check_catches_a_miss():
    df = load_year(2023).enquete.copy()
    workers = df.index[df["v1_betaald_werk"] == 1][:10]
    df.loc[workers, "v1_betaald_werk"] = 0
    df.loc[workers, "v2"] = np.nan
    failures = check_targets(df, 2023)
    assert any("betaald_werk [totaal]" in f for f in failures)


def test_generator_refuses_an_impossible_calibration():
    spec = synth.load_spec(2023)
    step = next(s for s in spec["stappen"] if s.get("kolom") == "v1_taalles")
    step["verdeling"]["asielstatushouder"]["ja"] = 500
    with pytest.raises(synth.SpecError, match=r"v1_taalles"):
        synth.generate(spec)


def test_same_seed_same_data_other_seed_other_rows():
    spec = synth.load_spec(2023)
    a, b = synth.generate(spec), synth.generate(spec)
    assert a.equals(b)
    spec["seed"] += 1
    c = synth.generate(spec)
    assert not a.equals(c)
    assert (a["v1_betaald_werk"].sum(), a["v7"].le(2).sum()) == (
        c["v1_betaald_werk"].sum(),
        c["v7"].le(2).sum(),
    )  # marginals are fixed by the calibration, rows are not


def test_scaled_year_keeps_the_percentages():
    spec = synth.load_spec(2023)
    big = synth.generate(spec, scale=10)
    small = synth.generate(spec)
    assert len(big) == 10 * len(small)
    for ind in ("betaald_werk", "tevreden_werk", "gezondheid_goed", "hulp_ontvangen"):
        t1, n1 = share(big, ind)
        t2, n2 = share(small, ind)
        assert t1 / n1 == pytest.approx(t2 / n2, abs=0.005), ind


# --------------------------------------------------------------------- plausible microdata
@pytest.fixture(scope="module")
def d2023():
    return load_year(2023).enquete


def test_health_worsens_with_age(d2023):
    goed = {
        a: share(d2023, "gezondheid_goed", f"leeftijdsgroep={a}")
        for a in ("18-25", "26-30", "31-40", "41+")
    }
    rates = [t / n for t, n in goed.values()]
    assert rates[0] > rates[2] > rates[3]


def test_nervousness_goes_with_money_problems_beyond_group_age_and_sex(d2023):
    d = d2023.assign(
        zenuw=d2023["v8_1"].le(3).astype(int), geldzorgen=d2023["v9_2"].eq(1).astype(int)
    )
    fit = smf.logit("zenuw ~ geldzorgen + C(groep) + C(leeftijdsgroep) + C(geslacht)", d).fit(
        disp=0
    )
    assert np.exp(fit.params["geldzorgen"]) > 2
    assert fit.pvalues["geldzorgen"] < 0.01


def test_asielstatushouders_more_often_in_language_lessons(d2023):
    a = share(d2023, "taalles", "asielstatushouder")
    g = share(d2023, "taalles", "gezinsmigrant")
    assert a[0] / a[1] > g[0] / g[1] + 0.2


def test_happiness_and_gloom_are_negatively_related(d2023):
    somber = d2023["v8_3"].le(3)
    gelukkig = d2023["v8_4"].le(3)
    assert gelukkig[somber].mean() < gelukkig[~somber].mean() - 0.2


def test_no_one_answers_both_help_and_no_help_needed(d2023):
    both = d2023["v6_geen_hulp_nodig"].eq(1) & (
        d2023["v6_informeel"].eq(1) | d2023["v6_betaald"].eq(1) | d2023["v6_wil_hulp"].eq(1)
    )
    assert not both.any()
