"""Published figures (``data/referentie/gepubliceerd.csv``) and the check that data meet them.

The same check serves three purposes: the generator refuses to write synthetic data that miss
a published figure, the tests assert it, and the back-test compares a build's export with the
published report.

Kinds of rows (``soort``):

- ``indicator``: an indicator's percentage in a group; ``toets`` is ``afronding`` (rounds to
  the published whole percent) or ``marge`` (within ``marge`` points);
- ``aandeel``: the percentage of a group meeting a condition (``indicator`` holds the
  condition, e.g. ``groep=gezinsmigrant``);
- ``aantal``: the number of respondents meeting a condition in a group (``exact``);
- ``verschil``: a published verbal claim about two groups, as a difference in points
  ``groep - vergelijk`` that is at least (``minimaal``) or at most in absolute value
  (``maximaal_abs``) the ``waarde``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.paths import config_dir
from analysis.statistics.indicators import group_mask, load_registry, percentage_in_group
from analysis.statistics.rounding import round_half_up


@lru_cache(maxsize=2)
def load_targets(path: Path | None = None) -> pd.DataFrame:
    """All published figures, every year."""
    path = path or config_dir() / "referentie" / "gepubliceerd.csv"
    return pd.read_csv(path, dtype={"groep": "string", "vergelijk": "string"})


def evaluate(df: pd.DataFrame, row: pd.Series) -> tuple[float, bool]:
    """The observed value for one published figure and whether it meets the figure."""
    beantwoord = row.get("noemer") == "beantwoord"
    if row["soort"] == "aantal":
        cond = "totaal" if row["indicator"] == "totaal" else row["indicator"]
        observed = float((group_mask(df, cond) & group_mask(df, row["groep"])).sum())
        return observed, observed == float(row["waarde"])
    if row["soort"] == "verschil":
        observed = percentage_in_group(
            df, row["indicator"], row["groep"], beantwoord
        ) - percentage_in_group(df, row["indicator"], row["vergelijk"], beantwoord)
        if row["toets"] == "minimaal":
            return observed, observed >= float(row["waarde"])
        return observed, abs(observed) <= float(row["waarde"])
    observed = percentage_in_group(df, row["indicator"], row["groep"], beantwoord)
    if row["toets"] == "afronding":
        return observed, round_half_up(observed) == round_half_up(float(row["waarde"]))
    return observed, abs(observed - float(row["waarde"])) <= float(row["marge"]) + 1e-9


def check_targets(df: pd.DataFrame, jaar: int) -> list[str]:
    """Every published figure of ``jaar`` that the data do not meet, as readable lines."""
    targets = load_targets()
    failures = []
    for _, row in targets[targets["jaar"] == jaar].iterrows():
        available = row["indicator"] not in load_registry().ids or all(
            c in df.columns for c in load_registry()[row["indicator"]].items
        )
        if not available:
            failures.append(f"{row['indicator']}: item ontbreekt in de data")
            continue
        observed, ok = evaluate(df, row)
        if not ok:
            extra = f" t.o.v. {row['vergelijk']}" if row["soort"] == "verschil" else ""
            failures.append(
                f"{row['soort']} {row['indicator']} [{row['groep']}{extra}]: "
                f"{observed:.1f}, gepubliceerd {row['waarde']} ({row['toets']}; {row['bron']})"
            )
    return failures
