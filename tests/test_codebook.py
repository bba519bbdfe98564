from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import load_codebook

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
