"""Key findings chosen by rule (analysis.text.key_points), on the estimates of 2024."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.chapter.notebook import Hoofdstuk
from analysis.data.paths import ROOT
from analysis.statistics.indicators import MEERVOUD
from analysis.text import key_points

HOOFDSTUKKEN = ("werk", "taal", "gezondheid", "leefomgeving", "zelfredzaamheid")


@pytest.fixture(scope="module")
def h(tmp_path_factory):
    return Hoofdstuk(2024, ROOT / "data", tmp_path_factory.mktemp("b"))


def kies(h, hoofdstuk, vergelijkingen=None, verandering=None, referentie=None):
    return key_points.kies(
        hoofdstuk,
        h.tabel,
        h.schattingen.vergelijkingen if vergelijkingen is None else vergelijkingen,
        h.verandering if verandering is None else verandering,
        h.schattingen.utrecht if referentie is None else referentie,
        h.registry,
    )


@pytest.mark.parametrize("hoofdstuk", HOOFDSTUKKEN)
def test_every_key_finding_is_supported_by_its_test(h, hoofdstuk):
    punten = kies(h, hoofdstuk)
    assert key_points.MIN <= len(punten) <= key_points.MAX
    assert len({k.indicator for k in punten}) == len(punten)  # one point per indicator
    for k in punten:
        assert h.registry[k.indicator].hoofdstuk == hoofdstuk
        assert not h.registry[k.indicator].aanvullend
        if k.soort == "kop":
            assert h.registry[k.indicator].kop
        elif k.soort == "verandering":
            rows = h.verandering[h.verandering.indicator == k.indicator]
            assert (rows.oordeel == "significant").any()
        elif k.soort == "groepsverschil":
            assert h.verschil(k.indicator).significant
        elif k.soort == "utrecht":  # the family 'utrecht' supports it (issue 25 item 6)
            t = h.schattingen.utrecht
            rij = t[(t.indicator == k.indicator) & (t.groep == "totaal")].iloc[0]
            assert rij.oordeel == "significant"


@pytest.mark.parametrize("hoofdstuk", HOOFDSTUKKEN)
def test_in_het_kort_opens_with_the_chapters_headline_figure(h, hoofdstuk):
    """Chapter 2 left out its headline (38% with paid work): the first key finding is the level
    of the chapter's headline indicator, with what the rules find for it as its details."""
    kop = h.registry.kop(hoofdstuk)
    assert kop is not None, f"data/indicatoren.yml names no headline for {hoofdstuk}"
    eerste = kies(h, hoofdstuk)[0]
    assert (eerste.soort, eerste.indicator) == ("kop", kop.id)
    assert eerste.a == h.p(kop.id) and eerste.deel == h.deel(kop.id)
    assert all(d.indicator == kop.id for d in eerste.bij)


def test_a_headline_of_the_registry_is_one_per_chapter(tmp_path):
    from analysis.data.errors import ConfigError
    from analysis.statistics.indicators import load_registry

    tekst = (ROOT / "data" / "indicatoren.yml").read_text(encoding="utf-8")
    tekst = tekst.replace("id: tevreden_werk,", "id: tevreden_werk, kop: true,", 1)
    (tmp_path / "indicatoren.yml").write_text(tekst, encoding="utf-8")
    with pytest.raises(ConfigError, match="kopcijfer"):
        load_registry(tmp_path / "indicatoren.yml")


def test_changes_come_first_and_a_change_within_a_group_is_named(h):
    punten = kies(h, "taal")[1:]  # after the headline
    soorten = [k.soort for k in punten]
    assert soorten == sorted(soorten, key=["verandering", "groepsverschil", "utrecht"].index)
    sig = h.verandering[(h.verandering.oordeel == "significant")]
    sig = sig[sig.indicator.map(lambda i: h.registry[i].hoofdstuk == "taal")]
    assert not sig.empty  # 2024: 'spannend' among asielstatushouders, 94% -> 76%
    eerste = sig.iloc[0]
    wie = "" if eerste.groep == "totaal" else f"onder {MEERVOUD[eerste.groep]}"
    assert soorten[0] == "verandering"
    assert (punten[0].indicator, punten[0].wie) == (eerste.indicator, wie)


def test_a_change_the_test_does_not_support_is_never_a_key_finding(h):
    stil = h.verandering.assign(oordeel="niet significant")
    assert all(k.soort != "verandering" for k in kies(h, "taal", verandering=stil))


