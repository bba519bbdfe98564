"""Seeded generator of the synthetic survey waves (``data/<jaar>/``).

Why synthetic data: the real microdata are confidential. The project ships respondent-level
data that reproduce the published figures, so the whole report can be rebuilt and checked
against what was published, and a real year can later be dropped in with the same shape.

How: the calibration lives in ``data/synth/<jaar>.yml`` (data, not code). It is a list of
*steps*, each filling one column. A step splits the respondents into cells (e.g. by ``groep``)
and says, per cell, how many respondents get each outcome (exact counts, or percentages of the
cell). *Which* respondents get an outcome is drawn with probability proportional to
``exp(score)``, where the score is a small linear model over columns filled earlier (health
worse with age, nervousness with money problems, ...). That is Gumbel top-k sampling: exact
marginals, plausible associations. Everything is driven by one seed, so a rerun gives
byte-identical files.

Usage::

    python -m analysis.synth --year 2023            # writes data/2023/
    python -m analysis.synth --year 2023 --scale 100 --out /tmp/groot   # benchmark year
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.data.codebook import load_codebook
from analysis.data.files import atomic_write_text
from analysis.data.paths import config_dir, data_dir
from analysis.statistics.rounding import round_half_up

REST = "rest"


class SpecError(ValueError):
    """The calibration file asks for something impossible (e.g. more cases than a cell has)."""


# --------------------------------------------------------------------------- spec helpers
def load_spec(jaar: int) -> dict:
    """Read ``data/synth/<jaar>.yml``."""
    path = config_dir() / "synth" / f"{jaar}.yml"
    if not path.exists():
        raise FileNotFoundError(f"Geen kalibratiebestand {path}")
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _as_text(series: pd.Series) -> pd.Series:
    """Column values as strings for matching cell keys and score terms ('1', 'man', '<NA>')."""
    return series.astype("string").fillna("<NA>")


def _term_mask(df: pd.DataFrame, term: str) -> np.ndarray:
    """``'kolom=a,b'`` -> rows whose ``kolom`` is a or b."""
    col, _, values = term.partition("=")
    if col not in df.columns:
        raise SpecError(f"Score-term '{term}': kolom {col} bestaat (nog) niet")
    return _as_text(df[col]).isin(values.split(",")).to_numpy()


def _score(df: pd.DataFrame, terms: Mapping[str, float] | None) -> np.ndarray:
    score = np.zeros(len(df))
    for term, coef in (terms or {}).items():
        score += float(coef) * _term_mask(df, term)
    return score


def _split_exact(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` in proportion to ``weights`` (exact, deterministic)."""
    w = np.asarray(weights, dtype=float)
    if total == 0 or w.sum() == 0:
        return [0] * len(w)
    raw = total * w / w.sum()
    base = np.floor(raw).astype(int)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: total - base.sum()]] += 1
    return base.tolist()


def _cell_key(df: pd.DataFrame, cellen: list[str]) -> pd.Series:
    if not cellen:
        return pd.Series("*", index=df.index)
    parts = [_as_text(df[c]) for c in cellen]
    key = parts[0]
    for p in parts[1:]:
        key = key + "|" + p
    return key


def _match_cell(key: str, pattern: str) -> bool:
    if pattern == "*":
        return True
    ks, ps = key.split("|"), pattern.split("|")
    return len(ks) == len(ps) and all(p in ("*", k) for k, p in zip(ks, ps, strict=True))


