"""The chapter helpers return what the published report says, computed the one way."""

from __future__ import annotations

import pytest

from analysis.chapter.notebook import Hoofdstuk
from analysis.data.paths import ROOT
from analysis.statistics.indicators import share
from analysis.text.formatting import telwoord


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
    assert h.vaker_dan("problemen_nl_spreken") == "niet aantoonbaar anders dan"
    # -0,7 points (-9 to +8): not shown is not the same (issue 25)
    assert h.vaker_dan("opleiding") == "niet aantoonbaar anders dan"
    assert h.tov_utrecht("betaald_werk", "Utrechters 18+") == "lager dan"
    assert h.utrecht("kalm") is None


def test_comparison_with_utrecht_for_a_subgroup_uses_that_subgroups_interval(h):
    jong = "leeftijdsgroep=18-25,26-30,31-40"
    ref = h.utrecht("vrijwilligerswerk", "Utrechters 18-40")
    row = h.rij("vrijwilligerswerk", jong)
    verdict = h.tov_utrecht("vrijwilligerswerk", "Utrechters 18-40", jong)
    assert verdict == ("lager dan" if ref > row.ci_hoog else "vergelijkbaar met")
    assert verdict == "lager dan"  # 35% of young Utrechters against about one in ten


# ---------------------------------------------------------------- chapters 1, 5 and 6
import copy  # noqa: E402

from analysis.statistics.comparisons import Vergelijking  # noqa: E402


def _vgl(tellers, noemers, p, groepen=("geslacht=man", "geslacht=vrouw")):
    return Vergelijking("hulp_gewenst", tuple(groepen), tuple(tellers), tuple(noemers), "t", p)


def test_list_and_count_words_hold_for_any_length():
    assert Hoofdstuk.opsomming([]) == ""
    assert Hoofdstuk.opsomming(["Engels"]) == "Engels"
    assert Hoofdstuk.opsomming(["Engels", "Turks"]) == "Engels en Turks"
    assert Hoofdstuk.opsomming(["Engels", "Turks", "Arabisch"]) == "Engels, Turks en Arabisch"
    assert Hoofdstuk.aantal(1, "gezinsmigrant", "gezinsmigranten") == "één gezinsmigrant"
    assert Hoofdstuk.aantal(0, "gezinsmigrant", "gezinsmigranten") == "geen gezinsmigranten"
    assert Hoofdstuk.aantal(137, "gezinsmigrant", "gezinsmigranten") == "137 gezinsmigranten"


def test_measurement_sentence_names_only_this_and_the_previous_year(h):
    assert "nulmeting" in h.meting_zin([2023, 2024])
    later = copy.copy(h)
    later.jaar = 2025
    derde = later.meting_zin([2023, 2024, 2025])
    assert "derde meting" in derde and "2024" in derde and "2023" not in derde


def test_verdict_sentence_is_correct_dutch_for_every_combination(h):
    sig = _vgl([10, 60], [100, 100], 0.001)
    niet = _vgl([40, 45], [100, 100], 0.5)
    klein = _vgl([1, 40], [5, 100], float("nan"))
    wat = "die hulpvraag"
    beide_niet = h.oordelen_zin(
        wat, [("tussen mannen en vrouwen", niet), ("tussen de leeftijdsgroepen", niet)]
    )
    assert beide_niet == (
        "Het verschil in die hulpvraag tussen mannen en vrouwen en tussen de "
        "leeftijdsgroepen is niet aantoonbaar."
    )
    gemengd = h.oordelen_zin(
        wat, [("tussen mannen en vrouwen", sig), ("tussen de leeftijdsgroepen", niet)]
    )
    assert gemengd == (
        "Het verschil in die hulpvraag tussen mannen en vrouwen is aantoonbaar. Tussen de "
        "leeftijdsgroepen is het verschil niet aantoonbaar."
    )
    met_klein = h.oordelen_zin(
        wat, [("tussen mannen en vrouwen", klein), ("tussen de leeftijdsgroepen", sig)]
    )
    assert met_klein.startswith(
        "Het verschil in die hulpvraag tussen de leeftijdsgroepen is "
        "aantoonbaar. Of die hulpvraag verschilt tussen "
        "mannen en vrouwen, is niet te zeggen"
    )
    assert ", dat tussen" not in beide_niet + gemengd + met_klein


