"""How much the monitor can see: minimum detectable differences and the sample sizes needed.

Why: a reader who hears "no significant change" must know whether the monitor could have seen
one. With about 250 to 300 respondents a year, a change of a few points is invisible whatever
happened; the municipality plans the next wave's fieldwork with these numbers.

All figures are for a share of 50% (the worst case), 80% power and a two-sided test at the
level a comparison faces under the report's policy (:mod:`analysis.comparisons`). Under
Benjamini–Hochberg that level depends on how many comparisons in the family differ: it lies
between ``alpha / m`` (only this one differs) and ``alpha`` (all differ), so both ends are
given. Sizes are effective sizes under the policy of ``data/toetsfamilies.yml``
(``eindige_populatie``): with the finite-population correction only where that kind of
inference uses it, so that what is planned is what will be tested.

Planning that can be carried out: a needed number of respondents is also given as the number
of invitations it takes at this year's response, and marked out of reach when that exceeds
the population; what inviting everyone would give is computed too (:func:`everyone`). The
family size is the same in every edition: the main group family and the primary change
family (the indicators for all inburgeraars) both have one test per indicator.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.comparisons import ALPHA, fpc_beleid
from analysis.formatting import getal
from analysis.indicators import MEERVOUD, group_population
from analysis.load import Jaargang
from analysis.stats import effective_size, minimum_detectable_difference, sample_size_for_difference

DOELEN = (5, 10)  # changes in points the municipality wants to be able to see


def _group_n_eff(jg: Jaargang, spec: str, fpc: bool = True) -> tuple[int, float]:
    from analysis.indicators import group_mask

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
        rows.append(
            {
                "vergelijking": soort,
                "n_a": n1,
                "n_b": n2,
                "mdd_ruim": 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA),
                "mdd_streng": 100 * minimum_detectable_difference(e1, e2, alpha=ALPHA / max(m, 1)),
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
    populatie: float, m: int, respons: float | None = None, fpc: bool | None = None
) -> pd.DataFrame:
    """Respondents needed in each of two waves to see a change of 5 and 10 points (all
    inburgeraars, population of this year's size), at both ends of the BH range; with
    ``respons`` also the invitations that takes and whether it can be done at all (no more
    invitations than people in the population). ``fpc`` (default: the policy for change)
    says whether the change is tested with the finite-population correction."""
    fpc = fpc_beleid()["verandering"] if fpc is None else fpc
    pop = populatie if fpc else None
    rows = []
    for d in DOELEN:
        row = {
            "verandering": d,
            "n_ruim": sample_size_for_difference(d / 100, pop, alpha=ALPHA),
            "n_streng": sample_size_for_difference(d / 100, pop, alpha=ALPHA / max(m, 1)),
        }
        if respons:
            for end in ("ruim", "streng"):
                n = row[f"n_{end}"]
                row[f"uitnodigingen_{end}"] = n / respons
                row[f"haalbaar_{end}"] = n <= populatie and n / respons <= populatie
        rows.append(row)
    return pd.DataFrame(rows)


def everyone(populatie: float, respons: float, m: int, fpc: bool | None = None) -> dict[str, float]:
    """What inviting the whole population would give: the respondents expected at this
    year's response and the smallest change between two such waves seen with 80% power, at
    both ends of the BH range (same policy on the finite-population correction)."""
    fpc = fpc_beleid()["verandering"] if fpc is None else fpc
    n = populatie * respons
    n_eff = effective_size(n, populatie) if fpc else n
    return {
        "respondenten": n,
        "mdd_ruim": 100 * minimum_detectable_difference(n_eff, n_eff, alpha=ALPHA),
        "mdd_streng": 100 * minimum_detectable_difference(n_eff, n_eff, alpha=ALPHA / max(m, 1)),
    }


def planning_tekst(
    nodig: pd.DataFrame, alles: dict[str, float], populatie: float, jaar: int
) -> str:
    """The planning paragraph of the methods: per target the respondents (and invitations)
    it takes, whether that can be done, and what inviting everyone would give."""
    zinnen = []
    for r in nodig.itertuples():
        zin = (
            f"Om een verandering van {getal(r.verandering)} procentpunten tussen twee jaren te "
            f"kunnen zien, zijn per jaar ongeveer {getal(r.n_ruim)} tot {getal(r.n_streng)} "
            "respondenten nodig"
        )
        if hasattr(r, "uitnodigingen_ruim"):
            if not r.haalbaar_ruim:
                zin += (
                    f"; bij de respons van {jaar} zijn daarvoor meer uitnodigingen nodig dan er "
                    f"inburgeraars zijn ({getal(populatie)}): dat doel is niet haalbaar"
                )
            elif not r.haalbaar_streng:
                zin += (
                    f"; bij de respons van {jaar} vraagt dat {getal(r.uitnodigingen_ruim)} "
                    "uitnodigingen, en in het strenge geval meer dan er inburgeraars zijn"
                )
            else:
                zin += (
                    f"; bij de respons van {jaar} vraagt dat {getal(r.uitnodigingen_ruim)} tot "
                    f"{getal(r.uitnodigingen_streng)} uitnodigingen"
                )
        zinnen.append(zin + ".")
    if alles and math.isfinite(alles["mdd_ruim"]):
        zinnen.append(
            f"Wie alle {getal(populatie)} inburgeraars uitnodigt, krijgt bij die respons "
            f"ongeveer {getal(alles['respondenten'])} respondenten; dan is de kleinste "
            f"verandering die de monitor ziet {getal(alles['mdd_ruim'], 1)} tot "
            f"{getal(alles['mdd_streng'], 1)} procentpunten (bij een populatie zo groot als die "
            f"van {jaar})."
        )
    return " ".join(zinnen)


def for_year(s, jg: Jaargang, data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The detectable differences and needed sizes of a year's edition, from its estimates
    ``s`` (:class:`analysis.schattingen.Schattingen`): the family sizes are the numbers of
    comparisons actually tested."""
    from analysis.comparisons import HOOFDFAMILIE
    from analysis.load import load_year

    m_groep = sum(v.familie == HOOFDFAMILIE and not np.isnan(v.p) for v in s.vergelijkingen)
    from analysis.trend import FAMILIE

    ver = s.verandering
    from analysis.trend import FAMILIE_GROEPEN

    def m_van(familie: str) -> int:
        return int(ver.loc[ver["familie"] == familie, "p"].notna().sum()) if not ver.empty else 0

    m_jaar, m_jaar_groepen = m_van(FAMILIE), m_van(FAMILIE_GROEPEN)
    vorig = (
        None
        if s.verandering.empty
        else load_year(int(s.verandering["jaar_vorig"].iloc[0]), data_dir)
    )
    mdd = detectable_differences(jg, vorig, m_groep, m_jaar, m_jaar_groepen)
    return mdd, needed_sizes(float(jg.meta["populatie"]), max(m_jaar, m_groep), respons(jg))


def groups_sentence(mdd: pd.DataFrame) -> str:
    """What the monitor can see between the two groups, or why it cannot compare them."""
    eerste = mdd.iloc[0]
    if not np.isfinite(eerste.mdd_ruim):
        return (
            "Tussen asielstatushouders en gezinsmigranten is dit jaar geen vergelijking "
            "mogelijk: een van beide groepen heeft geen respondenten."
        )
    return (
        "Zo ziet de monitor tussen asielstatushouders en gezinsmigranten een verschil van "
        f"ongeveer {getal(eerste.mdd_ruim)} tot {getal(eerste.mdd_streng)} procentpunten."
    )


def detectable_display(mdd: pd.DataFrame) -> pd.DataFrame:
    """:func:`detectable_differences` formatted for print ('–' where a group is empty)."""

    def punten(x: float) -> str:
        return getal(x) if np.isfinite(x) else "–"

    return pd.DataFrame(
        {
            "vergelijking": mdd["vergelijking"],
            "respondenten (a)": mdd["n_a"].map(getal),
            "respondenten (b)": mdd["n_b"].map(getal),
            "kleinste verschil, ruim (procentpunten)": mdd["mdd_ruim"].map(punten),
            "kleinste verschil, streng (procentpunten)": mdd["mdd_streng"].map(punten),
        }
    )
