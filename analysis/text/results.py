"""Results as objects a template reads: a share (:class:`Aandeel`), Utrecht's reference figure,
a group difference and a change, each with the words its test allows.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from analysis.statistics.disclosure import VERBORGEN_REDEN, too_small
from analysis.statistics.indicators import TOTAAL
from analysis.statistics.rounding import round_half_up
from analysis.text import dutch, key_points
from analysis.text.formatting import (
    pct,
    percentage_tekst,
    shown_difference,
)
from analysis.text.sentences import te_kleine_groepen_in, uiterst_woord

if TYPE_CHECKING:
    from analysis.statistics.comparisons import Vergelijking
    from analysis.text.source import Hoofdstukbron


# ---------------------------------------------------------------------------- views
class Aandeel:
    """One indicator's share in one group, as words and numbers for a template."""

    def __init__(self, h: Hoofdstukbron, indicator: str, groep: str = TOTAAL) -> None:
        self._h, self.indicator, self.groep = h, indicator, groep

    @property
    def gevraagd(self) -> bool:
        return self._h.gevraagd(self.indicator)

    @property
    def naam(self) -> str:
        """The measure's one label (data/indicatoren.yml, ``kort``)."""
        return self._h.registry[self.indicator].kort

    @property
    def te_klein(self) -> bool:
        return too_small(self._h.rij(self.indicator, self.groep).noemer)

    @property
    def p(self) -> str:
        return self._h.p(self.indicator, self.groep)

    @property
    def deel(self) -> str:
        return self._h.deel(self.indicator, self.groep)

    @property
    def afgerond(self) -> int | None:
        """The share as printed, a whole percentage (None where it is not shown): what a
        reader adds up, so a note on a sum over 100% follows the printed numbers."""
        row = self._h.rij(self.indicator, self.groep)
        if too_small(row.noemer) or math.isnan(row.percentage):
            return None
        return int(round_half_up(row.percentage))

    @property
    def uiterst(self) -> str:
        """'niemand' when no respondent asked has the outcome, 'iedereen' when all have it,
        '' otherwise (or when the share is not shown): '0% voelde zich ...' reads as a
        sentence with 'niemand voelde zich ...'."""
        return self._h.uiterst(self.indicator, self.groep)

    @property
    def wp(self) -> str:
        return self._h.wp(self.indicator, self.groep)

    @property
    def woorden(self) -> str:
        return self._h.woorden(self.indicator, self.groep)

    @property
    def zin(self) -> str:
        """The measure as the rest of a sentence after the share ('heeft betaald werk'),
        from ``data/indicatoren.yml``: ``{{ ind.x.deel | hoofdletter }} {{ ind.x.zin }}``."""
        return self._h.registry[self.indicator].zin

    @property
    def dat(self) -> str:
        """The measure after 'het aandeel dat' ('betaald werk heeft')."""
        return self._h.registry[self.indicator].dat

    def in_groep(self, groep: str) -> Aandeel:
        return Aandeel(self._h, self.indicator, groep)

    def utrecht(self, populatie: str | None = None) -> Utrecht:
        """The comparison with all Utrechters (``data/referentie/utrecht.csv``)."""
        return Utrecht(self._h, self.indicator, populatie, self.groep)

    def __str__(self) -> str:
        return self.p


class Utrecht:
    """An indicator against the Utrecht figure: higher or lower only when the test of the
    family ``utrecht`` supports it, equal only within the equivalence margin
    (:mod:`analysis.statistics.reference`)."""

    def __init__(self, h: Hoofdstukbron, indicator: str, populatie: str | None, groep: str) -> None:
        self._h, self.indicator, self.populatie, self.groep = h, indicator, populatie, groep

    @property
    def wie(self) -> str:
        """The population of the Utrecht figure in words ('alle Utrechters', 'Utrechters van
        18 tot 65 jaar'), from ``data/referentie/utrecht.csv``."""
        return self._h.utrecht_wie(self.indicator, self.populatie)

    @property
    def bekend(self) -> bool:
        """There is a Utrecht figure and our share can be published."""
        return self._h.tov_utrecht(self.indicator, self.populatie, self.groep) != (
            "niet te vergelijken met"
        )

    @property
    def p(self) -> str:
        waarde = self._h.utrecht(self.indicator, self.populatie)
        return "–" if waarde is None else pct(waarde)

    @property
    def tov(self) -> str:
        """'hoger dan', 'lager dan', 'vrijwel gelijk aan', 'niet aantoonbaar anders dan' (or
        'niet te vergelijken met')."""
        return self._h.tov_utrecht(self.indicator, self.populatie, self.groep)

    @property
    def hoger(self) -> bool:
        return self.tov == "hoger dan"

    @property
    def lager(self) -> bool:
        return self.tov == "lager dan"

    @property
    def gelijk(self) -> bool:
        """Whether the whole interval of the difference lies within the equivalence margin
        (``gelijkwaardigheid`` in data/toetsfamilies.yml): only then 'ongeveer even vaak'."""
        return self.tov == "vrijwel gelijk aan"


