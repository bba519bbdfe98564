"""The sentences a chapter still builds in Python: those whose wording has many branches.

Why here and not in a template: a comparison of any number of groups, the nationality
paragraph for any number of nationalities, or a model that may not converge have too many
cases for a readable template; each method returns one finished, tested sentence or
paragraph that a ``%%tekst`` template prints with ``{{ h.<methode>(...) }}``. The words that
depend on a result come from :mod:`analysis.text.dutch`; the numbers from the chapter's
estimates (:class:`analysis.chapter.Hoofdstuk`, of which this class is a part: it reads
``self.rij``, ``self.verschil``, ``self.registry`` and the like from there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from analysis.statistics.disclosure import VERBORGEN_REDEN, too_small
from analysis.statistics.indicators import GROEPEN, TOTAAL
from analysis.text import dutch
from analysis.text.formatting import (
    grens,
    hoofdletter,
    percentage_tekst,
    shown_difference,
)
from analysis.text.labels import group_words

if TYPE_CHECKING:
    from analysis.statistics.comparisons import Vergelijking

punten_met_eenheid = dutch.procentpunten


def te_kleine_groepen_in(v: Vergelijking) -> list[str]:
    """The groups of a comparison with fewer than ``MIN_CELL`` respondents, in words
    ('gezinsmigranten'); none where it is withheld for another reason (a hidden side)."""
    return [group_words(g) for g, n in zip(v.groepen, v.noemers, strict=True) if too_small(n)]


def uiterst_woord(tellers: Sequence[float], noemers: Sequence[float]) -> str:
    """'niemand' when no one counted has the outcome, 'iedereen' when all have it, ''
    otherwise: the one rule for an outcome without variation, for one group or several."""
    if all(t == 0 for t in tellers):
        return "niemand"
    if all(t == n for t, n in zip(tellers, noemers, strict=True)):
        return "iedereen"
    return ""


class Zinnen:
    """See the module: one part of :class:`analysis.chapter.Hoofdstuk`."""

    def verschil_punten(self, v: Vergelijking) -> str:
        """The difference with its interval, in words: '48 punten minder (95%-interval 40
        tot 56 punten)' -- the first group relative to the second -- or why there is none.

        The points are those of the printed percentages (6% and 54%: 48), so the reader's
        own subtraction agrees; the interval is that of the exact difference."""
        if v.te_klein:
            return "geen verschil te geven (te weinig respondenten)"
        low, high = v.interval
        a, b = v.paar
        d = shown_difference(v.percentages[b], v.percentages[a])
        p = punten_met_eenheid

        def g(x: float, teken: bool = True) -> str:
            return p(x, teken, is_grens=True)

        if d == 0:
            return f"geen verschil in hele procentpunten (95%-interval {g(low)} tot {g(high)})"
        woord = "meer" if d > 0 else "minder"
        if low * high > 0 and (low > 0) == (d > 0):  # the interval lies on the side of d
            lo, hi = sorted((abs(low), abs(high)))
            interval = f"{grens(lo, teken=False)} tot {g(hi, teken=False)} {woord}"
        else:
            interval = f"{g(low)} tot {g(high)}"
        return f"{p(d, teken=False)} {woord} (95%-interval {interval})"

    def geen_meting_zin(self, vorig: int) -> str:
        """'Er was geen meting in 2025.' when the previous measurement is not the year
        before (a gap year); '' otherwise. Why: a change 'sinds 2024' in a 2026 edition
        must not read as a change over one year."""
        gat = list(range(vorig + 1, self.jaar))
        if not gat:
            return ""
        return f"Er was geen meting in {self.opsomming([str(j) for j in gat])}."

    def vergelijking_kop(self) -> str:
        """The heading of the change section: 'Vergelijking met 2024' naming the year compared
        with (which need not be the year before), 'een vorige meting' in a first year."""
        if self.verandering.empty:
            return "Vergelijking met een vorige meting"
        return f"Vergelijking met {int(self.verandering.jaar_vorig.iloc[0])}"

    def niet_gevraagd(self, indicator: str) -> str:
        """'De vraag naar 'vindt het niet leuk in de buurt te wonen' is in 2025 niet
        gesteld.' -- or, for a question asked that nobody answered (declared in meta.yml
        ``niet_beantwoord``), that it was asked but not answered, so there is no figure."""
        kort = self.registry[indicator].kort
        leeg = self.jg.meta.get("niet_beantwoord") or []
        if any(i in leeg for i in self.registry[indicator].items):
            return (
                f"De vraag naar '{kort}' is in {self.jaar} wel gesteld, maar door niemand "
                "beantwoord; er is daarom geen cijfer."
            )
        return f"De vraag naar '{kort}' is in {self.jaar} niet gesteld."

    def _vergelijking(self, v: Vergelijking | str) -> Vergelijking:
        return self.verschil(v) if isinstance(v, str) else v

    def te_klein_zin(self, v: Vergelijking | str, wat: str) -> str:
        """Why a comparison is not made: 'Of asielstatushouders en gezinsmigranten
        verschillen in betaald werk, is niet te zeggen: te weinig gezinsmigranten
        beantwoordden de vraag.'"""
        v = self._vergelijking(v)
        te_klein = self.te_kleine_groepen
        if set(v.groepen) == set(GROEPEN) and te_klein:
            # The whole group is too small this year: say it once per chapter, not under
            # every indicator.
            if self._te_kleine_groepen_gemeld:
                return ""
            self._te_kleine_groepen_gemeld = True
            return (
                f"Dit jaar zijn te weinig {self.opsomming(te_klein)} ondervraagd om "
                "asielstatushouders en gezinsmigranten met elkaar te vergelijken."
            )
        namen = [group_words(g) for g in v.groepen]
        klein = te_kleine_groepen_in(v)
        wie = " en ".join(namen) if len(namen) == 2 else ", ".join(namen[:-1]) + " en " + namen[-1]
        if not klein:  # no group too small: the comparison is hidden (secondary suppression)
            return f"Of {wie} verschillen in {wat}, wordt niet getoond: {VERBORGEN_REDEN}."
        return (
            f"Of {wie} verschillen in {wat}, is niet te zeggen: te weinig "
            f"{' en '.join(klein)} beantwoordden de vraag."
        )

    def tegenover(self, v: Vergelijking | str, oordeel: bool = False) -> str:
        """'6% tegenover 54%' -- both shares of a two-group comparison, for inside brackets;
        with ``oordeel`` also the verdict ('; statistisch significant'), which belongs in
        tables and the methods rather than in running text, where the words ('vaker', 'niet
        aantoonbaar') carry it. Only for a comparison that can be made (see
        :meth:`vergelijkingszin`)."""
        v = self._vergelijking(v)
        a, b = (percentage_tekst(100 * s, n) for s, n in zip(v.shares, v.noemers, strict=True))
        return f"{a} tegenover {b}" + (f"; {v.oordeel()}" if oordeel else "")

    def vergelijkingszin(self, v: Vergelijking | str, zin: str, wat: str) -> str:
        """A sentence about a comparison, or -- when a group is too small -- the sentence
        that says so (:meth:`te_klein_zin`).

        ``zin`` is a template with the fields ``{vaker_dan}``, ``{vaker}``, ``{hoger_lager}``,
        ``{tegenover}``
        (both shares and the verdict), ``{a}``, ``{b}`` (the shares), ``{oordeel}`` and
        ``{verschil}`` (points with interval); ``wat`` names what is compared, for the
        fallback ('betaald werk', 'tevredenheid over het eigen Nederlands')."""
        v = self._vergelijking(v)
        if v.te_klein:
            return self.te_klein_zin(v, wat)
        niemand_iedereen = self.niemand_of_iedereen(v)
        if niemand_iedereen:
            return niemand_iedereen
        a, b = (percentage_tekst(100 * s, n) for s, n in zip(v.shares, v.noemers, strict=True))
        return zin.format(
            vaker_dan=self.vaker_dan(v),
            vaker=self.vaker(v),
            hoger_lager=dutch.hoger_lager(
                v.richting() in ("hoger", "lager"), v.verschil, v.interval
            ),
            tegenover=self.tegenover(v),
            a=a,
            b=b,
            oordeel=v.oordeel(),
            verschil=self.verschil_punten(v),
        )

    def uiterst(self, indicator: str, groep: str = TOTAAL) -> str:
        """'niemand' when no respondent of ``groep`` asked has the outcome, 'iedereen' when
        all have it, '' otherwise or when the share is not shown (the one rule for an
        outcome without variation, used by :meth:`niemand_iedereen_zin` and
        ``Aandeel.uiterst``)."""
        if not self.gevraagd(indicator):
            return ""
        row = self.rij(indicator, groep)
        if not row.noemer or too_small(row.noemer):
            return ""
        return uiterst_woord([row.teller], [row.noemer])

    def niemand_iedereen_zin(self, indicator: str, rest: str) -> str:
        """'Niemand {rest}.' when no respondent asked has the outcome, 'Iedereen {rest}.'
        when all have it, '' otherwise: the sentence that replaces a comparison or a model
        of an outcome without variation (which has nothing to compare)."""
        wie = self.uiterst(indicator)
        return f"{wie.capitalize()} {rest}." if wie else ""

    def niemand_of_iedereen(self, v: Vergelijking) -> str:
        """'Zowel onder asielstatushouders als onder gezinsmigranten geldt '(heel) vaak erg
        zenuwachtig' voor niemand.' when every group compared has 0% (or every group 100%);
        '' otherwise. Why: '(0% tegenover 0%; ongeveer even vaak)' compares nothing; an
        outcome no one (or everyone) has is a finding of its own."""
        wie = uiterst_woord(v.tellers, v.noemers)
        if not wie:
            return ""
        namen = [group_words(g) for g in v.groepen]
        kort = self.registry[v.indicator].kort
        groepen = (
            f"zowel onder {namen[0]} als onder {namen[1]}"
            if len(namen) == 2
            else f"in elk van de groepen ({self.opsomming(namen)})"
        )
        return f"{hoofdletter(groepen)} geldt '{kort}' voor {wie}."

    @staticmethod
    def zinnen(*delen: str) -> str:
        """Sentences joined into one paragraph (white space collapsed, so indented
        f-strings read as plain text), leaving out the empty ones."""
        return " ".join(" ".join(d.split()) for d in delen if d and d.strip())

    opsomming = staticmethod(dutch.opsomming)

    aantal = staticmethod(dutch.aantal)

    rangtelwoord = staticmethod(dutch.rangtelwoord)

    leeftijd_woorden = staticmethod(dutch.leeftijd_woorden)

    def meting_zin(self, jaren: Sequence[int]) -> str:
        """Which measurement this edition is, and what it is compared with -- true for any
        number of waves: the first says there is nothing to compare yet; a later one names
        its rank and the previous year only (the trend chapter compares with that year)."""
        eerder = sorted(j for j in jaren if j < self.jaar)
        if not eerder:
            return (
                f"Dit is de eerste meting, de **nulmeting** ({self.jaar}). Er zijn nog geen "
                "eerdere cijfers om mee te vergelijken; de volgende metingen laten zien hoe de "
                "uitkomsten zich ontwikkelen."
            )
        vorig = eerder[-1]
        return (
            f"Dit rapport beschrijft de {self.rangtelwoord(len(eerder) + 1)} meting, die van "
            f"{self.jaar}. In hoofdstuk -@sec-kernindicatoren, over de kernindicatoren, staan "
            f"de uitkomsten naast die van {vorig}, en de hoofdstukken zeggen bij de "
            "belangrijkste cijfers hoe die sindsdien zijn veranderd."
        )
