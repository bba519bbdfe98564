"""The sentences a chapter still builds in Python: those whose wording has many branches.

Why here and not in a template: a comparison of any number of groups, the nationality
paragraph for any number of nationalities, or a model that may not converge have too many
cases for a readable template; each method returns one finished, tested sentence or
paragraph that a ``%%tekst`` template prints with ``{{ h.naam(...) }}``. The words that
depend on a result come from :mod:`analysis.nederlands`; the numbers from the chapter's
estimates (:class:`analysis.chapter.Hoofdstuk`, of which this class is a part: it reads
``self.rij``, ``self.verschil``, ``self.registry`` and the like from there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from analysis import nederlands
from analysis.disclosure import percentage_tekst, too_small
from analysis.formatting import getal, grens, hoofdletter, pct, shown_difference, telwoord
from analysis.indicators import GROEPEN, group_words, weergavenaam

if TYPE_CHECKING:
    from analysis.comparisons import Vergelijking
    from analysis.models import LogitResult

punten_met_eenheid = nederlands.procentpunten



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
        with (which need not be the year before), 'het vorige jaar' in a first year."""
        if self.verandering.empty:
            return "Vergelijking met het vorige jaar"
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
        klein = [n for n, k in zip(namen, v.noemers, strict=True) if too_small(k)]
        wie = " en ".join(namen) if len(namen) == 2 else ", ".join(namen[:-1]) + " en " + namen[-1]
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

        ``zin`` is a template with the fields ``{vaker_dan}``, ``{vaker}``, ``{tegenover}``
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
            tegenover=self.tegenover(v),
            a=a,
            b=b,
            oordeel=v.oordeel(),
            verschil=self.verschil_punten(v),
        )

    def niemand_iedereen_zin(self, indicator: str, rest: str) -> str:
        """'Niemand {rest}.' when no respondent asked has the outcome, 'Iedereen {rest}.'
        when all have it, '' otherwise: the sentence that replaces a comparison or a model
        of an outcome without variation (which has nothing to compare)."""
        if not self.gevraagd(indicator):
            return ""
        row = self.rij(indicator)
        if row.noemer and row.teller == 0:
            return f"Niemand {rest}."
        if row.noemer and row.teller == row.noemer:
            return f"Iedereen {rest}."
        return ""

    def niemand_of_iedereen(self, v: Vergelijking) -> str:
        """'Zowel onder asielstatushouders als onder gezinsmigranten geldt '(heel) vaak erg
        zenuwachtig' voor niemand.' when every group compared has 0% (or every group 100%);
        '' otherwise. Why: '(0% tegenover 0%; ongeveer even vaak)' compares nothing; an
        outcome no one (or everyone) has is a finding of its own."""
        tellers, noemers = v.tellers, v.noemers
        if all(t == 0 for t in tellers):
            wie = "niemand"
        elif all(t == n for t, n in zip(tellers, noemers, strict=True)):
            wie = "iedereen"
        else:
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

    opsomming = staticmethod(nederlands.opsomming)

    aantal = staticmethod(nederlands.aantal)

    rangtelwoord = staticmethod(nederlands.rangtelwoord)

    leeftijd_woorden = staticmethod(nederlands.leeftijd_woorden)

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

    def leeftijdsverschil_zin(self, v: Vergelijking, wat: str) -> str:
        """The age comparison of an indicator, worded by its verdict: the extremes are named
        only when the test shows a difference (never 'het meest' next to 'niet significant');
        otherwise the range of the groups is given as not demonstrably different, or -- with
        a too small age group -- why nothing can be said."""
        if v.te_klein:
            return (
                f"Of {wat} naar leeftijd verschilt, is niet te zeggen: in een of meer "
                "leeftijdsgroepen zijn daarvoor te weinig respondenten."
            )
        orde = sorted(range(len(v.groepen)), key=lambda i: (-v.shares[i], i))
        hoog, laag = orde[0], orde[-1]
        cat = [g.split("=", 1)[1] for g in v.groepen]
        p = [percentage_tekst(100 * s, n) for s, n in zip(v.shares, v.noemers, strict=True)]
        if v.significant:
            return (
                f"Naar leeftijd verschilt dat aantoonbaar: het vaakst gaat het om inburgeraars "
                f"{self.leeftijd_woorden(cat[hoog])} ({p[hoog]}), het minst vaak om die "
                f"{self.leeftijd_woorden(cat[laag])} ({p[laag]})."
            )
        if shown_difference(100 * v.shares[laag], 100 * v.shares[hoog]) == 0:
            return f"Naar leeftijd is er geen verschil ({p[hoog]} in elke leeftijdsgroep)."
        return (
            f"Tussen de leeftijdsgroepen lopen de cijfers uiteen van {p[laag]} tot {p[hoog]}, "
            "maar dat verschil is statistisch niet aantoonbaar."
        )

    def oordelen_zin(self, wat: str, paren: Sequence[tuple[str, Vergelijking]]) -> str:
        """Several comparisons of one indicator ('tussen mannen en vrouwen', 'tussen de
        leeftijdsgroepen') in correct Dutch for every combination of verdicts: one sentence
        per verdict, the demonstrable differences first, then those that are not, then
        those that cannot be made."""
        sig = [naam for naam, v in paren if not v.te_klein and v.significant]
        niet = [naam for naam, v in paren if not v.te_klein and not v.significant]
        klein = [naam for naam, v in paren if v.te_klein]
        zinnen = []
        if sig:
            zinnen.append(
                f"Het verschil in {wat} {self.opsomming(sig)} is statistisch significant."
            )
        if niet:
            if sig:
                zinnen.append(
                    f"{hoofdletter(self.opsomming(niet))} is het verschil niet statistisch "
                    "significant."
                )
            else:
                zinnen.append(
                    f"Het verschil in {wat} {self.opsomming(niet)} is niet statistisch significant."
                )
        if klein:
            zinnen.append(
                f"Of {wat} verschilt {self.opsomming(klein)}, is niet te zeggen: daarvoor zijn "
                "te weinig respondenten."
            )
        return " ".join(zinnen)

    @staticmethod
    def nationaliteit_woorden(namen: Sequence[str]) -> str:
        """'Syrische nationaliteit', 'Syrische en Turkse nationaliteit'; a category that is no
        adjective as "nationaliteit 'Amerikaans burger'"."""
        namen = [weergavenaam("nationaliteit", n, genest=True) for n in namen]
        if all(n.endswith("e") for n in namen):
            return f"{Zinnen.opsomming(namen)} nationaliteit"

        def een(n: str) -> str:
            # a register name with its own brackets: 'Ivoriaanse nationaliteit [Côte d'Ivoire]'
            # (never brackets or quotes inside the brackets or quotes around it)
            m = re.fullmatch(r"(.*?)\s*(\[.*\])", n)
            kern, toevoeging = (m.group(1), " " + m.group(2)) if m else (n, "")
            if kern.endswith("e"):
                return f"{kern} nationaliteit{toevoeging}"
            naam = kern if "'" in kern else f"'{kern}'"
            return f"nationaliteit {naam}{toevoeging}"

        return Zinnen.opsomming([een(n) for n in namen])

    def _bereik(self, indicator: str, wat: str, namen: Sequence[str]) -> str:
        """'Het aandeel dat ... loopt uiteen van 52% (Turkse nationaliteit) tot 80% (Syrische
        nationaliteit).' over the nationalities ``namen``; '' with fewer than two shown."""
        waarden = {n: self.v(indicator, f"nationaliteit={n}") for n in namen}
        waarden = {n: w for n, w in waarden.items() if w == w}  # suppressed: NaN
        if len(waarden) < 2:
            return ""
        hoog, laag = max(waarden.values()), min(waarden.values())
        naam = {w: [n for n in namen if waarden.get(n) == w] for w in (hoog, laag)}
        # the share as text, 'ca. 40%' when it rests on fewer than 50 respondents
        tekst = {w: self.p(indicator, f"nationaliteit={naam[w][0]}") for w in (hoog, laag)}
        if pct(hoog) == pct(laag):
            return f"Het aandeel dat {wat} is bij elk van deze nationaliteiten {tekst[hoog]}."
        return (
            f"Het aandeel dat {wat} loopt uiteen van {tekst[laag]} "
            f"({self.nationaliteit_woorden(naam[laag])}) tot {tekst[hoog]} "
            f"({self.nationaliteit_woorden(naam[hoog])})."
        )

    def nationaliteiten_tekst(
        self,
        indicator: str,
        wat: str,
        ander: str,
        ander_wat: str,
        groepsverschil: str,
        label: str,
    ) -> tuple[str, list[str]]:
        """The paragraph on nationalities, for any number of them, and the nationalities large
        enough to show (for figure ``label``; fewer than two: no figure and no reference).

        Differences between nationalities are not tested (the groups are small and many), so
        the text gives the range of the shares, never 'vaker'; it names the split between
        asielstatushouders and gezinsmigranten as a possible factor only when that split is
        demonstrable on ``groepsverschil`` (the indicator compared between the two groups)."""
        from analysis.disclosure import MIN_CELL

        groot, klein = self.categorieen(indicator, "nationaliteit")
        if len(klein) > 4:
            over_klein = (
                f"Over {telwoord(len(klein))} andere nationaliteiten zijn te weinig antwoorden "
                "om iets te zeggen."
            )
        elif klein:
            over_klein = (
                f"Over de {'nationaliteit' if len(klein) == 1 else 'nationaliteiten'} "
                f"{self.opsomming([weergavenaam('nationaliteit', n, True) for n in klein])} "
                "zijn te weinig antwoorden om iets te zeggen."
            )
        else:
            over_klein = ""
        if len(groot) < 2:
            alleen = (
                f"Alleen inburgeraars met de {self.nationaliteit_woorden(groot)} zijn met "
                f"{MIN_CELL} of meer in de enquête"
                if groot
                else f"Geen enkele nationaliteit telt {MIN_CELL} of meer respondenten"
            )
            zin = f"{alleen}; verschillen tussen nationaliteiten zijn dus niet te beschrijven."
            return self.zinnen(zin, over_klein), []
        # The split between the groups may play a part only where the groups demonstrably
        # differ -- said per indicator, not for both when it holds for one.
        kandidaten = [(groepsverschil, wat)] + (
            [(ander, ander_wat)] if self.gevraagd(ander) and ander != groepsverschil else []
        )
        aantoonbaar = [
            w
            for ind, w in kandidaten
            if not self.verschil(ind).te_klein and self.verschil(ind).significant
        ]
        verklaring = (
            "Omdat nationaliteiten verschillend verdeeld zijn over asielstatushouders en "
            "gezinsmigranten, en die twee groepen aantoonbaar verschillen in het aandeel dat "
            f"{self.opsomming(aantoonbaar)}, kan die verdeling daar meespelen."
            if aantoonbaar
            else "Ze kunnen ook op toeval berusten."
        )
        tekst = self.zinnen(
            f"Ook tussen nationaliteiten lopen de antwoorden uiteen (@fig-{label}), voor zover "
            f"de groepen groot genoeg zijn om iets te zeggen: {telwoord(len(groot))} "
            f"nationaliteiten tellen {MIN_CELL} of meer respondenten.",
            self._bereik(indicator, wat, groot),
            self._bereik(ander, ander_wat, groot) if self.gevraagd(ander) else "",
            f"Deze verschillen tussen nationaliteiten zijn niet getoetst. {verklaring}",
            over_klein,
        )
        return tekst, sorted(groot)

    def welzijn_groepen_tekst(self, items: dict[str, tuple[str, str]], label: str) -> str:
        """Asielstatushouders against gezinsmigranten on a set of feelings: the demonstrable
        differences each with both shares, then the feelings without one; never 'het meest'
        for a difference the test does not show. ``items``: indicator -> (noun, 'vaak
        gelukkig'), for the items asked this year; ``label``: the figure showing them."""
        gevraagd = [i for i in items if self.gevraagd(i)]
        if not gevraagd:
            return ""
        getoetst = [i for i in gevraagd if not self.verschil(i).te_klein]
        if not getoetst:
            return self.te_klein_zin(gevraagd[0], "welzijn")
        sig = [i for i in getoetst if self.verschil(i).significant]
        rest = [items[i][0] for i in getoetst if i not in sig]
        aantal = telwoord(len(gevraagd))
        if not sig:
            return (
                f"Bij geen van de {aantal} welzijnsvragen verschillen asielstatushouders en "
                f"gezinsmigranten aantoonbaar (@fig-{label})."
            )
        zinnen = [
            self.vergelijkingszin(
                i,
                f"Asielstatushouders voelen zich {{vaker_dan}} gezinsmigranten {items[i][1]} "
                "({tegenover}).",
                items[i][0],
            )
            for i in sig
        ]
        slot = (
            f"Bij {self.opsomming(rest)} is een verschil tussen de groepen niet aantoonbaar."
            if rest
            else ""
        )
        kop = (
            f"Van de {aantal} welzijnsvragen verschillen de groepen aantoonbaar bij "
            f"{self.opsomming([items[i][0] for i in sig])} (@fig-{label})."
        )
        return self.zinnen(kop, *zinnen, slot)

    def model_tekst(
        self, uitkomst: str, blootstelling: str, zin: str, anders: str
    ) -> tuple[str, LogitResult | None]:
        """An association controlled for group, age and sex, in adjusted percentages (not an
        odds ratio, which lay readers take for a risk ratio), and the fitted model for the
        table; ``anders`` and None when the model cannot be estimated or a side of the
        exposure has too few respondents to publish a share for.

        ``zin`` has the fields ``{n}`` (respondents in the model), ``{met}`` and ``{zonder}``
        (adjusted percentages of the outcome with and without the exposure) and
        ``{verband}`` ('blijft dus bestaan' or 'is dan niet meer aantoonbaar', from the 95%
        interval of the odds ratio)."""
        import numpy as np
        from statsmodels.tools.sm_exceptions import PerfectSeparationError

        from analysis.indicators import indicator_flags
        from analysis.models import logit_odds_ratios

        if not (self.gevraagd(uitkomst) and self.gevraagd(blootstelling)):
            return anders, None
        flags = pd.DataFrame(
            {"y": indicator_flags(self.df, uitkomst), "x": indicator_flags(self.df, blootstelling)}
        ).dropna()
        if any(too_small(int((flags.x == w).sum())) for w in (0, 1)):
            return anders, None
        try:
            fit = logit_odds_ratios(self.df, uitkomst, blootstelling)
        except (np.linalg.LinAlgError, PerfectSeparationError, ValueError):
            return anders, None
        laag, hoog = fit.interval
        if not (np.isfinite(laag) and np.isfinite(hoog)):
            return anders, None
        verband = "blijft dus bestaan" if fit.aantoonbaar else "is dan niet meer aantoonbaar"
        tekst = zin.format(
            n=getal(fit.n), met=pct(fit.pct_met), zonder=pct(fit.pct_zonder), verband=verband
        )
        return tekst, fit
