"""Dutch number formatting for text, tables and axes.

Why our own: ``lang: nl`` in Quarto translates the book's labels but formats no numbers, and
Python's ``f"{x:.1f}"`` writes ``28.3``. The report writes ``28,3%`` and ``1.231``. Babel's CLDR
data for ``nl_NL`` supply the separators; rounding is half-up, as a reader expects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd
from babel.numbers import format_decimal

from analysis.data.privacy import MIN_CELL
from analysis.statistics.disclosure import VERBORGEN_REDEN, indicatief, too_small
from analysis.statistics.rounding import round_half_up

LOCALE = "nl_NL"
MIN = "\u2212"  # the minus sign (U+2212): a hyphen is no minus in print, and breaks lines


def getal(x: float, decimals: int = 0) -> str:
    """``1231`` -> ``'1.231'``; ``28.33, 1`` -> ``'28,3'``; ``-4`` -> ``'−4'`` (U+2212)."""
    value = round_half_up(x, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    tekst = format_decimal(abs(value), format=pattern, locale=LOCALE)
    return MIN + tekst if value < 0 else tekst


def pct(x: float, decimals: int = 0) -> str:
    """A percentage (0-100) as the report writes it: ``'28,3%'``, ``'31%'``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{getal(x, decimals)}%"


def punten(x: float, decimals: int = 0) -> str:
    """A difference in percentage points with its sign: ``'+2'``, ``'−4'`` (U+2212), ``'0'``."""
    value = round_half_up(x, decimals)
    text = getal(abs(value), decimals)
    return text if value == 0 else ("+" if value > 0 else MIN) + text


def grens(x: float, teken: bool = True) -> str:
    """An interval bound in percentage points that never loses its sign: ``0.39`` ->
    ``'+0,4'`` (not ``'0'``), ``-0.04`` -> ``'−0,04'``, ``14.44`` -> ``'+14'``.

    Why: '0 tot +14' for an interval of [+0,39; +14,44] hides that the interval lies wholly
    above zero; one more decimal is printed only where rounding would reach zero (at most
    two). ``teken=False`` gives the absolute value without sign."""
    decimals = 0
    while decimals < 2 and x != 0 and round_half_up(abs(x), decimals) == 0:
        decimals += 1
    value = round_half_up(abs(x), decimals)
    text = getal(value, decimals)
    if not teken or value == 0:
        return text
    return ("+" if x > 0 else MIN) + text


def interval_punten(low: float, high: float) -> str:
    """A 95% interval of a difference in points: '+0,4 tot +14' (see :func:`grens`)."""
    return f"{grens(low)} tot {grens(high)}"


