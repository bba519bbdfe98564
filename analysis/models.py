"""Regression models behind associations the report mentions.

The report says the group that is often very nervous "veel inburgeraars omvat met geldzorgen".
A cross-tabulation cannot tell whether that is just group composition (asielstatushouders are
both more often nervous and more often short of money), so the association is estimated with a
logistic regression controlled for group, age and sex, and reported as odds ratios with 95%
intervals. Outcome and exposure are registry indicators: one definition everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from analysis.indicators import indicator_flags

CONTROLS = ("groep", "leeftijdsgroep", "geslacht")
REFERENCE = {"groep": "gezinsmigrant", "leeftijdsgroep": "18-25", "geslacht": "man"}


@dataclass(frozen=True)
class LogitResult:
    """Odds ratios of a fitted logistic regression, ready for a table or a sentence."""

    uitkomst: str
    blootstelling: str
    n: int
    tabel: pd.DataFrame  # term, odds_ratio, ci_laag, ci_hoog, p

    @property
    def odds_ratio(self) -> float:
        return float(self.tabel.loc[self.tabel.term == self.blootstelling, "odds_ratio"].iloc[0])

    @property
    def interval(self) -> tuple[float, float]:
        row = self.tabel.loc[self.tabel.term == self.blootstelling].iloc[0]
        return float(row.ci_laag), float(row.ci_hoog)

    @property
    def p(self) -> float:
        return float(self.tabel.loc[self.tabel.term == self.blootstelling, "p"].iloc[0])


def _term_label(name: str) -> str:
    """'C(groep, Treatment('gezinsmigrant'))[T.asielstatushouder]' -> 'groep=asielstatushouder'."""
    if name.startswith("C("):
        var = name[2:].split(",")[0].split(")")[0]
        level = name.split("[T.")[1].rstrip("]")
        return f"{var}={level}"
    return name


def logit_odds_ratios(
    df: pd.DataFrame,
    uitkomst: str,
    blootstelling: str,
    controls: Sequence[str] = CONTROLS,
) -> LogitResult:
    """Fit ``uitkomst ~ blootstelling + controls`` on respondents with both indicators known.

    ``uitkomst`` and ``blootstelling`` are indicator ids (0/1 per respondent); the controls are
    categorical codebook columns with the reference levels of ``REFERENCE``.
    """
    data = pd.DataFrame(
        {
            "y": indicator_flags(df, uitkomst),
            blootstelling: indicator_flags(df, blootstelling),
            **{c: df[c].astype(str) for c in controls},
        }
    ).dropna()
    terms = [blootstelling] + [
        f"C({c}, Treatment({REFERENCE[c]!r}))" if c in REFERENCE else f"C({c})" for c in controls
    ]
    fit = smf.logit("y ~ " + " + ".join(terms), data=data).fit(disp=0)
    ci = fit.conf_int()
    tabel = pd.DataFrame(
        {
            "term": [_term_label(t) for t in fit.params.index],
            "odds_ratio": np.exp(fit.params.to_numpy()),
            "ci_laag": np.exp(ci[0].to_numpy()),
            "ci_hoog": np.exp(ci[1].to_numpy()),
            "p": fit.pvalues.to_numpy(),
        }
    )
    tabel = tabel[tabel.term != "Intercept"].reset_index(drop=True)
    return LogitResult(uitkomst, blootstelling, int(fit.nobs), tabel)
