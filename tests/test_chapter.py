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


# ---------------------------------------------------------------- chapters 1, 5 and 6
import copy  # noqa: E402

from analysis.comparisons import Vergelijking  # noqa: E402


def _vgl(tellers, noemers, p, groepen=("geslacht=man", "geslacht=vrouw")):
    return Vergelijking("hulp_gewenst", tuple(groepen), tuple(tellers), tuple(noemers), "t", p)


def test_list_and_count_words_hold_for_any_length():
    assert Hoofdstuk.opsomming([]) == ""
    assert Hoofdstuk.opsomming(["Engels"]) == "Engels"
    assert Hoofdstuk.opsomming(["Engels", "Turks"]) == "Engels en Turks"
    assert Hoofdstuk.opsomming(["Engels", "Turks", "Arabisch"]) == "Engels, Turks en Arabisch"
    assert Hoofdstuk.aantal(1, "gezinsmigrant", "gezinsmigranten") == "één gezinsmigrant"
    assert Hoofdstuk.aantal(0, "gezinsmigrant", "gezinsmigranten") == "geen gezinsmigranten"
    assert Hoofdstuk.aantal(137, "gezinsmigrant", "gezinsmigranten") == "137 gezinsmigranten"


def test_measurement_sentence_names_only_this_and_the_previous_year(h):
    assert "nulmeting" in h.meting_zin([2023, 2024])
    later = copy.copy(h)
    later.jaar = 2025
    derde = later.meting_zin([2023, 2024, 2025])
    assert "derde meting" in derde and "2024" in derde and "2023" not in derde


def test_quote_intro_only_when_the_year_has_quotes_on_the_theme(h):
    thema = h.citaten[0]["thema"]
    assert h.met_citaat(thema, "Zo zeggen zij:") == "Zo zeggen zij:"
    assert h.met_citaat("een thema dat niet bestaat", "Zo zeggen zij:") == ""


def test_verdict_sentence_is_correct_dutch_for_every_combination(h):
    sig = _vgl([10, 60], [100, 100], 0.001)
    niet = _vgl([40, 45], [100, 100], 0.5)
    klein = _vgl([1, 40], [5, 100], float("nan"))
    wat = "die hulpvraag"
    beide_niet = h.oordelen_zin(wat, [("tussen mannen en vrouwen", niet), ("tussen de "
                                      "leeftijdsgroepen", niet)])
    assert beide_niet == ("Het verschil in die hulpvraag tussen mannen en vrouwen en tussen de "
                          "leeftijdsgroepen is niet statistisch significant.")
    gemengd = h.oordelen_zin(wat, [("tussen mannen en vrouwen", sig),
                                   ("tussen de leeftijdsgroepen", niet)])
    assert gemengd == ("Het verschil in die hulpvraag tussen mannen en vrouwen is statistisch "
                       "significant. Tussen de leeftijdsgroepen is het verschil niet statistisch "
                       "significant.")
    met_klein = h.oordelen_zin(wat, [("tussen mannen en vrouwen", klein),
                                     ("tussen de leeftijdsgroepen", sig)])
    assert met_klein.startswith("Het verschil in die hulpvraag tussen de leeftijdsgroepen is "
                                "statistisch significant. Of die hulpvraag verschilt tussen "
                                "mannen en vrouwen, is niet te zeggen")
    assert ", dat tussen" not in beide_niet + gemengd + met_klein


def test_age_sentence_names_extremes_only_for_a_demonstrated_difference(h):
    groepen = ("leeftijdsgroep=18-25", "leeftijdsgroep=41+")
    sig = _vgl([10, 60], [100, 100], 0.001, groepen)
    niet = _vgl([40, 45], [100, 100], 0.5, groepen)
    klein = _vgl([1, 40], [5, 100], float("nan"), groepen)
    zin = h.leeftijdsverschil_zin(sig, "dit")
    assert "het vaakst" in zin and "41 jaar en ouder (60%)" in zin and "18 tot en met 25" in zin
    zin = h.leeftijdsverschil_zin(niet, "dit")
    assert "vaakst" not in zin and "40% tot 45%" in zin and "niet aantoonbaar" in zin
    zin = h.leeftijdsverschil_zin(klein, "dit")
    assert "te weinig respondenten" in zin and "%" not in zin


def test_a_difference_of_one_point_is_singular(h):
    een = Vergelijking("x", ("geslacht=man", "geslacht=vrouw"), (40, 41), (100, 100), "t", 0.9)
    assert h.verschil_punten(een).startswith("1 punt minder (")
    twee = Vergelijking("x", ("geslacht=man", "geslacht=vrouw"), (40, 42), (100, 100), "t", 0.9)
    assert h.verschil_punten(twee).startswith("2 punten minder (")
