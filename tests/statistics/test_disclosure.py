from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.privacy import MIN_CELL
from analysis.statistics.disclosure import suppress, too_small


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
    from analysis.data.privacy import INDICATIEF
    from analysis.statistics.sampling import wilson

    breed = [100 * (hi - lo) for lo, hi in (wilson(0.5, INDICATIEF - 1), wilson(0.5, MIN_CELL))]
    assert round(breed[0]) == 27 and round(breed[1]) == 53


@pytest.mark.parametrize(
    ("percentage", "noemer", "decimals", "tekst"),
    [
        (100.0, 12, 1, "ca. 100%"),  # 'Iraanse 100,0%' on 12 respondents (issue 18)
        (87.5, 24, 1, "ca. 88%"),
        (28.33, 300, 1, "28,3%"),
        (28.33, None, 1, "28,3%"),  # a published reference figure: no respondents of ours
        (40.0, 5, 0, "<10"),
    ],
)
def test_one_path_prints_every_percentage_a_reader_sees(percentage, noemer, decimals, tekst):
    from analysis.text.formatting import percentage_tekst

    assert percentage_tekst(percentage, noemer, decimals, onderdrukt="<10") == tekst


def test_figure_numbers_and_alt_text_mark_indicative_shares():
    from analysis.chapter import charts as F

    rows = pd.DataFrame(
        {
            "label": ["Iraanse", "Afghaanse", "Syrische"],
            "reeks": ["totaal"] * 3,
            "percentage": [100.0, 87.5, 61.24],
            "noemer": [12, 24, 120],
        }
    )
    tabel = F.cijfers_tabel(rows)
    assert tabel.percentage.tolist() == ["ca. 100%", "ca. 88%", "61,2%"]
    fig = F.bar_shares(rows, "x")
    assert "Iraanse: ca. 100%" in fig.alt and "Syrische: 61%" in fig.alt


def test_the_weighting_table_marks_indicative_shares():
    from analysis.chapter.appendix import weging_display
    from analysis.chapter.overview import met_indicatief

    g = pd.DataFrame(
        {
            "indicator": ["tevreden_werk", "betaald_werk"],
            "noemer": [29, 254],
            "ongewogen": [75.86, 30.71],
            "gewogen": [72.7, 31.2],
            "verschil": [-3.16, 0.49],
        }
    )
    toon = weging_display(g)
    assert toon.ongewogen.tolist() == ["ca. 76%", "30,7%"]
    assert toon.gewogen.tolist() == ["ca. 73%", "31,2%"]
    assert met_indicatief(g).indicatief.tolist() == [True, False]
