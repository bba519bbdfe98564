"""English phrasing (analysis.text.english): the words follow the result and the test."""

from __future__ import annotations

import pytest

from analysis.data.privacy import INDICATIEF, MIN_CELL
from analysis.text import english as en
from analysis.text.dutch import GELIJK_MARGE, GELIJK_MARGE_VERANDERING


@pytest.mark.parametrize(
    ("x", "decimals", "tekst"),
    [(1231, 0, "1,231"), (28.33, 1, "28.3"), (-4, 0, "\u22124"), (0.5, 0, "1"), (2.25, 1, "2.3")],
)
def test_numbers_have_a_decimal_point_a_thousands_comma_and_a_minus_sign(x, decimals, tekst):
    assert en.number(x, decimals) == tekst


def test_a_percentage_is_written_with_a_point_and_a_missing_one_as_a_dash():
    assert en.percent(28.33, 1) == "28.3%"
    assert en.percent(float("nan")) == "–"


def test_a_percentage_on_few_respondents_is_withheld_or_marked_approximate():
    assert "fewer than" in en.percentage_text(40.0, MIN_CELL - 1)
    assert en.percentage_text(40.4, INDICATIEF - 1) == "approx. 40%"
    assert en.percentage_text(40.44, INDICATIEF, 1) == "40.4%"


@pytest.mark.parametrize(
    ("p", "woorden"),
    [
        (41.0, "4 in 10"),
        (37.5, "almost 4 in 10"),  # printed 38%, half up, as the report rounds
        (34.4, "more than 3 in 10"),
        (50.2, "half"),
        (4.4, "almost no one"),
        (95.0, "almost everyone"),
        (12.0, "more than 1 in 10"),
        (44.7, "more than 4 in 10"),  # printed as 45%: the words follow the printed number
        (94.6, "almost everyone"),
        (85.0, "more than 8 in 10"),  # not 'about 9 in 10'
        (7.0, "fewer than 1 in 10"),
    ],
)
def test_a_share_is_said_in_tenths_as_people_say_it(p, woorden):
    assert en.in_words(p) == woorden


def test_a_share_as_subject_takes_a_plural_verb_at_the_extremes_too():
    assert en.people(41) == "4 in 10 people"
    assert en.people(50) == "half of the people"
    assert en.people(47.6) == "almost half of the people"
    assert en.people(98) == "almost all people"
    assert en.people(2) == "very few people"
    assert en.share(41, 300) == "4 in 10 (41%)"


def test_lists_join_with_and_and_leave_out_empty_parts():
    assert en.listing([]) == ""
    assert en.listing(["work"]) == "work"
    assert en.listing(["work", "", "health"]) == "work and health"
    assert en.listing(["a", "b", "c"], "or") == "a, b or c"


def test_counts_in_words_up_to_nine_and_the_noun_in_the_right_number():
    assert en.count(0, "person", "people") == "no people"
    assert en.count(1, "person", "people") == "one person"
    assert en.count(1231, "person", "people") == "1,231 people"


def test_more_often_only_when_the_test_supports_it():
    assert en.more_often(True, 12) == "more often"
    assert en.more_often(True, -12) == "less often"
    assert en.more_often(False, 1, (1 - GELIJK_MARGE, GELIJK_MARGE - 1)) == "about as often"
    assert en.more_often(False, 1) == "not clearly more or less often"  # no interval
    assert en.more_often(False, -(GELIJK_MARGE + 10)) == "not clearly more or less often"


def test_a_change_is_called_up_or_down_only_when_the_test_supports_it():
    assert en.change_word(True, 5) == "went up"
    assert en.change_word(True, -5) == "went down"
    m = GELIJK_MARGE_VERANDERING
    assert en.change_word(False, 1, (1 - m, m - 1)) == "stayed about the same"
    assert en.change_word(False, 1, (-m - 5, m + 5)) == "did not clearly change"
    assert en.change_word(False, GELIJK_MARGE_VERANDERING + 4) == "did not clearly change"


def test_capital_makes_a_phrase_start_a_sentence():
    assert en.capital("about 4 in 10 people") == "About 4 in 10 people"


def test_a_phrase_that_starts_a_sentence_starts_with_a_word_not_a_numeral():
    assert en.capital("4 in 10 people") == "Four in 10 people"
    assert en.capital("more than half of the people") == "More than half of the people"
    assert en.capital("1,102 people") == "1,102 people"
