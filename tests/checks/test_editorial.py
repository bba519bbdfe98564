"""Editorial rules (checks.editorial) on sentences an editor would and would not publish."""

from __future__ import annotations

import pytest

from analysis.checks import editorial


def test_a_movement_verb_next_to_a_negative_verdict_is_found():
    fout = (
        "Het aandeel is sinds 2023 gestegen van 76% naar 77%; die verandering is "
        "statistisch niet aantoonbaar."
    )
    goed = "Het aandeel is sinds 2023 vrijwel gelijk gebleven (76% in 2023, nu 77%)."
    assert editorial.oordeel_tegen_werkwoord(fout)
    assert not editorial.oordeel_tegen_werkwoord(goed)
    assert editorial.oordeel_tegen_werkwoord("Asielstatushouders doen dat niet aantoonbaar vaker.")


def test_a_sentence_starting_with_a_numeral_is_found_but_not_a_list_label():
    assert editorial.begint_met_getal("Dat is zo. 14% volgt een opleiding.")
    assert editorial.begint_met_getal("Ca. 40% doet dat.")
    assert not editorial.begint_met_getal("Van de inburgeraars volgt 14% een opleiding.")
    assert not editorial.begint_met_getal("Zij zijn tevreden (ca. 70% tegenover 24%).")
    assert not editorial.begint_met_getal("- **Betaald werk:** 31% van de inburgeraars.")
    zin = "Van de 14 indicatoren meet de monitor er\n10 met de enquête."
    assert not editorial.begint_met_getal(zin)


def test_a_wall_of_text_is_found():
    zin = "Dit is een zin van gewone lengte die iets zegt over de inburgeraars. "
    assert editorial.te_lange_alinea(zin * 20)
    assert not editorial.te_lange_alinea(zin * 5)


def test_measures_count_statistics_in_running_text_only():
    tekst = (
        "Het verschil is statistisch significant (+5 procentpunten; 95%-interval +1 tot +9).\n\n"
        "| indicator | statistisch significant |\n|---|---|\n| a | ja |\n\n"
        "Asielstatushouders hebben vaker werk (6% tegenover 54%)."
    )
    m = editorial.maten_tekst(tekst)
    assert m.statistisch == 1  # the table does not count
    assert m.intervallen == 1
    # only the statistical bracket counts, not "(6% tegenover 54%)"
    statistisch = "(+5 procentpunten; 95%-interval +1 tot +9)"
    assert m.woorden_in_haakjes == len(editorial.WOORD.findall(statistisch))
    assert not m.voldoet
    assert editorial.maten_tekst("Asielstatushouders hebben vaker werk (6% tegenover 54%).").voldoet


@pytest.mark.parametrize(
    "zin",
    [
        "Het verschil in die onvervulde hulpvraag tussen mannen en vrouwen is statistisch "
        "significant.",
        "Tussen mannen en vrouwen is het verschil niet statistisch significant.",
        "De cijfers lopen uiteen van 40% tot 52%, maar dat verschil is statistisch niet "
        "aantoonbaar.",
        "Asielstatushouders en gezinsmigranten verschillen significant in betaald werk.",
    ],
)
def test_running_text_that_calls_a_result_significant_is_found(zin):
    assert editorial.significant_in_lopende_tekst(zin)


def test_running_text_that_says_aantoonbaar_and_tables_that_say_significant_pass():
    tekst = (
        "Het verschil in hulp tussen mannen en vrouwen is aantoonbaar. Tussen de "
        "leeftijdsgroepen is het verschil niet aantoonbaar.\n\n"
        "| indicator | oordeel |\n|---|---|\n| hulp | significant |\n\n"
        "![Aandeel met hulp; significant verschil gemarkeerd](fig.png)"
    )
    assert editorial.significant_in_lopende_tekst(tekst) == []
