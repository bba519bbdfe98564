"""What a chapter notebook needs, in one object: the year's numbers, and output.

Why: notebooks hold narrative and short calls, never long logic. A chapter starts with::

    h = Hoofdstuk(jaar, data_dir, build_dir, gewogen)

after which its ``%%tekst`` cells (:mod:`analysis.text.templates`) write the prose with the year's
numbers and its code cells draw figures and tables. :class:`Hoofdstuk` is put together from
one part per concern, each in a module small enough to read in one sitting:

- this module: reading the year's estimates (the indicator table, the comparisons, the change
  since the previous wave, the Utrecht reference figures), as numbers and as shares;
- :mod:`analysis.text.sentences`: the few sentences with many branches still built in Python;
- :mod:`analysis.chapter.figures`: figures; :mod:`analysis.chapter.tables`: tables;
- :mod:`analysis.chapter.quote_blocks`: quotes;
- Dutch phrasing itself is :mod:`analysis.text.dutch` (pure functions).

Every number comes from the estimates the pipeline stored for the year
(:mod:`analysis.statistics.estimates`), so text, tables, figures and exports cannot disagree.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from analysis.chapter import charts
from analysis.chapter.figures import Figuren
from analysis.chapter.quote_blocks import Citaten
from analysis.chapter.tables import Tabellen
from analysis.chapter.utrecht import Utrechtvergelijking
from analysis.data.codebook import load_codebook
from analysis.data.load import load_year
from analysis.data.reading import Jaargang
from analysis.statistics import estimates
from analysis.statistics.comparisons import Vergelijking
from analysis.statistics.design import Ontwerp
from analysis.statistics.disclosure import too_small
from analysis.statistics.families import FamilieOntbreekt, expand_groups
from analysis.statistics.indicators import (
    GROEPEN,
    MEERVOUD,
    TOTAAL,
    group_mask,
    indicator_available,
    indicator_table,
    load_registry,
    percentage_in_group,
)
from analysis.statistics.models import LogitResult
from analysis.text import dutch
from analysis.text.formatting import deel_tekst, in_woorden, pct, percentage_tekst
from analysis.text.paragraphs import Alineas
from analysis.text.sentences import Zinnen

punten_met_eenheid = dutch.procentpunten  # the name the chapters and helpers use


class Hoofdstuk(Zinnen, Alineas, Utrechtvergelijking, Figuren, Tabellen, Citaten):
    """The context of one chapter for one survey year: its estimates (here) and, from the
    parts it is made of, its sentences, figures, tables and quotes (see the module)."""

    def __init__(
        self,
        jaar: int,
        data_dir: str | os.PathLike,
        build_dir: str | os.PathLike,
        gewogen: bool = False,
    ) -> None:
        self.jaar = int(jaar)
        self.data_dir = Path(data_dir)
        self.build_dir = Path(build_dir)
        self.gewogen = bool(gewogen)
        self.jg: Jaargang = load_year(self.jaar, self.data_dir)
        self.df = self.jg.enquete
        self.registry = load_registry()
        self._te_kleine_groepen_gemeld = False
        charts.set_theme()
        from analysis.text.magic import registreer

        registreer()  # the %%tekst cell magic of the chapter's prose

    # ------------------------------------------------------------------ numbers
    @cached_property
    def schattingen(self) -> estimates.Schattingen:
        """The year's estimates as the pipeline stored them in the build (computed now when
        the chapter runs on its own): every number of the chapter comes from here."""
        return estimates.lees_of_bereken(self.build_dir, self.jaar, self.data_dir, self.gewogen)

    @cached_property
    def ontwerp(self) -> Ontwerp:
        """Population and (weighted edition) weights: what on-request figures need."""
        return estimates.ontwerp(self.jg, self.gewogen)

    @property
    def gewichten(self) -> pd.Series | None:
        return self.ontwerp.weights

    @property
    def tabel(self) -> pd.DataFrame:
        """The tidy indicator table of the year (all indicators, groups and breakdowns)."""
        return self.schattingen.indicatoren

    @cached_property
    def groepsverschillen(self) -> dict[str, Vergelijking]:
        """Asielstatushouders vs gezinsmigranten on every indicator (the main family and the
        family of mirror images and parts, each corrected on its own)."""
        return {
            v.indicator: v
            for v in self.schattingen.vergelijkingen
            if v.familie in ("groepen", "groepen_aanvullend")
        }

    @cached_property
    def verandering(self) -> pd.DataFrame:
        """The change since the previous year (empty in a first year)."""
        return self.schattingen.verandering

    def gevraagd(self, indicator: str) -> bool:
        """Whether the indicator's item was asked this year."""
        return indicator_available(self.df, indicator)

    def rij(self, indicator: str, groep: str = TOTAAL) -> pd.Series:
        """The row of the indicator table; groups outside the standard breakdowns (e.g.
        ``leeftijdsgroep=18-25,26-30,31-40``) are computed on request, the same way."""
        sel = self.tabel[(self.tabel.indicator == indicator) & (self.tabel.groep == groep)]
        if sel.empty:
            if not self.gevraagd(indicator):
                raise KeyError(f"{indicator} is in {self.jaar} niet gevraagd")
            sel = self._op_aanvraag(indicator, groep)
        return sel.iloc[0]

    def _op_aanvraag(self, indicator: str, groep: str, beantwoord: bool = False) -> pd.DataFrame:
        """The indicator table for one indicator and one group, computed now, with its
        numbers blank where disclosure control hides the group (as in the stored table)."""
        rijen = indicator_table(
            self.df,
            self.jaar,
            [indicator],
            groepen=(groep,),
            populatie=self.ontwerp.populatie,
            populatie_tabel=self.ontwerp.populatie_tabel,
            weights=self.gewichten,
            beantwoord=beantwoord,
        )
        verborgen = estimates.verborgen_cellen(self.tabel)
        return estimates.verberg_op_aanvraag(self.df, rijen, verborgen, beantwoord)

    def v(self, indicator: str, groep: str = TOTAAL) -> float:
        """The percentage as a number (for choosing words), NaN when suppressed."""
        row = self.rij(indicator, groep)
        return float("nan") if too_small(row.noemer) else float(row.percentage)

    def p(self, indicator: str, groep: str = TOTAAL, decimals: int = 0) -> str:
        """The percentage as text: '31%', or why it cannot be given."""
        row = self.rij(indicator, groep)
        return percentage_tekst(row.percentage, row.noemer, decimals)

    def deel(self, indicator: str, groep: str = TOTAAL, wie: str = "inburgeraars") -> str:
        """'ruim drie op de tien inburgeraars (31%)', or '45% van de inburgeraars' when the
        share has no simple fraction, or the suppression note."""
        row = self.rij(indicator, groep)
        return deel_tekst(row.percentage, row.noemer, wie)

    def wp(self, indicator: str, groep: str = TOTAAL) -> str:
        """Words with the percentage: 'driekwart (76%)', or just '45%' without a fraction."""
        woorden, procent = self.woorden(indicator, groep), self.p(indicator, groep)
        return procent if woorden == procent else f"{woorden} ({procent})"

    def woorden(self, indicator: str, groep: str = TOTAAL) -> str:
        """The share in words ('ruim drie op de tien'), or the suppression note."""
        row = self.rij(indicator, groep)
        if too_small(row.noemer):
            return percentage_tekst(row.percentage, row.noemer)
        return in_woorden(row.percentage)

    def verschil(self, indicator: str) -> Vergelijking:
        """Asielstatushouders vs gezinsmigranten (Holm-corrected over all indicators)."""
        return self.groepsverschillen[indicator]

    def vaker(self, indicator: str | Vergelijking) -> str:
        """The first group relative to the second, in words chosen by the test.

        ``indicator`` is an indicator id (asielstatushouders vs gezinsmigranten, Holm family)
        or any :class:`Vergelijking`. Significant: 'vaker' or 'minder vaak'. Not significant:
        'ongeveer even vaak' within ``nederlands.GELIJK_MARGE`` points, else 'niet aantoonbaar
        anders' (:func:`analysis.text.dutch.vaker`): never a claim the test does not support.
        """
        v = self.verschil(indicator) if isinstance(indicator, str) else indicator
        if v.te_klein:
            raise ValueError(
                f"{v.indicator}: een groep is te klein om te vergelijken; gebruik in de tekst "
                "z.groepsverschil(...), die dat dan in een zin zegt"
            )
        return dutch.vaker(v.richting() in ("hoger", "lager"), v.verschil, v.interval)

    def vaker_dan(self, indicator: str | Vergelijking) -> str:
        """'vaker dan', 'minder vaak dan', 'ongeveer even vaak als', ... for sentences that
        name both groups (see :meth:`vaker`)."""
        v = self.verschil(indicator) if isinstance(indicator, str) else indicator
        self.vaker(v)  # refuses a comparison with a group too small
        return dutch.vaker_dan(v.richting() in ("hoger", "lager"), v.verschil, v.interval)

    def oordeel(self, indicator: str) -> str:
        """'significant', 'niet significant' or 'te weinig ...' (the tables' words)."""
        return self.verschil(indicator).oordeel()

    def vergelijk(
        self, indicator: str, groepen: Sequence[str] | str, beantwoord: bool = False
    ) -> Vergelijking:
        """A comparison between groups the text makes, as declared in its family of
        ``data/toetsfamilies.yml`` and corrected there; an undeclared one is an error, so
        that no verdict escapes the stated policy."""
        if not self.gevraagd(indicator):
            raise KeyError(
                f"{indicator} is in {self.jaar} niet gevraagd: zet de zin in "
                "{% if gevraagd(...) %} ... {% endif %}"
            )
        wanted = (indicator, expand_groups(groepen), bool(beantwoord))
        for v in self.schattingen.vergelijkingen:
            if (v.indicator, v.groepen, v.beantwoord) == wanted:
                return v
        raise FamilieOntbreekt(
            f"De vergelijking {indicator} tussen {list(wanted[1])} staat in geen toetsfamilie: "
            "voeg haar toe aan data/toetsfamilies.yml (familie van dit hoofdstuk)."
        )

    def verandering_rij(self, indicator: str, groep: str = TOTAAL) -> pd.Series | None:
        """The change of an indicator since the previous year, or None (first year, or the
        item was not asked in one of the two years)."""
        sel = self.verandering[
            (self.verandering.indicator == indicator) & (self.verandering.groep == groep)
        ]
        return None if sel.empty else sel.iloc[0]

    def rij_beantwoord(self, indicator: str, groep: str = TOTAAL) -> pd.Series:
        """Like :meth:`rij`, but with only respondents who gave a substantive answer in the
        denominator (see data/README.md on figure 3.5)."""
        return self._op_aanvraag(indicator, groep, beantwoord=True).iloc[0]

    def aandeel(self, conditie: str, groep: str = TOTAAL) -> str:
        """The percentage of a group meeting a condition (``groep=gezinsmigrant``), as text;
        '' when the group or the condition's own group has fewer than MIN_CELL respondents
        (the sentence is then left out). Why the condition too: 'x% of the women are
        gezinsmigrant' describes the gezinsmigranten as much as the women, and with two
        gezinsmigranten it would tell their sex."""
        n = int(group_mask(self.df, groep).sum())
        if too_small(n) or too_small(int(group_mask(self.df, conditie).sum())):
            return ""
        return percentage_tekst(percentage_in_group(self.df, conditie, groep), n)

    def meest_gekozen_buiten(self, indicator: str) -> str:
        """Label of the substantive answer most often given outside the indicator's numerator
        (e.g. for 'gezondheid (zeer) goed': 'gaat wel'); '–' if there is none."""
        ind = self.registry[indicator]
        codebook = load_codebook()
        var = codebook[ind.item]
        other = [c for c in var.codes if c not in ind.teller and c not in codebook.geen_antwoord]
        counts = self.df[ind.item][self.df[ind.item].isin(other)].value_counts()
        if counts.empty:
            return "–"
        return var.label(min(int(c) for c in counts.index[counts == counts.max()]))

    # ------------------------------------------------------------------ robust sentences
    # Every year's data differ: an item may not be asked, a group may be tiny, a test may
    # not be possible. These helpers build sentences that stay correct Dutch in each case,
    # and never compare with a side that cannot be shown.

    @cached_property
    def te_kleine_groepen(self) -> list[str]:
        """The groups (plural names) with fewer respondents than the disclosure minimum in
        the whole year: no comparison of the two groups can be made."""
        return [MEERVOUD[g] for g in GROEPEN if too_small(int(group_mask(self.df, g).sum()))]

    @property
    def synthetisch(self) -> bool:
        return bool(self.jg.meta.get("synthetisch"))

    def md(self, text: str) -> None:
        """Show Markdown produced from computed values (dedented, so cells read naturally).

        Returns nothing, so that a cell ending in ``h.md(...)`` shows the text once."""
        display(Markdown(textwrap.dedent(text).strip()))

    def _out(self, sub: str, name: str) -> Path:
        folder = self.build_dir / sub
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def _rel(self, path: Path) -> str:
        return os.path.relpath(path, Path.cwd()).replace(os.sep, "/")

    def categorieen(
        self, indicator: str, dimensie: str, zonder: Sequence[str] = ("Overig", "Onbekend")
    ) -> tuple[list[str], list[str]]:
        """Categories of a dimension large enough to report on the indicator, highest
        percentage first, and the categories too small to say anything about."""
        values = [v for v in self.df[dimensie].dropna().unique() if v not in zonder]
        groot = [v for v in values if not too_small(self.rij(indicator, f"{dimensie}={v}").noemer)]
        klein = sorted(set(values) - set(groot))
        ranked = sorted(groot, key=lambda v: (-self.v(indicator, f"{dimensie}={v}"), v))
        return ranked, klein

    # ------------------------------------------------------------------ quotes

    # ------------------------------------------------------------------ hoofdstukken 1, 5 en 6
    # Helpers of chapters 1, 5 and 6: sentences whose wording depends on the year (which
    # measurement it is, which quotes it has, which verdicts its tests give), so that the
    # notebooks stay short and every branch is tested here.

    # Dutch phrasing lives in analysis.text.dutch (pure functions, tested there).

    # ------------------------------------------------------------------ werk, taal, gezondheid
    # Helpers of the chapters on work (02), Dutch (03) and health (04): logic that would make
    # a notebook cell long, and that must hold for any year (items not asked, tiny groups, any
    # number of nationalities, no quotes, no comparison year).

    def signaal(self, naam: str) -> bool:
        """Whether this year's ``meta.yml`` records signal ``naam`` under
        ``signalen_toelichting`` (what respondents wrote in their explanations that year): a
        sentence such as 'sommigen vertellen in hun toelichting ...' holds only for the year
        whose answers said it."""
        return naam in (self.jg.meta.get("signalen_toelichting") or [])

    def aandeel_woorden(self, conditie: str, groep: str) -> str:
        """The share of a group meeting a condition in words, 'ruim de helft (54%)', or ''
        when the group is too small to say it (the sentence is then left out)."""
        n = int(group_mask(self.df, groep).sum())
        if too_small(n):
            return ""
        waarde = percentage_in_group(self.df, conditie, groep)
        woorden, procent = in_woorden(waarde), percentage_tekst(waarde, n)
        return procent if woorden == pct(waarde) else f"{woorden} ({procent})"

    def model(self, uitkomst: str, blootstelling: str) -> LogitResult | None:
        """The association of :meth:`model_tekst` as a fitted model, or None when it cannot
        be estimated or a side of the exposure is too small (for a ``%%tekst`` template,
        which words it; ``aantoonbaar`` on the result says whether the odds ratio's 95%
        interval excludes 1)."""
        return self.model_tekst(uitkomst, blootstelling, "", "")[1]