VERKENNEND = "verkennend, dus een aanwijzing"  # see toetsfamilies.yml, verkennend_in


class Verschil:
    """A comparison between groups, in the words its test allows."""

    def __init__(self, h: Hoofdstukbron, v: Vergelijking) -> None:
        self._h, self.v = h, v

    @property
    def te_klein(self) -> bool:
        return self.v.te_klein

    @property
    def aantoonbaar(self) -> bool:
        return not self.v.te_klein and self.v.significant

    @property
    def hoger(self) -> bool:
        return self.aantoonbaar and self.v.verschil > 0

    @property
    def lager(self) -> bool:
        return self.aantoonbaar and self.v.verschil < 0

    @property
    def vaker(self) -> str:
        return dutch.vaker(self.aantoonbaar, self.v.verschil, self.v.interval)

    @property
    def vaker_dan(self) -> str:
        return dutch.vaker_dan(self.aantoonbaar, self.v.verschil, self.v.interval)

    @property
    def hoger_lager(self) -> str:
        """'hoger' or 'lager' for the first group's share (a supported difference), else the
        words for none: for 'Onder asielstatushouders is dat aandeel ... dan onder ...'."""
        return dutch.hoger_lager(self.aantoonbaar, self.v.verschil, self.v.interval)

    def _share(self, i: int) -> str:
        return percentage_tekst(100 * self.v.shares[i], self.v.noemers[i])

    @property
    def a(self) -> str:
        return self._share(0)

    @property
    def b(self) -> str:
        return self._share(1)

    @property
    def tegenover(self) -> str:
        """Both shares, without the verdict: the verdict is in the words and the table. A
        difference from a comparison chosen after seeing the year's data (exploratory) says
        so where it is stated: it is a lead, not a finding."""
        tekst = f"{self.a} tegenover {self.b}"
        return f"{tekst}; {VERKENNEND}" if self.verkennend else tekst

    @property
    def verkennend(self) -> bool:
        """Whether this is a demonstrable difference from an exploratory comparison."""
        return self.aantoonbaar and self.v.verkennend

    @property
    def niemand_of_iedereen(self) -> str:
        """The sentence for an outcome that no one (or everyone) in the groups has, which
        replaces a comparison of 0% with 0%; '' otherwise."""
        return "" if self.v.te_klein else self._h.niemand_of_iedereen(self.v)

    @property
    def te_weinig(self) -> str:
        """The groups with fewer than ``MIN_CELL`` respondents, in words ('gezinsmigranten');
        '' where the comparison is withheld for another reason (a hidden side)."""
        return dutch.opsomming(te_kleine_groepen_in(self.v))

    @property
    def uiterst(self) -> str:
        """'niemand' or 'iedereen' when every group compared has 0% (or 100%), else ''."""
        return "" if self.v.te_klein else uiterst_woord(self.v.tellers, self.v.noemers)

    @property
    def verborgen_reden(self) -> str:
        """Why a comparison without a small group is not shown (secondary suppression)."""
        return VERBORGEN_REDEN

    def niet_te_zeggen(self, wat: str) -> str:
        """The sentence that says why the comparison is not made (a group too small)."""
        return self._h.te_klein_zin(self.v, wat)


