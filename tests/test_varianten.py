"""Stress variants (issue 10): every plausible new year is a valid delivery, builds through the
real pipeline and reads right.

Each variant is made once per session in a temporary folder (``analysis.varianten``) and
built once, lazily, by the first test that needs it: about 15 s a variant with the pipeline's
two warm kernels."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline, varianten
from analysis.load import load_year
from analysis.narratief import controleer_build
from analysis.paths import available_years
from analysis.questionnaire import questionnaire_markdown
from analysis.varianten import JAAR, VARIANTEN, VariantMappen, maak_variant, omgeving
from tests.conftest import read_raw, write_raw

NAMEN = list(VARIANTEN)


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
    assert j.jaar == JAAR and j.n == int(j.meta["respondenten"]) > 0
    assert not (Path(varianten.ROOT) / "data" / str(JAAR)).exists()  # never in the repository


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
    assert varianten.NIEUW_ITEM["item_nl"] in text
    assert varianten.NIEUWE_INDICATOR["id"] in set(export.indicator)


@pytest.mark.parametrize(("naam", "aantal"), [("gezin_0", 0), ("gezin_2", 2), ("gezin_9", 9)])
def test_tiny_groups_have_the_size_asked(variant, naam, aantal):
    with omgeving(variant(naam)):
        groep = load_year(JAAR).enquete["groep"]
    assert int((groep == "gezinsmigrant").sum()) == aantal


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
    from analysis.paths import config_dir, data_dir

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


@pytest.mark.parametrize("naam", NAMEN)
def test_every_variant_builds_through_the_pipeline(gebouwd, naam):
    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    assert (result.build / "indicatoren.csv").exists()


@pytest.mark.parametrize("naam", NAMEN)
def test_every_variant_reads_right(gebouwd, naam):
    result = gebouwd(naam)
    assert result.exit == 0, result.stderr[-2000:]
    with omgeving(result.mappen):
        found = controleer_build(result.build, JAAR)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("jaar", [2023, 2024])
def test_the_shipped_years_read_right(builds, jaar):
    found = controleer_build(builds[jaar], jaar)
    assert not found, "\n".join(map(str, found))
