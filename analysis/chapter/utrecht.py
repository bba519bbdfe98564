"""A chapter's comparison with all Utrechters: the reference figures (``data/referentie/``)
and the source line that names them.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from analysis.data.paths import config_dir
from analysis.statistics.disclosure import too_small
from analysis.statistics.indicators import (
    TOTAAL,
)


class Utrechtvergelijking:
    """One part of :class:`analysis.chapter.Hoofdstuk` (see the module)."""

    @cached_property
    def referentie(self) -> pd.DataFrame:
        return pd.read_csv(config_dir() / "referentie" / "utrecht.csv")

    def _ref(self, indicator: str, populatie: str | None) -> pd.DataFrame:
        ref = self.referentie[self.referentie.indicator == indicator]
        return ref if populatie is None else ref[ref.populatie == populatie]

    def utrecht(self, indicator: str, populatie: str | None = None) -> float | None:
        """The Utrecht comparison figure (data/referentie/utrecht.csv), or None."""
        ref = self._ref(indicator, populatie)
        return None if ref.empty else float(ref.waarde.iloc[0])

    def utrecht_wie(self, indicator: str, populatie: str | None = None) -> str:
        """Whom the Utrecht figure is for, in words ('Utrechters van 18 tot 65 jaar'): the
        column ``wie`` of its row, so a sentence never names another population than the
        figure's."""
        ref = self._ref(indicator, populatie)
        return "" if ref.empty else str(ref.wie.iloc[0])

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
