"""Change since the previous survey year: the monitor's reason to exist.

Per indicator, for all inburgeraars and within each group, the change between the previous
year and this one is computed with

- the difference in points and its 95% interval (Newcombe's hybrid score interval on the
  effective sizes of each year under the same finite-population policy as the test -- as
  declared, none -- and the design effect of the weights in the weighted edition);
- a test on the effective counts (as for group comparisons, :mod:`analysis.statistics.comparisons`),
  without the finite-population correction (the policy ``eindige_populatie: verandering`` in
  ``data/toetsfamilies.yml``; every verdict is also computed under the other choice, and a
  verdict that flips is marked in ``oordeel_wisselt_fpc``), corrected with Benjamini–Hochberg
  within two families: 'verandering', the indicators for all inburgeraars (the primary
  family, one test per indicator asked in both years), and 'verandering_groepen', the
  changes within asielstatushouders and gezinsmigranten;
- the change adjusted for the composition of the year (``verschil_gecorrigeerd``): the
  inflow differs each year (more or fewer gezinsmigranten, older or younger), so a change in
  the total can be a change of who came. A logistic regression on both years,
  ``indicator ~ jaar + groep + leeftijdsgroep + geslacht``, gives for every respondent of both
  years the predicted chance in either year; the mean difference is the change at a fixed
  composition (marginal standardisation, reported in points, not as an odds ratio). The
  standard population is the respondents of both years together (weighted in the weighted
  edition, so the adjusted change differs by edition); the interval comes from the delta
  method; where the model cannot be fitted, ``gecorrigeerd_opmerking`` says why.

Respondents can take part in more than one wave (a trajectory lasts up to three years). The
samples are treated as independent unless both years carry the optional pseudonymous column
``panel_id``: then respondents present in both years are matched and the variance of the
change accounts for their correlation (partially overlapping samples), which narrows the
interval when answers are stable within a person.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis.data.paths import available_years
from analysis.data.privacy import MIN_CELL
from analysis.data.reading import Jaargang
from analysis.statistics.comparisons import (
    ALPHA,
    INTERVAL_PER_PAAR,
    NIET_GETOETST,
    bh_per_familie,
    oneens_reeks,
    oordeel_rij,
    toets_tabel,
)
from analysis.statistics.design import Ontwerp, fpc_beleid
from analysis.statistics.disclosure import indicatief, too_small
from analysis.statistics.indicators import (
    GROEPEN,
    TOTAAL,
    group_mask,
    indicator_available,
    indicator_flags,
    load_registry,
)
from analysis.statistics.sampling import newcombe_difference

FAMILIE = "verandering"
FAMILIE_GROEPEN = "verandering_groepen"
GROEPEN_VERANDERING = (TOTAAL, *GROEPEN)
SAMENSTELLING = ("groep", "leeftijdsgroep", "geslacht")
PANEL = "panel_id"
VERANDERING_COLUMNS = [
    "indicator",
    "groep",
    "jaar_vorig",
    "pct_vorig",
    "n_vorig",
    "pct",
    "n",
    "verschil",
    "ci_laag",
    "ci_hoog",
    "p",
    "p_gecorrigeerd",
    "oordeel",
    "verschil_gecorrigeerd",
    "verschil_gecorrigeerd_laag",
    "verschil_gecorrigeerd_hoog",
    "gecorrigeerd_opmerking",
    "familie",
    "indicatief",
    "p_gecorrigeerd_fpc_anders",
    "oordeel_wisselt_fpc",
    "toets",
    "interval",
    "interval_oneens",
]


def previous_year(jaar: int, base: Path) -> int | None:
    earlier = [y for y in available_years(base) if y < jaar]
    return earlier[-1] if earlier else None


MAX_LOGIT = 10.0  # |coefficient| beyond this (odds ratio > 22,000): the model is separated
GEEN_GECORRIGEERD = {
    "te_klein": "te weinig respondenten in een van beide jaren",
    "convergeert_niet": "het model convergeert niet",
    "scheiding": (
        "het model scheidt volledig: in een jaar, groep, leeftijdsgroep of geslacht heeft "
        "(vrijwel) iedereen of niemand de uitkomst"
    ),
    "numeriek": "het model is numeriek niet te schatten",
    "verborgen": "niet getoond: anders is een kleine groep af te leiden",
}


JAAR_KOLOM = 1  # the design's columns: intercept, year, then the composition dummies


def _design(data: pd.DataFrame, controls: list[str]) -> np.ndarray:
    """The model's design: an intercept, the year (0 for the previous one, 1 for this one)
    and, for each control, a dummy for every category but the first in sorted order.

    The design patsy makes of ``y ~ C(jaar, Treatment('vorig')) + C(groep) + ...``, column for
    column, built directly: the formula machinery cost more than the fit itself, on every
    indicator and group of every build."""
    columns = [np.ones(len(data)), (data["jaar"] == "nu").to_numpy(dtype=float)]
    for c in controls:
        values = data[c].to_numpy()
        columns += [(values == level).astype(float) for level in sorted(set(values))[1:]]
    return np.column_stack(columns)


def adjusted_change_ci(
    nu: pd.DataFrame,
    vorig: pd.DataFrame,
    indicator: str,
    groep: str = TOTAAL,
    w_nu: pd.Series | None = None,
    w_vorig: pd.Series | None = None,
) -> tuple[float, float, float, str]:
    """Change in points at a fixed composition with its 95% interval, and why it is missing.

    The standard population is every respondent of both years together (in the weighted
    edition weighted, with the weights of each year scaled to their Kish effective size):
    for each, the model predicts the chance in either year, and the change is the mean
    difference. Interval by the delta method on the model's covariance, treating the standard
    population as fixed. Returns ``(verschil, laag, hoog, reden)`` in points; ``reden`` is
    '' when the change could be computed, else a key of :data:`GEEN_GECORRIGEERD`."""
    import statsmodels.api as sm

    nan = math.nan
    frames = []
    for label, df, w in (("vorig", vorig, w_vorig), ("nu", nu, w_nu)):
        sel = group_mask(df, groep)
        flags = indicator_flags(df, indicator)[sel]
        part = pd.DataFrame({"y": flags, "jaar": label})
        for c in SAMENSTELLING:
            part[c] = df.loc[sel, c].astype(str)
        part["w"] = 1.0 if w is None else w.loc[part.index].to_numpy(dtype=float)
        part = part.dropna(subset=["y"])
        if w is not None and len(part):  # scale to the Kish effective size of the year
            ww = part["w"]
            part["w"] = ww * (ww.sum() / (ww**2).sum())
        frames.append(part)
    data = pd.concat(frames, ignore_index=True)
    controls = [c for c in SAMENSTELLING if data[c].nunique() > 1]
    if min((data.jaar == "vorig").sum(), (data.jaar == "nu").sum()) < MIN_CELL:
        return nan, nan, nan, "te_klein"
    if data.y.nunique() < 2:
        return 0.0, 0.0, 0.0, ""
    x = _design(data, controls)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = sm.GLM(
                data["y"].to_numpy(dtype=float),
                x,
                family=sm.families.Binomial(),
                freq_weights=data["w"].to_numpy(dtype=float),
            )
            fit = model.fit(maxiter=200)
        if not fit.converged:
            return nan, nan, nan, "convergeert_niet"
        beta = np.asarray(fit.params)
        if np.abs(beta).max() > MAX_LOGIT:  # (quasi-)separation: an odds ratio without bound
            return nan, nan, nan, "scheiding"
        # the design of every respondent in either year: only the year dummy differs
        x_nu, x_v = x.copy(), x.copy()
        x_nu[:, JAAR_KOLOM], x_v[:, JAAR_KOLOM] = 1.0, 0.0
        p_nu = 1 / (1 + np.exp(-(x_nu @ beta)))
        p_v = 1 / (1 + np.exp(-(x_v @ beta)))
        w = data["w"].to_numpy() / data["w"].sum()
        d = float(w @ (p_nu - p_v))
        grad = (w * p_nu * (1 - p_nu)) @ x_nu - (w * p_v * (1 - p_v)) @ x_v
        se = float(np.sqrt(max(grad @ np.asarray(fit.cov_params()) @ grad, 0.0)))
        if not np.isfinite(se) or se > 1:  # a separated model: its variance is unbounded
            return nan, nan, nan, "scheiding"
    except (np.linalg.LinAlgError, ValueError, OverflowError):
        return nan, nan, nan, "numeriek"
    except Exception as exc:  # statsmodels' PerfectSeparationError and relatives
        if "separation" in type(exc).__name__.lower() or "separation" in str(exc).lower():
            return nan, nan, nan, "scheiding"
        raise
    z = norm.ppf(1 - ALPHA / 2)
    return 100 * d, 100 * (d - z * se), 100 * (d + z * se), ""


def adjusted_change(
    nu: pd.DataFrame, vorig: pd.DataFrame, indicator: str, groep: str = TOTAAL
) -> float:
    """Change in points at a fixed composition (see module and :func:`adjusted_change_ci`),
    NaN when the model cannot be fitted (too few respondents, no convergence, separation)."""
    return adjusted_change_ci(nu, vorig, indicator, groep)[0]


def _panel_correlation(
    nu: pd.DataFrame, vorig: pd.DataFrame, indicator: str, groep: str
) -> tuple[int, float]:
    """Number of respondents matched on ``panel_id`` and the covariance of their answers."""
    if PANEL not in nu.columns or PANEL not in vorig.columns:
        return 0, 0.0
    a = indicator_flags(vorig, indicator)[group_mask(vorig, groep)]
    b = indicator_flags(nu, indicator)[group_mask(nu, groep)]
    left = pd.DataFrame({"id": vorig.loc[a.index, PANEL], "a": a}).dropna()
    right = pd.DataFrame({"id": nu.loc[b.index, PANEL], "b": b}).dropna()
    both = left.merge(right, on="id")
    if len(both) < 2:
        return len(both), 0.0
    return len(both), float(np.cov(both["a"], both["b"], ddof=1)[0, 1])


def change_row(
    nu: Jaargang,
    vorig: Jaargang,
    indicator: str,
    groep: str,
    ontwerp_nu: Ontwerp,
    ontwerp_vorig: Ontwerp,
    gecorrigeerd: bool = True,
) -> dict:
    """One row of the change table (uncorrected p; see :func:`change_table`); without the
    composition-adjusted change when ``gecorrigeerd`` is false (the sensitivity run needs
    only the p-value)."""
    flags_nu = indicator_flags(nu.enquete, indicator)
    flags_vorig = indicator_flags(vorig.enquete, indicator)
    t1, n1, p1, e1 = ontwerp_vorig.groep(vorig.enquete, groep, flags_vorig)
    t2, n2, p2, e2 = ontwerp_nu.groep(nu.enquete, groep, flags_nu)
    row = {
        "indicator": indicator,
        "groep": groep,
        "jaar_vorig": vorig.jaar,
        "pct_vorig": 100 * p1,
        "n_vorig": n1,
        "pct": 100 * p2,
        "n": n2,
        "verschil": math.nan,
        "ci_laag": math.nan,
        "ci_hoog": math.nan,
        "p": math.nan,
        "verschil_gecorrigeerd": math.nan,
        "verschil_gecorrigeerd_laag": math.nan,
        "verschil_gecorrigeerd_hoog": math.nan,
        "gecorrigeerd_opmerking": GEEN_GECORRIGEERD["te_klein"],
        "toets": NIET_GETOETST,
    }
    if too_small(n1) or too_small(n2):
        return row
    d, low, high = newcombe_difference(p2, e2, p1, e1)
    toets, p = toets_tabel([t2, t1], [n2, n1], [p2, p1], [e2, e1])
    matched, cov = _panel_correlation(nu.enquete, vorig.enquete, indicator, groep)
    if matched and ontwerp_nu.weights is None:
        # partially overlapping samples: Var(d) = V1 + V2 - 2 m cov / (n1 n2)
        var = p1 * (1 - p1) / e1 + p2 * (1 - p2) / e2 - 2 * matched * cov / (n1 * n2)
        se = math.sqrt(max(var, 1e-12))
        z = norm.ppf(1 - ALPHA / 2)
        low, high, p = d - z * se, d + z * se, float(2 * norm.sf(abs(d) / se))
        toets = "z-toets voor deels overlappende steekproeven (panel)"
    row.update(verschil=100 * d, ci_laag=100 * low, ci_hoog=100 * high, p=p, toets=toets)
    if gecorrigeerd:
        adj, adj_low, adj_high, reden = adjusted_change_ci(
            nu.enquete, vorig.enquete, indicator, groep, ontwerp_nu.weights, ontwerp_vorig.weights
        )
        row.update(
            verschil_gecorrigeerd=adj,
            verschil_gecorrigeerd_laag=adj_low,
            verschil_gecorrigeerd_hoog=adj_high,
            gecorrigeerd_opmerking=GEEN_GECORRIGEERD.get(reden, ""),
        )
    return row


def change_table(
    nu: Jaargang,
    vorig: Jaargang,
    ontwerp_nu: Ontwerp,
    ontwerp_vorig: Ontwerp,
    groepen: tuple[str, ...] = GROEPEN_VERANDERING,
) -> pd.DataFrame:
    """The export ``tabellen/verandering.csv``: every indicator asked in both years (the
    report's main family: no mirror images), for all inburgeraars and per group, with the
    change, its interval, raw and Benjamini–Hochberg corrected p, verdict and the
    composition-adjusted change; the finite-population correction as the policy says, and
    the corrected p under the other choice with a mark where the verdict flips."""
    fpc = fpc_beleid()["verandering"]
    o_nu, o_vorig = ontwerp_nu.met_fpc(fpc), ontwerp_vorig.met_fpc(fpc)
    a_nu, a_vorig = ontwerp_nu.met_fpc(not fpc), ontwerp_vorig.met_fpc(not fpc)
    ids = [
        i.id
        for i in load_registry().indicatoren
        if not i.aanvullend
        and indicator_available(nu.enquete, i.id)
        and indicator_available(vorig.enquete, i.id)
    ]
    pairs = [(ind, g) for ind in ids for g in groepen]
    rows = [change_row(nu, vorig, ind, g, o_nu, o_vorig) for ind, g in pairs]
    out = pd.DataFrame(
        rows, columns=[c for c in VERANDERING_COLUMNS if c in rows[0]] if rows else None
    )
    if out.empty:
        return empty_change_table()
    out["familie"] = [FAMILIE if g == TOTAAL else FAMILIE_GROEPEN for g in out["groep"]]
    out["p_gecorrigeerd"] = bh_per_familie(out["p"], out["familie"])
    out["oordeel"] = list(map(oordeel_rij, out["p"], out["p_gecorrigeerd"]))
    p_anders = pd.Series(
        [change_row(nu, vorig, ind, g, a_nu, a_vorig, gecorrigeerd=False)["p"] for ind, g in pairs],
        index=out.index,
        dtype=float,
    )
    out["p_gecorrigeerd_fpc_anders"] = bh_per_familie(p_anders, out["familie"])
    anders = list(map(oordeel_rij, p_anders, out["p_gecorrigeerd_fpc_anders"]))
    out["oordeel_wisselt_fpc"] = [
        a != b and "niet getoetst" not in a for a, b in zip(out["oordeel"], anders, strict=True)
    ]
    out["indicatief"] = [
        indicatief(a) or indicatief(b) for a, b in zip(out["n_vorig"], out["n"], strict=True)
    ]
    getoetst = out["p"].notna()
    out["toets"] = out["toets"].where(getoetst, NIET_GETOETST)
    out["interval"] = [INTERVAL_PER_PAAR if t else "" for t in getoetst]
    out["interval_oneens"] = oneens_reeks(out)
    return out[VERANDERING_COLUMNS]


def empty_change_table() -> pd.DataFrame:
    """The change table of a first year: the columns, no rows."""
    return pd.DataFrame(columns=VERANDERING_COLUMNS)
