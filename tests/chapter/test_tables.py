from __future__ import annotations

import pandas as pd
import pytest

from analysis.chapter.appendix import (
    largest_deviation,
    response_table,
    response_table_display,
)
from analysis.chapter.overview import (
    kernindicatoren_table,
    kernindicatoren_voetnoten,
)
from analysis.chapter.tables import to_markdown
from analysis.data.load import load_year
from analysis.statistics.indicators import indicator_table, load_registry


@pytest.fixture(scope="module")
def y2023():
    return load_year(2023)


def test_kernindicatoren_table_lists_all_14_and_marks_the_unmeasured(y2023):
    t = kernindicatoren_table(indicator_table(y2023.enquete, 2023), 2023)
    numbers = [int(n) for n in t["nr"] if n]
    assert numbers == list(range(1, 15))
    by_nr = dict(zip(t["nr"], t["resultaat (2023)"], strict=False))
    assert by_nr["3"] == "***" and by_nr["7"] == "**" and by_nr["14"] == "*"
    row = t[t["vertaling in dit onderzoek"] == load_registry()["betaald_werk"].label]
    assert row["resultaat (2023)"].iloc[0] == "31%"
    assert len(kernindicatoren_voetnoten()) == 3
    # a year's own circumstance follows the reason that holds every year
    met = kernindicatoren_voetnoten({"toelichting_niet_gemeten": {"welkomhuis": "Nog dicht."}})
    assert any(n.endswith("Nog dicht.") for n in met) and not any(
        "Nog dicht" in n for n in kernindicatoren_voetnoten()
    )


def test_kernindicatoren_table_says_when_an_item_was_not_asked():
    j = load_year(2024)
    t = kernindicatoren_table(indicator_table(j.enquete, 2024), 2024)
    assert "niet gevraagd in 2024" in set(t["resultaat (2024)"])


def test_response_table_reproduces_tabel_b2_1_and_suppresses_small_cells(y2023):
    t = response_table(y2023.enquete, y2023.populatie).set_index("categorie")
    assert t.loc["man", "bronbestand_n"] == 515 and t.loc["man", "respons_n"] == 102
    assert t.loc["man", "bronbestand_pct"] == pytest.approx(41.8, abs=0.05)
    assert round(t.loc["41+", "verschil_punten"]) == -4
    assert pd.isna(t.loc["Chinese", "respons_n"]) and pd.isna(t.loc["Chinese", "verschil_punten"])
    shown = response_table_display(t.reset_index(), 1231, 254)
    assert "1.231" in shown.columns[2] and "<10" in set(shown.iloc[:, 4])


def test_largest_deviation_is_the_biggest_shown_difference_either_way(y2023):
    t = response_table(y2023.enquete, y2023.populatie)
    row = largest_deviation(t)
    assert abs(row.verschil_punten) == t["verschil_punten"].abs().max()
    assert not pd.isna(row.verschil_punten)
    flipped = t.assign(verschil_punten=-t["verschil_punten"])
    assert largest_deviation(flipped).categorie == row.categorie


def test_markdown_table_escapes_pipes_and_aligns():
    md = to_markdown(pd.DataFrame({"a": ["x|y"], "b": [1]}), "lr")
    assert md.splitlines() == ["| a | b |", "|:---|---:|", "| x\\|y | 1 |"]


def test_comparison_display_shows_every_verdict_with_its_interval_and_corrected_p(y2023):
    from analysis.chapter.appendix import comparison_display
    from analysis.statistics.families import compare_family, comparison_table

    fam = compare_family(y2023.enquete, ["betaald_werk", "tevreden_werk", "problemen_nl_spreken"])
    shown = comparison_display(comparison_table(fam)).set_index("indicator")
    werk = shown.loc[load_registry()["betaald_werk"].kort]
    assert werk["oordeel"] == "significant"
    assert werk["p (gecorrigeerd)"] == "<\u00a00,001"
    assert (werk["asielstatushouders"], werk["gezinsmigranten"]) == ("6%", "54%")
    verschil = werk["verschil in procentpunten (95%-interval)"]
    assert verschil.startswith("\u221248 (")  # 6% - 54%, as printed
    assert "p" not in shown.columns  # no p-value but the one the verdict rests on
    small = shown.loc[load_registry()["tevreden_werk"].kort]
    assert small["asielstatushouders"] == "<10 resp." and small["p (gecorrigeerd)"] == "–"
    nl = shown.loc[load_registry()["problemen_nl_spreken"].kort]
    assert nl["oordeel"] == "niet significant"


