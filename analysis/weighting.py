"""Optional weighting: raking the respondents to the population composition.

Why optional: the published 2023 figures are unweighted, so the default (report parameter
``gewogen=False``) reproduces them. The response was close to the population (Tabel B2.1), and
the sensitivity table shows per indicator how much weighting would change the picture.

How: raking (iterative proportional fitting) on the dimensions of ``data/weging.yml``
(sex, age group, nationality with small nationalities grouped) to the counts of
``data/<jaar>/populatie.csv``, with weightipy. Library choice: samplics, the obvious candidate,
is archived and says so when imported; balance pins numpy < 2 and scipy < 1.14 on Python 3.11;
ipfn has not been released since 2021. weightipy is a maintained, small implementation of
RIM raking with few dependencies.

Weights are normalised to mean 1 (they sum to the number of respondents), so weighted counts
stay on the scale of the sample; intervals use Kish's effective sample size.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import weightipy as wp

from analysis.codebook import ConfigError, read_yaml
from analysis.paths import config_dir


@lru_cache(maxsize=2)
def load_scheme(path: Path | None = None) -> dict:
    """The weighting dimensions and groupings (``data/weging.yml``)."""
    path = path or config_dir() / "weging.yml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("dimensies"), list):
        raise ConfigError(f"{path}: verwacht de sleutel 'dimensies' (een lijst).")
    return raw


def _grouped(values: pd.Series, mapping: dict[str, str] | None) -> pd.Series:
    if not mapping:
        return values.astype(str)
    fallback = mapping.get("*")
    return values.astype(str).map(lambda v: mapping.get(v, fallback if fallback else v))


def population_targets(populatie: pd.DataFrame, scheme: dict | None = None) -> dict:
    """Target shares (percent) per weighting dimension, after grouping categories."""
    scheme = scheme or load_scheme()
    targets = {}
    for dim in scheme["dimensies"]:
        rows = populatie[populatie["dimensie"] == dim]
        if rows.empty:
            raise ValueError(f"populatie.csv heeft geen aantallen voor weegdimensie '{dim}'")
        grouped = (
            rows.assign(
                categorie=_grouped(rows["categorie"], scheme.get("groeperingen", {}).get(dim))
            )
            .groupby("categorie", sort=True)["aantal"]
            .sum()
        )
        targets[dim] = (100 * grouped / grouped.sum()).to_dict()
    return targets


def rake_weights(
    enquete: pd.DataFrame, populatie: pd.DataFrame, scheme: dict | None = None
) -> pd.Series:
    """One weight per respondent (mean 1) such that the weighted sample matches the
    population on every weighting dimension."""
    scheme = scheme or load_scheme()
    frame = pd.DataFrame(
        {
            dim: _grouped(enquete[dim], scheme.get("groeperingen", {}).get(dim))
            for dim in scheme["dimensies"]
        }
    )
    targets = population_targets(populatie, scheme)
    for dim, shares in targets.items():
        missing = set(shares) - set(frame[dim])
        if missing:
            raise ValueError(f"Weging onmogelijk: geen respondenten in {dim}={sorted(missing)}")
    weights = wp.weight(frame.reset_index(drop=True), wp.scheme_from_dict(targets))
    weights = pd.Series(weights.to_numpy(dtype=float), index=enquete.index, name="gewicht")
    return weights / weights.mean()


def sensitivity_table(enquete: pd.DataFrame, populatie: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Per indicator (all respondents): unweighted and weighted percentage and the difference
    in points, for the bijlagen."""
    from analysis.indicators import indicator_table  # local: indicators is the heavier module

    weights = rake_weights(enquete, populatie)
    plain = indicator_table(enquete, jaar, groepen=("totaal",))
    weighted = indicator_table(enquete, jaar, groepen=("totaal",), weights=weights)
    out = plain[["indicator", "noemer"]].assign(
        ongewogen=plain["percentage"].to_numpy(),
        gewogen=weighted["percentage"].to_numpy(),
    )
    out["verschil"] = out["gewogen"] - out["ongewogen"]
    return out.reset_index(drop=True)
