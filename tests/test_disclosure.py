from __future__ import annotations

import pandas as pd

from analysis.disclosure import MIN_CELL, suppress, too_small


def test_threshold_is_ten():
    assert MIN_CELL == 10 and too_small(9) and not too_small(10)


def test_suppress_blanks_and_marks_only_small_bases():
    table = pd.DataFrame(
        {
            "teller": [3, 30],
            "noemer": [9, 100],
            "percentage": [33.3, 30.0],
            "ci_laag": [10.0, 22.0],
            "ci_hoog": [60.0, 39.0],
        }
    )
    out = suppress(table)
    assert out.loc[0, ["teller", "percentage", "ci_laag", "ci_hoog"]].isna().all()
    assert out.loc[0, "noemer"] == 9 and "onderdrukt" in out.loc[0, "opmerking"]
    assert out.loc[1, "percentage"] == 30.0 and pd.isna(out.loc[1, "opmerking"])
    assert table.loc[0, "percentage"] == 33.3  # input untouched


def test_indicative_percentages_have_intervals_27_to_53_points_wide():
    from analysis.disclosure import INDICATIEF
    from analysis.stats import wilson

    breed = [100 * (hi - lo) for lo, hi in (wilson(0.5, INDICATIEF - 1), wilson(0.5, MIN_CELL))]
    assert round(breed[0]) == 27 and round(breed[1]) == 53
