"""Stress variants (issue 10): every plausible new year is a valid delivery, builds through the
real pipeline and reads right.

Each variant is made once per session in a temporary folder (``analysis.checks.variants``) and
built once, lazily, by the first test that needs it: about 15 s a variant with the pipeline's
two warm kernels."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis.checks import variants
from analysis.checks.narrative import controleer_build
from analysis.checks.variants import JAAR, VARIANTEN, VariantMappen, maak_variant, omgeving
from analysis.data.load import load_year
from analysis.data.paths import available_years
from analysis.data.questionnaire import questionnaire_markdown
from analysis.publication import pipeline
from tests.conftest import read_raw, write_raw

NAMEN = list(VARIANTEN)  # every variant is made and validated as a delivery
GEBOUWD = variants.in_de_suite()  # these are built and rendered (the others are covered)


@dataclass(frozen=True)
class Gebouwd:
    mappen: VariantMappen
    exit: int
    stderr: str

    @property
    def build(self) -> Path:
        return self.mappen.build / str(self.mappen.jaar)


@pytest.fixture(scope="session")
def variant(tmp_path_factory) -> Callable[[str], VariantMappen]:
    """Each variant's folders, made once per session."""
    made: dict[str, VariantMappen] = {}

    def get(naam: str) -> VariantMappen:
        if naam not in made:
            made[naam] = maak_variant(naam, tmp_path_factory.mktemp(naam))
        return made[naam]

    return get


@pytest.fixture(scope="session")
def gebouwd(variant) -> Callable[[str], Gebouwd]:
    """Each variant built once per session with ``python -m analysis.pipeline --geen-render``."""
    built: dict[str, Gebouwd] = {}

    def get(naam: str) -> Gebouwd:
        if naam not in built:
            mappen = variant(naam)
            err = io.StringIO()
            with omgeving(mappen), contextlib.redirect_stderr(err):
                code = pipeline.main(["--jaar", str(mappen.jaar), "--geen-render"])
            built[naam] = Gebouwd(mappen, code, err.getvalue())
        return built[naam]

    return get


# --------------------------------------------------------------------------- the variants
@pytest.mark.parametrize("naam", NAMEN)
def test_every_variant_is_a_valid_delivery_of_a_third_wave(variant, naam):
    mappen = variant(naam)
    with omgeving(mappen):
        j = load_year(mappen.jaar)
    assert j.jaar == mappen.jaar and j.n == int(j.meta["respondenten"]) > 0
    assert not (Path(variants.ROOT) / "data" / str(mappen.jaar)).exists()  # never in the repo


def test_a_third_wave_with_an_unchanged_questionnaire_needs_no_codebook_edit(variant):
    mappen = variant("derde_golf")
    assert (mappen.config / "codebook.yml").read_bytes() != b""
    with omgeving(mappen):
        assert available_years() == [2023, 2024, JAAR]
        assert load_year(JAAR).notes == [f"v3 is in {JAAR} niet gevraagd"]


@pytest.mark.parametrize(
    ("naam", "weg"), [("item_niet_gevraagd", ["v5_2"]), ("blok_niet_gevraagd", ["v5_1", "v5_5"])]
)
def test_items_not_asked_are_absent_and_noted(variant, naam, weg):
    with omgeving(variant(naam)):
        j = load_year(JAAR)
    assert not set(weg) & set(j.enquete.columns)
    assert all(f"{item} is in {JAAR} niet gevraagd" in j.notes for item in weg)


def test_a_new_item_reaches_the_questionnaire_and_the_indicator_export(variant, tmp_path):
    with omgeving(variant("nieuw_item")):
        text = questionnaire_markdown(JAAR)
        export = pd.read_csv(pipeline.export_indicators(JAAR, tmp_path))
    assert variants.NIEUW_ITEM["item_nl"] in text
    assert variants.NIEUWE_INDICATOR["id"] in set(export.indicator)


def test_a_variant_the_suite_does_not_build_has_its_feature_in_the_one_that_covers_it(variant):
    """The suite builds only variants no other covers (CI time, issue 23): the covering
    year must then really carry the feature -- an item no longer asked, a new item."""
    gedekt = {n: v.gedekt_door for n, v in VARIANTEN.items() if v.gedekt_door}
    assert gedekt and set(gedekt.values()) <= set(GEBOUWD)
    for naam, door in gedekt.items():
        with omgeving(variant(naam)):
            eigen = load_year(VARIANTEN[naam].jaar)
        with omgeving(variant(door)):
            dekkend = load_year(VARIANTEN[door].jaar)
        vorig = load_year(2024)
        weg = set(vorig.enquete.columns) - set(eigen.enquete.columns)
        nieuw = set(eigen.enquete.columns) - set(vorig.enquete.columns)
        assert weg or nieuw, naam
        assert not weg & set(dekkend.enquete.columns), (naam, door, weg)
        assert nieuw <= set(dekkend.enquete.columns), (naam, door, nieuw)


