"""How much the monitor can see: minimum detectable differences and the sample sizes needed.

Why: a reader who hears "no significant change" must know whether the monitor could have seen
one. With about 250 to 300 respondents a year, a change of a few points is invisible whatever
happened; the municipality plans the next wave's fieldwork with these numbers.

All figures are for a share of 50% (the worst case), 80% power and a two-sided test at the
level a comparison faces under the report's policy (:mod:`analysis.statistics.comparisons`). Under
Benjamini–Hochberg that level depends on how many comparisons in the family differ: it lies
between ``alpha / m`` (only this one differs) and ``alpha`` (all differ), so both ends are
given. Sizes are effective sizes under the policy of ``data/toetsfamilies.yml``
(``eindige_populatie``): with the finite-population correction only where that kind of
inference uses it, so that what is planned is what will be tested.

Planning that can be carried out: the next edition compares its wave with this one, whose
size is now fixed, so the sizes needed are those of the next wave against this one
(:func:`needed_sizes`); they are also given as invitations at this year's response, and
marked out of reach when that exceeds the population, or when no size will do. What
inviting everyone would give is computed the same way (:func:`everyone`). The strict end
uses the family the next change will be judged in (:func:`planning_m`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.data.privacy import MIN_CELL
from analysis.data.reading import Jaargang
from analysis.statistics.comparisons import ALPHA
from analysis.statistics.design import fpc_beleid
from analysis.statistics.indicators import MEERVOUD, group_population
from analysis.statistics.sampling import (
    effective_size,
    minimum_detectable_difference,
    next_wave_size,
    respondents_for,
)

DOELEN = (5, 10)  # changes in points the municipality wants to be able to see


def _group_n_eff(jg: Jaargang, spec: str, fpc: bool = True) -> tuple[int, float]:
    from analysis.statistics.indicators import group_mask

    n = int(group_mask(jg.enquete, spec).sum())
    if not fpc:
        return n, float(n)
    size, _ = group_population(jg.enquete, spec, float(jg.meta["populatie"]), jg.populatie)
    return n, effective_size(n, size)


def respons(jg: Jaargang) -> float:
    """The year's response: respondents over invited (``meta.yml`` ``uitgenodigd``)."""
    return jg.n / float(jg.meta["uitgenodigd"])


def detectable_differences(
    jg: Jaargang,
    vorig: Jaargang | None,
    m_groepen: int,
    m_verandering: int,
    m_verandering_groepen: int | None = None,
) -> pd.DataFrame:
    """One row per kind of comparison: the sizes compared and the smallest difference (in
    points) seen with 80% power at the lenient and the strict end of the BH range. The
    changes within a group are judged in their own family (``m_verandering_groepen``; the
    primary family's size when not given)."""
    rows = []
    beleid = fpc_beleid()
    fpc_g, fpc_v = beleid["groepsverschillen"], beleid["verandering"]

    def add(soort: str, n1: int, e1: float, n2: int, e2: float, m: int) -> None:
        # A side of fewer than MIN_CELL respondents is never compared (comparisons.TE_KLEIN),
        # so what such a comparison could see is not a figure to print either.
        klein = min(n1, n2) < MIN_CELL
        rows.append(
            {
                "vergelijking": soort,
                "n_a": n1,
                "n_b": n2,
                "mdd_ruim": math.nan
                if klein
                else 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA),
                "mdd_streng": math.nan
                if klein
                else 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA / max(m, 1)),
            }
        )

    a = _group_n_eff(jg, "asielstatushouder", fpc_g)
    b = _group_n_eff(jg, "gezinsmigrant", fpc_g)
    add("asielstatushouders tegenover gezinsmigranten", a[0], a[1], b[0], b[1], m_groepen)
    if vorig is not None:
        nu = _group_n_eff(jg, "totaal", fpc_v)
        toen = _group_n_eff(vorig, "totaal", fpc_v)
        add(
            f"alle inburgeraars, {vorig.jaar} tegenover {jg.jaar}",
            toen[0],
            toen[1],
            nu[0],
            nu[1],
            m_verandering,
        )
        for g in ("asielstatushouder", "gezinsmigrant"):
            nu_g, toen_g = _group_n_eff(jg, g, fpc_v), _group_n_eff(vorig, g, fpc_v)
            add(
                f"{MEERVOUD[g]}, {vorig.jaar} tegenover {jg.jaar}",
                toen_g[0],
                toen_g[1],
                nu_g[0],
                nu_g[1],
                m_verandering if m_verandering_groepen is None else m_verandering_groepen,
            )
    return pd.DataFrame(rows)


