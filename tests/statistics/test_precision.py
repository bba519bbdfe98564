"""How much the monitor can see, and the reconciliation with the published verdicts."""

from __future__ import annotations

import math

import pytest

from analysis.data.load import load_year
from analysis.statistics.precision import detectable_differences, needed_sizes


def test_detectable_differences_shrink_with_a_lenient_level_and_grow_for_groups():
    t = detectable_differences(load_year(2024), load_year(2023), m_groepen=28, m_verandering=81)
    assert (t.mdd_ruim < t.mdd_streng).all()
    totaal = t[t.vergelijking.str.startswith("alle inburgeraars")].iloc[0]
    groep = t[t.vergelijking.str.startswith("asielstatushouders,")].iloc[0]
    assert groep.mdd_ruim > totaal.mdd_ruim  # a group is smaller than everyone
    assert 5 < totaal.mdd_ruim < 20  # the monitor cannot see a change of a few points


def test_a_first_year_has_only_the_group_comparison():
    t = detectable_differences(load_year(2023), None, m_groepen=28, m_verandering=0)
    assert len(t) == 1


def test_needed_sizes_are_larger_for_smaller_changes_and_a_stricter_level():
    t = needed_sizes(1524, m=81, n_nu=1000, fpc=True).set_index("verandering")
    assert t.loc[5, "n_ruim"] > t.loc[10, "n_ruim"]
    assert (t.n_streng > t.n_ruim).all()
    assert (t.n_ruim < 1524).all()


def _onafhankelijk(n1: float, n_pop: float, fpc: bool, alpha: float, d: float) -> float:
    """Respondents the next wave needs, written out from the textbook formula for two
    independent proportions at 50%, 80% power (z of the two-sided level plus z of the
    power), solved for the second sample; FPC as n_eff = n (N - 1) / (N - n)."""
    from scipy.stats import norm

    z = norm.ppf(1 - alpha / 2) + norm.ppf(0.80)
    e1 = n1 * (n_pop - 1) / (n_pop - n1) if fpc else n1
    inv = d * d / (z * z * 0.25) - 1 / e1
    if inv <= 0:
        return math.inf
    e2 = 1 / inv
    return e2 * n_pop / (n_pop - 1 + e2) if fpc else e2


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_planning_matches_an_independent_calculation(jaar):
    """Issue 25: the next wave is compared with this one, whose size is fixed; the numbers
    of the methods (needed respondents, invitations, whether feasible, inviting everyone)
    are recomputed here from the year's files alone."""
    from scipy.stats import norm

    from analysis.statistics.design import fpc_beleid
    from analysis.statistics.estimates import bereken
    from analysis.statistics.precision import everyone, for_year, planning_m, respons
    from analysis.text.formatting import getal
    from analysis.text.methods import planning_tekst

    jg = load_year(jaar)
    s = bereken(jaar, jg.folder.parent)
    n1, n_pop = jg.n, float(jg.meta["populatie"])
    r = n1 / float(jg.meta["uitgenodigd"])
    fpc = fpc_beleid()["verandering"]
    m = planning_m(s)
    _, nodig = for_year(s, jg, jg.folder.parent)
    for row in nodig.itertuples():
        for end, alpha in (("ruim", 0.05), ("streng", 0.05 / m)):
            verwacht = _onafhankelijk(n1, n_pop, fpc, alpha, row.verandering / 100)
            gevonden = getattr(row, f"n_{end}")
            assert gevonden == pytest.approx(verwacht, rel=1e-9) or (
                math.isinf(verwacht) and math.isinf(gevonden)
            )
            haalbaar = math.isfinite(verwacht) and verwacht / r <= n_pop
            assert getattr(row, f"haalbaar_{end}") == haalbaar
    # inviting everyone: n2 = N x response, against this wave's n1
    n2 = n_pop * r
    z = norm.ppf(0.975) + norm.ppf(0.80)
    ruim = 100 * z * math.sqrt(0.25 * (1 / n1 + 1 / n2))
    alles = everyone(n_pop, respons(jg), m, n1)
    assert alles["mdd_ruim"] == pytest.approx(ruim, rel=1e-9)
    tekst = planning_tekst(nodig, alles, n_pop, jaar, n1)
    assert f"{getal(ruim, 1)} tot" in tekst
    tien = nodig.set_index("verandering").loc[10]
    if math.isfinite(tien.n_ruim) and not tien.haalbaar_ruim:
        assert getal(tien.uitnodigingen_ruim) in tekst and "niet haalbaar" in tekst
    if not nodig.n_streng.map(math.isfinite).any():
        assert "bij welk aantal respondenten ook" in tekst


