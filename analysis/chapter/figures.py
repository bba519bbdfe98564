"""A chapter's figures: built from its estimates in the house style, saved with their data.

Part of :class:`analysis.chapter.Hoofdstuk` (it reads ``self.rij``, ``self.registry``,
``self.build_dir`` from there). Each figure is written as PNG and CSV to the build and shown
through Markdown, so its caption, cross-reference label and alt text -- generated from the
data shown -- are set by code; :mod:`analysis.chapter.charts` draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from IPython.display import Markdown, display

from analysis.chapter import charts
from analysis.chapter.charts import Figuur
from analysis.chapter.titles import Figuurtitels, macro_titel, met_titel
from analysis.statistics import estimates
from analysis.statistics.disclosure import too_small
from analysis.statistics.indicators import TOTAAL, group_mask, parse_group
from analysis.text.labels import group_words, weergavenaam


def bar(
    label: str, reeks: str, row: pd.Series | None = None, percentage: float | None = None
) -> dict:
    """One bar for :func:`analysis.chapter.charts.bar_shares`: from a table row (with interval and
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


class Figuren(Figuurtitels):
    """See the module: one part of :class:`analysis.chapter.Hoofdstuk`."""

    def figuur(self, fig: Figuur, label: str, caption: str) -> None:
        """Save a figure (PNG) and its data (CSV) in the build and show it as a Quarto figure.

        The figure is shown through Markdown so that its caption, cross-reference label and
        alt text (generated from the data) are all set by code: ``@fig-<label>`` refers to it.
        In the HTML a collapsed table "Cijfers bij Figuur x.y" follows with the same data.
        """
        png = self._out("figuren", f"fig-{label}.png")
        fig.fig.savefig(png, dpi=200, metadata={"Software": None})
        fig.write_data(self._out("figuren", f"fig-{label}.csv"))
        alt = f"{caption.replace('**', '')}. {fig.alt}".replace('"', "'")
        image = f'![{caption}]({self._rel(png)}){{#fig-{label} fig-alt="{alt}"}}'
        # Under the figure, in the HTML only: its numbers as a collapsed table (the CSV's data).
        display(Markdown(f"{image}\n\n{charts.cijfers_bij_figuur(fig.data, label)}"))

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
        paar: tuple[str, str, str, str] | None = None,
    ) -> None:
        """Bar chart of indicators by group (optionally with the Utrecht figure of population
        ``utrecht``), saved and shown as ``@fig-<label>``. With one indicator the bars are
        the groups and ``labels`` names them; otherwise the bars are the indicators.
        ``paar`` (group a, group b, who a are, who b are) names the comparison the chapter
        makes between two of the groups drawn, whose verdict heads the caption."""
        one = len(indicators) == 1
        # Bars are labelled by group when there is one indicator, or when the groups are not
        # the standard series (then each indicator is a series of its own colour).
        standard = all(g in charts.KLEUREN for g in groepen)
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
                        if g in charts.KLEUREN
                        else (groep_van if groep_van in charts.KLEUREN else "totaal")
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
            rows = charts.with_reference(rows, self.referentie, lab, populatie=utrecht)
        source = bron or (self.bron_met_utrecht(indicators[0], utrecht) if utrecht else self.bron)
        legenda = (not one) or (utrecht is not None and len(groepen) == 1)
        if one and not standard:
            legenda = utrecht is not None
        fig = charts.bar_shares(rows, bron=source, legenda=legenda)
        titel = self.figuurtitel(indicators, groepen, utrecht, paar=paar, beantwoord=beantwoord)
        self.figuur(fig, label, met_titel(titel, caption))

    def _met_beantwoord(self, rows: pd.DataFrame, paren: list[tuple[str, str]]) -> pd.DataFrame:
        """The figure's bars with, where more than ``GEEN_ANTWOORD_DREMPEL`` of a group gave
        no substantive answer, the percentage among those who answered (columns
        ``percentage_beantwoord``/``noemer_beantwoord``, shown in "Cijfers bij figuur"):
        non-answer that differs by group must not hide in the denominator (issue 18)."""
        from analysis.statistics.nonresponse import GEEN_ANTWOORD_DREMPEL, telt_geen_antwoord

        extra, nodig = [], False
        for ind, g in paren:
            row = self.rij(ind, g)
            if telt_geen_antwoord(ind) or too_small(row.noemer):
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
        marked (:func:`analysis.chapter.charts.trend_punten`). Nothing in a first wave."""
        from analysis.data.load import load_year
        from analysis.statistics.indicators import indicator_table

        tot = self.verandering[self.verandering.groep == TOTAAL]
        ids = [i for i in tot.indicator if self.registry[i].tabel_7_1]
        if not ids:
            return
        vorig = int(tot.jaar_vorig.iloc[0])
        jv = load_year(vorig, self.data_dir)
        ontwerp_vorig = estimates.ontwerp(jv, self.gewogen)
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
        veranderd = [i for i in ids if i in set(sig)]
        fig = charts.trend_punten(
            pd.DataFrame(records),
            [self.registry[i].kort for i in veranderd],
            f"enquête inburgeraars ({vorig} en {self.jaar})",
        )
        titel = macro_titel(
            "figuurtitel_trend(k, n, vorig, dat)",
            k=len(veranderd),
            n=len(ids),
            vorig=vorig,
            dat=self._dat(veranderd[0]) if veranderd else "",
        )
        self.figuur(fig, label, met_titel(titel, caption))

    def staven_per_leeftijd_met_utrecht(
        self, indicator: str, paren: Sequence[tuple[str, str, str]], label: str, caption: str
    ) -> None:
        """Bars of inburgeraars and Utrechters side by side per subgroup: ``paren`` holds
        (bar label, our group spec, Utrecht reference population)."""
        records = []
        for label_, groep, populatie in paren:
            records.append(bar(label_, "totaal", self.rij(indicator, groep)))
            records.append(bar(label_, "utrecht", percentage=self.utrecht(indicator, populatie)))
        fig = charts.bar_shares(
            pd.DataFrame(records), bron=self.bron_met_utrecht(indicator, paren[0][2])
        )
        titel = self.figuurtitel([indicator], [paren[0][1]], paren[0][2])
        self.figuur(fig, label, met_titel(titel, caption))

    def schaal(
        self,
        item: str,
        label: str,
        caption: str,
        groepen: dict[str, str] | None = None,
        indicator: str | None = None,
    ) -> None:
        """Stacked answer-scale bars of one item per group (default: both groups and all);
        the caption opens with the groups' difference in ``indicator``, the measure the
        chapter takes from this item."""
        groepen = groepen or {
            "Asielstatushouders": "asielstatushouder",
            "Gezinsmigranten": "gezinsmigrant",
            "Alle inburgeraars": TOTAAL,
        }
        masks = {name: group_mask(self.df, spec) for name, spec in groepen.items()}
        fig = charts.stacked_scale(self.df, item, masks, "", self.bron)
        titel = "" if indicator is None else self.figuurtitel([indicator], list(groepen.values()))
        self.figuur(fig, label, met_titel(titel, caption))
