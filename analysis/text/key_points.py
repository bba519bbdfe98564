"""Key findings first: the two to four points a chapter opens with, chosen by rule.

Why by rule: which results a chapter leads with must not depend on who wrote it or on what
the writer hoped to see, and it must hold for any year. The rule, in order:

0. the chapter's headline figure (``kop: true`` in ``data/indicatoren.yml``), with what the
   rules below find for that same indicator told as its detail;
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

from dataclasses import dataclass, replace

import pandas as pd

from analysis.statistics.disclosure import too_small
from analysis.statistics.indicators import GROEPEN, MEERVOUD, TOTAAL
from analysis.text.dutch import hoger_lager, verandering_woord
from analysis.text.formatting import deel_tekst, pct, percentage_tekst

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
    groep: str = TOTAAL  # the group of a change ('asielstatushouder'), as in the estimates
    # the population of a Utrecht figure in words, from data/referentie/utrecht.csv ('wie')
    referentie: str = ""
    a: str = ""  # the first share as printed ('83%', 'ca. 40%')
    b: str = ""  # the second share as printed
    jaar_vorig: int | None = None
    zin: str = ""  # the measure as a sentence's predicate ('heeft betaald werk')
    dat: str = ""  # the measure after 'het aandeel dat' ('betaald werk heeft')
    deel: str = ""  # a level as a sentence's subject: 'bijna vier op de tien inburgeraars (38%)'
    # the headline's details: the findings of the rules for the same indicator
    bij: tuple[Kernpunt, ...] = ()


def _zinsdelen(registry, indicator: str) -> dict[str, str]:
    ind = registry[indicator]
    return {"zin": ind.zin, "dat": ind.dat}


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
                groep=r.groep,
                a=percentage_tekst(r.pct_vorig, r.n_vorig),
                b=percentage_tekst(r.pct, r.n),
                jaar_vorig=int(r.jaar_vorig),
                **_zinsdelen(registry, r.indicator),
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
                woord=hoger_lager(True, v.verschil),
                a=a,
                b=b,
                **_zinsdelen(registry, v.indicator),
            )
        )
    return sorted(punten, key=lambda k: (-k.grootte, k.indicator))


def utrecht(
    tabel: pd.DataFrame, referentie: pd.DataFrame, ids: list[str], registry
) -> list[Kernpunt]:
    """A difference from a Utrecht figure (for all inburgeraars, the first declared row per
    indicator, named by its population ``wie_utrecht``) that the test of the family
    ``utrecht`` supports. ``referentie``: the year's Utrecht tests
    (:mod:`analysis.statistics.reference`)."""
    punten = []
    for ind in ids:
        ref = referentie[(referentie.indicator == ind) & (referentie.groep == TOTAAL)]
        row = tabel[(tabel.indicator == ind) & (tabel.groep == TOTAAL)]
        if ref.empty or row.empty or too_small(row.noemer.iloc[0]):
            continue
        t = ref.iloc[0]
        if t.oordeel != "significant":
            continue
        r = row.iloc[0]
        punten.append(
            Kernpunt(
                "utrecht",
                ind,
                registry[ind].kort,
                abs(r.percentage - t.pct_utrecht),
                woord=hoger_lager(True, r.percentage - t.pct_utrecht),
                a=percentage_tekst(r.percentage, r.noemer),
                b=pct(t.pct_utrecht),
                referentie=str(t.wie_utrecht),
                **_zinsdelen(registry, ind),
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
        punten.append(_niveau(row.iloc[0], registry, ind))
    return punten


def _niveau(r, registry, ind: str, soort: str = "niveau", bij=()) -> Kernpunt:
    return Kernpunt(
        soort,
        ind,
        registry[ind].kort,
        0.0,
        a=percentage_tekst(r.percentage, r.noemer),
        deel=deel_tekst(r.percentage, r.noemer),
        bij=tuple(bij),
        **_zinsdelen(registry, ind),
    )


def kop(
    hoofdstuk: str, tabel: pd.DataFrame, kandidaten: list[list[Kernpunt]], registry
) -> Kernpunt | None:
    """The chapter's headline figure (``kop: true``): its level for all inburgeraars, with as
    details the first finding of each kind of rule for that indicator (a change, a group
    difference, Utrecht). None where the chapter names no headline or it cannot be shown."""
    ind = registry.kop(hoofdstuk)
    if ind is None:
        return None
    row = tabel[(tabel.indicator == ind.id) & (tabel.groep == TOTAAL)]
    if row.empty or too_small(row.noemer.iloc[0]):
        return None
    # the Utrecht figure first (it places the level), then a change, then the groups
    volgorde = (kandidaten[2], kandidaten[0], kandidaten[1])
    bij = [next(k for k in soort if k.indicator == ind.id) for soort in volgorde
           if any(k.indicator == ind.id for k in soort)]
    return _niveau(row.iloc[0], registry, ind.id, "kop", bij)


def _kandidaten(
    ids: list[str], tabel, vergelijkingen, verandering, referentie, registry
) -> list[list[Kernpunt]]:
    return [
        veranderingen(verandering, ids, registry),
        groepsverschillen(vergelijkingen, ids, registry),
        utrecht(tabel, referentie, ids, registry),
    ]


def _hoofdstuk(
    hoofdstuk: str, tabel, vergelijkingen, verandering, referentie, registry
) -> tuple[list[str], list[list[Kernpunt]], Kernpunt | None]:
    """A chapter's own indicators, the candidates of each rule, and its headline: what both
    the chapter's key findings and the samenvatting's key messages start from."""
    ids = [i for i in _eigen(registry, hoofdstuk) if i in set(tabel.indicator)]
    kandidaten = _kandidaten(ids, tabel, vergelijkingen, verandering, referentie, registry)
    return ids, kandidaten, kop(hoofdstuk, tabel, kandidaten, registry)


def kies(
    hoofdstuk: str,
    tabel: pd.DataFrame,
    vergelijkingen: list,
    verandering: pd.DataFrame,
    referentie: pd.DataFrame,
    registry,
) -> list[Kernpunt]:
    """The chapter's key findings by the rule of this module, in the order they are read."""
    ids, kandidaten, eerste = _hoofdstuk(
        hoofdstuk, tabel, vergelijkingen, verandering, referentie, registry
    )
    gekozen: list[Kernpunt] = [] if eerste is None else [eerste]
    for soort in kandidaten:
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