@pytest.mark.parametrize(("naam", "aantal"), [("gezin_0", 0), ("gezin_2", 2), ("gezin_9", 9)])
def test_tiny_groups_have_the_size_asked(variant, naam, aantal):
    with omgeving(variant(naam)):
        groep = load_year(JAAR).enquete["groep"]
    assert int((groep == "gezinsmigrant").sum()) == aantal


def test_just_under_the_threshold_no_nationality_has_ten_respondents(variant):
    with omgeving(variant("gezin_9")):
        nat = load_year(JAAR).enquete["nationaliteit"]
    named = nat[~nat.isin(["Overig", "Onbekend"])].value_counts()
    assert 0 < named.max() < 10


def test_only_after_a_nationality_was_named_are_the_rest_called_other(gebouwd):
    """'andere nationaliteiten' needs a nationality described before it."""
    result = gebouwd("gezin_9")
    assert result.exit == 0, result.stderr[-2000:]
    tekst = _tekst(result.build)
    assert "Geen enkele nationaliteit telt" in tekst["03_taal"]
    assert not any("andere nationaliteiten" in t for t in tekst.values())


def _share_with_paid_work(naam: str, variant) -> pd.Series:
    with omgeving(variant(naam)):
        df = load_year(JAAR).enquete
    return df.groupby("groep")["v1_betaald_werk"].mean()


def test_reversed_variant_reverses_the_group_difference(variant):
    gewoon = _share_with_paid_work("derde_golf", variant)
    omgekeerd = _share_with_paid_work("omgekeerd", variant)
    verschil = gewoon["asielstatushouder"] - gewoon["gezinsmigrant"]
    assert verschil != 0
    assert omgekeerd["asielstatushouder"] - omgekeerd["gezinsmigrant"] == pytest.approx(-verschil)


def test_single_nationality_and_no_quotes_and_one_wave(variant):
    with omgeving(variant("een_nationaliteit")):
        assert load_year(JAAR).enquete["nationaliteit"].nunique() == 1
    assert not (variant("geen_citaten").data / str(JAAR) / "citaten.yml").exists()
    assert (variant("derde_golf").data / str(JAAR) / "citaten.yml").exists()
    with omgeving(variant("alleen_dit_jaar")):
        assert available_years() == [JAAR]


def test_the_environment_is_restored_after_a_variant(variant):
    from analysis.data.paths import config_dir, data_dir

    before = (config_dir(), data_dir())
    with omgeving(variant("derde_golf")):
        assert config_dir() != before[0]
    assert (config_dir(), data_dir()) == before


# --------------------------------------------------------------------------- built, and read
def test_a_bad_code_in_a_year_the_codebook_does_not_name_stops_the_run_before_writing(
    variant, tmp_path, capsys
):
    mappen = VariantMappen("fout", tmp_path, JAAR)
    shutil.copytree(variant("derde_golf").root, tmp_path, dirs_exist_ok=True)
    path = mappen.data / str(JAAR) / "enquete.csv"
    df = read_raw(path)
    df.loc[0, "v9_1"] = "4"
    write_raw(df, path)
    with omgeving(mappen):
        assert pipeline.main(["--jaar", str(JAAR), "--geen-render"]) == pipeline.EXIT_DATA
    assert "kolom 'v9_1': onbekende code" in capsys.readouterr().err
    assert not mappen.build.exists()


@pytest.mark.parametrize("naam", GEBOUWD)
def test_every_variant_builds_through_the_pipeline(gebouwd, naam):
    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    assert (result.build / "indicatoren.csv").exists()


@pytest.mark.parametrize("naam", GEBOUWD)
def test_every_variant_reads_right(gebouwd, naam):
    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    with omgeving(result.mappen):
        found = controleer_build(result.build, result.mappen.jaar)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("naam", GEBOUWD)
def test_no_variant_gives_a_small_group_away_by_subtraction(gebouwd, naam):
    from analysis.checks.subtraction import aanval, lees

    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    gevonden = aanval(lees(result.build))
    assert not gevonden, "\n".join(gevonden)