def test_age_sentence_names_extremes_only_for_a_demonstrated_difference(h):
    groepen = ("leeftijdsgroep=18-25", "leeftijdsgroep=41+")
    sig = _vgl([10, 60], [100, 100], 0.001, groepen)
    niet = _vgl([40, 45], [100, 100], 0.5, groepen)
    klein = _vgl([1, 40], [5, 100], float("nan"), groepen)
    zin = h.leeftijdsverschil_zin(sig, "dit")
    assert "het vaakst" in zin and "41 jaar en ouder (60%)" in zin and "18 tot en met 25" in zin
    zin = h.leeftijdsverschil_zin(niet, "dit")
    assert "vaakst" not in zin and "40% tot 45%" in zin and "niet aantoonbaar" in zin
    zin = h.leeftijdsverschil_zin(klein, "dit")
    assert "te weinig respondenten" in zin and "%" not in zin


def test_a_difference_of_one_point_is_singular(h):
    een = Vergelijking("x", ("geslacht=man", "geslacht=vrouw"), (40, 41), (100, 100), "t", 0.9)
    assert h.verschil_punten(een).startswith("1 procentpunt minder (")
    twee = Vergelijking("x", ("geslacht=man", "geslacht=vrouw"), (40, 42), (100, 100), "t", 0.9)
    assert h.verschil_punten(twee).startswith("2 procentpunten minder (")


# ------------------------------------------------------------------ werk, taal, gezondheid

from analysis.chapter.notebook import punten_met_eenheid  # noqa: E402
from analysis.checks.narrative import een_meervoud, gelijke_uitersten, toetsnamen  # noqa: E402


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


def test_nationalities_in_dutch():
    twee = Hoofdstuk.nationaliteit_woorden(["Syrische", "Turkse"])
    assert twee == "Syrische en Turkse nationaliteit"
    # a register name that is no adjective reads by its codebook label (labels_nl)
    assert Hoofdstuk.nationaliteit_woorden(["Syrische", "Amerikaans burger"]) == (
        "Syrische en Amerikaanse nationaliteit"
    )


def test_points_take_the_singular_for_one_point():
    assert punten_met_eenheid(1.2) == "+1 procentpunt"
    assert punten_met_eenheid(-0.6) == "\u22121 procentpunt"
    assert punten_met_eenheid(-13.4) == "\u221213 procentpunten"
    assert punten_met_eenheid(-1.1, teken=False) == "1 procentpunt"


def test_share_in_words_is_left_out_for_a_too_small_group(h):
    assert "(" in h.aandeel_woorden("geslacht=vrouw", "groep=gezinsmigrant")
    assert h.aandeel_woorden("geslacht=vrouw", "groep=gezinsmigrant&nationaliteit=Chinese") == ""


def test_nationality_paragraph_gives_a_range_and_no_figure_for_one_nationality(h):
    args = (
        "spannend_nl_spreken",
        "het spannend vindt",
        "tevreden_niveau_nl",
        "tevreden is",
        "spannend_nl_spreken",
        "taal-nat",
    )
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
    assert f"Bij {Hoofdstuk.opsomming([items[i][0] for i in niet])} is een verschil" in tekst


def test_model_sentence_gives_adjusted_percentages_not_an_odds_ratio(h):
    import pandas as pd

    from analysis.statistics.indicators import indicator_flags
    from analysis.statistics.models import logit_odds_ratios
    from analysis.text.formatting import pct

    zin = "{n}: {met} tegenover {zonder}, {verband}"
    tekst, fit = h.model_tekst("zenuwachtig", "problemen_financien", zin, "geen")
    ref = logit_odds_ratios(h.df, "zenuwachtig", "problemen_financien")
    assert fit is not None and tekst.startswith(f"{ref.n}: {pct(ref.pct_met)} tegenover")
    assert not toetsnamen(tekst) and "blijft zichtbaar" in tekst  # a description, no verdict
    weinig = Hoofdstuk(2023, ROOT / "data", h.build_dir)
    geld = indicator_flags(h.df, "problemen_financien")
    weinig.df = pd.concat([h.df[geld == 0], h.df[geld == 1].head(5)])  # too few to publish
    assert weinig.model_tekst("zenuwachtig", "problemen_financien", zin, "geen") == ("geen", None)


