from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.indicators import (
    TABLE_COLUMNS,
    group_mask,
    indicator_flags,
    indicator_table,
    load_registry,
    parse_group,
    share,
)
from analysis.load import load_year

REQUIRED_IDS = [
    "betaald_werk",
    "tevreden_werk",
    "opleiding",
    "vrijwilligerswerk",
    "tevreden_vrijwilligerswerk",
    "taalles",
    "taalles_zelf_doen",
    "taalles_contact",
    "spannend_nl_spreken",
    "tevreden_niveau_nl",
    "problemen_nl_spreken",
    "buurt_prettige_omgang",
    "buurt_niet_leuk",
    "buurt_prettig_bij_mensen",
    "mensen_terecht",
    "contact_buren",
    "hulp_informeel",
    "hulp_betaald",
    "hulp_gewenst",
    "hulp_niet_nodig",
    "gezondheid_goed",
    "zenuwachtig",
    "kalm",
    "somber",
    "gelukkig",
    "problemen_lichamelijk",
    "problemen_financien",
    "niet_thuis_problemen",
    "problemen_woning",
    "problemen_organisaties",
]


def toy() -> pd.DataFrame:
    """Five respondents, codes chosen by hand."""
    return pd.DataFrame(
        {
            "groep": [
                "asielstatushouder",
                "asielstatushouder",
                "gezinsmigrant",
                "gezinsmigrant",
                "gezinsmigrant",
            ],
            "v1_betaald_werk": pd.array([1, 0, 1, 1, 0], dtype="Int64"),
            "v2": pd.array([1, None, 4, 9, None], dtype="Int64"),
            "v8_1": pd.array([3, 4, 6, 1, 2], dtype="Int64"),
            "v9_3": pd.array([1, 9, 2, None, 1], dtype="Int64"),
            "v6_informeel": pd.array([1, 0, 0, 0, 0], dtype="Int64"),
            "v6_betaald": pd.array([0, 0, 1, 0, 0], dtype="Int64"),
        }
    )


def test_registry_has_every_required_indicator_once():
    ids = load_registry().ids
    assert set(REQUIRED_IDS) <= set(ids)
    assert len(ids) == len(set(ids))


def test_registry_serves_the_measured_kernindicatoren():
    reg = load_registry()
    served = {i.kern for i in reg.indicatoren if i.tabel_7_1}
    measured = {k["nummer"] for k in reg.kernindicatoren if not k.get("niet_gemeten")}
    assert served == measured


def test_denominator_is_everyone_routed_including_dont_know():
    flags = indicator_flags(toy(), "tevreden_werk")
    # routed: the three workers; code 9 ('weet niet') stays in the denominator
    assert flags.tolist()[:1] == [1.0] and np.isnan(flags[1])
    assert share(toy(), "tevreden_werk") == (1.0, 3.0)


def test_frequency_items_count_voortdurend_meestal_vaak():
    assert share(toy(), "zenuwachtig") == (3.0, 5.0)


def test_blank_answer_counts_in_denominator_unless_only_answers_are_asked():
    assert share(toy(), "niet_thuis_problemen") == (2.0, 5.0)
    assert share(toy(), "niet_thuis_problemen", beantwoord=True) == (2.0, 3.0)


def test_multi_item_indicator_counts_either_option():
    assert share(toy(), "hulp_ontvangen") == (2.0, 5.0)


def test_group_specifications():
    df = toy()
    assert parse_group("totaal") == []
    assert parse_group("asielstatushouder") == [("groep", "asielstatushouder")]
    assert group_mask(df, "gezinsmigrant&betaald_werk=ja").tolist() == [
        False,
        False,
        True,
        True,
        False,
    ]
    assert group_mask(df, "groep=asielstatushouder,gezinsmigrant").all()
    with pytest.raises(ValueError):
        parse_group("leeftijd")


def test_tidy_table_shape_and_values_for_2023():
    j = load_year(2023)
    table = indicator_table(j.enquete, 2023, breakdowns=["leeftijdsgroep"], populatie=896)
    assert list(table.columns) == TABLE_COLUMNS
    row = table.query("indicator == 'betaald_werk' and groep == 'totaal'").iloc[0]
    assert (row.teller, row.noemer) == (78, 254)
    assert row.percentage == pytest.approx(100 * 78 / 254)
    assert row.ci_laag < row.percentage < row.ci_hoog
    assert {"leeftijdsgroep=41+", "asielstatushouder"} <= set(table.groep)


def test_item_missing_in_a_year_is_left_out_not_an_error():
    j = load_year(2024)
    table = indicator_table(j.enquete, 2024)
    assert "tevreden_vrijwilligerswerk" not in set(table.indicator)
    assert "tevreden_werk" in set(table.indicator)
