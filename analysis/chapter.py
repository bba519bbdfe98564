"""What a chapter notebook needs, in one object: the year's numbers, in words, and output.

Why: notebooks hold narrative and short calls, never long logic. A chapter starts with::

    h = Hoofdstuk(jaar, data_dir, build_dir, gewogen)

and then writes sentences such as ``h.md(f"... {h.p('betaald_werk')} ...")``. Every number
comes from the tidy indicator table of the year, every word that depends on a result from a
computed comparison, and every figure and table is also written to the build folder as CSV.

Number-bearing text is produced as Markdown *output* (``IPython.display.Markdown``) because
papermill does not evaluate Quarto's inline ``{python}`` expressions; Quarto renders that
output as Markdown, with citations and cross-references resolved.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from analysis import figures, nederlands, schattingen
from analysis.codebook import load_codebook
from analysis.comparisons import FamilieOntbreekt, Ontwerp, Vergelijking, expand_groups
from analysis.disclosure import percentage_tekst, too_small
from analysis.figures import Figuur
from analysis.formatting import (
    getal,
    grens,
    hoofdletter,
    in_woorden,
    pct,
    shown_difference,
    telwoord,
)
from analysis.indicators import (
    GROEPEN,
    MEERVOUD,
    TOTAAL,
    group_mask,
    group_words,
    indicator_available,
    indicator_table,
    load_registry,
    parse_group,
    percentage_in_group,
    weergavenaam,
)
from analysis.load import Jaargang, load_year
from analysis.models import LogitResult
from analysis.output import atomic_write_text
from analysis.paths import config_dir
from analysis.tables import to_markdown

GELIJK_MARGE = nederlands.GELIJK_MARGE


punten_met_eenheid = nederlands.procentpunten  # the name the chapters and helpers use


def bar(
    label: str, reeks: str, row: pd.Series | None = None, percentage: float | None = None
) -> dict:
    """One bar for :func:`analysis.figures.bar_shares`: from a table row (with interval and
    base) or a bare percentage (a reference figure)."""
    if row is None:
        return {"label": label, "reeks": reeks, "percentage": percentage}
    return {
        "label": label,
        "reeks": reeks,
        "percentage": row.percentage,
        "ci_laag": row.ci_laag,
        "ci_hoog": row.ci_hoog,
        "noemer": row.noemer,
    }


class Hoofdstuk:
    """The context of one chapter for one survey year."""

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
        figures.set_theme()
        from analysis.tekst import registreer

        registreer()  # the %%tekst cell magic of the chapter's prose

    # ------------------------------------------------------------------ numbers
    @cached_property
    def schattingen(self) -> schattingen.Schattingen:
        """The year's estimates as the pipeline stored them in the build (computed now when
        the chapter runs on its own): every number of the chapter comes from here."""
        return schattingen.lees_of_bereken(self.build_dir, self.jaar, self.data_dir, self.gewogen)

    @cached_property
    def ontwerp(self) -> Ontwerp:
        """Population and (weighted edition) weights: what on-request figures need."""
        return schattingen.ontwerp(self.jg, self.gewogen)

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

    @cached_property
    def referentie(self) -> pd.DataFrame:
        return pd.read_csv(config_dir() / "referentie" / "utrecht.csv")

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
        """The indicator table for one indicator and one group, computed now."""
        return indicator_table(
            self.df,
            self.jaar,
            [indicator],
            groepen=(groep,),
            populatie=self.ontwerp.populatie,
            populatie_tabel=self.ontwerp.populatie_tabel,
            weights=self.gewichten,
            beantwoord=beantwoord,
        )

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
        if too_small(row.noemer):
            return f"{wie} {percentage_tekst(row.percentage, row.noemer)}"
        woorden = in_woorden(row.percentage)
        procent = percentage_tekst(row.percentage, row.noemer)  # 'ca. 31%' under 50
        if woorden == pct(row.percentage):
            return f"{procent} van de {wie}"
        if " op de " not in woorden:  # 'de helft', 'een kwart', 'driekwart'
            return f"{woorden} van de {wie} ({procent})"
        return f"{woorden} {wie} ({procent})"

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
        'ongeveer even vaak' when the percentages lie within ``GELIJK_MARGE`` points, else
        'niet aantoonbaar anders' (:func:`analysis.nederlands.vaker`) -- the reader sees the
        direction of the sample without a claim the test does not support.
        """
        v = self.verschil(indicator) if isinstance(indicator, str) else indicator
        if v.te_klein:
            raise ValueError(
                f"{v.indicator}: een groep is te klein om te vergelijken; gebruik "
                "h.vergelijkingszin(...), die dat dan in een zin zegt"
            )
        return nederlands.vaker(v.richting() in ("hoger", "lager"), v.verschil)

    def vaker_dan(self, indicator: str | Vergelijking) -> str:
        """'vaker dan', 'minder vaak dan', 'ongeveer even vaak als', ... for sentences that
        name both groups (see :meth:`vaker`)."""
        v = self.verschil(indicator) if isinstance(indicator, str) else indicator
        self.vaker(v)  # refuses a comparison with a group too small
        return nederlands.vaker_dan(v.richting() in ("hoger", "lager"), v.verschil)

    def oordeel(self, indicator: str) -> str:
        """'statistisch significant', 'niet statistisch significant' or 'te weinig ...'."""
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
        suppressed when the group is too small."""
        n = int(group_mask(self.df, groep).sum())
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

    def _ref(self, indicator: str, populatie: str | None) -> pd.DataFrame:
        ref = self.referentie[self.referentie.indicator == indicator]
        return ref if populatie is None else ref[ref.populatie == populatie]

    def utrecht(self, indicator: str, populatie: str | None = None) -> float | None:
        """The Utrecht comparison figure (data/referentie/utrecht.csv), or None."""
        ref = self._ref(indicator, populatie)
        return None if ref.empty else float(ref.waarde.iloc[0])

    def tov_utrecht(self, indicator: str, populatie: str | None = None, groep: str = TOTAAL) -> str:
        """'hoger dan', 'lager dan' or 'vergelijkbaar met' the Utrecht figure.

        The Utrecht figure is an external estimate without a known interval here, so the
        rule is: outside our 95% interval -> higher/lower, inside -> comparable. ``groep``
        compares a subgroup (e.g. the under-40s with Utrechters of that age).
        """
        ref = self.utrecht(indicator, populatie)
        row = self.rij(indicator, groep)
        if ref is None or too_small(row.noemer):
            return "niet te vergelijken met"
        if ref < row.ci_laag:
            return "hoger dan"
        if ref > row.ci_hoog:
            return "lager dan"
        return "vergelijkbaar met"

    # ------------------------------------------------------------------ robust sentences
    # Every year's data differ: an item may not be asked, a group may be tiny, a test may
    # not be possible. These helpers build sentences that stay correct Dutch in each case,
    # and never compare with a side that cannot be shown.

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

    @cached_property
    def te_kleine_groepen(self) -> list[str]:
        """The groups (plural names) with fewer respondents than the disclosure minimum in
        the whole year: no comparison of the two groups can be made."""
        return [MEERVOUD[g] for g in GROEPEN if too_small(int(group_mask(self.df, g).sum()))]

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

    # ------------------------------------------------------------------ output
    @property
    def bron(self) -> str:
        return f"enquête inburgeraars ({self.jaar})"

    def bron_met_utrecht(self, indicator: str, populatie: str | None = None) -> str:
        """Source line naming the Utrecht comparison study and ours."""
        ref = self._ref(indicator, populatie)
        if ref.empty:
            return self.bron
        return f"{ref.bron.iloc[0]} en {self.bron}"

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

    def figuur(self, fig: Figuur, label: str, caption: str) -> None:
        """Save a figure (PNG) and its data (CSV) in the build and show it as a Quarto figure.

        The figure is shown through Markdown so that its caption, cross-reference label and
        alt text (generated from the data) are all set by code: ``@fig-<label>`` refers to it.
        In the HTML a collapsed table "Cijfers bij Figuur x.y" follows with the same data.
        """
        png = self._out("figuren", f"fig-{label}.png")
        fig.fig.savefig(png, dpi=200, metadata={"Software": None})
        fig.write_data(self._out("figuren", f"fig-{label}.csv"))
        alt = f"{caption}. {fig.alt}".replace('"', "'")
        image = f'![{caption}]({self._rel(png)}){{#fig-{label} fig-alt="{alt}"}}'
        # Under the figure, in the HTML only: its numbers as a collapsed table (the CSV's data).
        display(Markdown(f"{image}\n\n{figures.cijfers_bij_figuur(fig.data, label)}"))

    def staven(
        self,
        indicators: Sequence[str],
        groepen: Sequence[str],
        label: str,
        caption: str,
        utrecht: str | None = None,
        labels: dict[str, str] | None = None,
        beantwoord: bool = False,
        bron: str | None = None,
    ) -> None:
        """Bar chart of indicators by group (optionally with the Utrecht figure of population
        ``utrecht``), saved and shown as ``@fig-<label>``. With one indicator the bars are
        the groups and ``labels`` names them; otherwise the bars are the indicators."""
        one = len(indicators) == 1
        # Bars are labelled by group when there is one indicator, or when the groups are not
        # the standard series (then each indicator is a series of its own colour).
        standard = all(g in figures.KLEUREN for g in groepen)
        by_group = one or not standard
        records, paren = [], []
        for ind in indicators:
            naam = (labels or {}).get(ind, self.registry[ind].kort)
            for g in groepen:
                paren.append((ind, g))
                row = self.rij_beantwoord(ind, g) if beantwoord else self.rij(ind, g)
                label_ = (labels or {}).get(g, self._staaf_naam(g)) if by_group else naam
                if one:  # a subgroup of one of the groups takes that group's colour and name
                    groep_van = (dict(parse_group(g)).get("groep") or (None,))[0]
                    reeks = (
                        g
                        if g in figures.KLEUREN
                        else (groep_van if groep_van in figures.KLEUREN else "totaal")
                    )
                else:
                    reeks = g if standard else naam
                records.append(bar(label_, reeks, row))
        rows = pd.DataFrame(records)
        if not beantwoord:
            rows = self._met_beantwoord(rows, paren)
        if utrecht is not None:
            lab = {i: (labels or {}).get(i, self.registry[i].kort) for i in indicators}
            if one:
                lab = {indicators[0]: "Utrechters" if len(groepen) > 1 else rows.label.iloc[0]}
            rows = figures.with_reference(rows, self.referentie, lab, populatie=utrecht)
        source = bron or (self.bron_met_utrecht(indicators[0], utrecht) if utrecht else self.bron)
        legenda = (not one) or (utrecht is not None and len(groepen) == 1)
        if one and not standard:
            legenda = utrecht is not None
        fig = figures.bar_shares(rows, bron=source, legenda=legenda)
        self.figuur(fig, label, caption)

    def _met_beantwoord(self, rows: pd.DataFrame, paren: list[tuple[str, str]]) -> pd.DataFrame:
        """The figure's bars with, where more than ``GEEN_ANTWOORD_DREMPEL`` of a group gave
        no substantive answer, the percentage among those who answered (columns
        ``percentage_beantwoord``/``noemer_beantwoord``, shown in "Cijfers bij figuur"):
        non-answer that differs by group must not hide in the denominator (issue 18)."""
        from analysis.comparisons import GEEN_ANTWOORD_DREMPEL, _telt_geen_antwoord

        extra, nodig = [], False
        for ind, g in paren:
            row = self.rij(ind, g)
            if _telt_geen_antwoord(ind) or too_small(row.noemer):
                extra.append((float("nan"), float("nan")))
                continue
            b = self.rij_beantwoord(ind, g)
            nodig |= 1 - b.noemer / row.noemer > GEEN_ANTWOORD_DREMPEL
            extra.append((b.percentage, b.noemer))
        if not nodig:
            return rows
        return rows.assign(
            percentage_beantwoord=[e[0] for e in extra], noemer_beantwoord=[e[1] for e in extra]
        )

    @staticmethod
    def _staaf_naam(groep: str) -> str:
        """A bar's label for a group: the register name as the reader sees it
        ('nationaliteit=Burger van India' -> 'Indiase'), never the raw specification."""
        delen = parse_group(groep) if groep != TOTAAL else []
        if len(delen) == 1 and len(delen[0][1]) == 1:
            return weergavenaam(delen[0][0], delen[0][1][0])
        return group_words(groep)

    def trend_figuur(self, label: str, caption: str) -> None:
        """Every kernindicator (rows of Tabel 7.1) measured in both waves, at a glance: the
        previous wave and this one with their 95% intervals, the changes the test supports
        marked (:func:`analysis.figures.trend_punten`). Nothing in a first wave."""
        from analysis.indicators import indicator_table
        from analysis.load import load_year

        tot = self.verandering[self.verandering.groep == TOTAAL]
        ids = [i for i in tot.indicator if self.registry[i].tabel_7_1]
        if not ids:
            return
        vorig = int(tot.jaar_vorig.iloc[0])
        jv = load_year(vorig, self.data_dir)
        ontwerp_vorig = schattingen.ontwerp(jv, self.gewogen)
        toen = indicator_table(
            jv.enquete,
            vorig,
            ids,
            groepen=(TOTAAL,),
            populatie=ontwerp_vorig.populatie,
            populatie_tabel=ontwerp_vorig.populatie_tabel,
            weights=ontwerp_vorig.weights,
        ).set_index("indicator")
        records = []
        for ind in ids:
            naam = self.registry[ind].kort
            records.append(bar(naam, str(vorig), toen.loc[ind]))
            records.append(bar(naam, str(self.jaar), self.rij(ind)))
        sig = tot[tot.oordeel == "significant"].indicator
        veranderd = [self.registry[i].kort for i in ids if i in set(sig)]
        fig = figures.trend_punten(
            pd.DataFrame(records), veranderd, f"enquête inburgeraars ({vorig} en {self.jaar})"
        )
        self.figuur(fig, label, caption)

    def staven_per_leeftijd_met_utrecht(
        self, indicator: str, paren: Sequence[tuple[str, str, str]], label: str, caption: str
    ) -> None:
        """Bars of inburgeraars and Utrechters side by side per subgroup: ``paren`` holds
        (bar label, our group spec, Utrecht reference population)."""
        records = []
        for label_, groep, populatie in paren:
            records.append(bar(label_, "totaal", self.rij(indicator, groep)))
            records.append(bar(label_, "utrecht", percentage=self.utrecht(indicator, populatie)))
        fig = figures.bar_shares(
            pd.DataFrame(records), bron=self.bron_met_utrecht(indicator, paren[0][2])
        )
        self.figuur(fig, label, caption)

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

    def schaal(
        self, item: str, label: str, caption: str, groepen: dict[str, str] | None = None
    ) -> None:
        """Stacked answer-scale bars of one item per group (default: both groups and all)."""
        groepen = groepen or {
            "Asielstatushouders": "asielstatushouder",
            "Gezinsmigranten": "gezinsmigrant",
            "Alle inburgeraars": TOTAAL,
        }
        masks = {name: group_mask(self.df, spec) for name, spec in groepen.items()}
        fig = figures.stacked_scale(self.df, item, masks, "", self.bron)
        self.figuur(fig, label, caption)

    def tabel_md(
        self,
        data: pd.DataFrame,
        label: str,
        caption: str,
        align: str | None = None,
        export: pd.DataFrame | None = None,
    ) -> None:
        """Show a table as a cross-referenced Quarto table (``@tbl-<label>``) and write its
        data (``export``, default the shown table) as CSV in the build."""
        csv = (export if export is not None else data).to_csv(index=False, lineterminator="\n")
        atomic_write_text(self._out("tabellen", f"tbl-{label}.csv"), csv)
        display(Markdown(f"{to_markdown(data, align)}\n\n: {caption} {{#tbl-{label}}}"))

    # ------------------------------------------------------------------ quotes
    @cached_property
    def citaten(self) -> list[dict]:
        """Curated respondents' quotes of the year (``data/<jaar>/citaten.yml``), if any."""
        from analysis.quotes import load_quotes

        return load_quotes(self.jg.folder)

    def citaat(self, thema: str) -> None:
        """Show the year's quotes on a theme as block quotes with their attribution."""
        from analysis.quotes import quote_markdown

        text = quote_markdown(self.citaten, thema)
        if text:
            display(Markdown(text))

    # ------------------------------------------------------------------ hoofdstukken 1, 5 en 6
    # Helpers of chapters 1, 5 and 6: sentences whose wording depends on the year (which
    # measurement it is, which quotes it has, which verdicts its tests give), so that the
    # notebooks stay short and every branch is tested here.

    def heeft_citaten(self, thema: str) -> bool:
        """Whether the year's quotes file has a quote on ``thema`` (a quote intro ending in a
        colon is only written when a quote follows)."""
        return any(q.get("thema") == thema for q in self.citaten)

    # Dutch phrasing lives in analysis.nederlands (pure functions, tested there).
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
            f"{self.jaar}. In het hoofdstuk over de kernindicatoren (@sec-kernindicatoren) staan "
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

    # ------------------------------------------------------------------ werk, taal, gezondheid
    # Helpers of the chapters on work (02), Dutch (03) and health (04): logic that would make
    # a notebook cell long, and that must hold for any year (items not asked, tiny groups, any
    # number of nationalities, no quotes, no comparison year).

    def citaat_met_inleiding(self, thema: str, inleiding: str) -> None:
        """The year's quotes on a theme, preceded by ``inleiding`` (a sentence ending in a
        colon); nothing at all in a year without such quotes."""
        if self.heeft_citaten(thema):
            self.md(inleiding)
            self.citaat(thema)

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

    @staticmethod
    def nationaliteit_woorden(namen: Sequence[str]) -> str:
        """'Syrische nationaliteit', 'Syrische en Turkse nationaliteit'; a category that is no
        adjective as "nationaliteit 'Amerikaans burger'"."""
        namen = [weergavenaam("nationaliteit", n, genest=True) for n in namen]
        if all(n.endswith("e") for n in namen):
            return f"{Hoofdstuk.opsomming(namen)} nationaliteit"

        def een(n: str) -> str:
            # a register name with its own brackets: 'Ivoriaanse nationaliteit [Côte d'Ivoire]'
            # (never brackets or quotes inside the brackets or quotes around it)
            m = re.fullmatch(r"(.*?)\s*(\[.*\])", n)
            kern, toevoeging = (m.group(1), " " + m.group(2)) if m else (n, "")
            if kern.endswith("e"):
                return f"{kern} nationaliteit{toevoeging}"
            naam = kern if "'" in kern else f"'{kern}'"
            return f"nationaliteit {naam}{toevoeging}"

        return Hoofdstuk.opsomming([een(n) for n in namen])

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

    def model(self, uitkomst: str, blootstelling: str) -> LogitResult | None:
        """The association of :meth:`model_tekst` as a fitted model, or None when it cannot
        be estimated or a side of the exposure is too small (for a ``%%tekst`` template,
        which words it; ``aantoonbaar`` on the result says whether the odds ratio's 95%
        interval excludes 1)."""
        return self.model_tekst(uitkomst, blootstelling, "", "")[1]

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
