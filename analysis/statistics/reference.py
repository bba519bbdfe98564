"""Comparisons with all Utrechters: tests like the others, in a family of their own.

Why: "hoger dan alle Utrechters" is a verdict like "vaker dan gezinsmigranten", so it follows
the same policy. Each row of ``data/referentie/utrecht.csv`` declares one comparison: the
indicator, the Utrecht figure with its population and source, and which of our groups is
compared with it (``groep``, default all inburgeraars). The comparisons of a year form the
family ``utrecht``, corrected with Benjamini–Hochberg like every other family.

- **Test.** Where the reference figure's number of respondents is known (column ``n``), the
  two shares are compared as two independent samples (chi-square or Fisher, Newcombe
  interval), exactly as two groups of ours. Where it is not known -- published reports often
  give none -- the Utrecht figure is taken as a fixed value and our share is tested against
  it with the score test (z = (p - p0) / sqrt(p0 (1 - p0) / n)); the interval of the
  difference is our share's Wilson interval minus the figure. That ignores the reference's
  own sampling error, which makes the verdict somewhat too ready to call a difference: the
  methods say so.
- **Finite population.** The question is analytic (do inburgeraars differ from
  Utrechters?), so the policy of ``groepsverschillen`` in ``data/toetsfamilies.yml`` holds.
- **Words.** 'hoger'/'lager' only when the corrected test supports it; 'vrijwel gelijk' only
  when the whole interval lies within the margin of ``gelijkwaardigheid``; else 'niet
  aantoonbaar anders'.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy.stats import norm

from analysis.data.paths import config_dir
from analysis.statistics.comparisons import (
    INTERVAL_PER_PAAR,
    NIET_GETOETST,
    bh_per_familie,
    oneens_reeks,
    oordeel_rij,
    toets_tabel,
)
from analysis.statistics.design import Ontwerp, fpc_beleid
from analysis.statistics.disclosure import indicatief, too_small
from analysis.statistics.indicators import TOTAAL, indicator_available, indicator_flags
from analysis.statistics.sampling import newcombe_difference, wilson

FAMILIE = "utrecht"
AFGELEID = ("p_gecorrigeerd", "oordeel", "familie", "interval_oneens")  # set after the tests
COLUMNS = [
    "indicator",
    "groep",
    "populatie_utrecht",
    "wie_utrecht",
    "pct",
    "n",
    "pct_utrecht",
    "n_utrecht",
    "verschil",
    "ci_laag",
    "ci_hoog",
    "toets",
    "p",
    "p_gecorrigeerd",
    "oordeel",
    "familie",
    "indicatief",
    "interval",
    "interval_oneens",
]


def lees_referentie() -> pd.DataFrame:
    """``data/referentie/utrecht.csv`` with its optional columns filled: ``groep`` (ours,
    default all inburgeraars) and ``n`` (the reference's respondents, blank if unknown)."""
    ref = pd.read_csv(config_dir() / "referentie" / "utrecht.csv")
    if "groep" not in ref.columns:
        ref["groep"] = TOTAAL
    ref["groep"] = ref["groep"].fillna(TOTAAL).astype(str)
    if "n" not in ref.columns:
        ref["n"] = math.nan
    return ref


def utrecht_table(df: pd.DataFrame, ontwerp: Ontwerp, referentie: pd.DataFrame) -> pd.DataFrame:
    """Every declared comparison with a Utrecht figure whose indicator was asked this year,
    tested and corrected as the family ``utrecht`` (see the module)."""
    o = ontwerp.met_fpc(fpc_beleid()["groepsverschillen"])
    rows = []
    for r in referentie.itertuples():
        if not indicator_available(df, r.indicator):
            continue
        teller, noemer, share, n_eff = o.groep(df, r.groep, indicator_flags(df, r.indicator))
        p0, n0 = float(r.waarde) / 100, float(r.n)
        row = {
            "indicator": r.indicator,
            "groep": r.groep,
            "populatie_utrecht": r.populatie,
            "wie_utrecht": r.wie,
            "pct": 100 * share if noemer else math.nan,
            "n": noemer,
            "pct_utrecht": float(r.waarde),
            "n_utrecht": n0,
            "verschil": math.nan,
            "ci_laag": math.nan,
            "ci_hoog": math.nan,
            "toets": NIET_GETOETST,
            "p": math.nan,
            "indicatief": indicatief(noemer),
            "interval": "",
        }
        if not too_small(noemer):
            if math.isfinite(n0) and n0 > 0:
                t0 = round(p0 * n0)
                toets, p = toets_tabel([teller, t0], [noemer, n0], [share, p0], [n_eff, n0])
                d, low, high = newcombe_difference(share, n_eff, p0, n0)
            else:
                se = math.sqrt(p0 * (1 - p0) / n_eff)
                toets = "scoretoets tegen een vast cijfer"
                if se > 0:
                    p = float(2 * norm.sf(abs(share - p0) / se))
                else:  # a reference of 0% or 100%: any other share differs from it
                    p = 1.0 if share == p0 else 0.0
                lo, hi = wilson(share, n_eff)
                d, low, high = share - p0, lo - p0, hi - p0
            row.update(
                verschil=100 * d,
                ci_laag=100 * low,
                ci_hoog=100 * high,
                toets=toets,
                p=p,
                interval=INTERVAL_PER_PAAR,
            )
        rows.append(row)
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in AFGELEID])
    if out.empty:
        return pd.DataFrame(columns=COLUMNS)
    out["familie"] = FAMILIE
    out["p_gecorrigeerd"] = bh_per_familie(out["p"], out["familie"])
    out["oordeel"] = list(map(oordeel_rij, out["p"], out["p_gecorrigeerd"]))
    out["interval_oneens"] = oneens_reeks(out)
    return out[COLUMNS]
