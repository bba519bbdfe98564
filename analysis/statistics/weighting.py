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

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import weightipy as wp

from analysis.data.errors import ConfigError, DataError
from analysis.data.files import read_yaml
from analysis.data.paths import config_dir


def load_scheme(path: Path | None = None) -> dict:
    """The weighting dimensions and groupings (``data/weging.yml``). The path is resolved
    before the cache is consulted, so a changed ``INBURGERING_CONFIG`` is seen."""
    return _load_scheme(Path(path or config_dir() / "weging.yml").resolve())


@lru_cache(maxsize=4)
def _load_scheme(path: Path) -> dict:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("dimensies"), list):
        raise ConfigError(f"{path}: verwacht de sleutel 'dimensies' (een lijst).")
    return raw


# Who changes the configuration in a running process (the stress variants) clears this.
load_scheme.cache_clear = _load_scheme.cache_clear  # type: ignore[attr-defined]


def _grouped(values: pd.Series, mapping: dict[str, str] | None) -> pd.Series:
    if not mapping:
        return values.astype(str)
    fallback = mapping.get("*")
    return values.astype(str).map(lambda v: mapping.get(v, fallback if fallback else v))


def population_targets(
    populatie: pd.DataFrame, scheme: dict | None = None, shares: bool = True
) -> dict:
    """Target shares (percent) per weighting dimension, after grouping categories
    (``shares=False``: the population counts)."""
    scheme = scheme or load_scheme()
    targets = {}
    for dim in scheme["dimensies"]:
        rows = populatie[populatie["dimensie"] == dim]
        if rows.empty:
            raise WegingError(
                f"populatie.csv heeft geen aantallen voor weegdimensie '{dim}'; lever ze, of "
                f"laat '{dim}' weg uit 'dimensies' in data/weging.yml",
                reden=f"het populatiebestand geeft geen aantallen naar {dim}",
            )
        grouped = (
            rows.assign(
                categorie=_grouped(rows["categorie"], scheme.get("groeperingen", {}).get(dim))
            )
            .groupby("categorie", sort=True)["aantal"]
            .sum()
        )
        targets[dim] = (100 * grouped / grouped.sum() if shares else grouped).to_dict()
    return targets


class WegingError(DataError):
    """The weighting scheme cannot be applied to this year: the message says what to change
    in ``data/weging.yml``. A data error (exit 2), never a traceback. ``reden`` says why in
    words for the reader of the unweighted edition's methods appendix."""

    def __init__(self, message: str, reden: str = "") -> None:
        super().__init__(message)
        self.reden = reden or message


@dataclass(frozen=True)
class Weegcellen:
    """The weighting categories of a year after grouping and collapsing.

    ``frame`` holds each respondent's category per dimension, ``targets`` the population
    shares (percent), ``samengevoegd`` one ``(dimensie, van, naar)`` per merge that the
    collapsing rule made, in the order made (the methods appendix names them)."""

    frame: pd.DataFrame
    targets: dict[str, dict[str, float]]
    samengevoegd: tuple[tuple[str, str, str], ...]


def _merge_target(rule: object, category: str) -> str | None:
    if isinstance(rule, str):
        return rule
    if isinstance(rule, dict):
        target = rule.get(category)
        return None if target is None else str(target)
    return None


def weighting_cells(
    enquete: pd.DataFrame, populatie: pd.DataFrame, scheme: dict | None = None
) -> Weegcellen:
    """Group the categories (``groeperingen``), then collapse every category with fewer than
    ``minimum_respondenten`` respondents as ``samenvoegen`` says (``data/weging.yml``).

    Why: a stratum nobody from a small wave is in cannot be raked to, and one of two
    respondents gives them enormous weights; merging into a neighbouring category is the
    usual remedy and is written down in the scheme, not decided here."""
    scheme = scheme or load_scheme()
    minimum = int(scheme.get("minimum_respondenten", 1))
    rules = scheme.get("samenvoegen", {}) or {}
    frame = pd.DataFrame(
        {
            dim: _grouped(enquete[dim], scheme.get("groeperingen", {}).get(dim))
            for dim in scheme["dimensies"]
        }
    )
    pop = population_targets(populatie, scheme, shares=False)
    merged: list[tuple[str, str, str]] = []
    for dim in scheme["dimensies"]:
        counts = dict(pop[dim])  # population per category, merged categories summed
        gone: dict[str, str] = {}
        while len(counts) > 1:
            n = frame[dim].value_counts()
            small = [c for c in sorted(counts) if n.get(c, 0) < minimum]
            if not small:
                break
            cat = min(small, key=lambda c: (n.get(c, 0), c))
            into = _merge_target(rules.get(dim), cat)
            while into in gone:  # the category it goes into was merged itself
                into = gone[into]
            if into is None or into == cat or into not in counts:
                raise WegingError(
                    f"data/weging.yml: weging onmogelijk: {dim} '{cat}' heeft "
                    f"{int(n.get(cat, 0))} respondent(en) (minimum_respondenten: {minimum}) en "
                    f"'samenvoegen' zegt niet bij welke andere categorie van {dim} die hoort "
                    f"(nu: {sorted(counts)}). Voeg in data/weging.yml onder 'samenvoegen' "
                    f"'{dim}: {{{cat}: <categorie>}}' toe, of laat '{dim}' weg uit 'dimensies'.",
                    reden=f"in de categorie {cat} ({dim}) zitten te weinig respondenten om "
                    "naar te wegen, en er is geen categorie vastgelegd om haar mee samen te "
                    "voegen",
                )
            counts[into] += counts.pop(cat)
            gone[cat] = into
            frame[dim] = frame[dim].where(frame[dim] != cat, into)
            merged.append((dim, cat, into))
        pop[dim] = counts
    targets = {
        dim: {c: 100 * v / sum(counts.values()) for c, v in counts.items()}
        for dim, counts in pop.items()
    }
    return Weegcellen(frame, targets, tuple(merged))


def rake_weights(
    enquete: pd.DataFrame, populatie: pd.DataFrame, scheme: dict | None = None
) -> pd.Series:
    """One weight per respondent (mean 1) such that the weighted sample matches the
    population on every weighting dimension (categories collapsed as
    :func:`weighting_cells` says)."""
    cells = weighting_cells(enquete, populatie, scheme)
    frame, targets = cells.frame, cells.targets
    weights = wp.weight(frame.reset_index(drop=True), wp.scheme_from_dict(targets))
    weights = pd.Series(weights.to_numpy(dtype=float), index=enquete.index, name="gewicht")
    return weights / weights.mean()


def sensitivity_table(enquete: pd.DataFrame, populatie: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Per indicator (all respondents): unweighted and weighted percentage and the difference
    in points, for the bijlagen."""
    from analysis.statistics.indicators import (
        indicator_table,  # local: indicators is the heavier module
    )

    weights = rake_weights(enquete, populatie)
    plain = indicator_table(enquete, jaar, groepen=("totaal",))
    weighted = indicator_table(enquete, jaar, groepen=("totaal",), weights=weights)
    out = plain[["indicator", "noemer"]].assign(
        ongewogen=plain["percentage"].to_numpy(),
        gewogen=weighted["percentage"].to_numpy(),
    )
    out["verschil"] = out["gewogen"] - out["ongewogen"]
    return out.reset_index(drop=True)