BOODSCHAPPEN = 3  # headline messages of the samenvatting (plus one on change after a wave)


def boodschappen(
    tabel: pd.DataFrame,
    vergelijkingen: list,
    verandering: pd.DataFrame,
    referentie: pd.DataFrame,
    registry,
) -> list[Kernpunt]:
    """The samenvatting's key messages: the headline figures of the theme chapters, each with
    one detail (a supported change of that figure first, else its largest supported
    difference), the :data:`BOODSCHAPPEN` with the largest detail, in the order of the
    report. A headline with no supported detail comes last: it says less. The change since
    the previous wave is a message of its own, worded by the template."""
    koppen = []
    for hoofdstuk in registry.hoofdstukken:
        _, _, k = _hoofdstuk(hoofdstuk, tabel, vergelijkingen, verandering, referentie, registry)
        if k is None:
            continue
        veranderd = [d for d in k.bij if d.soort == "verandering"]
        detail = veranderd[:1] or sorted(k.bij, key=lambda d: -d.grootte)[:1]
        koppen.append(replace(k, bij=tuple(detail)))

    def gewicht(k: Kernpunt) -> float:
        return max((d.grootte for d in k.bij), default=-1.0)

    gekozen = sorted(koppen, key=lambda k: -gewicht(k))[:BOODSCHAPPEN]
    return [k for k in koppen if k in gekozen]