@pytest.mark.parametrize("naam", GEBOUWD)
def test_no_variant_publishes_a_figure_of_fewer_than_ten_respondents(gebouwd, naam):
    """Every table a variant exports, appendix tables included (response, non-response,
    weighting, model terms, detectable differences): no share, difference or term rests on
    a group of fewer than MIN_CELL respondents."""
    from analysis.checks.small_cells import check_build

    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    found = check_build(result.build)
    assert not found, "\n".join(map(str, found))


@pytest.fixture(scope="session")
def gerenderd(gebouwd) -> dict[str, Gebouwd]:
    """Every variant that built, rendered by Quarto (HTML and PDF) in one go: two Quarto
    processes at a time over all variants (render.render_books), so no core idles while a
    variant's PDF finishes."""
    from analysis.publication import render

    try:
        render.find_quarto()
    except render.QuartoMissing as exc:
        pytest.skip(f"Quarto >= 1.9 ontbreekt ({str(exc).splitlines()[0]})")
    klaar = {naam: gebouwd(naam) for naam in GEBOUWD}
    klaar = {naam: g for naam, g in klaar.items() if g.exit == 0}
    render.render_books([g.build for g in klaar.values()])
    return klaar


@pytest.mark.parametrize("naam", GEBOUWD)
def test_every_variant_renders_and_every_page_reads_right(gerenderd, naam):
    """The variant's book rendered by Quarto (HTML and PDF), every page read as in
    tests/checks/test_pages.py: residue, typography, references, format-only text."""
    from analysis.checks import pages

    assert naam in gerenderd, "de variant bouwde niet (zie test_every_variant_builds_...)"
    result = gerenderd[naam]
    found = pages.controleer(result.build, result.mappen.data / str(result.mappen.jaar))
    assert not found, "\n".join(map(str, found[:30]))


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_shipped_years_read_right(builds, jaar):
    found = controleer_build(builds[jaar], jaar)
    assert not found, "\n".join(map(str, found))


# --------------------------------------------------------------------------- edge cases (issue 17)
def _tekst(build: Path) -> dict[str, str]:
    """The Markdown a reader gets, per chapter of a build."""
    from analysis.checks.typeset import blokken, notebooks

    return {nb.stem: "\n\n".join(b.tekst for b in blokken(nb)) for nb in notebooks(build)}


@pytest.fixture(scope="session")
def randgevallen(gebouwd) -> tuple[Gebouwd, dict[str, str]]:
    result = gebouwd("randgevallen")
    assert result.exit == 0, result.stderr[-2000:]
    return result, _tekst(result.build)


def test_after_a_gap_year_the_text_names_the_year_compared_with_and_the_gap(randgevallen):
    _, tekst = randgevallen
    vorig, gat = variants.RANDJAAR - 2, variants.RANDJAAR - 1
    assert f"## Vergelijking met {vorig}" in tekst["07_kernindicatoren"]
    assert "vorige jaar" not in tekst["07_kernindicatoren"]
    assert f"Er was geen meting in {gat}." in tekst["index"]


def test_register_names_with_commas_and_brackets_are_groups_of_their_own(randgevallen):
    result, tekst = randgevallen
    export = pd.read_csv(result.build / "indicatoren.csv")
    for naam in (variants.CONGOLESE, variants.IVORIAANSE):
        assert f"nationaliteit={naam}" in set(export.groep), naam
    taal = tekst["03_taal"]
    assert "Congolese nationaliteit [DR Congo, Kinshasa]" in taal
    assert "(DR Congo" not in taal.split("![")[0]  # no brackets within brackets in the prose


def test_quotes_print_escaped_and_the_declared_empty_item_is_not_measured(randgevallen):
    result, tekst = randgevallen
    assert "\\*heel\\*" in tekst["02_werk"] and "\\@gemeenteutrecht" in tekst["03_taal"]
    export = pd.read_csv(result.build / "indicatoren.csv")
    assert "somber" not in set(export.indicator)  # v8_3: asked, answered by nobody
    assert "door niemand beantwoord" in tekst["04_gezondheid"]
    assert "door niemand beantwoord" in tekst["09_bijlage_vragenlijst"]


