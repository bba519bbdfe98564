"""Dutch phrasing: pure functions from a result to the words that report it.

Why a module of its own: the words a sentence uses for a result ('vaker', 'ongeveer even
vaak', 'geen aantoonbare verandering', 'één gezinsmigrant', 'a, b en c') must follow the
result and the test, the same way in every chapter, in the templates and in the summaries.
Each function here takes plain values (numbers, verdicts, strings) and returns text, so each
is tested on its own (tests/text/test_dutch.py) and none reads data.

Numbers themselves are written by :mod:`analysis.text.formatting` (decimal comma, minus sign).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from analysis.data.reading import Veldwerk
from analysis.statistics.design import gelijk_marges
from analysis.statistics.rounding import round_half_up
from analysis.text.formatting import (
    AFSTAND_MEER_DAN,
    MIN,
    TIENDEN,
    getal,
    grens,
    hoeveelheid,
    punten,
    telwoord,
)

# A difference the test does not support reads 'about as often' only when its whole 95%
# interval lies within this many points of 0; otherwise 'niet aantoonbaar anders', never
# 'vaker' (the sample's direction is not a finding). Likewise a change and 'vrijwel gelijk
# gebleven'. The margins are declared in data/toetsfamilies.yml (gelijkwaardigheid).
_MARGES = gelijk_marges()
GELIJK_MARGE = _MARGES["verschil"]
GELIJK_MARGE_VERANDERING = _MARGES["verandering"]
Interval = tuple[float, float] | None


def opsomming(delen: Sequence[str], voegwoord: str = "en") -> str:
    """'a', 'a en b', 'a, b en c' ('' for none): a Dutch list of any length, empty parts
    left out."""
    delen = [d for d in delen if d]
    if len(delen) <= 1:
        return "".join(delen)
    return f"{', '.join(delen[:-1])} {voegwoord} {delen[-1]}"


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """A count with its noun in the right number: 'geen gezinsmigranten', 'één
    gezinsmigrant', 'twaalf gezinsmigranten', '117 asielstatushouders'."""
    return f"{telwoord(int(n))} {enkelvoud if int(n) == 1 else meervoud}"


def meervoud(n: int, enkelvoud: str, meervoud_: str) -> str:
    """The noun alone, in the number that ``n`` asks for ('nationaliteit' for 1)."""
    return enkelvoud if int(n) == 1 else meervoud_


_RANG = {
    1: "eerste",
    2: "tweede",
    3: "derde",
    4: "vierde",
    5: "vijfde",
    6: "zesde",
    7: "zevende",
    8: "achtste",
    9: "negende",
    10: "tiende",
    11: "elfde",
    12: "twaalfde",
}


def rangtelwoord(n: int) -> str:
    """'eerste', 'tweede', ... ('13e' above twelve, as Dutch style guides allow)."""
    return _RANG.get(int(n), f"{int(n)}e")


def leeftijd_woorden(categorie: str) -> str:
    """An age category of the codebook in words: '18-25' -> 'van 18 tot en met 25 jaar',
    '41+' -> 'van 41 jaar en ouder'."""
    if categorie.endswith("+"):
        return f"van {categorie[:-1]} jaar en ouder"
    if "-" in categorie:
        laag, hoog = categorie.split("-", 1)
        return f"van {laag} tot en met {hoog} jaar"
    return f"van {categorie} jaar"


def procentpunten(x: float, teken: bool = True, is_grens: bool = False) -> str:
    """'+1 procentpunt', '−13 procentpunten' (with a real minus sign); ``teken=False``:
    '13 procentpunten'. The unit agrees with the number as printed. ``is_grens``: an
    interval bound, printed so that its sign is never lost ('+0,4 procentpunt')."""
    gewoon = punten(x) if teken else getal(abs(x))
    tekst = grens(x, teken) if is_grens else gewoon
    return f"{tekst} {'procentpunt' if tekst.lstrip('+' + MIN) == '1' else 'procentpunten'}"


def oordeelwoord(
    significant: bool,
    verschil: float,
    marge: float,
    richting: tuple[str, str],
    anders: tuple[str, str],
    interval: Interval = None,
) -> str:
    """The one rule behind every verdict word, in any language: a direction (``richting``:
    up, down) only when the test supports it; otherwise 'about the same' only when the
    whole ``interval`` of the difference lies within ``marge`` points of 0 (equivalence),
    else 'not demonstrably different' (``anders``). No interval: never 'the same'.
    :func:`vaker`, :func:`verandering_woord`, :func:`hoger_lager` and their English
    counterparts (:mod:`analysis.text.english`) are this rule with their own words."""
    if significant:
        return richting[0] if verschil > 0 else richting[1]
    return anders[0] if binnen_marge(interval, marge) else anders[1]


def binnen_marge(interval: Interval, marge: float) -> bool:
    """Whether a difference's whole interval lies within ``marge`` points of 0."""
    if interval is None:
        return False
    laag, hoog = interval
    return bool(math.isfinite(laag) and math.isfinite(hoog) and -marge < laag and hoog < marge)


def vaker(significant: bool, verschil: float, interval: Interval = None) -> str:
    """How the first group relates to the second, in words chosen by the test.

    ``verschil`` is first minus second in points. Only a significant difference reads
    'vaker' or 'minder vaak'; any other reads 'ongeveer even vaak' (its whole interval
    within :data:`GELIJK_MARGE` points) or 'niet aantoonbaar anders' -- never 'vaker' for a
    difference the test does not support."""
    return oordeelwoord(
        significant,
        verschil,
        GELIJK_MARGE,
        ("vaker", "minder vaak"),
        ("ongeveer even vaak", "niet aantoonbaar anders"),
        interval,
    )