def test_reconciliation_lists_only_verdicts_our_policy_does_not_reproduce():
    from analysis.chapter.reconciliation import load_verdicts, reconciliation
    from analysis.statistics.design import Ontwerp
    from analysis.statistics.families import compare_families

    j = load_year(2023)
    results = compare_families(j.enquete, Ontwerp(float(j.meta["populatie"]), j.populatie))
    verdicts = load_verdicts(2023)
    assert len(verdicts) >= 10
    table = reconciliation(results, 2023, lambda v: v.indicator)
    index = {(v.familie, v.indicator, v.groepen[0], v.groepen[-1]): v for v in results}
    expected = 0
    for r in verdicts.itertuples():
        if r.niet_toetsbaar or r.familie == "utrecht":  # no utrecht table passed here
            continue
        v = index[(r.familie, r.indicator, r.groep_a, r.groep_b)]
        # contradicted: a published difference we do not find, or a published
        # similarity where we find a difference (an unconfirmed one is not contradicted)
        expected += (r.gepubliceerd == "verschil") != v.significant and (
            v.significant or r.gepubliceerd == "verschil"
        )
    assert len(table) == expected
    assert table.reden.str.len().gt(10).all()


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_every_recorded_verdict_names_a_declared_comparison(jaar):
    from analysis.chapter.reconciliation import load_verdicts
    from analysis.statistics.families import load_families
    from analysis.statistics.reference import lees_referentie

    declared = {
        (f.id, ind, groepen[0], groepen[-1])
        for f in load_families()
        for ind, groepen, _ in f.vergelijkingen
    }
    ref = lees_referentie()
    declared |= {("utrecht", r.indicator, r.groep, r.populatie) for r in ref.itertuples()}
    for r in load_verdicts(jaar).itertuples():
        if r.niet_toetsbaar:  # a claim the survey cannot test says why, and names nothing
            assert not r.indicator and len(r.niet_toetsbaar) > 10, r
            continue
        assert (r.familie, r.indicator, r.groep_a, r.groep_b) in declared, r


def test_the_methods_text_and_table_cope_with_an_empty_group():
    import math

    import pandas as pd

    from analysis.chapter.appendix import detectable_display
    from analysis.text.methods import groups_sentence

    leeg = pd.DataFrame(
        [
            {
                "vergelijking": "a tegenover b",
                "n_a": 120,
                "n_b": 0,
                "mdd_ruim": math.nan,
                "mdd_streng": math.nan,
            }
        ]
    )
    assert "geen vergelijking mogelijk" in groups_sentence(leeg)
    assert (detectable_display(leeg).iloc[0, 3:] == "–").all()


def test_for_year_counts_only_tested_comparisons_and_compares_with_the_previous_year():
    from analysis.data.paths import ROOT
    from analysis.statistics import estimates
    from analysis.statistics.precision import for_year
    from analysis.text.methods import groups_sentence

    s = estimates.bereken(2024, ROOT / "data")
    mdd, nodig = for_year(s, load_year(2024), ROOT / "data")
    assert len(mdd) == 4 and "2023 tegenover 2024" in mdd.vergelijking.iloc[1]
    assert groups_sentence(mdd).startswith("Zo ziet de monitor")
    assert list(nodig.verandering) == [5, 10]


