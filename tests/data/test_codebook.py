from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.data.codebook import load_codebook, parse_jaren
from analysis.data.errors import DataError
from analysis.data.load import load_year
from analysis.data.paths import ROOT
from tests.conftest import read_raw, write_raw

CONTRACT_COLUMNS = (
    [
        "respondent_id",
        "groep",
        "geslacht",
        "leeftijdsgroep",
        "nationaliteit",
        "taal_vragenlijst",
        "b1_haalbaar",
    ]
    + [
        f"v1_{x}"
        for x in (
            "geen_inkomen",
            "betaald_werk",
            "vrijwilligerswerk",
            "taalles",
            "opleiding",
            "uitkering",
            "anders",
        )
    ]
    + ["v2", "v3"]
    + [f"v4_{i}" for i in range(1, 5)]
    + [f"v5_{i}" for i in range(1, 6)]
    + ["v6_informeel", "v6_betaald", "v6_wil_hulp", "v6_geen_hulp_nodig", "v7"]
    + [f"v8_{i}" for i in range(1, 5)]
    + [f"v9_{i}" for i in range(1, 7)]
    + ["v11_gesprek"]
)


def test_codebook_holds_every_column_of_the_contract():
    assert load_codebook().names == CONTRACT_COLUMNS


def test_every_survey_item_has_dutch_and_english_text_source_and_years():
    for var in load_codebook().variabelen:
        assert var.vraag_nl and var.vraag_en, var.naam
        assert var.bron in ("enquete", "registratie"), var.naam
        assert var.jaren, var.naam
        if var.vraag in ("V1", "V4", "V5", "V6", "V8", "V9"):
            assert var.item_nl and var.item_en, var.naam


def test_code_scales_match_the_questionnaire():
    cb = load_codebook()
    assert sorted(cb["v2"].codes) == [1, 2, 3, 4, 5, 9]
    assert sorted(cb["v8_1"].codes) == [1, 2, 3, 4, 5, 6]
    assert sorted(cb["v9_5"].codes) == [1, 2, 9]
    assert cb["v9_5"].label(9) == "wil ik niet zeggen"
    assert cb["v4_3"].label(3) == "niet eens, niet oneens"


@pytest.mark.parametrize(
    ("item", "routing"),
    [
        ("v2", "v1_betaald_werk == 1"),
        ("v3", "v1_vrijwilligerswerk == 1"),
        ("v4_1", "v1_taalles == 1"),
        ("v4_2", "v1_taalles == 1"),
        ("v4_3", None),
        ("v4_4", None),
    ],
)
def test_routing_follows_the_contract(item, routing):
    assert load_codebook()[item].routing == routing


def test_routing_expressions_only_name_codebook_columns():
    cb = load_codebook()
    frame = pd.DataFrame({name: [1] for name in cb.names})
    for var in cb.variabelen:
        if var.routing:
            frame.eval(var.routing)  # raises on an unknown column


def test_an_item_can_be_absent_in_a_year():
    cb = load_codebook()
    assert "v3" in [v.naam for v in cb.for_year(2023)]
    assert "v3" not in [v.naam for v in cb.for_year(2024)]


# --------------------------------------------------------------------------- years (jaren)
def test_an_item_without_end_year_is_asked_in_every_later_year():
    cb = load_codebook()
    later = [v.naam for v in cb.for_year(2031)]
    assert "v5_2" in later and "respondent_id" in later
    assert "v3" not in later  # tot: 2024 -- no longer asked


@pytest.mark.parametrize(
    ("raw", "asked", "not_asked"),
    [
        ({"vanaf": 2023}, [2023, 2024, 2040], [2022]),
        ({"vanaf": 2023, "tot": 2024}, [2023], [2022, 2024, 2025]),
        ({"vanaf": 2025}, [2025, 2026], [2023, 2024]),
        ({"vanaf": 2023, "niet_in": [2025]}, [2023, 2024, 2026], [2025]),
    ],
)
def test_jaren_notation_says_which_years_ask_the_item(raw, asked, not_asked):
    jaren = parse_jaren(raw, "x")
    assert all(y in jaren for y in asked)
    assert not any(y in jaren for y in not_asked)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([2023, 2024], r"vanaf/tot"),
        ({"tot": 2024}, r"vanaf \(verplicht\)"),
        ({"vanaf": 2023, "tot": 2023}, r"moet na 'vanaf'"),
        ({"vanaf": "2023"}, r"gehele getallen"),
        ({"vanaf": 2023, "tm": 2024}, r"kent alleen"),
    ],
)
def test_unclear_jaren_are_refused_naming_the_item_and_the_notation(raw, message):
    with pytest.raises(ValueError, match=message) as info:
        parse_jaren(raw, "v9_9")
    assert "v9_9" in str(info.value)


def _as_year(base: Path, source: int, target: int) -> Path:
    """Rename a copied year folder to ``target`` (meta.yml too): a delivered new year."""
    folder = base / str(target)
    (base / str(source)).rename(folder)
    meta = folder / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        .replace(f"jaar: {source}", f"jaar: {target}")
        .replace(f": {source}-", f": {target}-"),  # the fieldwork period moves along
        encoding="utf-8",
    )
    return folder


def test_a_year_the_codebook_does_not_name_validates_without_a_codebook_edit(year_copy):
    base = year_copy(2024)
    _as_year(base, 2024, 2027)
    j = load_year(2027, base)
    assert j.n > 0 and "v4_4" in j.enquete.columns
    assert j.notes == ["v3 is in 2027 niet gevraagd"]


def test_a_bad_code_in_a_year_the_codebook_does_not_name_is_caught(year_copy):
    base = year_copy(2024)
    folder = _as_year(base, 2024, 2027)
    df = read_raw(folder / "enquete.csv")
    df.loc[3, "v8_2"] = "7"
    write_raw(df, folder / "enquete.csv")
    with pytest.raises(DataError, match=r"kolom 'v8_2': onbekende code"):
        load_year(2027, base)


def test_a_year_before_the_monitor_began_is_a_data_error(year_copy):
    base = year_copy(2023)
    _as_year(base, 2023, 2019)
    with pytest.raises(DataError, match=r"jaar 2019 ligt voor het eerste jaar"):
        load_year(2019, base)


def test_config_override_points_the_codebook_at_another_folder(tmp_path, monkeypatch):
    text = (ROOT / "data" / "codebook.yml").read_text(encoding="utf-8")
    (tmp_path / "codebook.yml").write_text(
        text.replace("jaren: {vanaf: 2023}", "jaren: {vanaf: 2023, tot: 2030}", 1),
        encoding="utf-8",
    )
    assert load_codebook()["respondent_id"].asked_in(2030)
    monkeypatch.setenv("INBURGERING_CONFIG", str(tmp_path))
    assert not load_codebook()["respondent_id"].asked_in(2030)
