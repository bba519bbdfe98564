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


def test_a_sentence_over_forty_words_is_found_and_a_list_item_counts_on_its_own():
    lang = " ".join(["woord"] * (editorial.MAX_ZIN + 1)) + "."
    assert editorial.te_lange_zin(f"Dat is zo. {lang}")
    kort = " ".join(["woord"] * 30) + "."
    assert not editorial.te_lange_zin(f"- {kort}\n- {kort}\n- {kort}")


def test_a_share_followed_by_its_source_in_brackets_of_its_own_is_found():
    """'(65%) (Gemeente Utrecht, 2021)' in print: the source goes inside the brackets."""
    assert editorial.gestapelde_haakjes("minder dan onder alle Utrechters (65%) [@utrecht2021].")
    assert editorial.gestapelde_haakjes("zoals te zien is (Figuur 5.1) (Gemeente Utrecht, 2021).")
    assert not editorial.gestapelde_haakjes("minder dan onder alle Utrechters [65%, @utrecht2021].")
    assert not editorial.gestapelde_haakjes("noemt de gezondheid (zeer) goed (65%).")


def test_a_frame_that_opens_more_than_three_sentences_of_a_page_is_found():
    zin = "Onder asielstatushouders is dat aandeel hoger dan onder gezinsmigranten (40% en 20%)."
    alinea = " ".join([zin] * (editorial.MAX_KADER + 1))
    assert editorial.herhaalde_kaders([alinea])
    assert not editorial.herhaalde_kaders([" ".join([zin] * editorial.MAX_KADER)])
    # the items of a list are parallel by design
    assert not editorial.herhaalde_kaders(["\n".join(f"- {zin}" for _ in range(6))])


def test_the_house_spelling_is_held_and_a_quote_keeps_its_own_words():
    assert editorial.spelling("Dat is een van de redenen. Zij maken er gebruik van.") == []
    fout = editorial.spelling("Het gevoel er bij te horen. Wie gebruik maakt van hulp. Eén van de.")
    assert len(fout) == 3 and "'erbij te horen'" in fout[0]
    assert not editorial.spelling("> Ik wil er bij te horen, zegt een respondent.")


def test_a_comparative_split_around_what_it_compares_is_found():
    """'noemen hun gezondheid minder vaak dan gezinsmigranten goed' (2024, section 4.2)."""
    for fout in (
        "Asielstatushouders noemen hun gezondheid minder vaak dan gezinsmigranten goed (52%).",
        "Asielstatushouders zijn daarover minder vaak dan gezinsmigranten positief.",
        "Zij zijn vaker dan inburgeraars voor wie dat wel zo is tevreden (70% tegenover 24%).",
        "Tegelijk voelen inburgeraars zich vaker dan andere Utrechters prettig in de buurt.",
        "Asielstatushouders voelen zich minder vaak dan gezinsmigranten (heel) vaak gelukkig.",
    ):
        assert editorial.gesplitste_vergelijking(fout), fout
    for goed in (
        "Asielstatushouders noemen hun gezondheid minder vaak goed dan gezinsmigranten (52%).",
        "Asielstatushouders doen dat vaker dan gezinsmigranten (78% tegenover 47%).",
        "Asielstatushouders hebben die problemen vaker dan gezinsmigranten.",
        "Zij doen dat vaker dan gezinsmigranten en vaker dan Utrechters.",
    ):
        assert not editorial.gesplitste_vergelijking(goed), goed


@pytest.mark.parametrize(
    "onderschrift",
    [
        "Aandeel inburgeraars dat zich de afgelopen vier weken vaak zo voelde, naar groep",
        "Inburgeraars en Utrechters over hun buurt (% (zeer) eens met de stelling)",
        "Spanning bij het spreken en tevredenheid over het eigen Nederlands, naar nationaliteit",
        "De kernindicatoren in 2023 en 2024, met hun 95%-interval. Intervallen die elkaar "
        "niet overlappen, maken een verandering nog niet aantoonbaar",
    ],
)
def test_a_figure_headed_by_a_label_instead_of_its_finding_is_found(onderschrift):
    """Issue 24 item 5: the captions of 4.4, 4.5 and 5.1 as they were built."""
    md = f'![{onderschrift}](../figuren/fig-x.png){{#fig-x fig-alt="{onderschrift}."}}'
    assert editorial.figuur_met_label(md)


def test_a_figure_titled_by_its_finding_passes_even_with_an_abbreviation_in_it():
    titel = (
        "Inburgeraars en Utrechters van 18 tot 65 jaar verschillen op alle drie punten "
        "aantoonbaar, het sterkst bij ca. een derde. Aandeel inburgeraars, naar groep"
    )
    assert editorial.figuur_met_label(f"![{titel}](a.png){{#fig-a}}") == []
