"""The chapter helpers return what the published report says, computed the one way."""

from __future__ import annotations

import pytest

from analysis.chapter import Hoofdstuk
from analysis.indicators import share
from analysis.paths import ROOT


@pytest.fixture(scope="module")
def h(tmp_path_factory):
    return Hoofdstuk(2023, ROOT / "data", tmp_path_factory.mktemp("b"))


def test_answered_only_row_uses_the_answered_denominator(h):
    t, n = share(h.df, "niet_thuis_problemen", "tevreden_niveau_nl=ja", beantwoord=True)
    row = h.rij_beantwoord("niet_thuis_problemen", "tevreden_niveau_nl=ja")
    assert (row.teller, row.noemer) == (t, n)
    assert round(row.percentage) == 22  # figure 3.5 of the published report
    assert row.ci_laag < row.percentage < row.ci_hoog
    assert row.noemer < h.rij("niet_thuis_problemen", "tevreden_niveau_nl=ja").noemer


def test_share_meeting_a_condition_matches_bijlage_2(h):
    assert h.aandeel("groep=gezinsmigrant", "geslacht=vrouw") == "64%"
    assert h.aandeel("groep=gezinsmigrant", "geslacht=man") == "33%"


def test_most_given_answer_outside_the_numerator(h):
    assert h.meest_gekozen_buiten("gezondheid_goed") == "gaat wel"


def test_words_follow_the_test(h):
    assert h.vaker_dan("betaald_werk") == "minder vaak dan"
    assert h.vaker_dan("problemen_nl_spreken") == "niet aantoonbaar vaker dan"
    assert h.vaker_dan("opleiding") == "ongeveer even vaak als"
    assert h.tov_utrecht("betaald_werk", "Utrechters 18+") == "lager dan"
    assert h.utrecht("kalm") is None


def test_comparison_with_utrecht_for_a_subgroup_uses_that_subgroups_interval(h):
    jong = "leeftijdsgroep=18-25,26-30,31-40"
    ref = h.utrecht("vrijwilligerswerk", "Utrechters 18-40")
    row = h.rij("vrijwilligerswerk", jong)
    verdict = h.tov_utrecht("vrijwilligerswerk", "Utrechters 18-40", jong)
    assert verdict == ("lager dan" if ref > row.ci_hoog else "vergelijkbaar met")
    assert verdict == "lager dan"  # 35% of young Utrechters against about one in ten


# ------------------------------------------------------------------ werk, taal, gezondheid
from dataclasses import replace  # noqa: E402

from analysis.chapter import punten_met_eenheid  # noqa: E402
from analysis.narratief import een_meervoud, gelijke_uitersten, toetsnamen  # noqa: E402


@pytest.fixture(scope="module")
def h24(tmp_path_factory):
    return Hoofdstuk(2024, ROOT / "data", tmp_path_factory.mktemp("b24"))


def test_quote_intro_only_in_a_year_with_quotes_on_that_theme(h, h24, capsys):
    assert h.heeft_citaten("taal") and not h24.heeft_citaten("taal")
    h24.citaat_met_inleiding("taal", "Enkele inburgeraars over de taal:")
    assert capsys.readouterr().out == ""


def test_signal_from_the_explanations_holds_only_for_the_year_whose_meta_records_it(h, h24):
    assert h.signaal("geen_passende_taalles")
    assert not h24.signaal("geen_passende_taalles")
    assert not h.signaal("bestaat_niet")


def test_series_of_names_in_dutch():
    assert Hoofdstuk.reeks([]) == "" and Hoofdstuk.reeks(["A"]) == "A"
    assert Hoofdstuk.reeks(["A", "B", "C"]) == "A, B en C"
    twee = Hoofdstuk.nationaliteit_woorden(["Syrische", "Turkse"])
    assert twee == "Syrische en Turkse nationaliteit"
    assert "nationaliteit 'Amerikaans burger'" in Hoofdstuk.nationaliteit_woorden(
        ["Syrische", "Amerikaans burger"]
    )


def test_points_take_the_singular_for_one_point():
    assert punten_met_eenheid(1.2) == "+1 punt"
    assert punten_met_eenheid(-0.6) == "-1 punt"
    assert punten_met_eenheid(-13.4) == "-13 punten"
    assert punten_met_eenheid(-1.1, teken=False) == "1 punt"


def test_change_since_last_year_never_reads_one_points(h24):
    for ind in ("tevreden_werk", "tevreden_niveau_nl", "problemen_nl_spreken", "somber"):
        tekst = h24.sinds_vorig_jaar(ind, "x")
        assert tekst.startswith("Sinds 2023") and not een_meervoud(tekst), tekst


def test_explanation_condition_follows_the_verdict(h):
    v = h.verschil("betaald_werk")
    assert v.significant and v.verschil < 0
    assert h.aantoonbaar("betaald_werk", "lager") and not h.aantoonbaar("betaald_werk", "hoger")
    klein = replace(v, noemers=(5, v.noemers[1]))
    assert not h.aantoonbaar(klein, "lager")


