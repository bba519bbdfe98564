"""A figure's title: the finding it shows, chosen from the result, in words that follow the
test (as the published report titles its figures); the label follows it.

Part of :class:`analysis.chapter.Hoofdstuk` through :class:`analysis.chapter.figures.Figuren`
(it reads ``self.registry``, ``self.rij``, ``self.verschil``, ``self.vergelijk``,
``self.utrecht`` from there). Why apart from the drawing: a title is a claim, chosen by the
same rules as the text's sentences (macros ``z.figuurtitel_*`` in ``chapters/_zinnen.jinja``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from analysis.statistics.disclosure import too_small
from analysis.statistics.indicators import TOTAAL
from analysis.statistics.rounding import round_half_up
from analysis.text.formatting import hoofdletter
from analysis.text.results import Aandeel, Utrecht, Verschil


def met_titel(titel: str, caption: str) -> str:
    """A caption: the title (the finding, in bold as the published report sets it) and then
    the label, as two sentences."""
    return f"**{titel}.** {caption}" if titel else caption


def macro_titel(macro: str, **waarden: object) -> str:
    """One ``z.figuurtitel_*`` macro rendered, on one line."""
    from analysis.text import templates

    return " ".join(templates.render("{{ z." + macro + " }}", waarden).split())


class Figuurtitels:
    """See the module: one part of :class:`analysis.chapter.Hoofdstuk`."""

    def figuurtitel(
        self,
        indicators: str | Sequence[str],
        groepen: Sequence[str],
        utrecht: str | None = None,
        paar: tuple[str, str, str, str] | None = None,
        beantwoord: bool = False,
    ) -> str:
        """What a figure shows, as the sentence that heads its caption, chosen from the
        result as the published report's titles are ("Grote verschillen in betaald werk ...");
        the label (what is measured, among whom) follows it. Why here: a title is a claim,
        so its words follow the same test as the text's (macros ``z.figuurtitel_*`` in
        ``chapters/_zinnen.jinja``):

        - ``paar``: the comparison of those two groups, as the chapter makes it;
        - asielstatushouders and gezinsmigranten both drawn: their difference, or over
          several measures how many differ and where most;
        - all inburgeraars with a Utrecht figure: the same against the Utrecht figure;
        - nationalities: whether the shares differ, and that this is not tested;
        - all inburgeraars without a comparison (or none possible): the largest share, as
          a sentence.

        A comparison that cannot be made says why; where the two groups cannot be compared
        at all (the text says so once), the figure's largest share for all inburgeraars.
        '' where none of these applies."""
        inds = [indicators] if isinstance(indicators, str) else list(indicators)
        if paar is not None:
            a, b, wie_a, wie_b = paar
            v = Verschil(self, self.vergelijk(inds[0], [a, b], beantwoord=beantwoord))
            return macro_titel(
                "figuurtitel_paar(v, dat, a, b, zin)",
                v=v,
                dat=self._dat(inds[0]),
                a=wie_a,
                b=wie_b,
                zin=self.registry[inds[0]].zin,
            )
        if beantwoord:
            return ""
        if {"asielstatushouder", "gezinsmigrant"} <= set(groepen):
            vs = {i: Verschil(self, self.verschil(i)) for i in inds}
            te_vergelijken = {
                i: v for i, v in vs.items() if not (v.te_klein or v.niemand_of_iedereen)
            }
            if all(v.te_klein for v in vs.values()) and TOTAAL in groepen:
                # the text says once per chapter why the groups are not compared; the title
                # tells what the figure does show, not the same excuse under every figure
                anders = self._grootste(inds)
                if anders:
                    return anders
            if len(inds) == 1 or not te_vergelijken:  # one measure, or why none compares
                return macro_titel(
                    "figuurtitel_groepen(v, dat)", v=vs[inds[0]], dat=self._dat(inds[0])
                )
            return self._titel_meer(
                te_vergelijken,
                {i: abs(v.v.verschil) for i, v in te_vergelijken.items() if v.aantoonbaar},
                "asielstatushouders en gezinsmigranten",
                lambda i: macro_titel("figuurtitel_groepen(v, dat)", v=vs[i], dat=self._dat(i)),
            )
        if groepen and all(g.startswith("nationaliteit=") for g in groepen):
            return macro_titel(
                "figuurtitel_nationaliteiten(uiteen)", uiteen=self._uiteen(inds, groepen)
            )
        if list(groepen) == [TOTAAL]:
            return (self._titel_utrecht(inds, utrecht) if utrecht else "") or self._grootste(inds)
        return ""

    def _titel_utrecht(self, inds: list[str], utrecht: str) -> str:
        """All inburgeraars against the Utrecht figure ('' where no measure has one)."""
        us = {i: Utrecht(self, i, utrecht, TOTAAL) for i in inds}
        bekend = {i: u for i, u in us.items() if u.bekend}
        if len(bekend) <= 1:
            i = next(iter(bekend), inds[0])
            return macro_titel("figuurtitel_utrecht(u, dat)", u=us[i], dat=self._dat(i))
        return self._titel_meer(
            bekend,
            {
                i: abs(self.rij(i).percentage - (self.utrecht(i, utrecht) or 0.0))
                for i, u in bekend.items()
                if u.hoger or u.lager
            },
            f"inburgeraars en {next(iter(bekend.values())).wie}",
            lambda i: macro_titel("figuurtitel_utrecht(u, dat)", u=us[i], dat=self._dat(i)),
        )

    def _grootste(self, inds: list[str]) -> str:
        """The largest share shown, as a sentence ('' where none is shown)."""
        getoond = [a for a in (Aandeel(self, i) for i in inds) if a.afgerond is not None]
        if not getoond:
            return ""
        a = max(getoond, key=lambda x: x.afgerond or 0)
        return hoofdletter(f"{a.uiterst or a.deel} {a.zin}")

    def _dat(self, indicator: str) -> str:
        return self.registry[indicator].dat

    def _titel_meer(
        self, kandidaten: dict, verschillen: dict[str, float], wie: str, een: Callable[[str], str]
    ) -> str:
        """The title over several measures: with exactly one demonstrable difference that one
        (``een``), else how many of the comparable measures differ and where most."""
        if not kandidaten:
            return ""
        if len(verschillen) == 1:
            return een(next(iter(verschillen)))
        grootste = max(verschillen, key=verschillen.__getitem__) if verschillen else None
        return macro_titel(
            "figuurtitel_meer(k, n, wie, dat)",
            k=len(verschillen),
            n=len(kandidaten),
            wie=wie,
            dat=self._dat(grootste) if grootste else "",
        )

    def _uiteen(self, indicators: Sequence[str], groepen: Sequence[str]) -> bool:
        """Whether the shares shown differ between the groups for any indicator, as printed
        (whole percentages, rounded as everywhere in the report)."""
        for ind in indicators:
            shown = {
                int(round_half_up(float(r.percentage)))
                for g in groepen
                if not too_small((r := self.rij(ind, g)).noemer)
            }
            if len(shown) > 1:
                return True
        return False