def p_waarde(x: float) -> str:
    """A p-value for a table: three decimals, '<\u00a00,001' below that (a no-break space,
    so '<' never ends a line in a narrow cell), '–' when there is none."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return "<\u00a00,001" if x < 0.001 else getal(x, 3)


def shown_difference(pct_van: float, pct_naar: float) -> int:
    """``pct_naar - pct_van`` as the reader computes it from the printed (rounded) shares.

    Why: a table that prints 83% and 73% and then '-11' (from 83,5 and 72,8) looks wrong;
    the printed difference is that of the printed percentages, while intervals and tests
    use the exact values (the methods say so)."""
    return int(round_half_up(pct_naar)) - int(round_half_up(pct_van))


_TELWOORDEN = {
    1: "één",
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
}
_TELWOORDEN_MEER = {10: "tien", 11: "elf", 12: "twaalf"}


def telwoord(n: int) -> str:
    """A count in running text: words up to twelve ('geen', 'één', 'elf'), digits above,
    as Dutch style guides advise."""
    if n == 0:
        return "geen"
    return _TELWOORDEN.get(n) or _TELWOORDEN_MEER.get(n) or getal(n)


_NOEMER_NAAM = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 10: "tien"}
# The fractions Dutch reports use in words: tenths rather than 2/5 or 3/5, no 5/6.
FRACTIES = (
    (1, 2),
    (1, 3),
    (2, 3),
    (1, 4),
    (3, 4),
    (1, 5),
    (4, 5),
    (1, 6),
    (1, 10),
    (3, 10),
    (4, 10),
    (6, 10),
    (7, 10),
    (9, 10),
)
_SPECIAAL = {(1, 2): "de helft", (1, 4): "een kwart", (3, 4): "driekwart"}


def _fractie_tekst(teller: int, noemer: int) -> str:
    if (teller, noemer) in _SPECIAAL:
        return _SPECIAAL[(teller, noemer)]
    return f"{_TELWOORDEN[teller]} op de {_NOEMER_NAAM[noemer]}"


# Words for a quantity: one rule for the report, the B1 page and the English page (README:
# Words for quantities). The percentage is taken as printed (whole, half up), so the words and
# the figure beside them agree.
AFSTAND_GELIJK = 1.0  # within this many points of a fraction: the fraction plainly
AFSTAND_BIJNA = 2.5  # up to this far below a fraction: 'bijna' (English 'almost')
AFSTAND_RUIM = 5.0  # up to this far above one: 'ruim'
# On the B1 and English pages the grid is tenths, 10 points apart, and the word above a tenth
# is 'meer dan' / 'more than', true at any distance: up to 7.5 points, so that every
# percentage from 10 to 95 has words ('bijna' covers the last 2.5 below the next tenth).
AFSTAND_MEER_DAN = 7.5
# The grid of the B1 and English pages: tenths, 'de helft' / 'half' first (it wins a tie).
TIENDEN = tuple(float(t) for t in (50, 10, 20, 30, 40, 60, 70, 80, 90))


def hoeveelheid(
    percentage: float, rooster: Sequence[float], boven: float = AFSTAND_RUIM
) -> tuple[str, float] | None:
    """The qualifier and the grid value that say ``percentage`` in words: ('', f) within
    :data:`AFSTAND_GELIJK` of f, ('bijna', f) up to :data:`AFSTAND_BIJNA` below the nearest f
    above it, ('ruim', f) up to ``boven`` (:data:`AFSTAND_RUIM`) above the nearest f below
    it; None when no
    grid value is that close (then the percentage is given alone). On a tie the grid value
    listed first wins, so a grid lists its simpler fractions first.

    Why 'bijna' only close by and 'ruim' further: 'bijna negen op de tien' for 85% makes a
    share sound larger than the printed figure; 'ruim vier op de vijf' does not."""
    p = round_half_up(percentage)
    gelijk = [f for f in rooster if abs(p - f) <= AFSTAND_GELIJK]
    if gelijk:
        return "", min(gelijk, key=lambda f: abs(p - f))
    erboven = [f for f in rooster if 0 < f - p <= AFSTAND_BIJNA]
    if erboven:
        return "bijna", min(erboven)
    onder = [f for f in rooster if 0 < p - f <= boven]
    if onder:
        return "ruim", max(onder)
    return None


def _fracties() -> dict[float, str]:
    """The report's fractions as grid values, simpler denominators first."""
    paren = sorted(FRACTIES, key=lambda tn: (tn[1], tn[0]))
    return {100 * t / n: _fractie_tekst(t, n) for t, n in paren}


def in_woorden(percentage: float) -> str:
    """A share as the report says it in words, by the rule of :func:`hoeveelheid` on the
    fractions of :data:`FRACTIES`: 66% 'twee op de drie', 84% 'ruim vier op de vijf', 48%
    'bijna de helft', 55% 'ruim de helft'; the percentage in figures when no fraction is
    close enough (6%, 97%)."""
    fracties = _fracties()
    gevonden = hoeveelheid(percentage, list(fracties))
    if gevonden is None:
        return pct(percentage)
    woord, waarde = gevonden
    return f"{woord} {fracties[waarde]}".strip()