def test_comparison_with_a_too_small_group_gives_the_chapters_own_sentence(h):
    v = h.verschil("betaald_werk")
    klein = replace(v, noemers=(5, v.noemers[1]))
    assert h.zin_of(klein, "{a} tegenover {b}", "Te weinig.") == "Te weinig."
    assert h.zin_of(v, "{a} tegenover {b}", "Te weinig.") == h.tegenover(v, oordeel=False)


def test_share_in_words_is_left_out_for_a_too_small_group(h):
    assert "(" in h.aandeel_woorden("geslacht=vrouw", "groep=gezinsmigrant")
    assert h.aandeel_woorden("geslacht=vrouw", "groep=gezinsmigrant&nationaliteit=Chinese") == ""


def test_nationality_paragraph_gives_a_range_and_no_figure_for_one_nationality(h):
    args = ("spannend_nl_spreken", "het spannend vindt", "tevreden_niveau_nl", "tevreden is",
            "spannend_nl_spreken", "taal-nat")
    tekst, groot = h.nationaliteiten_tekst(*args)
    assert len(groot) >= 2 and "@fig-taal-nat" in tekst and "loopt uiteen van" in tekst
    assert "vaker" not in tekst and "niet getoetst" in tekst
    ranked, _ = h.categorieen("spannend_nl_spreken", "nationaliteit")
    laagste = h.p("spannend_nl_spreken", f"nationaliteit={ranked[-1]}")
    assert f"loopt uiteen van {laagste} (" in tekst  # as printed elsewhere, 'ca.' included
    alleen = Hoofdstuk(2023, ROOT / "data", h.build_dir)
    alleen.df = h.df[h.df.nationaliteit == "Syrische"]
    tekst, groot = alleen.nationaliteiten_tekst(*args)
    assert groot == [] and "@fig" not in tekst and "Syrische nationaliteit" in tekst
    assert not een_meervoud(tekst) and not gelijke_uitersten(tekst)


def test_wellbeing_differences_name_only_demonstrable_ones(h):
    items = {
        "zenuwachtig": ("zenuwachtigheid", "vaak zenuwachtig"),
        "kalm": ("kalmte", "vaak kalm"),
        "somber": ("somberheid", "vaak somber"),
        "gelukkig": ("geluk", "vaak gelukkig"),
    }
    tekst = h.welzijn_groepen_tekst(items, "w")
    sig = [i for i in items if h.verschil(i).significant]
    niet = [i for i in items if not h.verschil(i).significant]
    assert sig and niet  # 2023 has both kinds
    assert "het meest" not in tekst
    for i in sig:
        assert h.tegenover(i) in tekst
    assert f"Bij {Hoofdstuk.reeks([items[i][0] for i in niet])} is een verschil" in tekst


def test_model_sentence_gives_adjusted_percentages_not_an_odds_ratio(h):
    import pandas as pd

    from analysis.formatting import pct
    from analysis.indicators import indicator_flags
    from analysis.models import logit_odds_ratios

    zin = "{n}: {met} tegenover {zonder}, {verband}"
    tekst, fit = h.model_tekst("zenuwachtig", "problemen_financien", zin, "geen")
    ref = logit_odds_ratios(h.df, "zenuwachtig", "problemen_financien")
    assert fit is not None and tekst.startswith(f"{ref.n}: {pct(ref.pct_met)} tegenover")
    assert not toetsnamen(tekst) and "blijft dus bestaan" in tekst
    weinig = Hoofdstuk(2023, ROOT / "data", h.build_dir)
    geld = indicator_flags(h.df, "problemen_financien")
    weinig.df = pd.concat([h.df[geld == 0], h.df[geld == 1].head(5)])  # too few to publish
    assert weinig.model_tekst("zenuwachtig", "problemen_financien", zin, "geen") == ("geen", None)


def test_wellbeing_sentence_with_and_without_a_utrecht_figure(h):
    assert "geen Utrechts cijfer" in h.welzijn_utrecht_zin("kalm", "vaak kalm", "Utrechters 18-65")
    zin = h.welzijn_utrecht_zin("somber", "vaak somber", "Utrechters 18-65")
    assert "onder Utrechters van 18 tot 65 jaar (12%)" in zin
    assert h.tov_utrecht("somber", "Utrechters 18-65") in zin


def test_subgroup_comparison_with_utrecht_is_left_out_for_a_too_small_subgroup(h):
    jong = "leeftijdsgroep=18-25,26-30,31-40"
    zin = h.utrecht_zin("vrijwilligerswerk", jong, "jong", "Utrechters 18-40", "jonge Utrechters")
    assert "buiten het 95%-interval" in zin  # as test_comparison_with_utrecht_... finds
    klein = "groep=gezinsmigrant&nationaliteit=Chinese"
    assert h.utrecht_zin("vrijwilligerswerk", klein, "x", "Utrechters 18-40", "y") == ""