def needed_sizes(
    populatie: float,
    m: int,
    n_nu: float,
    respons: float | None = None,
    fpc: bool | None = None,
) -> pd.DataFrame:
    """Respondents the NEXT wave needs to see a change of 5 and 10 points against this one
    (all inburgeraars), at both ends of the BH range.

    Why against this wave: the change the next edition tests compares its respondents with
    this wave's ``n_nu``, which is now fixed. Solving the planning formula of
    :func:`analysis.statistics.sampling.minimum_detectable_difference` for the second size
    gives ``1 / n2 = d**2 / (z**2 p (1 - p)) - 1 / n1``; where that is not positive, no number
    of respondents next time is enough (``inf``: this wave alone is too small). With
    ``respons`` also the invitations it takes at this year's response, and whether it can be
    done at all (no more invitations than people in the population). ``fpc`` (default: the
    policy for change) says whether the change is tested with the finite-population
    correction."""
    fpc = fpc_beleid()["verandering"] if fpc is None else fpc
    e1 = effective_size(n_nu, populatie) if fpc else float(n_nu)
    rows = []
    for d in DOELEN:
        row: dict[str, float | bool] = {"verandering": d}
        for end, alpha in (("ruim", ALPHA), ("streng", ALPHA / max(m, 1))):
            n2_eff = next_wave_size(d / 100, e1, alpha)
            row[f"n_{end}"] = respondents_for(n2_eff, populatie if fpc else None)
        if respons:
            for end in ("ruim", "streng"):
                n = float(row[f"n_{end}"])
                row[f"uitnodigingen_{end}"] = n / respons
                row[f"haalbaar_{end}"] = math.isfinite(n) and n / respons <= populatie
        rows.append(row)
    return pd.DataFrame(rows)


def everyone(
    populatie: float, respons: float, m: int, n_nu: float, fpc: bool | None = None
) -> dict[str, float]:
    """What inviting the whole population next time would give: the respondents expected at
    this year's response and the smallest change against this wave (``n_nu`` respondents)
    seen with 80% power, at both ends of the BH range (same policy on the finite-population
    correction)."""
    fpc = fpc_beleid()["verandering"] if fpc is None else fpc
    n = populatie * respons
    e2 = effective_size(n, populatie) if fpc else n
    e1 = effective_size(n_nu, populatie) if fpc else float(n_nu)
    return {
        "respondenten": n,
        "mdd_ruim": 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA),
        "mdd_streng": 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA / max(m, 1)),
    }


def planning_m(s) -> int:
    """The family the next wave's change for all inburgeraars will be judged in: one test
    per indicator. Its size is this edition's primary change family where there is one,
    else (a first year) the main group family, which also has one test per indicator."""
    from analysis.statistics.change import FAMILIE
    from analysis.statistics.families import HOOFDFAMILIE

    ver = s.verandering
    m_jaar = int(ver.loc[ver["familie"] == FAMILIE, "p"].notna().sum()) if not ver.empty else 0
    m_groep = sum(v.familie == HOOFDFAMILIE and not np.isnan(v.p) for v in s.vergelijkingen)
    return m_jaar or m_groep


def for_year(s, jg: Jaargang, data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The detectable differences and needed sizes of a year's edition, from its estimates
    ``s`` (:class:`analysis.statistics.estimates.Schattingen`): the family sizes are the numbers of
    comparisons actually tested."""
    from analysis.data.load import load_year
    from analysis.statistics.families import HOOFDFAMILIE

    m_groep = sum(v.familie == HOOFDFAMILIE and not np.isnan(v.p) for v in s.vergelijkingen)
    from analysis.statistics.change import FAMILIE

    ver = s.verandering
    from analysis.statistics.change import FAMILIE_GROEPEN

    def m_van(familie: str) -> int:
        return int(ver.loc[ver["familie"] == familie, "p"].notna().sum()) if not ver.empty else 0

    m_jaar, m_jaar_groepen = m_van(FAMILIE), m_van(FAMILIE_GROEPEN)
    vorig = (
        None
        if s.verandering.empty
        else load_year(int(s.verandering["jaar_vorig"].iloc[0]), data_dir)
    )
    mdd = detectable_differences(jg, vorig, m_groep, m_jaar, m_jaar_groepen)
    nodig = needed_sizes(float(jg.meta["populatie"]), planning_m(s), jg.n, respons(jg))
    return mdd, nodig
