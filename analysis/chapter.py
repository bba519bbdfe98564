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
import textwrap
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from analysis import figures, schattingen
from analysis.codebook import load_codebook
from analysis.comparisons import FamilieOntbreekt, Ontwerp, Vergelijking, _expand
from analysis.disclosure import percentage_tekst, too_small
from analysis.figures import Figuur
from analysis.formatting import getal, in_woorden, pct, punten, shown_difference, telwoord
from analysis.indicators import (
    GROEPEN,
    MEERVOUD,
    TOTAAL,
    group_mask,
    group_words,
    indicator_available,
    indicator_table,
    load_registry,
    percentage_in_group,
)
from analysis.load import Jaargang, load_year
from analysis.output import atomic_write_text
from analysis.paths import config_dir
from analysis.tables import to_markdown

GELIJK_MARGE = 5  # points: a non-significant difference below this reads as 'about as often'


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
        figures.set_theme()

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
        procent = pct(row.percentage)
        if woorden == procent:
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
        'niet aantoonbaar vaker' or 'niet aantoonbaar minder vaak' -- the reader sees the
        direction of the sample without a claim the test does not support.
        """
        v = self.verschil(indicator) if isinstance(indicator, str) else indicator
        if v.te_klein:
            raise ValueError(
                f"{v.indicator}: een groep is te klein om te vergelijken; gebruik "
                "h.vergelijkingszin(...), die dat dan in een zin zegt"
            )
        richting = v.richting()
        if richting in ("hoger", "lager"):
            return "vaker" if richting == "hoger" else "minder vaak"
        if abs(v.verschil) < GELIJK_MARGE:
            return "ongeveer even vaak"
        return "niet aantoonbaar vaker" if v.verschil > 0 else "niet aantoonbaar minder vaak"

    def vaker_dan(self, indicator: str | Vergelijking) -> str:
        """'vaker dan', 'minder vaak dan', 'ongeveer even vaak als', ... for sentences that
        name both groups (see :meth:`vaker`)."""
        woord = self.vaker(indicator)
        return f"{woord} als" if woord.startswith("ongeveer") else f"{woord} dan"

    def oordeel(self, indicator: str) -> str:
        """'statistisch significant', 'niet statistisch significant' or 'te weinig ...'."""
        return self.verschil(indicator).oordeel()

    def vergelijk(
        self, indicator: str, groepen: Sequence[str] | str, beantwoord: bool = False
    ) -> Vergelijking:
        """A comparison between groups the text makes, as declared in its family of
        ``data/toetsfamilies.yml`` and corrected there; an undeclared one is an error, so
        that no verdict escapes the stated policy."""
        wanted = (indicator, _expand(groepen), bool(beantwoord))
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
        if d == 0:
            return f"geen verschil in hele punten (95%-interval {punten(low)} tot {punten(high)})"
        woord = "meer" if d > 0 else "minder"
        if low * high > 0 and (low > 0) == (d > 0):  # the interval lies on the side of d
            lo, hi = sorted((abs(low), abs(high)))
            interval = f"{getal(lo)} tot {getal(hi)} punten {woord}"
        else:
            interval = f"{punten(low)} tot {punten(high)} punten"
        return f"{getal(abs(d))} punten {woord} (95%-interval {interval})"

    def verandering_tekst(self, indicator: str, groep: str = TOTAAL) -> str:
        """How an indicator moved since the previous year, numbers first, then the verdict:
        'gedaald van 83% naar 73% (-10 punten; 95%-interval -17 tot -5 punten); die
        verandering is statistisch significant'. Empty when there is nothing to compare."""
        r = self.verandering_rij(indicator, groep)
        if r is None:
            return ""
        if too_small(r.n_vorig) or too_small(r.n):
            return (
                f"niet met {int(r.jaar_vorig)} te vergelijken: daarvoor zijn te weinig respondenten"
            )
        d = shown_difference(r.pct_vorig, r.pct)
        van, naar = percentage_tekst(r.pct_vorig, r.n_vorig), percentage_tekst(r.pct, r.n)
        if d == 0:
            beweging = f"gelijk gebleven ({van} in {int(r.jaar_vorig)}, nu {naar}"
        else:
            woord = "gestegen" if d > 0 else "gedaald"
            beweging = f"{woord} van {van} naar {naar} ({punten(d)} punten"
        interval = f"95%-interval {punten(r.ci_laag)} tot {punten(r.ci_hoog)} punten"
        oordeel = (
            "die verandering is statistisch significant"
            if r.oordeel == "significant"
            else "die verandering is statistisch niet aantoonbaar"
        )
        return f"{beweging}; {interval}); {oordeel}"

    def sinds_vorig_jaar(self, indicator: str, wat: str, groep: str = TOTAAL) -> str:
        """A whole sentence on the change of a headline indicator, or '' in a first year:
        'Sinds 2023 is het aandeel dat betaald werk heeft gestegen van ...'."""
        tekst = self.verandering_tekst(indicator, groep)
        if not tekst:
            return ""
        vorig = int(self.verandering_rij(indicator, groep).jaar_vorig)
        if tekst.startswith("niet met"):
            return f"Het aandeel dat {wat} is {tekst}."
        return f"Sinds {vorig} is het aandeel dat {wat} {tekst}."

    def veranderingen_overzicht(self, samenvatting: bool = False) -> str:
        """The paragraph of the kernindicatoren chapter on change since the previous year:
        how many indicators changed demonstrably, for all and within each group, each named
        with its numbers and interval. '' in a first year."""
        cmp = self.verandering
        if cmp.empty:
            return ""
        vorig = int(cmp.jaar_vorig.iloc[0])
        getoetst = cmp[cmp.oordeel != "niet getoetst (te kleine groep)"]
        namen = {TOTAAL: "alle inburgeraars", **{g: MEERVOUD[g] for g in GROEPEN}}
        if samenvatting:  # the summary: all inburgeraars, each change named
            namen = {TOTAAL: "alle inburgeraars"}
        zinnen = []
        for groep, naam in namen.items():
            deel = getoetst[getoetst.groep == groep]
            sig = deel[deel.oordeel == "significant"]
            if deel.empty:
                zinnen.append(f"Voor {naam} zijn te weinig respondenten om te vergelijken.")
                continue
            kop = (
                f"Onder {naam} is bij {telwoord(len(sig))} van de {telwoord(len(deel))} "
                f"vergeleken indicatoren een verandering statistisch aantoonbaar"
            )
            if sig.empty:
                zinnen.append(kop + ".")
                continue
            items = [
                f"'{self.registry[r.indicator].kort}' is "
                + self.verandering_tekst(r.indicator, groep).split("; die verandering")[0]
                for r in sig.itertuples()
            ]
            zinnen.append(kop + ": " + "; ".join(items) + ".")
        if samenvatting:
            return f"**Sinds {vorig}.** " + " ".join(zinnen) + " Meer in @sec-kernindicatoren."
        return f"@tbl-trend zet de uitkomsten van {self.jaar} naast die van {vorig}. " + " ".join(
            zinnen
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
        gesteld.'"""
        return f"De vraag naar '{self.registry[indicator].kort}' is in {self.jaar} niet gesteld."

    def mits(
        self,
        indicators: str | Sequence[str],
        tekst: Callable[[], str],
        anders: str | None = None,
    ) -> str:
        """``tekst()`` when every indicator's item was asked this year; otherwise ``anders``
        or a sentence per item that was not asked. ``tekst`` is a function (a ``lambda``
        around the f-string), so nothing of an unasked item is computed."""
        ids = [indicators] if isinstance(indicators, str) else list(indicators)
        missing = [i for i in ids if not self.gevraagd(i)]
        if not missing:
            return tekst()
        if anders is not None:
            return anders
        return " ".join(self.niet_gevraagd(i) for i in missing)

    def _vergelijking(self, v: Vergelijking | str) -> Vergelijking:
        return self.verschil(v) if isinstance(v, str) else v

    def te_klein_zin(self, v: Vergelijking | str, wat: str) -> str:
        """Why a comparison is not made: 'Of asielstatushouders en gezinsmigranten
        verschillen in betaald werk, is niet te zeggen: te weinig gezinsmigranten
        beantwoordden de vraag.'"""
        v = self._vergelijking(v)
        namen = [group_words(g) for g in v.groepen]
        klein = [n for n, k in zip(namen, v.noemers, strict=True) if too_small(k)]
        wie = " en ".join(namen) if len(namen) == 2 else ", ".join(namen[:-1]) + " en " + namen[-1]
        return (
            f"Of {wie} verschillen in {wat}, is niet te zeggen: te weinig "
            f"{' en '.join(klein)} beantwoordden de vraag."
        )

    def tegenover(self, v: Vergelijking | str, oordeel: bool = True) -> str:
        """'6% tegenover 54%; statistisch significant' -- both shares of a two-group
        comparison and its verdict, for inside brackets. Only for a comparison that can be
        made (see :meth:`vergelijkingszin`)."""
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
        records = []
        for ind in indicators:
            naam = (labels or {}).get(ind, self.registry[ind].kort)
            for g in groepen:
                row = self.rij_beantwoord(ind, g) if beantwoord else self.rij(ind, g)
                label_ = (labels or {}).get(g, g.split("=")[-1]) if by_group else naam
                if one:
                    reeks = g if g in figures.KLEUREN else "totaal"
                else:
                    reeks = g if standard else naam
                records.append(bar(label_, reeks, row))
        rows = pd.DataFrame(records)
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