def test_a_quiet_year_opens_with_its_headline_levels(h):
    alle = h.schattingen.vergelijkingen
    niets = [dataclasses.replace(v, p=1.0, p_gecorrigeerd=1.0) for v in alle]
    stil = h.verandering.assign(oordeel="niet significant")
    geen_ref = pd.DataFrame(columns=h.schattingen.utrecht.columns)
    punten = kies(h, "werk", niets, stil, geen_ref)
    assert len(punten) == key_points.MIN
    assert punten[0].soort == "kop" and not punten[0].bij  # nothing to add to the level
    assert all(k.soort == "niveau" and h.registry[k.indicator].tabel_7_1 for k in punten[1:])


def test_a_group_change_that_moves_with_the_total_is_not_repeated(h):
    rows = h.verandering[h.verandering.indicator == "spannend_nl_spreken"].copy()
    rows["oordeel"] = "significant"
    rows = rows[rows.groep.isin(["totaal", "asielstatushouder", "gezinsmigrant"])]
    punten = key_points.veranderingen(rows, ["spannend_nl_spreken"], h.registry)
    richting = {k.wie: k.woord for k in punten}
    assert "" in richting  # the change of all inburgeraars is named
    for k in punten:
        assert not k.wie or k.woord != richting[""]  # a group only where it moved otherwise


def test_a_key_finding_against_utrecht_names_the_population_of_its_figure(h):
    """Chapter 4 said 'alle Utrechters' for a figure about Utrechters aged 18 to 65: the
    words come from the row of data/referentie/utrecht.csv whose figure is used."""
    from analysis.text import templates

    punten = [k for hfd in HOOFDSTUKKEN for k in kies(h, hfd) if k.soort == "utrecht"]
    assert punten, "no key finding against Utrecht in 2024: this test would check nothing"
    for k in punten:
        rij = h.referentie[h.referentie.indicator == k.indicator].iloc[0]
        assert k.referentie == rij.wie
        assert k.b == templates.render("{{ x | pct }}", {"x": rij.waarde})
        tekst = templates.render("{{ z.kernpunten(punten) }}", {"punten": [k]})
        assert f"dan onder {rij.wie} ({k.a} tegenover {k.b})" in tekst


def _zinnen(tekst: str) -> list[str]:
    import re

    return [z for z in re.split(r"(?<=[.)%])\s+(?=[A-Z])", tekst) if z]


@pytest.mark.parametrize("hoofdstuk", HOOFDSTUKKEN)
def test_every_key_finding_is_a_sentence_with_a_verb_not_a_label(h, hoofdstuk):
    """'Vindt Nederlands spreken spannend onder asielstatushouders: gedaald, van 94% naar
    76%.' was a label with a colon. Every item now starts with a capital, ends with a full
    stop and holds the measure's words from the registry ('zin' or 'dat')."""
    from analysis.text import templates

    for k in kies(h, hoofdstuk):
        tekst = templates.render("{{ z.kernpunten(punten) }}", {"punten": [k]})
        assert tekst.startswith("- ") and tekst.endswith(".")
        item = tekst[2:]
        assert item[0].isupper() and ":" not in item
        assert (k.zin in item) or (k.dat in item)


def test_the_samenvatting_opens_with_three_headline_messages_in_report_order(h):
    """The one-minute read: the headline figures of the chapters with the largest supported
    detail each, in the order of the report."""
    berichten = key_points.boodschappen(
        h.tabel, h.schattingen.vergelijkingen, h.verandering, h.schattingen.utrecht, h.registry
    )
    assert len(berichten) == key_points.BOODSCHAPPEN
    volgorde = [h.registry[k.indicator].hoofdstuk for k in berichten]
    assert volgorde == sorted(volgorde, key=h.registry.hoofdstukken.index)
    assert all(k.soort == "kop" and len(k.bij) <= 1 for k in berichten)
    koppen = [
        key_points.kies(hfd, h.tabel, h.schattingen.vergelijkingen, h.verandering,
                        h.schattingen.utrecht, h.registry)[0]
        for hfd in h.registry.hoofdstukken
    ]
    gewicht = {k.indicator: max((d.grootte for d in k.bij), default=-1) for k in koppen}
    gekozen = {k.indicator for k in berichten}
    assert min(gewicht[i] for i in gekozen) >= max(
        (g for i, g in gewicht.items() if i not in gekozen), default=-1
    )


def test_the_utrecht_figure_for_health_is_for_18_to_65_and_says_so(h):
    rij = h.referentie[h.referentie.indicator == "gezondheid_goed"].iloc[0]
    assert rij.populatie == "Utrechters 18-65" and rij.wie == "Utrechters van 18 tot 65 jaar"
    assert h.utrecht_wie("gezondheid_goed") == rij.wie
    assert h.utrecht_wie("gezondheid_goed", "Utrechters 18+") == "alle Utrechters"
