"""The subtraction attack (analysis.checks.subtraction) against known leaks, against the
disclosure rule on random tables, and against every published year and variant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.checks.subtraction import Kennis, aanval, lees
from analysis.data.privacy import MIN_CELL
from analysis.statistics.disclosure import patroon, suppress

COLUMNS = ["jaar", "indicator", "groep", "teller", "noemer", "percentage", "ci_laag", "ci_hoog"]


def _tabel(rijen: list[tuple[str, str, int, int]], jaar: int = 2023) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (jaar, ind, g, t, n, 100 * t / n if n else np.nan, np.nan, np.nan)
            for ind, g, t, n in rijen
        ],
        columns=COLUMNS,
    )


def _export(tabel: pd.DataFrame, folder: Path, secundair: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if secundair:
        tabel = tabel.assign(onderdrukt=patroon(tabel))
    suppress(tabel).to_csv(folder / "indicatoren.csv", index=False)
    return folder


# The example: tevreden werk, 2023: 59 of 78 satisfied, 54 of 71 gezinsmigranten.
WERK = [
    ("tevreden_werk", "totaal", 59, 78),
    ("tevreden_werk", "asielstatushouder", 5, 7),
    ("tevreden_werk", "gezinsmigrant", 54, 71),
]


def test_the_attack_recovers_a_small_group_from_the_total_minus_the_other_group(tmp_path):
    build = _export(_tabel(WERK), tmp_path / "oud", secundair=False)
    assert aanval(lees(build)) == ["2023 tevreden_werk: totaal min gezinsmigrant = 5 van 7"]


def test_secondary_suppression_hides_the_other_group_and_the_attack_finds_nothing(tmp_path):
    tabel = _tabel(WERK)
    assert list(patroon(tabel)) == ["", "primair", "secundair"]
    assert aanval(lees(_export(tabel, tmp_path / "nieuw", secundair=True))) == []


def test_respondents_outside_every_group_of_a_breakdown_count_as_a_hidden_unit():
    # 3 respondents without an age: the age groups leave a remainder of 3, which alone
    # would be a small group found by subtraction; with a suppressed cell of 8 it is safe
    # (8 + 3 >= 10 in two units), without one the smallest age group is hidden as well.
    rijen = [
        ("x", "totaal", 40, 103),
        ("x", "leeftijdsgroep=18-25", 10, 50),
        ("x", "leeftijdsgroep=26-30", 20, 50),
    ]
    assert list(patroon(_tabel(rijen))) == ["", "secundair", ""]


def test_indicators_asked_of_the_same_people_hide_the_same_cells():
    n = {"totaal": 60, "asielstatushouder": 8, "gezinsmigrant": 52}
    rijen = [(i, g, k // 3, k) for i in ("tevreden", "ontevreden") for g, k in n.items()]
    p = patroon(_tabel(rijen))
    assert list(p[:3]) == list(p[3:]) == ["", "primair", "secundair"]


def test_the_attack_uses_a_published_difference_and_complementary_indicators(tmp_path):
    # a hidden side follows from the other side and the published difference
    k = Kennis()
    k.zet((2023, "x", "totaal"), 50, 20, "t")
    k.zet((2023, "x", "gezinsmigrant"), 45, None, "t")
    from analysis.checks.subtraction import _verschil

    _verschil(
        k,
        (2023, "x", "gezinsmigrant"),
        None,
        45,
        (2023, "x", "totaal"),
        40.0,
        50,
        -40 + 100 * 18 / 45,
        "t",
    )
    assert aanval(k) == ["2023 x: totaal min gezinsmigrant = 2 van 5"]
    # complements: 'ja' + 'nee' = noemer in every published group gives the hidden count
    k = Kennis()
    for ind, tel in (("ja", (30, 4, 26, 10, 20)), ("nee", (30, None, None, 20, 10))):
        groepen = ("totaal", "asielstatushouder", "gezinsmigrant", "geslacht=man", "geslacht=vrouw")
        for g, t, n in zip(groepen, tel, (60, 8, 52, 30, 30), strict=True):
            k.zet((2023, ind, g), n, t, "t")
    gevonden = aanval(k)
    assert "2023 nee: totaal min gezinsmigrant = 4 van 8" in gevonden


@pytest.mark.parametrize("seed", range(40))
def test_no_random_table_suppressed_by_the_rule_gives_a_small_group_away(seed, tmp_path):
    """The rule against the attack on random breakdowns: status groups, three age groups
    with respondents outside them, and eight nationalities with many small ones."""
    rng = np.random.default_rng(seed)
    rijen = []
    for ind in ("a", "b"):
        totaal = int(rng.integers(12, 120))
        delen = {
            "groep": ["asielstatushouder", "gezinsmigrant"],
            "leeftijdsgroep": ["18-25", "26-30", "31-40"],
            "nationaliteit": [f"N{i}" for i in range(8)],
        }
        tel = int(rng.integers(0, totaal + 1))
        rijen.append((ind, "totaal", tel, totaal))
        for dim, waarden in delen.items():
            gewicht = rng.dirichlet(np.full(len(waarden), 0.6))
            ns = rng.multinomial(
                totaal - (int(rng.integers(0, 4)) if dim != "groep" else 0), gewicht
            )
            for w, n in zip(waarden, ns, strict=True):
                naam = w if dim == "groep" else f"{dim}={w}"
                rijen.append((ind, naam, int(rng.integers(0, n + 1)), int(n)))
    tabel = _tabel(rijen)
    tabel = tabel[tabel.noemer > 0].reset_index(drop=True)
    gevonden = aanval(lees(_export(tabel, tmp_path, secundair=True)))
    assert not gevonden, gevonden


def test_a_cell_under_ten_is_hidden_and_the_threshold_is_the_one_constant():
    p = patroon(_tabel([("x", "totaal", 5, MIN_CELL - 1)]))
    assert list(p) == ["primair"]


@pytest.mark.parametrize("jaar", (2023, 2024))
def test_the_shipped_years_give_no_small_group_away_by_subtraction(builds, jaar):
    k = Kennis()
    for j in (2023, jaar):
        lees(builds[j], k)
    gevonden = aanval(k)
    assert not gevonden, "\n".join(gevonden)