def test_an_outcome_no_one_has_is_said_and_no_caveat_dangles(randgevallen):
    _, tekst = randgevallen
    gezondheid = tekst["04_gezondheid"]
    sectie = gezondheid.split("## Zenuwachtigheid en geldzorgen")[1].split("\n## ")[0]
    assert "Niemand voelde zich" in sectie
    assert "oorzaak en wat gevolg" not in sectie
    assert "0% tegenover 0%" not in gezondheid
    assert "Van de inburgeraars voelde niemand zich (heel) vaak erg zenuwachtig" in gezondheid
    # within the asielstatushouders by taalles: said in words, not in register specs
    assert "met of zonder taalles, voelde niemand zich" in gezondheid
    assert "(niet: volgt taalles)" not in gezondheid


def test_the_questionnaire_lists_the_new_and_the_dropped_item(randgevallen):
    _, tekst = randgevallen
    vragenlijst = tekst["09_bijlage_vragenlijst"]
    assert variants.NIEUW_ITEM["item_nl"] in vragenlijst
    assert f"Niet meer gesteld in {variants.RANDJAAR}" in vragenlijst
    assert f"Nieuw in {variants.RANDJAAR}" in vragenlijst


def test_an_empty_stratum_is_merged_for_weighting_and_no_calibration_key_leaves_no_gap(
    randgevallen,
):
    _, tekst = randgevallen
    methode = tekst["11_bijlage_methode"]
    assert "Turkse bij overig" in methode
    assert "na van ." not in methode and "van . De" not in methode


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ("niet_gevraagd_beantwoord", "kolom 'v3'"),
        ("leeg_niet_verklaard", "helemaal leeg"),
        ("stratum_te_klein", "populatie van"),
    ],
)
def test_a_delivery_that_would_publish_a_wrong_number_is_rejected_before_writing(
    variant, tmp_path, capsys, wijziging, melding
):
    """The three outcomes of a delivery: built (above), or rejected with exit 2 and a
    message, with nothing written (here)."""
    bron = variant("randgevallen")
    mappen = VariantMappen("fout", tmp_path, bron.jaar)
    for sub in ("data", "config"):  # not its build: nothing may be written here
        shutil.copytree(bron.root / sub, tmp_path / sub)
    folder = mappen.data / str(bron.jaar)
    if wijziging == "stratum_te_klein":
        pop = read_raw(folder / "populatie.csv")
        nat = pop.dimensie == "nationaliteit"
        rij = nat & (pop.categorie == variants.CONGOLESE)
        overig = nat & (pop.categorie == "Overig")
        oud = int(pop.loc[rij, "aantal"].iloc[0])  # 15 respondents; the population becomes 5
        pop.loc[rij, "aantal"] = "5"
        pop.loc[overig, "aantal"] = str(int(pop.loc[overig, "aantal"].iloc[0]) + oud - 5)
        write_raw(pop, folder / "populatie.csv")
    else:
        df = read_raw(folder / "enquete.csv")
        if wijziging == "niet_gevraagd_beantwoord":
            df["v3"] = df["v1_vrijwilligerswerk"].map({"1": "2", "0": ""})
        else:
            df["v7"] = ""
        write_raw(df, folder / "enquete.csv")
    with omgeving(mappen):
        assert pipeline.main(["--jaar", str(bron.jaar), "--geen-render"]) == pipeline.EXIT_DATA
    assert melding in capsys.readouterr().err
    assert not mappen.build.exists()


# --------------------------------------------------------------------------- summaries (issue 19)
def _samenvattingen(build: Path) -> dict[str, str]:
    from analysis.checks.typeset import blokken
    from analysis.publication.one_page import PAGINAS

    return {
        s: "\n\n".join(b.tekst for b in blokken(build / "chapters" / f"{s}.ipynb"))
        for s in PAGINAS
    }