class Verandering:
    """The change of one indicator since the previous wave, for a template."""

    def __init__(self, h: Hoofdstukbron, indicator: str, groep: str = TOTAAL) -> None:
        self._h, self.indicator, self.groep = h, indicator, groep
        self._r = h.verandering_rij(indicator, groep) if h.gevraagd(indicator) else None

    @property
    def er_is_een_vorige_meting(self) -> bool:
        return self._r is not None

    @property
    def te_klein(self) -> bool:
        r = self._r
        return r is not None and (too_small(r.n_vorig) or too_small(r.n))

    @property
    def bekend(self) -> bool:
        """A previous wave asked it and both years have enough respondents to compare."""
        return self._r is not None and not self.te_klein

    @property
    def aantoonbaar(self) -> bool:
        return self.bekend and self._r.oordeel == "significant"

    @property
    def vorig_jaar(self) -> int:
        return int(self._r.jaar_vorig)

    @property
    def van(self) -> str:
        return percentage_tekst(self._r.pct_vorig, self._r.n_vorig)

    @property
    def naar(self) -> str:
        return percentage_tekst(self._r.pct, self._r.n)

    @property
    def woord(self) -> str:
        """'gestegen', 'gedaald', 'vrijwel gelijk gebleven' or 'niet aantoonbaar
        veranderd', by the test."""
        return dutch.verandering_woord(
            self.aantoonbaar,
            shown_difference(self._r.pct_vorig, self._r.pct),
            (self._r.ci_laag, self._r.ci_hoog),
        )

    def in_groep(self, groep: str) -> Verandering:
        return Verandering(self._h, self.indicator, groep)

    @property
    def binnen_groepen(self) -> list:
        """The supported changes within a group that did not move as everyone did, by the
        one rule of :func:`key_points.veranderingen` (the samenvatting, chapter 7 and the
        summaries for respondents name the same): what a chapter adds after the change of
        all inburgeraars, so that no supported change is missing from its body."""
        if self._r is None or self.groep != TOTAAL:
            return []
        rijen = self._h.verandering[self._h.verandering.indicator == self.indicator]
        return [
            k for k in key_points.veranderingen(rijen, [self.indicator], self._h.registry) if k.wie
        ]


class _Opzoeker:
    """``ind.taalles`` and ``ind["taalles"]`` for a template: a view per indicator."""

    def __init__(self, maak) -> None:
        self._maak = maak

    def __getattr__(self, naam: str):
        if naam.startswith("_"):
            raise AttributeError(naam)
        return self._maak(naam)

    __getitem__ = __getattr__


class _Signalen:
    def __init__(self, h: Hoofdstukbron) -> None:
        self._h = h

    def __getattr__(self, naam: str) -> bool:
        if naam.startswith("_"):
            raise AttributeError(naam)
        return self._h.signaal(naam)


def zichtbaar(h: Hoofdstukbron, soort: str = "verandering") -> dict[str, float] | None:
    """The smallest difference the monitor sees with 80% power (points, at the lenient and
    the strict end of the correction; Tabel D.3): of all inburgeraars since the previous
    wave (``soort='verandering'``; None in a first wave) or between asielstatushouders and
    gezinsmigranten (``'groepen'``) -- what a sentence calling something unchanged or equal
    must add; or (``'volgende'``) of the next wave against this one when everyone is
    invited (:func:`analysis.statistics.precision.everyone`). None where it cannot be
    computed."""
    from analysis.statistics import precision

    if soort == "volgende":  # the next wave against this one, everyone invited
        alles = precision.everyone(
            float(h.jg.meta["populatie"]),
            precision.respons(h.jg),
            precision.planning_m(h.schattingen),
            h.jg.n,
        )
        ruim, streng = alles["mdd_ruim"], alles["mdd_streng"]
        return {"ruim": ruim, "streng": streng} if math.isfinite(ruim) else None
    if soort == "verandering" and h.verandering.empty:
        return None
    mdd, _ = precision.for_year(h.schattingen, h.jg, h.data_dir)
    begin = "alle inburgeraars" if soort == "verandering" else "asielstatushouders tegenover"
    rij = mdd[mdd.vergelijking.str.startswith(begin)]
    if rij.empty:
        return None
    ruim, streng = float(rij.mdd_ruim.iloc[0]), float(rij.mdd_streng.iloc[0])
    if not (math.isfinite(ruim) and math.isfinite(streng)):
        return None  # e.g. a group nobody of this year belongs to
    return {"ruim": ruim, "streng": streng}
