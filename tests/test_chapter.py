"""The chapter helpers return what the published report says, computed the one way."""

from __future__ import annotations

import pytest

from analysis.chapter import Hoofdstuk
from analysis.indicators import share
from analysis.paths import ROOT


@pytest.fixture(scope="module")
def h(tmp_path_factory):
    return Hoofdstuk(2023, ROOT / "data", tmp_path_factory.mktemp("b"))


def test_answered_only_row_uses_the_answered_denominator(h):
    t, n = share(h.df, "niet_thuis_problemen", "tevreden_niveau_nl=ja", beantwoord=True)
    row = h.rij_beantwoord("niet_thuis_problemen", "tevreden_niveau_nl=ja")
    assert (row.teller, row.noemer) == (t, n)
    assert round(row.percentage) == 22  # figure 3.5 of the published report
    assert row.ci_laag < row.percentage < row.ci_hoog
    assert row.noemer < h.rij("niet_thuis_problemen", "tevreden_niveau_nl=ja").noemer


def test_share_meeting_a_condition_matches_bijlage_2(h):
    assert h.aandeel("groep=gezinsmigrant", "geslacht=vrouw") == "64%"
    assert h.aandeel("groep=gezinsmigrant", "geslacht=man") == "33%"


def test_most_given_answer_outside_the_numerator(h):
    assert h.meest_gekozen_buiten("gezondheid_goed") == "gaat wel"


def test_words_follow_the_test(h):
    assert h.vaker_dan("betaald_werk") == "minder vaak dan"
    assert h.vaker_dan("problemen_nl_spreken") == "niet aantoonbaar vaker dan"
    assert h.vaker_dan("opleiding") == "ongeveer even vaak als"
    assert h.tov_utrecht("betaald_werk", "Utrechters 18+") == "lager dan"
    assert h.utrecht("kalm") is None


def test_comparison_with_utrecht_for_a_subgroup_uses_that_subgroups_interval(h):
    jong = "leeftijdsgroep=18-25,26-30,31-40"
    ref = h.utrecht("vrijwilligerswerk", "Utrechters 18-40")
    row = h.rij("vrijwilligerswerk", jong)
    verdict = h.tov_utrecht("vrijwilligerswerk", "Utrechters 18-40", jong)
    assert verdict == ("lager dan" if ref > row.ci_hoog else "vergelijkbaar met")
    assert verdict == "lager dan"  # 35% of young Utrechters against about one in ten