def test_a_group_too_small_for_the_whole_year_is_said_once_not_under_every_indicator(tmp_path):
    from analysis.statistics.comparisons import Vergelijking

    h = Hoofdstuk(2023, ROOT / "data", tmp_path)
    h.__dict__["te_kleine_groepen"] = ["gezinsmigranten"]  # as in a year with 2 of them

    def klein(ind: str, groepen=("asielstatushouder", "gezinsmigrant")) -> Vergelijking:
        return Vergelijking(ind, tuple(groepen), (30, 1), (120, 2), "niet getoetst", float("nan"))

    eerste = h.vergelijkingszin(klein("betaald_werk"), "{vaker_dan}", "betaald werk")
    assert "te weinig gezinsmigranten" in eerste and "vergelijken" in eerste
    assert h.vergelijkingszin(klein("taalles"), "{vaker_dan}", "taalles") == ""
    # another comparison with a small side still says why, in its own words
    ander = klein("betaald_werk", ("geslacht=man", "geslacht=vrouw"))
    assert h.vergelijkingszin(ander, "{vaker_dan}", "betaald werk").startswith("Of ")


def test_age_sentence_marks_a_share_on_fewer_than_50_respondents_as_indicative(h):
    groepen = ("leeftijdsgroep=18-25", "leeftijdsgroep=41+")
    niet = _vgl([34, 21], [100, 41], 0.5, groepen)  # 34% tot 51%, the 41+ on 41 respondents
    zin = h.leeftijdsverschil_zin(niet, "dit")
    assert "34% tot ca. 51%" in zin


def test_a_figure_title_states_what_it_shows_in_words_that_follow_the_test(tmp_path):
    """Figure titles said what is drawn ('Aandeel inburgeraars met betaald werk, naar groep');
    they now open with the finding, and the finding follows the test."""
    h24 = Hoofdstuk(2024, ROOT / "data", tmp_path)
    groepen = ["asielstatushouder", "gezinsmigrant", "totaal"]
    for ind in ("betaald_werk", "problemen_woning", "taalles"):
        titel = h24.figuurtitel(ind, groepen, None)
        assert h24.registry[ind].dat in titel
        if h24.verschil(ind).significant:
            woord = "lager" if h24.verschil(ind).verschil < 0 else "hoger"
            assert titel.startswith("Onder asielstatushouders") and f"{woord} dan" in titel
        else:
            assert "verschillen niet aantoonbaar" in titel
    utrecht = h24.figuurtitel("betaald_werk", ["totaal"], "Utrechters 18+")
    assert utrecht.endswith(f"lager dan onder {h24.utrecht_wie('betaald_werk', 'Utrechters 18+')}")
    assert h24.figuurtitel("betaald_werk", ["geslacht=man", "geslacht=vrouw"], None) == ""


