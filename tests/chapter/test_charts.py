from __future__ import annotations

import pandas as pd
import pytest

from analysis.chapter import charts as F
from analysis.data.load import load_year
from analysis.data.paths import ROOT
from analysis.statistics.indicators import indicator_table, load_registry


@pytest.fixture(scope="module")
def setup():
    F.set_theme()
    j = load_year(2023)
    return j.enquete, indicator_table(j.enquete, 2023, populatie=896)


def test_group_comparison_colours_alt_text_and_suppression(setup, tmp_path):
    _, table = setup
    ids = ["betaald_werk", "tevreden_werk"]
    labels = {i: load_registry()[i].kort for i in ids}
    rows = F.rows_from_table(table, ids, ["asielstatushouder", "gezinsmigrant"], labels)
    fig = F.bar_shares(rows, bron="enquête inburgeraars (2023)")
    bars = [p for p in fig.fig.axes[0].patches]
    colours = {tuple(round(c, 3) for c in b.get_facecolor()[:3]) for b in bars}
    assert len(colours) == 2
    assert "betaald werk: Asielstatushouders 6%, Gezinsmigranten 54%" in fig.alt
    assert "tevreden over het werk: Asielstatushouders te weinig respondenten" in fig.alt
    texts = [t.get_text() for t in fig.fig.texts]
    assert any(t.startswith("Bron: enquête inburgeraars") for t in texts)
    path = fig.write_data(tmp_path / "fig.csv")
    data = pd.read_csv(path)
    assert (
        data.loc[
            (data.label == "tevreden over het werk") & (data.reeks == "asielstatushouder"),
            "percentage",
        ]
        .isna()
        .all()
    )


def test_reference_bars_come_from_the_reference_file(setup):
    _, table = setup
    ref = pd.read_csv(ROOT / "data" / "referentie" / "utrecht.csv")
    labels = {"somber": "somber", "kalm": "kalm"}
    rows = F.with_reference(
        F.rows_from_table(table, list(labels), ["totaal"], labels),
        ref,
        labels,
        populatie="Utrechters 18-65",
    )
    fig = F.bar_shares(rows)
    assert "somber: Alle inburgeraars 22%, Utrechters 12%" in fig.alt
    assert "kalm: Alle inburgeraars 65%." in fig.alt  # no Utrecht figure: none drawn


def test_stacked_scale_shares_add_up_and_follow_routing(setup):
    df, _ = setup
    fig = F.stacked_scale(df, "v4_1", {"Alle": df["groep"].notna()}, "", "enquête")
    assert fig.data["noemer"].iloc[0] == int((df["v1_taalles"] == 1).sum())
    assert fig.data["percentage"].sum() == pytest.approx(100)


def test_the_numbers_under_a_figure_show_the_share_among_who_answered_when_given():
    data = pd.DataFrame(
        {
            "label": ["Asielstatushouders", "Gezinsmigranten"],
            "percentage": [24.39, 23.66],
            "noemer": [123, 131],
            "percentage_beantwoord": [30.93, 25.41],
            "noemer_beantwoord": [97, 122],
        }
    )
    tabel = F.cijfers_tabel(data)
    assert tabel["onder wie antwoordde"].tolist() == ["30,9%", "25,4%"]


def test_a_stacked_scale_marks_the_shares_of_a_small_group_as_indicative(setup):
    df, _ = setup
    klein = df.index.isin(df.index[df["v1_taalles"] == 1][:30])  # 30 respondents: indicative
    fig = F.stacked_scale(df, "v4_1", {"Alle": df["groep"].notna(), "Klein": klein}, "", "x")
    ax = fig.fig.axes[0]
    rij = {round(t.get_position()[1]): t.get_text() for t in ax.texts}
    teksten = [t.get_text() for t in ax.texts]
    klein_teksten = [t.get_text() for t in ax.texts if round(t.get_position()[1]) == 1]
    assert klein_teksten and all(t.startswith("ca. ") for t in klein_teksten), teksten
    assert not rij[0].startswith("ca. ")  # the whole group is no indication


def test_a_bar_hidden_by_secondary_suppression_says_why_not_too_few():
    """gezin_2 variant: 299 asielstatushouders read 'te weinig respondenten' in the alt text
    because the other status group has 2 and the bar is hidden so that it cannot be worked
    out from the total."""
    import pandas as pd

    from analysis.chapter import charts as F

    rows = pd.DataFrame(
        {
            "label": ["Asielstatushouders", "Gezinsmigranten", "Alle inburgeraars"],
            "reeks": ["asielstatushouder", "gezinsmigrant", "totaal"],
            "percentage": [float("nan"), float("nan"), 38.2],
            "noemer": [299, 2, 301],
        }
    )
    alt = F.bar_shares(rows).alt
    assert "Asielstatushouders: niet getoond (kleine groep af te leiden)" in alt
    assert "Gezinsmigranten: te weinig respondenten" in alt


def test_a_stacked_group_with_too_few_respondents_is_said_once_in_the_alt_text(setup):
    """gezin_2 variant: 'Gezinsmigranten: zeer goed te weinig respondenten, goed te weinig
    respondenten, ...' seven times over; a group none of whose bars is shown reads once."""
    df, _ = setup
    klein = df.index.isin(df.index[:3])  # three respondents: nothing shown
    fig = F.stacked_scale(df, "v7", {"Alle": df["groep"].notna(), "Klein": klein}, "", "x")
    assert "Klein: te weinig respondenten;" in fig.alt or fig.alt.endswith(
        "Klein: te weinig respondenten."
    )
    assert fig.alt.count("te weinig respondenten") == 1
