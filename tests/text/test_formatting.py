from __future__ import annotations

import pytest

from analysis.statistics.rounding import round_half_up
from analysis.text.formatting import getal, pct, punten


@pytest.mark.parametrize(
    ("x", "d", "expected"),
    [(28.5, 0, 29), (27.5, 0, 28), (0.125, 2, 0.13), (28.35, 1, 28.4), (-1.5, 0, -1)],
)
def test_round_half_up(x, d, expected):
    assert round_half_up(x, d) == expected


def test_dutch_separators():
    assert getal(1231) == "1.231"
    assert getal(28.333, 1) == "28,3"
    assert getal(25000) == "25.000"
    assert pct(100 * 254 / 896, 1) == "28,3%"
    assert pct(30.7) == "31%"
    assert pct(float("nan")) == "–"


def test_points_have_a_sign():
    assert punten(40.2 - 41.8) == "\u22122"  # the minus sign, not a hyphen
    assert punten(59.8 - 58.2) == "+2"
    assert punten(0.2) == "0"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (66.1, "twee op de drie"),
        (83.5, "ruim vier op de vijf"),
        (16.9, "één op de zes"),
        (38.6, "bijna vier op de tien"),
        (61.8, "ruim zes op de tien"),
        (75.6, "driekwart"),
        (50.4, "de helft"),
        (85.4, "bijna negen op de tien"),  # 4/5 is simpler but too far off
        (5.7, "6%"),
        (97.0, "97%"),
    ],
)
def test_share_in_words_is_chosen_from_the_value(value, words):
    from analysis.text.formatting import in_woorden

    assert in_woorden(value) == words


def test_sentence_start_capitalises_een():
    from analysis.text.formatting import hoofdletter

    assert hoofdletter("één op de zes") == "Eén op de zes"


@pytest.mark.parametrize(
    ("x", "tekst"),
    [
        (0.39, "+0,4"),
        (14.44, "+14"),
        (-0.39, "\u22120,4"),  # the minus sign U+2212
        (-0.04, "\u22120,04"),
        (-17.4, "\u221217"),
        (0, "0"),
    ],
)
def test_an_interval_bound_never_loses_its_sign(x, tekst):
    from analysis.text.formatting import grens

    assert grens(x) == tekst


def test_an_interval_of_differences_prints_both_signs():
    from analysis.text.formatting import interval_punten

    assert interval_punten(0.39, 14.44) == "+0,4 tot +14"  # not '0 tot +14' (issue 18)


def test_a_p_value_keeps_its_less_than_sign_with_the_number():
    from analysis.text.formatting import p_waarde

    assert p_waarde(0.0004) == "<\u00a00,001"
    assert p_waarde(0.0412) == "0,041"
    assert p_waarde(float("nan")) == "–"