def test_a_figure_of_several_measures_is_titled_by_how_many_differ_and_where_most(tmp_path):
    """Issue 24 item 5: figures with several measures (4.4, 4.5, 5.1) kept a label as
    title. The title now counts the demonstrable differences and names the largest; with
    exactly one, that one is the title; every word follows the test."""
    h24 = Hoofdstuk(2024, ROOT / "data", tmp_path)
    welzijn = ["zenuwachtig", "kalm", "somber", "gelukkig"]
    groepen = ["asielstatushouder", "gezinsmigrant", "totaal"]
    sig = [i for i in welzijn if h24.verschil(i).significant]
    titel = h24.figuurtitel(welzijn, groepen)
    if len(sig) == 1:
        assert titel == h24.figuurtitel(sig[0], groepen)
    elif not sig:
        assert "op geen van deze vier punten aantoonbaar" in titel
    else:
        grootste = max(sig, key=lambda i: abs(h24.verschil(i).verschil))
        assert f"het sterkst in het aandeel dat {h24.registry[grootste].dat}" in titel
        aantal = "alle" if len(sig) == len(welzijn) else f"{telwoord(len(sig))} van de vier"
        assert f"op {aantal} punten aantoonbaar" in titel

    buurt = [
        "buurt_prettige_omgang",
        "buurt_prettig_bij_mensen",
        "mensen_terecht",
        "buurt_niet_leuk",
    ]
    titel = h24.figuurtitel(buurt, ["totaal"], "Utrechters 18+")
    uit = [
        i
        for i in buurt
        if h24.tov_utrecht(i, "Utrechters 18+", "totaal") in ("hoger dan", "lager dan")
    ]
    assert titel.startswith(f"Inburgeraars en {h24.utrecht_wie(buurt[0], 'Utrechters 18+')}")
    grootste = max(uit, key=lambda i: abs(h24.rij(i).percentage - h24.utrecht(i, "Utrechters 18+")))
    assert titel.endswith(f"het sterkst in het aandeel dat {h24.registry[grootste].dat}")


def test_a_figure_of_two_chosen_groups_is_titled_by_their_comparison(tmp_path):
    """The caption of a figure of two groups the chapter compares (taalles within the
    asielstatushouders) states that comparison's verdict, never more than its test."""
    h24 = Hoofdstuk(2024, ROOT / "data", tmp_path)
    met, zonder = "groep=asielstatushouder&taalles=ja", "groep=asielstatushouder&taalles=nee"
    paar = (zonder, met, "wie geen les volgt", "wie wel les volgt")
    titel = h24.figuurtitel("zenuwachtig", [met, zonder, "gezinsmigrant"], paar=paar)
    v = h24.vergelijk("zenuwachtig", [zonder, met])
    if v.significant:
        assert titel.startswith("Onder wie geen les volgt is het aandeel")
    else:
        assert titel.startswith("Geen aantoonbaar verschil") and "hoger" not in titel


def test_a_figure_of_shares_without_comparison_is_titled_by_its_largest_share(tmp_path):
    """Nationalities are not tested and the help figure compares nothing: their titles say
    so, or give the largest share as a sentence, never a verdict."""
    h24 = Hoofdstuk(2024, ROOT / "data", tmp_path)
    hulp = ["hulp_informeel", "hulp_betaald", "hulp_gewenst", "hulp_niet_nodig"]
    grootste = max(hulp, key=lambda i: h24.rij(i).percentage)
    titel = h24.figuurtitel(hulp, ["totaal"])
    assert titel.endswith(h24.registry[grootste].zin) and h24.p(grootste) in titel
    groot = sorted(h24.categorieen("spannend_nl_spreken", "nationaliteit")[0])
    titel = h24.figuurtitel(["spannend_nl_spreken"], [f"nationaliteit={n}" for n in groot])
    assert "niet getoetst" in titel


def test_an_exploratory_difference_reads_as_a_lead_where_it_is_stated(h):
    """Issue 25 item 8: the 2023 verdicts of the exploratory family were stated as findings;
    only the methods called them an 'aanwijzing'. Now the sentence itself says so."""
    from analysis.text.results import VERKENNEND, Verschil

    verkennend = [v for v in h.schattingen.vergelijkingen if v.verkennend and v.significant]
    assert verkennend, "2023 has exploratory differences: this test would check nothing"
    for v in h.schattingen.vergelijkingen:
        tegenover = Verschil(h, v).tegenover
        assert (VERKENNEND in tegenover) == (v.verkennend and v.significant and not v.te_klein)


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_chapters_say_aanwijzing_only_in_a_year_whose_comparisons_were_exploratory(
    builds, jaar
):
    from analysis.text.results import VERKENNEND

    tekst = "".join(
        (builds[jaar] / "chapters" / f"{hfd}.ipynb").read_text(encoding="utf-8")
        for hfd in ("02_werk", "03_taal", "04_gezondheid", "06_zelfredzaamheid")
    )
    gezegd = tekst.count(VERKENNEND) + tekst.count("een aanwijzing, geen")
    assert (gezegd > 0) == (jaar == 2023)
