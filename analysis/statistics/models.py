"""Regression models behind associations the report mentions.

The report says the group that is often very nervous "veel inburgeraars omvat met geldzorgen".
A cross-tabulation cannot tell whether that is just group composition (asielstatushouders are
both more often nervous and more often short of money), so the association is estimated with a
logistic regression controlled for group, age and sex, and reported as odds ratios with 95%
intervals. Outcome and exposure are registry indicators: one definition everywhere.

Why adjusted percentages too: an odds ratio of 4.9 for an outcome that 31% have overstates
the risk ratio to lay readers (it reads as "five times as likely"). Next to the odds ratio the
model gives the *adjusted percentages*: the outcome's predicted share when everyone had the
exposure and when no one had it, averaged over the respondents' own group, age and sex
(predicted probabilities at observed covariates, marginal standardisation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from analysis.data.privacy import MIN_CELL
from analysis.statistics.indicators import indicator_flags

CONTROLS = ("groep", "leeftijdsgroep", "geslacht")
REFERENCE = {"groep": "gezinsmigrant", "leeftijdsgroep": "18-25", "geslacht": "man"}
# How a sentence names what the model holds constant ("rekening houden met leeftijd").
CONTROL_WORDS = {"groep": "groep", "leeftijdsgroep": "leeftijd", "geslacht": "geslacht"}


@dataclass(frozen=True)
class LogitResult:
    """Odds ratios of a fitted logistic regression, ready for a table or a sentence."""

    uitkomst: str
    blootstelling: str
    n: int
    tabel: pd.DataFrame  # term, odds_ratio, ci_laag, ci_hoog, p
    pct_met: float = float("nan")  # adjusted % with the outcome when exposed (0-100)
    pct_zonder: float = float("nan")  # ... when not exposed
    verschil_laag: float = float("nan")  # 95% interval of pct_met - pct_zonder (points)
    verschil_hoog: float = float("nan")
    controles: tuple[str, ...] = ()  # the controls in the model, in CONTROLS order

    @property
    def controle_woorden(self) -> list[str]:
        """The controls as a sentence names them ('groep', 'leeftijd', 'geslacht')."""
        return [CONTROL_WORDS.get(c, c) for c in self.controles]

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

    @property
    def aantoonbaar(self) -> bool:
        """Whether the association holds after adjustment: the 95% interval of the odds
        ratio excludes 1 (what a sentence may then call a remaining association)."""
        laag, hoog = self.interval
        return laag > 1 or hoog < 1


def _term_label(name: str) -> str:
    """'C(groep, Treatment('gezinsmigrant'))[T.asielstatushouder]' -> 'groep=asielstatushouder'."""
    if name.startswith("C("):
        var = name[2:].split(",")[0].split(")")[0]
        level = name.split("[T.")[1].rstrip("]")
        return f"{var}={level}"
    return name


def _term_reference(name: str) -> str | None:
    """The reference level of a categorical term ('gezinsmigrant' above), None otherwise."""
    if name.startswith("C(") and "Treatment(" in name:
        return name.split("Treatment(")[1].split(")")[0].strip("'\"")
    return None


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

    # No model term may rest on fewer than MIN_CELL respondents (it would publish an odds
    # ratio for a handful of people): a smaller level of a control is merged into the
    # reference level, and a control left with one level (no gezinsmigranten in a tiny year)
    # says nothing, would make the model singular, and is left out. A reference level that is
    # absent or small is replaced by the most common level.
    merged: dict[str, tuple[str, list[str]]] = {}

    def term(c: str) -> str | None:
        levels = data[c].value_counts()
        large = [str(v) for v, n in levels.items() if n >= MIN_CELL]
        if len(large) < 2:
            return None
        ref = REFERENCE.get(c)
        if ref not in large:
            ref = large[0]
        small = sorted(str(v) for v, n in levels.items() if n < MIN_CELL)
        if small:
            data[c] = data[c].where(~data[c].isin(small), ref)
            merged[c] = (ref, small)
        return f"C({c}, Treatment({ref!r}))"

    terms, kept = [blootstelling], []
    for c in controls:
        if (t := term(c)) is not None:
            terms.append(t)
            kept.append(c)
    fit = smf.logit("y ~ " + " + ".join(terms), data=data).fit(disp=0)
    ci = fit.conf_int()
    tabel = pd.DataFrame(
        {
            "term": [_term_label(t) for t in fit.params.index],
            "referentie": [_term_reference(t) for t in fit.params.index],
            "odds_ratio": np.exp(fit.params.to_numpy()),
            "ci_laag": np.exp(ci[0].to_numpy()),
            "ci_hoog": np.exp(ci[1].to_numpy()),
            "p": fit.pvalues.to_numpy(),
        }
    )
    tabel = tabel[tabel.term != "Intercept"].reset_index(drop=True)
    for c, (ref, small) in merged.items():
        rows = tabel.term.str.startswith(f"{c}=")
        tabel.loc[rows, "referentie"] = f"{ref} (samen met {', '.join(small)})"
    # adjusted percentages and the delta-method interval of their difference: the design of
    # every respondent with and without the exposure (only the exposure column differs)
    x = np.asarray(fit.model.exog, dtype=float)
    kolom = list(fit.model.exog_names).index(blootstelling)
    x_met, x_zonder = x.copy(), x.copy()
    x_met[:, kolom], x_zonder[:, kolom] = 1.0, 0.0
    beta = fit.params.to_numpy()
    p_met = 1 / (1 + np.exp(-(x_met @ beta)))
    p_zonder = 1 / (1 + np.exp(-(x_zonder @ beta)))
    met, zonder = float(p_met.mean()), float(p_zonder.mean())
    grad = ((p_met * (1 - p_met)) @ x_met - (p_zonder * (1 - p_zonder)) @ x_zonder) / len(x)
    se = float(np.sqrt(max(grad @ fit.cov_params().to_numpy() @ grad, 0.0)))
    z = 1.959963984540054
    d = met - zonder
    return LogitResult(
        uitkomst,
        blootstelling,
        int(fit.nobs),
        tabel,
        100 * met,
        100 * zonder,
        100 * (d - z * se),
        100 * (d + z * se),
        tuple(kept),
    )
