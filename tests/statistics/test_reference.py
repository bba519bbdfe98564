"""Comparisons with Utrecht figures are tests like the others (issue 25 item 6)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import norm
from statsmodels.stats.multitest import multipletests

from analysis.data.load import load_year
from analysis.statistics.design import Ontwerp
from analysis.statistics.reference import FAMILIE, lees_referentie, utrecht_table


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_every_declared_utrecht_comparison_is_tested_and_corrected_as_one_family(jaar):
    jg = load_year(jaar)
    ref = lees_referentie()
    t = utrecht_table(jg.enquete, Ontwerp(float(jg.meta["populatie"]), jg.populatie), ref)
    assert len(t) == len(ref) and (t.familie == FAMILIE).all()
    # recomputed by hand: a score test against the fixed figure, no FPC (analytic, like the
    # group differences), Benjamini-Hochberg over the family
    from analysis.statistics.indicators import share

    ps = []
    for r in t.itertuples():
        teller, n = share(jg.enquete, r.indicator, r.groep)
        p0 = r.pct_utrecht / 100
        z = (teller / n - p0) / math.sqrt(p0 * (1 - p0) / n)
        ps.append(2 * norm.sf(abs(z)))
        assert r.pct == pytest.approx(100 * teller / n)
    assert list(t.p) == pytest.approx(ps)
    assert list(t.p_gecorrigeerd) == pytest.approx(list(multipletests(ps, method="fdr_bh")[1]))
    assert set(t.oordeel) <= {"significant", "niet significant"}


def test_a_known_reference_size_makes_it_a_two_sample_comparison():
    jg = load_year(2024)
    ref = lees_referentie().head(1).assign(n=3000)
    t = utrecht_table(jg.enquete, Ontwerp(float(jg.meta["populatie"]), jg.populatie), ref)
    assert t.toets.iloc[0] in ("chi-kwadraattoets", "exacte toets van Fisher")
    vast = utrecht_table(
        jg.enquete, Ontwerp(float(jg.meta["populatie"]), jg.populatie), ref.assign(n=math.nan)
    )
    breed = t.ci_hoog.iloc[0] - t.ci_laag.iloc[0]
    assert breed > vast.ci_hoog.iloc[0] - vast.ci_laag.iloc[0]  # the reference's error counts


def test_the_words_against_utrecht_follow_the_familys_verdict_and_the_margin(tmp_path):
    from analysis.chapter import Hoofdstuk
    from analysis.data.paths import ROOT
    from analysis.text.dutch import GELIJK_MARGE

    h = Hoofdstuk(2023, ROOT / "data", tmp_path)
    t = h.schattingen.utrecht
    for r in t.itertuples():
        woord = h.tov_utrecht(r.indicator, r.populatie_utrecht, r.groep)
        if r.oordeel == "significant":
            assert woord == ("hoger dan" if r.verschil > 0 else "lager dan")
        elif r.ci_laag > -GELIJK_MARGE and r.ci_hoog < GELIJK_MARGE:
            assert woord == "vrijwel gelijk aan"
        else:
            assert woord == "niet aantoonbaar anders dan"
    assert h.tov_utrecht("betaald_werk", "Utrechters 18+", "geslacht=man") == (
        "niet te vergelijken met"  # not declared in utrecht.csv: no verdict
    )


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_utrecht_family_is_exported_and_listed_in_the_methods(builds, jaar):
    t = pd.read_csv(builds[jaar] / "tabellen" / "utrecht.csv")
    assert {"p_gecorrigeerd", "oordeel", "toets", "interval", "pct_utrecht"} <= set(t.columns)
    fam = pd.read_csv(builds[jaar] / "tabellen" / "tbl-families.csv")
    assert fam.familie.str.contains("Utrechts cijfer").any()
