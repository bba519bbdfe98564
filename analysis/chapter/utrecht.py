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

    def utrecht_rij(
        self, indicator: str, populatie: str | None = None, groep: str = TOTAAL
    ) -> pd.Series | None:
        """The test of our group against the Utrecht figure (family ``utrecht`` of the
        year's estimates, :mod:`analysis.statistics.reference`); None when the figure or the
        comparison is not declared in ``data/referentie/utrecht.csv``."""
        t = self.schattingen.utrecht
        sel = t[(t.indicator == indicator) & (t.groep == groep)]
        if populatie is not None:
            sel = sel[sel.populatie_utrecht == populatie]
        return None if sel.empty else sel.iloc[0]

    def tov_utrecht(self, indicator: str, populatie: str | None = None, groep: str = TOTAAL) -> str:
        """'hoger dan', 'lager dan', 'vrijwel gelijk aan' or 'niet aantoonbaar anders dan' the
        Utrecht figure, by the test of the family ``utrecht`` (corrected like every family)
        and the equivalence margin; 'niet te vergelijken met' without a published share or a
        declared comparison. ``groep`` compares a subgroup (e.g. the under-40s with
        Utrechters of that age); the pair must be declared in ``utrecht.csv``."""
        from analysis.text.dutch import GELIJK_MARGE, binnen_marge

        r = self.utrecht_rij(indicator, populatie, groep)
        if r is None or too_small(r.n) or pd.isna(r.pct):
            return "niet te vergelijken met"
        if r.oordeel == "significant":
            return "hoger dan" if r.verschil > 0 else "lager dan"
        if binnen_marge((r.ci_laag, r.ci_hoog), GELIJK_MARGE):
            return "vrijwel gelijk aan"
        return "niet aantoonbaar anders dan"

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
