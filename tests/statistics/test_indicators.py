from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data.load import load_year
from analysis.statistics.indicators import (
    TABLE_COLUMNS,
    group_mask,
    indicator_flags,
    indicator_table,
    load_registry,
    parse_group,
    share,
)

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
    assert parse_group("asielstatushouder") == [("groep", ("asielstatushouder",))]
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


def test_group_population_comes_from_the_population_file_or_pro_rata():
    from analysis.statistics.indicators import group_population

    j = load_year(2023)
    n_pop = float(j.meta["populatie"])
    size, bron = group_population(j.enquete, "geslacht=vrouw", n_pop, j.populatie)
    assert (size, bron) == (716.0, "populatie.csv")
    size, bron = group_population(j.enquete, "leeftijdsgroep=18-25,26-30", n_pop, j.populatie)
    assert (size, bron) == (333.0 + 289.0, "populatie.csv")
    size, bron = group_population(j.enquete, "asielstatushouder", n_pop, j.populatie)
    assert bron == "naar rato" and size == pytest.approx(n_pop * 123 / 254)
    assert group_population(j.enquete, "totaal", None)[0] is None


def test_intervals_use_the_population_not_the_invited():
    j = load_year(2023)
    on_pop = indicator_table(j.enquete, 2023, ["betaald_werk"], populatie=1231)
    on_invited = indicator_table(j.enquete, 2023, ["betaald_werk"], populatie=896)
    w_pop = (on_pop.ci_hoog - on_pop.ci_laag).iloc[0]
    w_inv = (on_invited.ci_hoog - on_invited.ci_laag).iloc[0]
    assert w_pop > w_inv  # a larger population: a smaller sampling fraction, less correction


def test_indicative_flag_marks_bases_from_ten_to_fortynine():
    from analysis.data.privacy import INDICATIEF, MIN_CELL

    j = load_year(2023)
    table = indicator_table(j.enquete, 2023, breakdowns=["leeftijdsgroep"], populatie=1231)
    flagged = table[table.indicatief]
    assert not flagged.empty
    assert flagged.noemer.between(MIN_CELL, INDICATIEF - 1).all()
    assert not table[(table.noemer >= INDICATIEF) | (table.noemer < MIN_CELL)].indicatief.any()


def test_group_words_never_show_a_raw_group_spec():
    from analysis.text.labels import group_words

    for spec in ["groep=gezinsmigrant&geslacht=man", "taalles=nee", "asielstatushouder",
                 "leeftijdsgroep=18-25,26-30", "zenuwachtig=ja"]:
        words = group_words(spec)
        assert "=" not in words and "&" not in words and "_" not in words, words


@pytest.fixture
def codebook_with_names(tmp_path, monkeypatch):
    """A configuration whose nationalities hold a comma, brackets, a quote and '&'."""
    import shutil

    import yaml

    from analysis.data.paths import ROOT

    config = tmp_path / "config"
    shutil.copytree(ROOT / "data", config, ignore=shutil.ignore_patterns("20*"))
    path = config / "codebook.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    nat = next(v for v in raw["variabelen"] if v["naam"] == "nationaliteit")
    nat["categorieen"] += [NAMEN["congo"], NAMEN["ivoor"], NAMEN["bosnie"], "Congolese"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("INBURGERING_CONFIG", str(config))


NAMEN = {
    "congo": "Congolese (DR Congo, Kinshasa)",
    "ivoor": "Ivoriaanse (Côte d'Ivoire)",
    "bosnie": "Bosnië & Herzegovina",
}


def test_a_register_name_with_a_comma_or_ampersand_is_one_group(codebook_with_names):
    congo, bosnie = NAMEN["congo"], NAMEN["bosnie"]
    assert parse_group(f"nationaliteit={congo}") == [("nationaliteit", (congo,))]
    assert parse_group(f"nationaliteit={congo},Syrische") == [
        ("nationaliteit", (congo, "Syrische"))
    ]
    assert parse_group(f"gezinsmigrant&nationaliteit={bosnie}&geslacht=man") == [
        ("groep", ("gezinsmigrant",)),
        ("nationaliteit", (bosnie,)),
        ("geslacht", ("man",)),
    ]
    df = pd.DataFrame({"nationaliteit": [congo, "Congolese", "Syrische", bosnie]})
    assert group_mask(df, f"nationaliteit={congo}").tolist() == [True, False, False, False]
    assert group_mask(df, f"nationaliteit={bosnie}").tolist() == [False, False, False, True]


def test_group_words_never_nest_brackets_or_quotes(codebook_with_names):
    from analysis.chapter.notebook import Hoofdstuk
    from analysis.text.labels import group_words

    for naam in NAMEN.values():
        words = group_words(f"gezinsmigrant&nationaliteit={naam}")
        inner = words[words.index("(") + 1 : words.rindex(")")]
        assert "(" not in inner and ")" not in inner, words
    for naam in (NAMEN["ivoor"], NAMEN["bosnie"]):  # no adjective: quoted, unless it has one
        tekst = Hoofdstuk.nationaliteit_woorden([naam])
        own = naam.count("'")
        assert "(" not in tekst, tekst
        assert tekst.count("'") == (own if own else 2), tekst  # quotes only around no quote


def test_a_comma_that_cuts_a_label_in_the_registry_is_refused(tmp_path):
    from analysis.data.errors import ConfigError
    from analysis.data.paths import ROOT
    from analysis.statistics.indicators import _load_registry

    tekst = (ROOT / "data" / "indicatoren.yml").read_text(encoding="utf-8")
    kapot = tekst.replace(
        'kort: "hulp van familie, vrienden, buren of vrijwilligers"',
        "kort: hulp van familie, vrienden, buren of vrijwilligers",
    )
    assert kapot != tekst
    pad = tmp_path / "indicatoren.yml"
    pad.write_text(kapot, encoding="utf-8")
    with pytest.raises(ConfigError, match="aanhalingstekens"):
        _load_registry(pad)
