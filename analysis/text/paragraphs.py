"""The paragraphs a chapter asks for by name: nationalities, wellbeing by group, age
differences, the verdicts of several comparisons and the regression models.

Each has many cases (any number of nationalities, a model that may not converge). Python
decides what there is to say, in small steps; the words are macros in
``chapters/_alineas.jinja``, which a researcher edits like any template. They are methods of
:class:`analysis.chapter.Hoofdstuk`, as the sentences of :mod:`analysis.text.sentences` are,
and read the chapter's numbers through self.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from analysis.statistics.disclosure import too_small
from analysis.text.formatting import (
    getal,
    pct,
    percentage_tekst,
    shown_difference,
)
from analysis.text.labels import weergavenaam
from analysis.text.sentences import Zinnen
from analysis.text.templates import alinea

if TYPE_CHECKING:
    from analysis.statistics.comparisons import Vergelijking
    from analysis.statistics.models import LogitResult


# The words for an association in a descriptive model (no declared family, uncorrected p):
# what the data show, not a verdict.
VERBAND = {True: "blijft zichtbaar", False: "is dan niet meer duidelijk"}


class Alineas:
    """One part of :class:`analysis.chapter.Hoofdstuk` (see the module)."""

    def leeftijdsverschil_zin(self, v: Vergelijking, wat: str) -> str:
        """The age comparison of an indicator, worded by its verdict: the extremes are named
        only when the test shows a difference (never 'het meest' next to 'niet significant');
        otherwise the range of the groups is given as not demonstrably different, or -- with
        a too small age group -- why nothing can be said."""
        if v.te_klein:
            return alinea("leeftijdsverschil", wat=wat, te_klein=True)
        orde = sorted(range(len(v.groepen)), key=lambda i: (-v.shares[i], i))
        hoog, laag = orde[0], orde[-1]
        cat = [g.split("=", 1)[1] for g in v.groepen]
        p = [percentage_tekst(100 * s, n) for s, n in zip(v.shares, v.noemers, strict=True)]
        return alinea(
            "leeftijdsverschil",
            wat=wat,
            te_klein=False,
            aantoonbaar=v.significant,
            verkennend=v.significant and v.verkennend,
            gelijk=shown_difference(100 * v.shares[laag], 100 * v.shares[hoog]) == 0,
            hoog={"wie": self.leeftijd_woorden(cat[hoog]), "p": p[hoog]},
            laag={"wie": self.leeftijd_woorden(cat[laag]), "p": p[laag]},
        )

    def oordelen_zin(self, wat: str, paren: Sequence[tuple[str, Vergelijking]]) -> str:
        """Several comparisons of one indicator ('tussen mannen en vrouwen', 'tussen de
        leeftijdsgroepen') in correct Dutch for every combination of verdicts: one sentence
        per verdict, the demonstrable differences first, then those that are not, then
        those that cannot be made."""
        sig = [naam for naam, v in paren if not v.te_klein and v.significant]
        niet = [naam for naam, v in paren if not v.te_klein and not v.significant]
        klein = [naam for naam, v in paren if v.te_klein]
        verkennend = any(v.verkennend for _, v in paren if not v.te_klein and v.significant)
        return alinea("oordelen", wat=wat, sig=sig, niet=niet, klein=klein, verkennend=verkennend)

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
        return alinea(
            "bereik",
            wat=wat,
            gelijk=pct(hoog) == pct(laag),
            laag={"p": tekst[laag], "wie": self.nationaliteit_woorden(naam[laag])},
            hoog={"p": tekst[hoog], "wie": self.nationaliteit_woorden(naam[hoog])},
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
        from analysis.data.privacy import MIN_CELL

        groot, klein = self.categorieen(indicator, "nationaliteit")
        woorden = {
            "groot": groot,
            "klein": [weergavenaam("nationaliteit", n, True) for n in klein],
            "min_cel": MIN_CELL,
            "label": label,
        }
        if len(groot) < 2:
            alleen = self.nationaliteit_woorden(groot) if groot else ""
            tekst = alinea("nationaliteiten", **woorden, bereiken=[], aantoonbaar=[], alleen=alleen)
            return tekst, []
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
        bereiken = [
            self._bereik(indicator, wat, groot),
            self._bereik(ander, ander_wat, groot) if self.gevraagd(ander) else "",
        ]
        bereiken = [b for b in bereiken if b]
        tekst = alinea("nationaliteiten", **woorden, bereiken=bereiken, aantoonbaar=aantoonbaar)
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
        # 'voelen zich minder vaak dan gezinsmigranten (heel) vaak gelukkig' split the
        # comparative around what it compares; the share reads whole, and the openings vary
        openingen = [
            "Onder asielstatushouders is het aandeel dat {dat}, {{hoger_lager}} dan onder "
            "gezinsmigranten ({{tegenover}}).",
            "Daarnaast is het aandeel dat {dat}, onder asielstatushouders {{hoger_lager}} "
            "({{tegenover}}).",
            "Het aandeel dat {dat}, is onder asielstatushouders {{hoger_lager}} ({{tegenover}}).",
        ]
        zinnen = [
            self.vergelijkingszin(
                i,
                openingen[min(n, len(openingen) - 1)].format(dat=self.registry[i].dat),
                items[i][0],
            )
            for n, i in enumerate(sig)
        ]
        return alinea(
            "welzijn_groepen",
            aantal=len(gevraagd),
            label=label,
            sig=[items[i][0] for i in sig],
            zinnen=zinnen,
            rest=[items[i][0] for i in getoetst if i not in sig],
        )

    def model_tekst(
        self, uitkomst: str, blootstelling: str, zin: str, anders: str
    ) -> tuple[str, LogitResult | None]:
        """An association controlled for group, age and sex, in adjusted percentages (not an
        odds ratio, which lay readers take for a risk ratio), and the fitted model for the
        table; ``anders`` and None when the model cannot be estimated or a side of the
        exposure has too few respondents to publish a share for.

        ``zin`` has the fields ``{n}`` (respondents in the model), ``{met}`` and ``{zonder}``
        (adjusted percentages of the outcome with and without the exposure) and
        ``{verband}`` ('blijft zichtbaar' or 'is dan niet meer duidelijk', from the 95%
        interval of the odds ratio: a description, since the model belongs to no declared
        family and its p is not corrected for the number of comparisons)."""
        import numpy as np
        from statsmodels.tools.sm_exceptions import PerfectSeparationError

        from analysis.statistics.indicators import indicator_flags
        from analysis.statistics.models import logit_odds_ratios

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
        if not (np.isfinite(laag) and np.isfinite(hoog)) or not fit.controles:
            return anders, None  # no control left: the model would add nothing
        verband = VERBAND[fit.aantoonbaar]
        tekst = zin.format(
            n=getal(fit.n), met=pct(fit.pct_met), zonder=pct(fit.pct_zonder), verband=verband
        )
        return tekst, fit
