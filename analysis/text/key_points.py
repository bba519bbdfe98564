"""Key findings first: the two to four points a chapter opens with, chosen by rule.

Why by rule: which results a chapter leads with must not depend on who wrote it or on what
the writer hoped to see, and it must hold for any year. The rule, in order:

1. changes since the previous wave that the test supports (all inburgeraars first, then
   within the groups), the largest first;
2. differences between asielstatushouders and gezinsmigranten that the test supports (the
   main family, one per question), the largest first;
3. a clear difference from all Utrechters (the Utrecht figure outside our 95% interval).

At most :data:`PER_SOORT` of each kind and :data:`MAX` in all, one point per indicator, and
only indicators of the chapter (``hoofdstuk`` in ``data/indicatoren.yml``) that are not a
mirror image of another (``aanvullend``). Where fewer than :data:`MIN` qualify, the chapter's
headline levels (rows of Tabel 7.1) fill up, so a year without any demonstrable difference
still opens with what was measured. The wording is in ``chapters/_zinnen.jinja``
(``z.kernpunten``); this module only chooses.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.statistics.disclosure import too_small
from analysis.statistics.indicators import GROEPEN, MEERVOUD, TOTAAL
from analysis.text.dutch import vaker, verandering_woord
from analysis.text.formatting import pct, percentage_tekst

MIN, MAX, PER_SOORT = 2, 4, 2


@dataclass(frozen=True)
class Kernpunt:
    """One key finding, with the words and numbers the template needs."""

    soort: str  # 'verandering', 'groepsverschil', 'utrecht' or 'niveau'
    indicator: str
    naam: str  # the measure's one label (registry 'kort')
    grootte: float  # points: what ranks the candidates of a kind
    woord: str = ""  # 'gestegen', 'vaker', 'hoger', ...
    wie: str = ""  # 'onder asielstatushouders' (a change within a group), else ''
    # the population of a Utrecht figure in words, from data/referentie/utrecht.csv ('wie')
    referentie: str = ""
    a: str = ""  # the first share as printed ('83%', 'ca. 40%')
    b: str = ""  # the second share as printed
    jaar_vorig: int | None = None


def _eigen(registry, hoofdstuk: str) -> list[str]:
    return [
        ind.id
        for ind in registry.indicatoren
        if ind.hoofdstuk == hoofdstuk and not ind.aanvullend
    ]


def veranderingen(verandering: pd.DataFrame, ids: list[str], registry) -> list[Kernpunt]:
    """Changes since the previous wave that the test supports, all inburgeraars first; a
    change within a group is left out where all inburgeraars changed the same way."""
    if verandering.empty:
        return []
    rows = verandering[
        verandering.indicator.isin(ids)
        & (verandering.oordeel == "significant")
        & verandering.groep.isin([TOTAAL, *GROEPEN])
    ]
    punten = []
    for r in rows.itertuples():
        if too_small(r.n_vorig) or too_small(r.n):
            continue
        d = r.pct - r.pct_vorig
        punten.append(
            Kernpunt(
                "verandering",
                r.indicator,
                registry[r.indicator].kort,
                abs(d) + (1000 if r.groep == TOTAAL else 0),
                woord=verandering_woord(True, d),
                wie="" if r.groep == TOTAAL else f"onder {MEERVOUD[r.groep]}",
                a=percentage_tekst(r.pct_vorig, r.n_vorig),
                b=percentage_tekst(r.pct, r.n),
                jaar_vorig=int(r.jaar_vorig),
            )
        )
    punten = sorted(punten, key=lambda k: (-k.grootte, k.indicator))
    # a change within a group that moves as the change of all inburgeraars adds nothing
    totaal = {(k.indicator, k.woord) for k in punten if not k.wie}
    return [k for k in punten if not k.wie or (k.indicator, k.woord) not in totaal]


def groepsverschillen(vergelijkingen: list, ids: list[str], registry) -> list[Kernpunt]:
    """Differences between the two groups (main family) that the test supports."""
    punten = []
    for v in vergelijkingen:
        if v.familie != "groepen" or v.indicator not in ids or v.te_klein or not v.significant:
            continue
        a, b = (percentage_tekst(100 * s, n) for s, n in zip(v.shares, v.noemers, strict=True))
        punten.append(
            Kernpunt(
                "groepsverschil",
                v.indicator,
                registry[v.indicator].kort,
                abs(v.verschil),
                woord=vaker(True, v.verschil),
                a=a,
                b=b,
            )
        )
    return sorted(punten, key=lambda k: (-k.grootte, k.indicator))


def utrecht(
    tabel: pd.DataFrame, referentie: pd.DataFrame, ids: list[str], registry
) -> list[Kernpunt]:
    """A clear difference from the Utrecht figure (its first row in ``utrecht.csv``, named by
    its population, ``wie``): that figure outside our 95% interval."""
    punten = []
    for ind in ids:
        ref = referentie[referentie.indicator == ind]
        row = tabel[(tabel.indicator == ind) & (tabel.groep == TOTAAL)]
        if ref.empty or row.empty or too_small(row.noemer.iloc[0]):
            continue
        r, waarde = row.iloc[0], float(ref.waarde.iloc[0])
        if r.ci_laag <= waarde <= r.ci_hoog:
            continue
        punten.append(
            Kernpunt(
                "utrecht",
                ind,
                registry[ind].kort,
                abs(r.percentage - waarde),
                woord="hoger" if r.percentage > waarde else "lager",
                a=percentage_tekst(r.percentage, r.noemer),
                b=pct(waarde),
                referentie=str(ref.wie.iloc[0]),
            )
        )
    return sorted(punten, key=lambda k: (-k.grootte, k.indicator))


def niveaus(tabel: pd.DataFrame, ids: list[str], registry) -> list[Kernpunt]:
    """The chapter's headline levels (rows of Tabel 7.1), to fill up a quiet year."""
    punten = []
    for ind in ids:
        row = tabel[(tabel.indicator == ind) & (tabel.groep == TOTAAL)]
        if not registry[ind].tabel_7_1 or row.empty or too_small(row.noemer.iloc[0]):
            continue
        r = row.iloc[0]
        tekst = percentage_tekst(r.percentage, r.noemer)
        punten.append(Kernpunt("niveau", ind, registry[ind].kort, 0.0, a=tekst))
    return punten


def kies(
    hoofdstuk: str,
    tabel: pd.DataFrame,
    vergelijkingen: list,
    verandering: pd.DataFrame,
    referentie: pd.DataFrame,
    registry,
) -> list[Kernpunt]:
    """The chapter's key findings by the rule of this module, in the order they are read."""
    ids = [i for i in _eigen(registry, hoofdstuk) if i in set(tabel.indicator)]
    gekozen: list[Kernpunt] = []
    for soort in (
        veranderingen(verandering, ids, registry),
        groepsverschillen(vergelijkingen, ids, registry),
        utrecht(tabel, referentie, ids, registry),
    ):
        genomen = 0
        for k in soort:
            if len(gekozen) == MAX or genomen == PER_SOORT:
                break
            if any(g.indicator == k.indicator for g in gekozen):
                continue
            gekozen.append(k)
            genomen += 1
    for k in niveaus(tabel, ids, registry):
        if len(gekozen) >= MIN:
            break
        if not any(g.indicator == k.indicator for g in gekozen):
            gekozen.append(k)
    return gekozen
