"""The small-cell check on published tables: it finds a share, difference or model term of
fewer than ten respondents wherever a table puts one, and the shipped years have none."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.checks.small_cells import check_build, check_table
from analysis.data.privacy import MIN_CELL


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tabel.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_share_of_a_group_under_the_threshold_is_found_with_its_row_and_column(tmp_path):
    path = _table(
        tmp_path,
        "indicator,pct_a,n_a,pct_b,n_b,verschil,p\n"
        f"x,40.0,120,50.0,{MIN_CELL - 1},10.0,0.5\n"
        f"y,40.0,120,50.0,{MIN_CELL},10.0,0.5\n",
    )
    found = check_table(path, "tabel.csv")
    assert {(v.rij, v.kolom) for v in found} == {(2, "pct_b"), (2, "verschil"), (2, "p")}


def test_a_suppressed_or_empty_group_is_not_a_finding(tmp_path):
    path = _table(
        tmp_path,
        "kenmerk,categorie,bronbestand_n,bronbestand_pct,respons_n,respons_pct\n"
        "N,Chinese,35,2.3,,\nN,Leeg,3,0.2,0,0.0\nN,Syrische,330,21.6,51,16.9\n",
    )
    assert check_table(path, "tabel.csv") == []
    path.write_text(path.read_text().replace("51,16.9", "5,1.7"), encoding="utf-8")
    assert [v.kolom for v in check_table(path, "tabel.csv")] == ["respons_pct"]


def test_a_share_printed_as_text_counts_and_a_flag_does_not(tmp_path):
    path = _table(tmp_path, "indicator,resultaat (2025),noemer,gewogen\nx,38%,4,False\n")
    assert [v.kolom for v in check_table(path, "tabel.csv")] == ["resultaat (2025)"]


def test_a_model_term_of_a_small_category_is_found(tmp_path):
    path = _table(
        tmp_path,
        "term,referentie,odds_ratio,ci_laag,ci_hoog,p\n"
        "groep=asielstatushouder,gezinsmigrant,0.2,0.01,4.0,0.3\n"
        "leeftijdsgroep=41+,18-25,1.9,0.9,4.3,0.1\n",
    )
    groepen = {"groep=gezinsmigrant": 2, "groep=asielstatushouder": 299, "leeftijdsgroep=41+": 51}
    found = check_table(path, "tabel.csv", groepen)
    assert [(v.rij, v.kolom) for v in found] == [(2, "referentie")]


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_shipped_years_publish_no_figure_of_fewer_than_ten_respondents(builds, jaar):
    found = check_build(builds[jaar])
    assert not found, "\n".join(map(str, found))