def test_reconciliation_names_comparisons_in_words():
    from analysis.statistics.comparisons import Vergelijking
    from analysis.text.labels import comparison_name

    v = Vergelijking(
        "betaald_werk",
        ("groep=gezinsmigrant&geslacht=man", "groep=gezinsmigrant&geslacht=vrouw"),
        (1, 2),
        (10, 10),
        "x",
        0.5,
    )
    naam = comparison_name(v)
    assert naam.startswith("betaald werk:") and "=" not in naam and "&" not in naam


def test_reconciliation_of_more_than_two_groups_reports_the_omnibus_and_a_simultaneous_gap():
    from analysis.chapter.reconciliation import reconciliation
    from analysis.statistics.design import Ontwerp
    from analysis.statistics.families import compare_families

    j = load_year(2023)
    results = compare_families(j.enquete, Ontwerp(float(j.meta["populatie"]), j.populatie))
    table = reconciliation(results, 2023, lambda v: v.indicator)
    leeftijd = table[table.vergelijking == "problemen_organisaties"].iloc[0]
    assert leeftijd["verschil in procentpunten (95%-interval)"].endswith(", simultaan)")
    assert "toets over alle vier groepen" in leeftijd.reden
    v = next(v for v in results if v.indicator == "problemen_organisaties")
    low, high = v.interval
    assert low < 0 < high  # the printed interval agrees with 'niet significant' (issue: +1 tot +33)


def test_the_next_wave_is_planned_against_this_waves_fixed_size():
    # issue 25, 2024: 301 respondents now, 1,524 people, response 301/1,102: a change of
    # 10 points needs about 564 respondents next time, about 2,064 invitations (more than
    # the population); 5 points and the strict end need more than any size can give
    t = needed_sizes(1524, m=27, n_nu=301, respons=301 / 1102, fpc=False).set_index(
        "verandering"
    )
    assert round(t.loc[10, "n_ruim"]) == 564
    assert round(t.loc[10, "uitnodigingen_ruim"]) == 2064 and not t.loc[10, "haalbaar_ruim"]
    assert math.isinf(t.loc[5, "n_ruim"]) and t.n_streng.map(math.isinf).all()


@pytest.mark.parametrize(
    ("populatie", "n", "uitgenodigd", "ruim", "streng"),
    [(1524, 301, 1102, 10.6, 15.0), (1231, 254, 896, 11.6, 16.3)],  # issue 25, both editions
)
def test_inviting_everyone_is_compared_with_this_wave(populatie, n, uitgenodigd, ruim, streng):
    from analysis.statistics.precision import everyone

    alles = everyone(populatie, n / uitgenodigd, m=27, n_nu=n, fpc=False)
    assert (alles["mdd_ruim"], alles["mdd_streng"]) == pytest.approx((ruim, streng), abs=0.05)


def test_planning_says_when_a_target_is_out_of_reach_or_impossible():
    from analysis.statistics.precision import everyone
    from analysis.text.methods import planning_tekst

    nodig = needed_sizes(1231, m=27, n_nu=254, respons=254 / 896, fpc=False)
    tekst = planning_tekst(nodig, everyone(1231, 254 / 896, 27, 254, fpc=False), 1231, 2023, 254)
    assert "niet haalbaar" in tekst and "alle 1.231 inburgeraars uitnodigt" in tekst
    assert "hoeveel mensen de volgende keer ook meedoen" in tekst  # 5 points
    assert "bij welk aantal respondenten ook" in tekst  # the strict end


