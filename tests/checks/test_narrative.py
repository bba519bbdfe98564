"""The narrative check: each rule finds what it is for and leaves correct Dutch alone."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.checks import narrative as n
from analysis.text.formatting import percentage_tekst

IDS = ["betaald_werk", "tevreden_niveau_nl", "taalles"]


@pytest.mark.parametrize(
    ("tekst", "aantal"),
    [
        ("Van de gezinsmigranten heeft nan% betaald werk.", 1),
        ("De groep is None en de kans inf.", 2),
        ("Het aandeel is <NA>.", 1),
        ("Informatie over financiën en inburgering: nationaliteit en Nancy.", 0),
        ("> None of the courses suit me.", 0),  # a respondent's verbatim quote
    ],
)
def test_empty_results_printed_as_text_are_found(tekst, aantal):
    assert len(n.leeg_resultaat(tekst)) == aantal


@pytest.mark.parametrize(
    ("tekst", "aantal"),
    [
        ("Asielstatushouders hebben {h.vaker_dan('betaald_werk')} werk.", 1),
        ("In {jaar} deed {n} mee.", 2),
        ('![Werk](figuren/fig-werk.png){#fig-werk fig-alt="Staven"}', 0),
        ("## Werk {#sec-werk}", 0),
        ("Het interval $z = 1{,}96$ en $$\\frac{a}{b}$$.", 0),
        ("Een `{code}` span.", 0),
    ],
)
def test_leftover_braces_are_found_but_not_quarto_attributes_or_math(tekst, aantal):
    assert len(n.accolades(tekst)) == aantal


@pytest.mark.parametrize(
    ("tekst", "aantal"),
    [
        ("Onder groep=asielstatushouder is dat hoger.", 1),
        ("Bij leeftijdsgroep=41+ en taalles=nee is het lager.", 2),
        ("| groep=asielstatushouder | 1,12 |", 0),  # a table row: not running text
        ('![Staven](figuren/fig-x.png){#fig-x fig-alt="a=b"}', 0),
        ("Het verschil is significant (p = 0,01).", 0),  # single letter: the p-value rule
        ('<details class="cijfers-bij-figuur"><summary>Cijfers</summary>', 0),  # HTML markup
        ('<span class="x">bij groep=gezinsmigrant</span>', 1),  # but its text is prose
    ],
)
def test_raw_group_specifications_in_prose_are_found(tekst, aantal):
    assert len(n.groepsspecificaties(tekst)) == aantal


def test_indicator_ids_with_an_underscore_are_found_in_prose_only():
    assert n.indicator_ids("Het aandeel tevreden_niveau_nl steeg.", IDS)
    assert n.indicator_ids("Een kwart volgt taalles.", IDS) == []  # an ordinary word
    assert n.indicator_ids("| betaald_werk | 31% |", IDS) == []
    assert n.indicator_ids("Zie `betaald_werk`.", IDS) == []


@pytest.mark.parametrize(
    ("tekst", "aantal"),
    [
        ("Zie Hoofdstuk Hoofdstuk 3.", 1),
        ("Zie **Hoofdstuk** hoofdstuk 3.", 1),
        ("Hij zegt dat dat klopt.", 0),
        ("Van de 10 10-jarigen.", 0),
        ("Het werk en de taal.", 0),
    ],
)
def test_doubled_words_are_found(tekst, aantal):
    assert len(n.dubbele_woorden(tekst)) == aantal


def test_a_paragraph_ending_in_a_colon_needs_what_it_announces():
    b = n.Blok
    assert n.dubbelepunt_zonder_vervolg([b(1, "Zij noemen de taal als sleutel:"), b(2, "## Werk")])
    assert n.dubbelepunt_zonder_vervolg([b(1, "Zij noemen de taal als sleutel:")])
    assert n.dubbelepunt_zonder_vervolg([b(1, "Bij geluk:"), b(1, "Het verschil is klein.")])
    assert n.dubbelepunt_zonder_vervolg([b(1, "Zij zeggen:"), b(2, "![F](f.png)")])
    assert not n.dubbelepunt_zonder_vervolg([b(1, "Zij noemen:"), b(2, "> Een citaat")])
    assert not n.dubbelepunt_zonder_vervolg([b(1, "In dit hoofdstuk:"), b(1, "- werk;")])
    assert not n.dubbelepunt_zonder_vervolg([b(1, "Per groep:"), b(1, "| a | b |")])
    assert not n.dubbelepunt_zonder_vervolg([b(1, ": Tabel 7.1 {#tbl-x}"), b(2, "## Werk")])
    assert not n.dubbelepunt_zonder_vervolg([b(1, "Tekst.\n:::")])


def test_a_comparison_with_a_suppressed_side_is_found():
    note = percentage_tekst(0.0, 0)
    assert n.onderdrukte_vergelijking(
        f"Gezinsmigranten vinden dit ongeveer even vaak {note} tegenover 40% van de anderen."
    )
    assert n.onderdrukte_vergelijking(f"Dat is vaker dan onder asielstatushouders {note}.")
    assert not n.onderdrukte_vergelijking(f"Van de gezinsmigranten werkt {note}.")
    assert not n.onderdrukte_vergelijking(
        "Tussen de groepen is dit niet te vergelijken: te weinig respondenten."
    )
    assert not n.onderdrukte_vergelijking("Asielstatushouders hebben vaker werk (40% tegen 20%).")


@pytest.mark.parametrize(
    ("tekst", "aantal"),
    [
        ("Het verschil is niet significant (p = 0,02).", 1),
        ("Significant (p<0,001) en (p ≤ 0,05).", 2),
        ("| betaald werk | chi-kwadraattoets | 0,02 | p = 0,04 |", 0),
        (": Toetsen per indicator (p = ruwe p-waarde) {#tbl-toetsen}", 0),
        ("De kans p is klein.", 0),
    ],
)
def test_p_values_in_running_text_are_found(tekst, aantal):
    assert len(n.p_waarden(tekst)) == aantal


def test_test_names_in_running_text_are_found():
    assert n.toetsnamen("Dat verschil is significant (chi-kwadraattoets).")
    assert n.toetsnamen("Na Holm-correctie niet meer.")
    assert n.toetsnamen("de odds ratio van geldproblemen")
    assert not n.toetsnamen("| betaald werk | exacte toets van Fisher |")
    assert not n.toetsnamen("Het verschil is statistisch significant.")


@pytest.mark.parametrize(
    ("tekst", "aantal"),
    [
        ("De nulmeting dateert van 2023.", 1),
        ("In 2022 begon de wet.", 1),
        ("Dit rapport beschrijft 2025 en vergelijkt met 2024.", 0),
        ("Sinds de Wet inburgering 2021 hebben gemeenten een taak.", 0),
        ("Volgens de Inwonersenquête 2021 is dat zo.", 0),
        ("De wet geldt vanaf 1 januari 2022.", 0),
        ("Eerder onderzoek [@kis2021; zie ook @cbs2023] toont dat.", 0),
        ("| indicator | 2019 | 2025 |", 0),
        ("[pdf](monitor-inburgeraars-2019.pdf)", 0),
    ],
)
def test_years_other_than_this_edition_and_the_previous_are_found(tekst, aantal):
    assert len(n.jaartallen(tekst, 2025)) == aantal


def test_after_a_gap_year_the_previous_measurement_and_the_gap_may_be_named():
    tekst = "Het aandeel is sinds 2024 gedaald. Er was geen meting in 2025. In 2023 niet."
    found = n.jaartallen(tekst, 2026, vorig=2024)
    assert len(found) == 1 and "2023" in found[0]
    assert len(n.jaartallen(tekst, 2026)) == 2  # not knowing the previous measurement: 2024 too


def test_nested_brackets_and_one_with_a_plural_are_found():
    assert n.geneste_haakjes("dit verschil is klein (niet getoetst (te kleine groep)).")
    assert not n.geneste_haakjes("het aandeel (% (zeer) eens) is hoog")
    assert n.een_meervoud("(1 nationaliteiten met 10 of meer respondenten)")
    assert not n.een_meervoud("(12 nationaliteiten) en 1 nationaliteit; 0,1 punten")


def _notebook(path: Path) -> Path:
    """A small executed chapter: parameters, injected parameters, prose and a Markdown output."""
    params = new_code_cell("jaar = 2023")
    params.metadata["tags"] = ["parameters"]
    injected = new_code_cell("jaar = 2025")
    injected.metadata["tags"] = ["injected-parameters"]
    output = new_code_cell("h.md(...)")
    output.outputs = [
        new_output(
            "display_data",
            data={"text/markdown": "Zie Hoofdstuk Hoofdstuk 3 (p = 0,02).", "text/plain": "x"},
        )
    ]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Werk {#sec-werk}"),
            params,
            injected,
            new_markdown_cell("De nulmeting dateert van 2023."),
            output,
        ]
    )
    nbformat.write(nb, path)
    return path


def test_a_notebook_is_checked_with_cells_numbered_as_in_the_source(tmp_path):
    found = n.controleer_notebook(_notebook(tmp_path / "02_werk.ipynb"), 2025, IDS)
    assert {(b.cel, b.regel) for b in found} == {
        (2, "jaartal"),
        (3, "dubbel woord"),
        (3, "p-waarde in lopende tekst"),
    }
    assert all(b.hoofdstuk == "02_werk" for b in found)


def test_the_methods_appendix_may_give_p_values_and_history(tmp_path):
    found = n.controleer_notebook(_notebook(tmp_path / "11_bijlage_methode.ipynb"), 2025, IDS)
    assert {b.regel for b in found} == {"dubbel woord"}


def test_the_same_category_as_most_and_least_frequent_is_found():
    assert n.gelijke_uitersten(
        "Het vaakst spannend vinden inburgeraars met de Syrische nationaliteit het, het minst "
        "vaak die met de Syrische."
    )
    assert not n.gelijke_uitersten(
        "Het vaakst spannend vinden inburgeraars met de Syrische nationaliteit het, het minst "
        "vaak die met de Eritrese."
    )


def test_papermill_error_banners_are_not_text_and_do_not_shift_cells(tmp_path):
    path = _notebook(tmp_path / "02_werk.ipynb")
    nb = nbformat.read(path, as_version=4)
    banner = new_markdown_cell('<span style="color:red">An Exception was encountered</span>')
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    nb.cells.insert(0, banner)
    nbformat.write(nb, path)
    found = n.controleer_notebook(path, 2025, IDS)
    assert {(b.cel, b.regel) for b in found} == {
        (2, "jaartal"),
        (3, "dubbel woord"),
        (3, "p-waarde in lopende tekst"),
    }


def test_a_published_percentage_must_rest_on_a_question_asked_and_a_group_in_the_data(tmp_path):
    """The properties over the export: v3 was not asked in 2024, and a register name split at
    its comma ('Congolese (DR Congo' / ' Kinshasa)') is a group nobody is in."""
    from analysis.data.paths import ROOT

    rows = [
        ("betaald_werk", "totaal"),
        ("betaald_werk", "nationaliteit=Syrische"),
        ("tevreden_vrijwilligerswerk", "totaal"),
        ("betaald_werk", "nationaliteit=Congolese (DR Congo"),
    ]
    pd.DataFrame(
        [{"jaar": 2024, "indicator": i, "groep": g, "percentage": 50.0} for i, g in rows]
    ).to_csv(tmp_path / "indicatoren.csv", index=False)
    found = n.controleer_export(tmp_path, 2024, ROOT / "data")
    assert sorted(b.regel for b in found) == ["cijfer zonder vraag", "groep niet in de gegevens"]
    assert any("v3" in b.fragment for b in found)


@pytest.mark.parametrize(
    "tekst",
    [
        "De gemeente leest alle antwoorden. Wat zij ermee gaat doen, schrijven we later op deze\n"
        "pagina.",
        "The municipality reads all the answers. What it will do with them will be written on "
        "this page later.",
        "De conclusies volgen later.",
    ],
)
def test_a_placeholder_that_promises_text_is_found(tekst):
    assert n.plaatshouders(tekst)


def test_a_quote_that_blanks_a_name_is_no_placeholder():
    assert n.plaatshouders("> Mijn coach xxx hielp mij.\n>\n> [Vrouw, 34]") == []


@pytest.mark.parametrize(
    "tekst,aantal",
    [
        ("Sinds vorig jaar is het aandeel gestegen.", 1),
        ("Vergelijking met het vorige jaar", 1),
        ("Sinds de vorige meting (2024) is het aandeel gestegen.", 0),
        ("> 'Vorig jaar vond ik werk', schreef een respondent.", 0),
    ],
)
def test_last_year_is_found_since_after_a_gap_year_it_is_wrong(tekst, aantal):
    assert len(n.vorig_jaar(tekst)) == aantal


@pytest.mark.parametrize(
    "tekst,aantal",
    [
        ("Van de inburgeraars voelde 0% zich vaak zenuwachtig.", 1),
        ("Onder hen is 1% van de vrouwen gezinsmigrant, tegenover 0% van de mannen.", 1),
        ("Iedereen heeft 100% een woning.", 1),
        ("Alle mensen (100%) voelen zich gezond.", 0),
        ("Het aandeel daalde van 34% naar 0%.", 0),
        ("Eerst was dat 34%, nu is het 0%.", 0),
        ("Het loopt uiteen van 40% tot ca. 100%.", 0),
        ("Van de inburgeraars voelde 10% zich zo; 100,0 punten.", 0),
    ],
)
def test_an_outcome_of_no_one_or_everyone_said_as_a_number_is_found(tekst, aantal):
    assert len(n.uitersten_als_getal(tekst)) == aantal


def test_empty_brackets_are_found_but_not_a_cross_reference():
    assert n.lege_haakjes("Van de groep heeft 100% van de mannen ( ) werk.")
    assert not n.lege_haakjes("Zie de figuur (@fig-welzijn).")


@pytest.mark.parametrize(
    "tekst,aantal",
    [
        ("Drie op de tien inburgeraars (31%) hebben betaald werk.", 1),
        ("Ruim vier op de vijf respondenten voelen zich prettig.", 1),
        ("Drie op de tien inburgeraars (31%) heeft betaald werk.", 0),
        ("Van de asielstatushouders hebben er meer werk.", 0),
    ],
)
def test_a_plural_verb_after_x_op_de_y_is_found(tekst, aantal):
    assert len(n.op_de_meervoud(tekst)) == aantal


@pytest.mark.parametrize(
    "tekst,aantal",
    [
        ("Mensen bij wie ze terecht kunnen, heeft 67% van de inburgeraars.", 1),
        ("Werk. Problemen door de woning, ervaart 25% van hen.", 1),
        ("Twee op de drie inburgeraars (67%) hebben mensen bij wie ze terecht kunnen.", 0),
        ("Onder asielstatushouders is dat aandeel lager, 14% tegenover 60%.", 0),
        ("Van wie taalles volgt, doet 14% dat naast de les.", 0),
    ],
)
def test_an_object_fronted_before_the_verb_and_the_share_is_found(tekst, aantal):
    assert len(n.vooropgeplaatst(tekst)) == aantal
