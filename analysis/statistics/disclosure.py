"""Disclosure control: no figure is published that rests on fewer than ``MIN_CELL`` respondents.

Why: with groups of a few people (a small nationality, the onderwijsroute) a percentage says
little and can point at individuals. The rule is applied to the number of respondents a figure
is based on (its denominator, the usual minimum-base rule): below ``MIN_CELL`` the numerator,
the percentage and the interval are blanked and the row is marked. One constant, one place:
tables, figures, narrative and CSV exports all pass through :func:`suppress`.

Secondary suppression. Blanking a small cell is not enough when the cell follows from what
is published next to it: the total minus the other groups of the same breakdown (tevreden
werk onder asielstatushouders = 59 - 54 = 5 of 7). So :func:`patroon` also hides, per
indicator and per breakdown of the total (asielstatushouders/gezinsmigranten, and every
``dimensie=waarde`` breakdown), the smallest further cell until what is hidden in that
breakdown -- the hidden cells plus the respondents the breakdown does not cover -- is either
nothing, or at least two units that together hold ``MIN_CELL`` or more respondents. A
subtraction then only gives the sum of several groups, never one small group. The choice
depends only on the denominators, so indicators asked of the same respondents hide the same
cells (a complement gives nothing away), and it is made once, in the estimates
(:mod:`analysis.statistics.estimates`), so every table, figure, sentence and export of the
year, and the next year's change table, hides the same cells.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.data.privacy import INDICATIEF, MIN_CELL

MARK = f"onderdrukt (minder dan {MIN_CELL} respondenten)"
VERBORGEN_REDEN = "anders is een kleine groep af te leiden uit de andere cijfers"
MARK_SECUNDAIR = f"onderdrukt ({VERBORGEN_REDEN})"
NIET_GETOOND = "niet getoond (kleine groep af te leiden)"  # the verdict of a hidden comparison
PRIMAIR = "primair"  # fewer than MIN_CELL respondents
SECUNDAIR = "secundair"  # hidden so that a primary cell cannot be recovered by subtraction
TOTAAL = "totaal"
STATUS = ("asielstatushouder", "gezinsmigrant")  # the two groups that make up the total
SUPPRESSED_COLUMNS = ("teller", "percentage", "ci_laag", "ci_hoog")


def too_small(noemer: float) -> bool:
    """Whether a figure based on ``noemer`` respondents must not be published."""
    return noemer < MIN_CELL


def indicatief(noemer: float) -> bool:
    """Whether a published percentage is only indicative: based on at least ``MIN_CELL`` but
    fewer than ``INDICATIEF`` respondents.

    Why: at 10 to 49 respondents a percentage may be published (no one can be recognised),
    but around a share of 50% its 95% Wilson interval is about 27 (49 respondents) to 53
    points (10 respondents) wide (computed in tests/statistics/test_disclosure.py and printed
    from the same formula in the methods appendix), so it indicates an order of magnitude
    rather than a figure to compare. One rule for every medium: in running text the
    percentage reads "ca. 31%", in tables it gets an asterisk, in figures a hatched bar, and
    in the exports the column ``indicatief`` is true.
    """
    return MIN_CELL <= noemer < INDICATIEF


def indelingen(groepen: Iterable[str]) -> dict[str, list[str]]:
    """The breakdowns of the total among ``groepen``: the two status groups, and per
    dimension its ``dimensie=waarde`` groups (a union such as ``leeftijdsgroep=18-25,26-30``
    or an intersection with ``&`` is no breakdown of the total and is left out)."""
    groepen = list(dict.fromkeys(groepen))
    uit: dict[str, list[str]] = {"groep": [g for g in STATUS if g in groepen]}
    for g in groepen:
        dim, is_, waarde = g.partition("=")
        if is_ and "&" not in g and "," not in waarde:
            uit.setdefault(dim, []).append(g)
    return {d: c for d, c in uit.items() if c}


def _veilig(verborgen: list[float], rest: float) -> bool:
    """Whether a breakdown with these hidden cells (their denominators) and ``rest``
    respondents outside every cell gives no small group away by subtraction."""
    eenheden = [n for n in verborgen if n > 0] + ([rest] if rest > 0 else [])
    if not eenheden:
        return True
    if len(eenheden) == 1:
        return not verborgen and rest >= MIN_CELL  # only the uncovered rest, large enough
    return sum(eenheden) >= MIN_CELL


def patroon(tabel: pd.DataFrame) -> pd.Series:
    """Per row of an indicator table (``indicator, groep, noemer``): ``PRIMAIR`` (fewer than
    ``MIN_CELL`` respondents), ``SECUNDAIR`` (hidden so that no primary cell follows from
    the total minus the other groups, see the module) or ``""`` (published)."""
    uit = pd.Series(
        [PRIMAIR if too_small(n) else "" for n in tabel["noemer"]], index=tabel.index, dtype=str
    )
    for _ind, rijen in tabel.groupby("indicator", sort=False):
        n = dict(zip(rijen["groep"], rijen["noemer"], strict=True))
        index = dict(zip(rijen["groep"], rijen.index, strict=True))
        if TOTAAL not in n or too_small(n[TOTAAL]):
            continue  # no total published: nothing to subtract from
        for cellen in indelingen(rijen["groep"]).values():
            rest = n[TOTAAL] - sum(n[c] for c in cellen)
            verborgen = [c for c in cellen if uit[index[c]]]
            while not _veilig([n[c] for c in verborgen], rest):
                open_ = [c for c in cellen if c not in verborgen and n[c] > 0]
                if not open_:
                    break
                extra = min(open_, key=lambda c: (n[c], cellen.index(c)))
                uit[index[extra]] = SECUNDAIR
                verborgen.append(extra)
    return uit


def suppress(table: pd.DataFrame, base: str = "noemer") -> pd.DataFrame:
    """Blank every figure based on fewer than ``MIN_CELL`` respondents, and every figure the
    table's ``onderdrukt`` column marks (secondary suppression, see :func:`patroon`), and
    mark the row in ``opmerking``. The input is not changed."""
    out = table.copy()
    small = out[base] < MIN_CELL
    secundair = ~small & (out["onderdrukt"] == SECUNDAIR) if "onderdrukt" in out else small & False
    for col in SUPPRESSED_COLUMNS:
        if col in out.columns:
            out[col] = out[col].astype("Int64" if col == "teller" else "Float64")
            out.loc[small | secundair, col] = pd.NA
    if "opmerking" not in out.columns:
        out["opmerking"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[small, "opmerking"] = MARK
    out.loc[secundair, "opmerking"] = MARK_SECUNDAIR
    if "indicatief" in out.columns:  # a flag of a published percentage
        out.loc[secundair, "indicatief"] = False
    return out.drop(columns=["onderdrukt"], errors="ignore")


def suppress_comparison(
    table: pd.DataFrame,
    bases: tuple[str, ...],
    percentages: tuple[str, ...],
    derived: tuple[str, ...] = ("verschil", "ci_laag", "ci_hoog", "verschil_gecorrigeerd"),
) -> pd.DataFrame:
    """Blank the percentage of every side based on fewer than ``MIN_CELL`` respondents, and
    the difference (with its interval) of a row with such a side. The input is not changed."""
    out = table.copy()
    any_small = pd.Series(False, index=out.index)
    for base, col in zip(bases, percentages, strict=True):
        small = out[base] < MIN_CELL
        out[col] = out[col].astype("Float64")
        out.loc[small, col] = pd.NA
        any_small |= small
    for col in derived:
        if col in out.columns:
            out[col] = out[col].astype("Float64")
            out.loc[any_small, col] = pd.NA
    return out