def test_reconciliation_lists_every_published_verdict_with_its_source_and_reason():
    from analysis.chapter.reconciliation import load_verdicts, reconciliation_all
    from analysis.data.paths import ROOT
    from analysis.statistics.estimates import bereken

    s = bereken(2023, ROOT / "data")
    verdicts = load_verdicts(2023)
    table = reconciliation_all(s.vergelijkingen, 2023, lambda v: v.indicator, s.utrecht)
    assert len(table) == len(verdicts)  # every verdict, reproduced or not
    assert set(table.overgenomen) == {"ja", "nee", "niet tegengesproken", "niet toetsbaar"}
    assert table.reden.str.len().gt(10).all()
    assert verdicts.bron.str.match(r"^(§\d|samenvatting)").all()  # each names its source
    # the claims issue 18 lists are recorded: spannend, gezondheid, age, finances, terecht,
    # taalles, satisfaction with one's Dutch, nationality (§3.2) and 41+ physical problems
    named = set(zip(verdicts.indicator, verdicts.groep_a, strict=True))
    for claim in (
        ("spannend_nl_spreken", "asielstatushouder"),
        ("gezondheid_goed", "asielstatushouder"),
        ("gezondheid_goed", "leeftijdsgroep=18-25,26-30"),
        ("problemen_financien", "asielstatushouder"),
        ("mensen_terecht", "asielstatushouder"),
        ("taalles_zelf_doen", "asielstatushouder"),
        ("buurt_prettige_omgang", "tevreden_niveau_nl=ja"),
        ("niet_thuis_problemen", "tevreden_niveau_nl=ja"),
        ("spannend_nl_spreken", "nationaliteit=Syrische,Afghaanse,Jemenitische,Iraanse"),
        ("problemen_lichamelijk", "leeftijdsgroep=41+"),
    ):
        assert claim in named, claim
    nationaliteit = table[table.vergelijking.isin(["spannend_nl_spreken", "tevreden_niveau_nl"])]
    assert len(nationaliteit) >= 2
    # issue 25: 'met name Syriërs' is tested, Syrians against all others
    syrie = verdicts[verdicts.bron.str.contains("Syriërs")]
    assert (syrie.groep_a == "nationaliteit=Syrische").all() and not syrie.niet_toetsbaar.any()
    # every comparison with a Utrecht figure the report makes (14, one of which, kalm, has
    # no figure in the text) and the 'in vergelijkbare mate' claims of §6.3 and §4.1
    utrecht = verdicts[(verdicts.familie == "utrecht") | verdicts.bron.str.contains("Utrecht")]
    assert len(utrecht) >= 13
    assert set(zip(verdicts[verdicts.familie == "utrecht"].indicator,
                   verdicts[verdicts.familie == "utrecht"].groep_b, strict=True)) <= set(
        zip(s.utrecht.indicator, s.utrecht.populatie_utrecht, strict=True)
    )
    assert verdicts.bron.str.contains("in vergelijkbare mate").sum() >= 3
    gelukkig = table[table.vergelijking.str.contains("gelukkig: inburgeraars tegenover")]
    assert len(gelukkig) == 2  # the summary's 'bijna net zo vaak' and §4.1's 'minder vaak'
    # 'een klein verschil' (§6.1) is a difference, not 'geen verschil'
    klein = verdicts[verdicts.bron.str.contains("klein verschil")]
    assert (klein.gepubliceerd == "verschil").all()


def test_a_published_similarity_is_reproduced_only_within_the_equivalence_margin():
    from analysis.chapter.reconciliation import overgenomen
    from analysis.text.dutch import GELIJK_MARGE as m

    assert overgenomen("geen verschil", False, (-m + 1, m - 1)) == "ja"
    assert overgenomen("geen verschil", False, (-m - 5, m + 5)) == "niet tegengesproken"
    assert overgenomen("geen verschil", True, (2.0, 20.0)) == "nee"
    assert overgenomen("verschil", False, (-1.0, 20.0)) == "nee"
    assert overgenomen("verschil", True, (2.0, 20.0)) == "ja"


def test_changes_within_a_group_are_planned_with_their_own_family_size():
    nu, vorig = load_year(2024), load_year(2023)
    t = detectable_differences(nu, vorig, m_groepen=27, m_verandering=27, m_verandering_groepen=53)
    same = detectable_differences(nu, vorig, m_groepen=27, m_verandering=27)
    groep = t.vergelijking.str.startswith("asielstatushouders,")
    assert (t.loc[groep, "mdd_streng"] > same.loc[groep, "mdd_streng"]).all()
    assert (
        t.loc[~groep & ~t.vergelijking.str.startswith("gezinsmigranten,"), "mdd_streng"]
        == same.loc[~groep & ~same.vergelijking.str.startswith("gezinsmigranten,"), "mdd_streng"]
    ).all()