# --------------------------------------------------------------------------- the engine
def _gumbel_top_k(rng: np.random.Generator, score: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` items drawn without replacement with probability ~ exp(score)."""
    keys = score + rng.gumbel(size=len(score))
    return np.argsort(-keys, kind="stable")[:k]


def _outcomes(step: dict) -> dict[str, dict]:
    if step.get("binair"):
        return {"ja": {"codes": [1]}, REST: {"codes": [0]}}
    uitkomsten = dict(step["uitkomsten"])
    if REST not in uitkomsten:
        raise SpecError(f"Stap {step['kolom']}: uitkomst 'rest' ontbreekt")
    return uitkomsten


def _apply_step(df: pd.DataFrame, step: dict, rng: np.random.Generator, scale: int) -> None:
    kolom = step["kolom"]
    outcomes = _outcomes(step)
    routed = (
        df.eval(step["routing"]).fillna(False).to_numpy(bool)
        if step.get("routing")
        else np.ones(len(df), bool)
    )
    eenheid = step.get("eenheid", "aantal")
    keys = _cell_key(df, step.get("cellen", []))
    result = pd.Series(pd.NA, index=df.index, dtype="object")
    scores = {name: _score(df, (step.get("score") or {}).get(name)) for name in outcomes}
    unassigned = routed.copy()
    # Each entry of `verdeling` takes the still unassigned respondents whose cell matches its
    # key ('*' matches any value), in the order listed: specific keys first, then patterns.
    for pattern, spec in step["verdeling"].items():
        matches = keys.map(lambda k, p=str(pattern): _match_cell(k, p)).to_numpy(bool)
        members = np.flatnonzero(unassigned & matches)
        unassigned &= ~matches
        key = str(pattern)
        remaining = members
        for name, outcome in outcomes.items():
            if name == REST:
                chosen = remaining
            else:
                value = spec.get(name, spec.get(str(name), 0))
                k = (
                    int(value) * scale
                    if eenheid == "aantal"
                    else round_half_up(float(value) * len(members) / 100)
                )
                if k > len(remaining):
                    raise SpecError(
                        f"Stap {kolom}, cel '{key}': {k} × '{name}' gevraagd, "
                        f"maar er zijn nog {len(remaining)} respondenten over"
                    )
                pick = _gumbel_top_k(rng, scores[name][remaining], k)
                chosen = remaining[np.sort(pick)]
                remaining = np.setdiff1d(remaining, chosen)
            codes = outcome["codes"]
            counts = _split_exact(len(chosen), outcome.get("binnen", [1] * len(codes)))
            shuffled = rng.permutation(chosen)
            start = 0
            for code, n in zip(codes, counts, strict=True):
                result.iloc[shuffled[start : start + n]] = code
                start += n
    if unassigned.any():
        left = sorted(keys[unassigned].unique())
        raise SpecError(f"Stap {kolom}: geen verdeling voor cel(len) {left}")
    if all(isinstance(c, int) for o in outcomes.values() for c in o["codes"]):
        df[kolom] = pd.array(result.tolist(), dtype="Int64")
    else:
        df[kolom] = result.astype("string")


def _apply_helper(df: pd.DataFrame, step: dict) -> None:
    name = step["hulpkolom"]
    if "voorwaarde" in step:
        df[name] = np.where(df.eval(step["voorwaarde"]).fillna(False), "ja", "nee")
        return
    source = df[step["van"]]
    out = pd.Series(step.get("anders", "overig"), index=df.index, dtype="object")
    for label, codes in step["groepen"].items():
        out[source.isin(codes).fillna(False).to_numpy(bool)] = label
    df[name] = out


def generate(spec: dict, scale: int = 1) -> pd.DataFrame:
    """Build the respondent table from a calibration spec (see module docstring)."""
    jaar = int(spec["jaar"])
    rng = np.random.default_rng(int(spec["seed"]))
    n = int(spec["respondenten"]) * scale
    df = pd.DataFrame(index=pd.RangeIndex(n))
    helpers = []
    for step in spec["stappen"]:
        if "hulpkolom" in step:
            _apply_helper(df, step)
            helpers.append(step["hulpkolom"])
        else:
            _apply_step(df, step, rng, scale)
    df = df.drop(columns=helpers)
    # Shuffle, then number: the id says nothing about the respondent.
    df = df.iloc[rng.permutation(n)].reset_index(drop=True)
    width = max(4, len(str(n)))
    df.insert(0, "respondent_id", [f"R{jaar}-{i:0{width}d}" for i in range(1, n + 1)])
    columns = [v.naam for v in load_codebook().for_year(jaar)]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SpecError(f"Kalibratie {jaar} vult deze kolommen niet: {missing}")
    return df[columns]


# --------------------------------------------------------------------------- writing
def population_csv(spec: dict, scale: int = 1) -> str:
    rows = [
        {"dimensie": dim, "categorie": cat, "aantal": int(n) * scale}
        for dim, cats in spec["populatie"]["samenstelling"].items()
        for cat, n in cats.items()
    ]
    return pd.DataFrame(rows).to_csv(index=False, lineterminator="\n")


def meta_yaml(spec: dict, n_respondents: int, scale: int = 1) -> str:
    meta = {"jaar": int(spec["jaar"]), **spec["meta"]}
    meta["respondenten"] = n_respondents
    meta["uitgenodigd"] = int(meta["uitgenodigd"]) * scale
    meta["populatie"] = int(spec["populatie"]["totaal"]) * scale
    if scale != 1:
        meta["synthetisch_herkomst"] = (
            f"{meta['synthetisch_herkomst']} Opgeschaald ×{scale} voor de benchmark."
        )
    header = "# Generated by `python -m analysis.synth`; edit data/synth/<jaar>.yml instead.\n"
    return header + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)


def write_year(jaar: int, out: Path | None = None, scale: int = 1) -> Path:
    """Generate and write ``enquete.csv``, ``populatie.csv`` and ``meta.yml`` for ``jaar``.

    Before anything is written the generated data are checked against every published
    figure of that year (``data/referentie/gepubliceerd.csv``); a miss stops the run.
    """
    from analysis.statistics.targets import check_targets  # local: targets imports indicators

    spec = load_spec(jaar)
    df = generate(spec, scale=scale)
    if scale == 1:
        failures = check_targets(df, jaar)
        if failures:
            raise SpecError(
                "Gegenereerde data halen niet alle gepubliceerde cijfers:\n"
                + "\n".join(f"  - {f}" for f in failures)
            )
    folder = (out or data_dir()) / str(jaar)
    atomic_write_text(folder / "enquete.csv", df.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(folder / "populatie.csv", population_csv(spec, scale))
    atomic_write_text(folder / "meta.yml", meta_yaml(spec, len(df), scale))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, required=True, help="jaargang, bv. 2023")
    parser.add_argument("--out", type=Path, default=None, help="map (standaard: data/)")
    parser.add_argument("--scale", type=int, default=1, help="vermenigvuldig alle aantallen")
    args = parser.parse_args(argv)
    try:
        folder = write_year(args.year, args.out, args.scale)
    except (SpecError, FileNotFoundError) as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 1
    print(f"Geschreven: {folder}/enquete.csv, populatie.csv, meta.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
