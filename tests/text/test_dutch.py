"""Dutch phrasing (analysis.text.dutch): the words follow the result and the test."""

from __future__ import annotations

import pytest

from analysis.text import dutch as nl
from analysis.text.formatting import MIN, getal, punten


@pytest.mark.parametrize(
    ("delen", "tekst"),
    [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "", "b", "c"], "a, b en c")],
)
def test_a_list_of_any_length_reads_as_dutch(delen, tekst):
    assert nl.opsomming(delen) == tekst


def test_a_list_can_join_with_or():
    assert nl.opsomming(["werk", "taal", "geld"], "of") == "werk, taal of geld"


@pytest.mark.parametrize(
    ("n", "tekst"),
    [
        (0, "geen gezinsmigranten"),
        (1, "één gezinsmigrant"),
        (12, "twaalf gezinsmigranten"),
        (117, "117 gezinsmigranten"),
    ],
)
def test_a_count_agrees_with_its_noun(n, tekst):
    assert nl.aantal(n, "gezinsmigrant", "gezinsmigranten") == tekst


def test_singular_and_plural_follow_the_number():
    assert nl.meervoud(1, "nationaliteit", "nationaliteiten") == "nationaliteit"
    assert nl.meervoud(3, "nationaliteit", "nationaliteiten") == "nationaliteiten"


def test_negative_numbers_use_the_minus_sign_and_the_decimal_comma():
    assert getal(-4.26, 1) == f"{MIN}4,3"
    assert punten(-10) == f"{MIN}10"
    assert punten(3) == "+3" and punten(0.4) == "0"
    assert "-" not in getal(-1234) and getal(-1234) == f"{MIN}1.234"


def test_points_agree_with_their_unit_as_printed():
    assert nl.procentpunten(1.2) == "+1 procentpunt"
    assert nl.procentpunten(-1.4) == f"{MIN}1 procentpunt"
    assert nl.procentpunten(-13) == f"{MIN}13 procentpunten"
    assert nl.procentpunten(-13, teken=False) == "13 procentpunten"


@pytest.mark.parametrize(
    ("significant", "verschil", "interval", "woord"),
    [
        (True, 12.0, (5.0, 19.0), "vaker"),
        (True, -12.0, (-19.0, -5.0), "minder vaak"),
        (False, 1.0, (-3.0, 4.0), "ongeveer even vaak"),  # whole interval within the margin
        (False, 1.0, (-10.0, 12.0), "niet aantoonbaar anders"),  # not shown is not the same
        (False, 3.0, None, "niet aantoonbaar anders"),  # no interval: never 'the same'
        (False, -12.0, (-25.0, 1.0), "niet aantoonbaar anders"),
    ],
)
def test_only_a_significant_difference_reads_vaker_and_equal_only_within_the_margin(
    significant, verschil, interval, woord
):
    assert nl.vaker(significant, verschil, interval) == woord
    assert nl.vaker_dan(significant, verschil, interval).startswith(woord)


@pytest.mark.parametrize(
    ("significant", "verschil", "interval", "woord"),
    [
        (True, 6.0, (1.0, 11.0), "gestegen"),
        (True, -18.0, (-25.0, -11.0), "gedaald"),
        (False, 1.0, (-2.0, 4.0), "vrijwel gelijk gebleven"),
        # issue 25: tevreden_werk +1,8 (-10,0 to +14,3) is not 'vrijwel gelijk gebleven'
        (False, 1.8, (-10.0, 14.3), "niet aantoonbaar veranderd"),
        (False, -6.0, (-14.0, 2.0), "niet aantoonbaar veranderd"),
    ],
)
def test_only_a_significant_change_reads_gestegen_and_unchanged_only_within_the_margin(
    significant, verschil, interval, woord
):
    assert nl.verandering_woord(significant, verschil, interval) == woord


def test_the_equivalence_margins_are_declared_in_the_families_file():
    from analysis.statistics.design import gelijk_marges

    assert gelijk_marges() == {
        "verschil": nl.GELIJK_MARGE,
        "verandering": nl.GELIJK_MARGE_VERANDERING,
    }


def test_ordinals_and_age_groups_in_words():
    assert nl.rangtelwoord(2) == "tweede" and nl.rangtelwoord(13) == "13e"
    assert nl.leeftijd_woorden("18-25") == "van 18 tot en met 25 jaar"
    assert nl.leeftijd_woorden("41+") == "van 41 jaar en ouder"


def test_words_for_a_level_against_a_reference_follow_the_test():
    assert nl.hoger_lager(True, -8) == "lager"
    assert nl.hoger_lager(False, -8) == "niet aantoonbaar anders"
    assert nl.hoger_lager(False, 2, (-1.0, 4.0)) == "vrijwel gelijk"
    assert nl.hoger_lager(False, 2, (-9.0, 13.0)) == "niet aantoonbaar anders"


@pytest.mark.parametrize(
    ("p", "woorden", "mensen"),
    [
        (41.0, "4 van de 10", "4 van de 10 mensen"),
        (34.4, "meer dan 3 van de 10", "meer dan 3 van de 10 mensen"),
        (49.6, "de helft", "de helft van de mensen"),
        (48.0, "bijna de helft", "bijna de helft van de mensen"),
        (96.0, "bijna iedereen", "bijna alle mensen"),
        (3.0, "bijna niemand", "bijna geen mensen"),
        (44.7, "meer dan 4 van de 10", "meer dan 4 van de 10 mensen"),  # printed 45%
        (85.0, "meer dan 8 van de 10", "meer dan 8 van de 10 mensen"),  # not 'ongeveer 9'
        (6.0, "minder dan 1 van de 10", "minder dan 1 van de 10 mensen"),
    ],
)
def test_a_share_at_level_b1_is_said_in_tenths_with_digits(p, woorden, mensen):
    assert nl.eenvoudig_deel(p) == woorden
    assert nl.eenvoudig_mensen(p) == mensen


@pytest.mark.parametrize(
    ("van", "tot", "op_dag", "nl", "en"),
    [
        ("2023-10-01", "2023-10-31", False, "in oktober 2023", "in October 2023"),
        (
            "2024-10-01",
            "2024-11-30",
            False,
            "van oktober tot en met november 2024",
            "from October to November 2024",
        ),
        (
            "2024-12-01",
            "2025-01-31",
            False,
            "van december 2024 tot en met januari 2025",
            "from December 2024 to January 2025",
        ),
        (
            "2023-10-02",
            "2023-10-23",
            True,
            "van 2 tot en met 23 oktober 2023",
            "from 2 to 23 October 2023",
        ),
        (
            "2024-09-28",
            "2024-10-19",
            True,
            "van 28 september tot en met 19 oktober 2024",
            "from 28 September to 19 October 2024",
        ),
        ("2024-10-07", "2024-10-07", True, "op 7 oktober 2024", "on 7 October 2024"),
    ],
)
def test_the_fieldwork_period_is_said_with_dates_naming_year_and_month_once(
    van, tot, op_dag, nl, en
):
    """Issue 24 item 8: 'De enquête liep in het najaar van 2024' gave no dates."""
    from datetime import date

    from analysis.data.reading import Veldwerk
    from analysis.text.dutch import in_periode
    from analysis.text.english import in_period

    v = Veldwerk(date.fromisoformat(van), date.fromisoformat(tot), op_dag)
    assert (in_periode(v), in_period(v)) == (nl, en)