def test_odds_ratio_table_formats_in_dutch():
    from analysis.chapter.appendix import P_ONGECORRIGEERD, odds_ratio_table

    t = pd.DataFrame(
        {"term": ["x"], "odds_ratio": [4.876], "ci_laag": [2.6], "ci_hoog": [8.9], "p": [0.0000002]}
    )
    row = odds_ratio_table(t).iloc[0]
    got = (row["odds ratio"], row["95%-interval"], row[P_ONGECORRIGEERD])
    assert got == ("4,88", "2,60 – 8,90", "<\u00a00,001")  # no line break after "<"
    assert "niet gecorrigeerd" in P_ONGECORRIGEERD  # the header says the p is uncorrected


def test_double_answers_on_v6_are_counted_for_the_methods():
    from analysis.chapter.overview import hulp_ja_en_nee

    df = pd.DataFrame(
        {
            "v6_informeel": [1, 1, 0, 0],
            "v6_betaald": [0, 0, 1, 0],
            "v6_wil_hulp": [1, 0, 0, 1],
            "v6_geen_hulp_nodig": [0, 0, 1, 0],
        }
    )
    assert hulp_ja_en_nee(df) == 2


def test_table_d1_lists_every_family_including_both_change_families():
    from pathlib import Path

    from analysis.chapter.appendix import families_display, fpc_wissels
    from analysis.statistics.estimates import bereken
    from analysis.statistics.families import load_families

    s = bereken(2024, Path(__file__).resolve().parents[2] / "data")
    tabel = families_display(load_families(), s.vergelijkingen, s.verandering, 2024)
    # 2024 lists no reconciliation family: that is tested only in the year of the report
    alleen = [f for f in load_families() if f.alleen_in and 2024 not in f.alleen_in]
    assert alleen and not tabel.familie.isin([f.titel for f in alleen]).any()
    assert len(tabel) == len(load_families()) - len(alleen) + 2
    totaal = tabel[tabel.familie.str.contains("alle inburgeraars")]
    assert totaal.vergelijkingen.tolist() == [
        str(int(s.verandering.query("groep == 'totaal'").p.notna().sum()))
    ]
    # issue 25: 'vooraf vastgelegd' claimed what the build cannot show
    assert (tabel.aard == "vastgelegd voor deze uitgave").all()
    in_2023 = families_display(load_families(), s.vergelijkingen, None, 2023)
    assert in_2023.aard.str.startswith("verkennend").sum() == 2  # chapters, reconciliation
    # every flipped verdict of the estimates is listed, and nothing else
    wissels = fpc_wissels(s.vergelijkingen, s.verandering)
    n_flips = sum(v.oordeel_wisselt_fpc for v in s.vergelijkingen) + int(
        s.verandering.oordeel_wisselt_fpc.sum()
    )
    assert len(wissels) == n_flips > 0


def test_the_exports_of_tabel_7_1_and_7_2_say_which_percentages_are_indicative(tmp_path):
    from analysis.chapter.notebook import Hoofdstuk
    from analysis.chapter.overview import change_export, kernindicatoren_table
    from analysis.data.paths import ROOT

    h = Hoofdstuk(2024, ROOT / "data", tmp_path)
    export = kernindicatoren_table(h.tabel, 2024, export=True)
    shown = kernindicatoren_table(h.tabel, 2024)
    assert list(export.columns[: len(shown.columns)]) == list(shown.columns)
    gemeten = export[export.indicator != ""]
    assert (gemeten.indicatief == gemeten.noemer.between(10, 49)).all()
    assert export.indicatief.any() == gemeten.noemer.between(10, 49).any()
    trend = change_export(h.verandering)
    assert set(trend.groep) == {"totaal"} and "indicatief" in trend.columns
    klein = trend[(trend.n < 50) | (trend.n_vorig < 50)]
    assert klein.indicatief.all() and not trend.drop(klein.index).indicatief.any()


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_every_published_table_gives_numbers_to_four_decimals_at_most(builds, jaar):
    """Published CSVs (the year's exports and every table of the chapters) round as one:
    no '0.5213597567645937' next to '0.5214'. The stored estimates keep full precision."""
    import re

    build = builds[jaar]
    files = [build / "indicatoren.csv", *sorted((build / "tabellen").glob("*.csv"))]
    assert len(files) > 5
    lang = re.compile(r"(?<![\w.])-?\d+\.\d{5,}(?![\w.])")
    for f in files:
        hit = lang.search(f.read_text(encoding="utf-8"))
        assert hit is None, f"{f.name}: {hit.group(0) if hit else ''}"