def _getallen_wijken_af(build: Path) -> list[str]:
    """Every number on both summaries against the exports of the build: each English finding
    ('About 4 in 10 people (38%) have paid work.') is found by its registry label and must
    carry that indicator's exported share, in words and in figures; the Dutch page must give
    the same shares in the same order; a named change must carry the exported shares of both
    years; the count of respondents is that of the delivery."""
    from analysis.statistics.indicators import load_registry
    from analysis.statistics.rounding import round_half_up
    from analysis.text import dutch, english
    from analysis.text.formatting import getal, hoofdletter

    tekst = _samenvattingen(build)
    export = pd.read_csv(build / "indicatoren.csv")
    totaal = export[export.groep == "totaal"].set_index("indicator")
    per_label = {i.kort_en: i.id for i in load_registry().indicatoren if i.kort_en}
    fouten: list[str] = []
    engels: list[int] = []
    for regel in tekst["what_we_heard"].splitlines():
        m = re.fullmatch(r"- (.+?) \((\d+)%\) (.+)\.", regel)
        if not m:
            continue
        ind = per_label.get(m.group(3))
        if ind is None:
            fouten.append(f"geen indicator met het label {m.group(3)!r}")
            continue
        verwacht = round_half_up(totaal.loc[ind, "percentage"])
        if int(m.group(2)) != verwacht or m.group(1) != english.capital(english.people(verwacht)):
            fouten.append(f"{ind}: {regel!r}, export {verwacht}%")
        engels.append(int(m.group(2)))
    b1 = tekst["wat_hebben_we_gehoord"]
    nl = [int(p) for p in re.findall(r"^- \*\*.+?\*\* .+? \((\d+)%\)", b1, re.M)]
    if nl != engels or not engels:
        fouten.append(f"Nederlands {nl} tegenover Engels {engels}")
    for p in nl:  # as a sentence starts: a count in words ('Vier van de 10 mensen')
        if hoofdletter(dutch.eenvoudig_mensen(p)).lower() not in b1.lower():
            fouten.append(f"{p}% zonder de woorden {dutch.eenvoudig_mensen(p)!r}")
    from analysis.text.summaries import GROEP_EENVOUDIG

    verandering = pd.read_csv(build / "tabellen" / "verandering.csv")
    groepen = {woorden: groep for groep, woorden in GROEP_EENVOUDIG["en"].items()}
    en_paren = []
    for wie, label, van, naar in re.findall(
        r"^- (?:Among (.+?), the|The) share of people who (.+) went (?:up|down): "
        r"from (\d+)% to (\d+)%\.$",
        tekst["what_we_heard"],
        re.M,
    ):
        groep = groepen[wie] if wie else "totaal"
        v = verandering
        r = v[(v.indicator == per_label[label]) & (v.groep == groep)].iloc[0]
        if (int(van), int(naar)) != (round_half_up(r.pct_vorig), round_half_up(r.pct)):
            fouten.append(f"verandering {label}: {van}% naar {naar}%")
        en_paren.append((van, naar))
    nl_paren = re.findall(r"Eerst was dat (\d+)%, nu is het (\d+)%\.", b1)
    if nl_paren != en_paren:
        fouten.append(f"veranderingen: Nederlands {nl_paren}, Engels {en_paren}")
    n = int(totaal["noemer"].max())  # the indicator asked of everyone has all respondents
    if f"Er gaven {getal(n)} mensen antwoord" not in tekst["wat_hebben_we_gehoord"]:
        fouten.append(f"Nederlands: niet {getal(n)} respondenten")
    if f"In total, {english.number(n)} people answered" not in tekst["what_we_heard"]:
        fouten.append(f"Engels: niet {english.number(n)} respondenten")
    return fouten


@pytest.mark.parametrize("naam", GEBOUWD)
def test_every_variant_has_both_summaries_readable_and_with_the_exported_numbers(gebouwd, naam):
    from analysis.checks.readability import meet_build

    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    with omgeving(result.mappen):
        metingen = meet_build(result.build)
        fouten = _getallen_wijken_af(result.build)
    assert set(metingen) == {"wat_hebben_we_gehoord", "what_we_heard"}
    assert not {s: m.fouten for s, m in metingen.items() if m.fouten}
    assert not fouten, fouten


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_shipped_years_have_both_summaries_readable_and_with_the_exported_numbers(
    builds, jaar
):
    from analysis.checks.readability import meet_build

    metingen = meet_build(builds[jaar])
    assert set(metingen) == {"wat_hebben_we_gehoord", "what_we_heard"}
    assert not {s: m.fouten for s, m in metingen.items() if m.fouten}
    for m in metingen.values():  # about 300-400 words each
        assert 280 <= m.woorden <= 420, str(m)
    assert not _getallen_wijken_af(builds[jaar])


def test_a_year_invited_by_letter_says_so_on_every_page_that_tells_how(randgevallen):
    """meta.yml: uitnodiging: brief. The B1 page, chapter 1 and the response appendix take
    their words from it; nothing speaks of e-mail."""
    _, tekst = randgevallen
    assert "We stuurden een brief aan" in tekst["wat_hebben_we_gehoord"]
    assert "per brief naar" in tekst["01_inleiding"] and "postadres" in tekst["01_inleiding"]
    assert "per brief naar" in tekst["10_bijlage_respons"]
    for naam in ("wat_hebben_we_gehoord", "01_inleiding", "10_bijlage_respons"):
        assert "e-mail" not in tekst[naam], naam