def vaker_dan(significant: bool, verschil: float, interval: Interval = None) -> str:
    """:func:`vaker` with its comparative particle: 'vaker dan', 'ongeveer even vaak als',
    'niet aantoonbaar anders dan'."""
    woord = vaker(significant, verschil, interval)
    return f"{woord} als" if woord.startswith("ongeveer") else f"{woord} dan"


def verandering_woord(significant: bool, verschil: float, interval: Interval = None) -> str:
    """What a change since the previous wave is called: 'gestegen' or 'gedaald' only when
    the test supports it, otherwise 'vrijwel gelijk gebleven' (its whole interval within
    :data:`GELIJK_MARGE_VERANDERING` points) or 'niet aantoonbaar veranderd' -- a reader who
    sees 76% and 77% with an interval from -10 to +14 must not read 'vrijwel gelijk'."""
    return oordeelwoord(
        significant,
        verschil,
        GELIJK_MARGE_VERANDERING,
        ("gestegen", "gedaald"),
        ("vrijwel gelijk gebleven", "niet aantoonbaar veranderd"),
        interval,
    )


def hoger_lager(significant: bool, verschil: float, interval: Interval = None) -> str:
    """'hoger', 'lager' or 'vrijwel gelijk' / 'niet aantoonbaar anders' -- for a level compared
    with a reference, by the same rule as :func:`vaker`."""
    return oordeelwoord(
        significant,
        verschil,
        GELIJK_MARGE,
        ("hoger", "lager"),
        ("vrijwel gelijk", "niet aantoonbaar anders"),
        interval,
    )


B1_WOORD = {"": "", "bijna": "bijna ", "ruim": "meer dan "}  # 'ruim' is no B1 word


def eenvoudig_deel(percentage: float) -> str:
    """A share as people say it at language level B1, in tenths with digits, by the one rule
    of :func:`~analysis.text.formatting.hoeveelheid`: '4 van de 10', 'bijna de helft', 'meer
    dan 8 van de 10' ('ruim' is not a B1 word); 'bijna niemand' under 5%, 'bijna iedereen'
    from 95%, 'minder dan 1 van de 10' below the grid. Why tenths with digits: one scale for
    every result, and a digit is easier to read than 'twee op de drie' for someone who is
    learning Dutch (the summary 'Wat hebben we gehoord?')."""
    if percentage in (0, 100):  # exactly, not as rounded: 99.6% is not everyone
        return "niemand" if percentage == 0 else "iedereen"
    if round_half_up(percentage) < 5:
        return "bijna niemand"
    if round_half_up(percentage) >= 95:
        return "bijna iedereen"
    gevonden = hoeveelheid(percentage, TIENDEN, boven=AFSTAND_MEER_DAN)
    if gevonden is None:
        return "minder dan 1 van de 10"
    woord, waarde = gevonden
    deel = "de helft" if waarde == 50 else f"{int(waarde) // 10} van de 10"
    return f"{B1_WOORD[woord]}{deel}"


def eenvoudig_mensen(percentage: float) -> str:
    """:func:`eenvoudig_deel` as the subject of a sentence about people, read with a plural
    verb: '4 van de 10 mensen', 'bijna de helft van de mensen', 'bijna alle mensen', 'bijna
    geen mensen'."""
    woorden = eenvoudig_deel(percentage)
    if woorden in ("iedereen", "niemand"):
        return "alle mensen" if woorden == "iedereen" else "geen mensen"
    if woorden == "bijna iedereen":
        return "bijna alle mensen"
    if woorden == "bijna niemand":
        return "bijna geen mensen"
    return f"{woorden} van de mensen" if woorden.endswith("helft") else f"{woorden} mensen"


MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def periode_woorden(
    v: Veldwerk, maanden: Sequence[str], tot: str, dag_eerst: bool = True
) -> tuple[str, bool]:
    """The period in words, and whether it is a range ('2 tot en met 23 oktober 2023') or
    one month ('oktober 2023'): the shortest form that names both ends, with the year
    and month said once where the ends share them."""
    a, b = v.van, v.tot

    def maand(d, jaar: bool) -> str:
        return f"{maanden[d.month - 1]} {d.year}" if jaar else maanden[d.month - 1]

    def dag(d, m: bool, jaar: bool) -> str:
        return f"{d.day} {maand(d, jaar)}" if m else str(d.day)

    if not v.op_dag:
        if (a.year, a.month) == (b.year, b.month):
            return maand(a, True), False
        return f"{maand(a, a.year != b.year)} {tot} {maand(b, True)}", True
    if a == b:
        return dag(a, True, True), False
    zelfde_maand = (a.year, a.month) == (b.year, b.month)
    return f"{dag(a, not zelfde_maand, a.year != b.year)} {tot} {dag(b, True, True)}", True


def periode(v: Veldwerk) -> str:
    """When the fieldwork ran, after 'in'/'van': 'oktober 2023', '2 tot en met 23 oktober
    2023', 'oktober tot en met november 2024' (:class:`analysis.data.reading.Veldwerk`)."""
    return periode_woorden(v, MAANDEN, "tot en met")[0]


def in_periode(v: Veldwerk) -> str:
    """The period as an adverbial: 'in oktober 2023', 'van 2 tot en met 23 oktober 2023',
    'op 7 oktober 2024'."""
    tekst, bereik = periode_woorden(v, MAANDEN, "tot en met")
    return f"van {tekst}" if bereik else (f"op {tekst}" if v.op_dag else f"in {tekst}")