def hoofdletter(tekst: str) -> str:
    """First letter upper case, for a phrase that starts a sentence ('één' -> 'Eén'). A
    sentence never starts with a numeral: a leading count up to twelve is written in words
    ('4 van de 10 mensen' -> 'Vier van de 10 mensen')."""
    getal_ = re.match(r"(\d+)(?=\s)", tekst)
    if getal_ and 0 < int(getal_.group(1)) <= 12:
        tekst = telwoord(int(getal_.group(1))) + tekst[getal_.end() :]
    if tekst.startswith("één"):
        return "Eén" + tekst[3:]
    return tekst[:1].upper() + tekst[1:]


def percent_axis(ax, axis: str = "x") -> None:
    """Format a matplotlib axis in Dutch percentages (0%, 25%, ...)."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda v, _pos: pct(v))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def percentage_tekst(
    percentage: float, noemer: float | None, decimals: int = 0, onderdrukt: str | None = None
) -> str:
    """Every percentage a reader sees -- running text, table cells, the numbers under a
    figure, alt texts -- goes through here, so the rules hold in every medium: fewer than
    ``MIN_CELL`` respondents, not given (``onderdrukt`` replaces the default words, e.g.
    '<10' in a table cell); fewer than ``INDICATIEF``, 'ca.' and whole percentages (a
    decimal would suggest a precision an interval 27 to 53 points wide does not have).
    ``noemer`` None or NaN: a figure that rests on no respondents of ours (a published
    reference figure), printed as it is. A blank ``percentage`` on enough respondents was
    hidden by secondary suppression (:func:`analysis.statistics.disclosure.patroon`)."""
    import math


    if noemer is None or (isinstance(noemer, float) and math.isnan(noemer)):
        return pct(percentage, decimals)
    if too_small(noemer):
        return onderdrukt or f"(te weinig respondenten: minder dan {MIN_CELL})"
    if percentage != percentage:  # blank: hidden by secondary suppression
        return onderdrukt or f"(niet getoond: {VERBORGEN_REDEN})"
    if indicatief(noemer):
        return f"ca. {pct(percentage)}"
    return pct(percentage, decimals)


def deel_tekst(percentage: float, noemer: float, wie: str = "inburgeraars") -> str:
    """A share as the subject of a sentence: 'ruim drie op de tien inburgeraars (31%)', or
    '45% van de inburgeraars' when the share has no simple fraction, or the suppression note.
    One definition for the chapters (``Hoofdstuk.deel``) and the key findings, so that a
    figure reads the same wherever it is named."""
    if too_small(noemer) or percentage != percentage:
        return f"{wie} {percentage_tekst(percentage, noemer)}"
    if percentage in (0, 100):  # exactly: no one or everyone, said as a sentence says it
        enkelvoud = wie.removesuffix("s") if wie.endswith("aars") or wie.endswith("ers") else ""
        if enkelvoud:
            return f"{'geen enkele' if percentage == 0 else 'iedere'} {enkelvoud}"
        return "niemand" if percentage == 0 else "iedereen"
    woorden = in_woorden(percentage)
    procent = percentage_tekst(percentage, noemer)  # 'ca. 31%' under INDICATIEF
    if woorden == pct(percentage):
        return f"{procent} van de {wie}"
    if " op de " not in woorden:  # 'de helft', 'een kwart', 'driekwart'
        return f"{woorden} van de {wie} ({procent})"
    return f"{woorden} {wie} ({procent})"


ONEENS_TEKEN = "†"  # an interval that seems to contradict its verdict (see below)


def oneens_noot(tabel: pd.DataFrame, kolom: str = "interval_oneens") -> str:
    """The note under a table whose rows mark an interval that seems to contradict its
    verdict (:func:`analysis.statistics.comparisons.interval_oneens`); '' when none does.
    Why visible: a reader who sees '−17 tot −4' next to 'niet significant' must learn there
    that the interval is not corrected for the number of comparisons and the verdict is."""
    if kolom not in tabel.columns or not tabel[kolom].fillna(False).astype(bool).any():
        return ""
    return (
        f"{ONEENS_TEKEN} Interval en oordeel lijken elkaar tegen te spreken: het oordeel is "
        "gecorrigeerd voor het aantal vergelijkingen, het interval niet (zie bijlage\u00a0D)."
    )
