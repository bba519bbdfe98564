"""English phrasing: pure functions from a result to the words that report it in English.

Why a module of its own: the English summary ("What we heard") is not a translation of the
Dutch page but written from the same estimates, so it needs the same rules as
:mod:`analysis.text.dutch` in English words: a share in words as people say it ('4 in 10',
'more than 8 in 10'), a verdict word that follows the test ('went up' only when the test
supports it), a list with 'and', numbers with a decimal point and a thousands comma. Each
function takes plain values and returns text, so each is tested on its own
(tests/text/test_english.py) and none reads data. The disclosure rules
(:mod:`analysis.statistics.disclosure`) hold here as well.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from analysis.data.privacy import MIN_CELL
from analysis.data.reading import Veldwerk
from analysis.statistics.disclosure import indicatief, too_small
from analysis.statistics.rounding import round_half_up
from analysis.text.dutch import (
    GELIJK_MARGE,
    GELIJK_MARGE_VERANDERING,
    Interval,
    oordeelwoord,
    opsomming,
    periode_woorden,
)
from analysis.text.formatting import AFSTAND_MEER_DAN, MIN, TIENDEN, hoeveelheid

_WORDS = {
    0: "no",
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
}


def number(x: float, decimals: int = 0) -> str:
    """``1231`` -> '1,231'; ``28.33, 1`` -> '28.3'; ``-4`` -> '−4' (U+2212, as in Dutch)."""
    value = round_half_up(abs(x), decimals)
    tekst = f"{value:,.{decimals}f}"
    return MIN + tekst if round_half_up(x, decimals) < 0 else tekst


def percent(x: float | None, decimals: int = 0) -> str:
    """A percentage (0-100): '28.3%', '31%'; '–' when there is none."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{number(x, decimals)}%"


def percentage_text(percentage: float, noemer: float | None, decimals: int = 0) -> str:
    """A percentage under the disclosure rules of :func:`analysis.text.formatting.percentage_tekst`:
    not given below ``MIN_CELL`` respondents, 'approx. 31%' (whole) below ``INDICATIEF``."""
    if noemer is None or (isinstance(noemer, float) and math.isnan(noemer)):
        return percent(percentage, decimals)
    if too_small(noemer):
        return f"(too few people answered: fewer than {MIN_CELL})"
    if percentage != percentage:  # hidden by secondary suppression
        return "(not shown: it would let a small group be worked out from the other figures)"
    if indicatief(noemer):
        return f"approx. {percent(percentage)}"
    return percent(percentage, decimals)


def count(n: int, singular: str, plural: str) -> str:
    """A count with its noun: 'no people', 'one person', 'nine people', '1,231 people'
    (words up to nine, digits from 10, as English style guides advise)."""
    n = int(n)
    getal = _WORDS.get(n, number(n))
    return f"{getal} {singular if n == 1 else plural}"


WORD = {"": "", "bijna": "almost ", "ruim": "more than "}  # the qualifiers of the one rule


def in_words(percentage: float) -> str:
    """A share as people say it, in tenths, by the one rule of
    :func:`~analysis.text.formatting.hoeveelheid` (as the Dutch pages): '4 in 10', 'almost
    half', 'more than 8 in 10'; 'almost no one' under 5%, 'almost everyone' from 95%, 'fewer
    than 1 in 10' below the grid. Tenths, not quarters or thirds: the same scale for every
    result is easiest to read and to compare (level B1 and its English equivalent)."""
    if percentage in (0, 100):  # exactly, not as rounded: 99.6% is not everyone
        return "no one" if percentage == 0 else "everyone"
    getoond = round_half_up(percentage)  # as printed
    if getoond < 5:
        return "almost no one"
    if getoond >= 95:
        return "almost everyone"
    gevonden = hoeveelheid(percentage, TIENDEN, boven=AFSTAND_MEER_DAN)
    if gevonden is None:
        return "fewer than 1 in 10"
    woord, waarde = gevonden
    return WORD[woord] + ("half" if waarde == 50 else f"{int(waarde) // 10} in 10")


def people(percentage: float) -> str:
    """:func:`in_words` as the subject of a sentence about people, read with a plural verb
    ('have'): '4 in 10 people', 'almost half of the people', 'almost all people', 'very few
    people' ('almost everyone have' would be wrong)."""
    words = in_words(percentage)
    if words in ("everyone", "no one"):
        return "all people" if words == "everyone" else "no people"
    if words == "almost everyone":
        return "almost all people"
    if words == "almost no one":
        return "very few people"
    return f"{words} of the people" if words.endswith("half") else f"{words} people"


def share(percentage: float, noemer: float | None = None) -> str:
    """The share in words with the percentage: '4 in 10 (41%)'."""
    return f"{in_words(percentage)} ({percentage_text(percentage, noemer)})"


def listing(parts: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' ('' for none), empty parts left out."""
    return opsomming(parts, conjunction)


def capital(text: str) -> str:
    """First letter upper case, for a phrase that starts a sentence; a leading count up to
    nine in words, as no sentence starts with a numeral ('4 in 10 people' -> 'Four in 10
    people')."""
    getal = re.match(r"(\d+)(?=\s)", text)
    if getal and 0 < int(getal.group(1)) <= 9:
        text = _WORDS[int(getal.group(1))] + text[getal.end() :]
    return text[:1].upper() + text[1:]


def more_often(significant: bool, difference: float, interval: Interval = None) -> str:
    """How the first group relates to the second, chosen by the test (as
    :func:`analysis.text.dutch.vaker`): 'more often' or 'less often' only when the test
    supports it; otherwise 'about as often' (its whole interval within ``GELIJK_MARGE``
    points) or 'not clearly more or less often' -- never 'more often' for a difference the
    test does not support."""
    return oordeelwoord(
        significant,
        difference,
        GELIJK_MARGE,
        ("more often", "less often"),
        ("about as often", "not clearly more or less often"),
        interval,
    )


def change_word(significant: bool, difference: float, interval: Interval = None) -> str:
    """What a change since the previous wave is called (as
    :func:`analysis.text.dutch.verandering_woord`): 'went up' or 'went down' only when the
    test supports it, otherwise 'stayed about the same' (its whole interval within
    ``GELIJK_MARGE_VERANDERING`` points) or 'did not clearly change'."""
    return oordeelwoord(
        significant,
        difference,
        GELIJK_MARGE_VERANDERING,
        ("went up", "went down"),
        ("stayed about the same", "did not clearly change"),
        interval,
    )


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def in_period(v: Veldwerk) -> str:
    """The fieldwork period as an adverbial: 'in October 2023', 'from 2 to 23 October
    2023' (the Dutch :func:`analysis.text.dutch.in_periode`, in English words)."""
    tekst, bereik = periode_woorden(v, MONTHS, "to")
    return f"from {tekst}" if bereik else (f"on {tekst}" if v.op_dag else f"in {tekst}")
