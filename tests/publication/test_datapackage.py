"""The open-data package ``build/<jaar>/datapackage.json``: valid for the ``frictionless``
library on both shipped years, complete (every published CSV, every column described),
deterministic, and shipped in the download zip with the files it names.

The builds are the session's (``tests/conftest.py``); a test that changes files works on a
copy of the exports."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import frictionless
import pytest

from analysis.data.paths import ROOT
from analysis.publication import datapackage
from tests.conftest import YEARS

SKIP = ("schattingen", "downloads", "_book")  # not published / a copy / rendered output


def _fouten(report: frictionless.Report) -> str:
    """Every error of an invalid report, with its file, row, column and message."""
    return "\n".join(
        f"{task.name}: {err}"
        for task in report.tasks
        for err in task.flatten(["rowNumber", "fieldName", "type", "note"])
    ) or "\n".join(str(e) for e in report.flatten(["type", "note"]))


def _kopie(book: Path, doel: Path) -> Path:
    """The published CSVs and the package of ``book``, copied to ``doel``."""
    for path in [book / datapackage.BESTAND, *datapackage.gepubliceerde_csv(book)]:
        target = doel / path.relative_to(book)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return doel


def _pakket(book: Path) -> dict:
    return json.loads((book / datapackage.BESTAND).read_text(encoding="utf-8"))


@pytest.mark.parametrize("jaar", YEARS)
def test_frictionless_finds_the_package_of_each_year_valid(builds, jaar):
    report = frictionless.validate(str(builds[jaar] / datapackage.BESTAND))
    assert report.valid, _fouten(report)


@pytest.mark.parametrize("jaar", YEARS)
def test_every_published_csv_is_a_resource_at_its_relative_path(builds, jaar):
    book = builds[jaar]
    csvs = {
        p.relative_to(book).as_posix()
        for p in book.rglob("*.csv")
        if p.relative_to(book).parts[0] not in SKIP
    }
    paths = [r["path"] for r in _pakket(book)["resources"]]
    assert {"indicatoren.csv", "tabellen/verschillen.csv", "tabellen/verandering.csv"} <= csvs
    assert sorted(paths) == sorted(csvs)
    assert len(set(r["name"] for r in _pakket(book)["resources"])) == len(paths)


@pytest.mark.parametrize("jaar", YEARS)
def test_every_column_of_every_published_csv_is_described_in_datapakket_yml(builds, jaar):
    missing = datapackage.onbeschreven(builds[jaar], jaar)
    assert not missing, (
        f"{jaar}: kolommen zonder beschrijving in data/datapakket.yml (voeg ze toe onder "
        f"'kolommen' of 'per_bestand'): {missing}"
    )


@pytest.mark.parametrize("jaar", YEARS)
def test_every_field_has_a_type_a_title_and_a_description(builds, jaar):
    for res in _pakket(builds[jaar])["resources"]:
        assert res["schema"]["missingValues"] == [""]
        for field in res["schema"]["fields"]:
            assert field["type"] in {"integer", "number", "string", "boolean"}, field
            assert field["title"] and field["description"], (res["path"], field["name"])
            assert "{" not in field["title"] + field["description"], field


def test_a_column_the_mapping_does_not_know_gets_a_type_and_is_named(builds, tmp_path):
    book = _kopie(builds[2024], tmp_path / "2024")
    path = book / "tabellen" / "tbl-respons.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",nieuwe_kolom", *(ln + ",7" for ln in lines[1:])]) + "\n",
        encoding="utf-8",
    )
    assert datapackage.onbeschreven(book, 2024) == ["tabellen/tbl-respons.csv: nieuwe_kolom"]
    datapackage.schrijf(book, 2024, gewogen=False)
    res = next(r for r in _pakket(book)["resources"] if r["path"] == "tabellen/tbl-respons.csv")
    field = res["schema"]["fields"][-1]
    assert field["name"] == "nieuwe_kolom" and field["type"] == "integer"
    assert "nog niet beschreven" in field["description"]


def test_the_package_says_it_holds_synthetic_data_and_names_licence_and_source(builds):
    for jaar, book in builds.items():
        pakket = _pakket(book)
        assert pakket["synthetisch"] is True and pakket["jaar"] == jaar
        assert "SYNTHETISCHE DATA" in pakket["title"]
        assert pakket["description"].startswith("LET OP: SYNTHETISCHE DATA.")
        assert pakket["licenses"][0]["name"] == "CC-BY-4.0"
        assert any("Gemeente Utrecht" in s["title"] for s in pakket["sources"])
        assert "created" not in pakket  # no wall-clock time in a reproducible build
        indicatief = next(
            f for f in pakket["resources"][0]["schema"]["fields"] if f["name"] == "indicatief"
        )
        assert "10 tot en met 49" in indicatief["description"]


def test_suppressed_cells_are_read_as_missing_under_the_declared_missing_values(builds):
    pakket = frictionless.Package(str(builds[2023] / datapackage.BESTAND))
    rows = pakket.get_resource("indicatoren").read_rows()
    onderdrukt = [r for r in rows if r["opmerking"] and "onderdrukt" in r["opmerking"]]
    assert onderdrukt
    assert all(r["percentage"] is None and r["teller"] is None for r in onderdrukt)
    assert all(isinstance(r["noemer"], int) for r in onderdrukt)
    klein = [r for r in onderdrukt if "minder dan" in r["opmerking"]]
    assert klein and all(r["noemer"] < 10 for r in klein)
    # secondary suppression (2023: the groups that would give a small one away)
    afleidbaar = [r for r in onderdrukt if "af te leiden" in r["opmerking"]]
    assert afleidbaar and all(r["noemer"] >= 10 for r in afleidbaar)


def test_the_package_is_byte_identical_when_written_twice(builds, tmp_path):
    for jaar, book in builds.items():
        copy = _kopie(book, tmp_path / str(jaar))
        first = datapackage.schrijf(copy, jaar, gewogen=False).read_bytes()
        second = datapackage.schrijf(copy, jaar, gewogen=False).read_bytes()
        assert first == second == (book / datapackage.BESTAND).read_bytes()
        assert first.endswith(b"}\n") and "enquête".encode() in first  # ensure_ascii=False


def test_the_download_zip_holds_the_package_with_the_files_it_names(builds, tmp_path):
    for jaar, book in builds.items():
        archive = book / "downloads" / f"monitor-inburgeraars-{jaar}-data.zip"
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            assert zf.read(datapackage.BESTAND) == (book / datapackage.BESTAND).read_bytes()
            zf.extractall(tmp_path / str(jaar))
        assert {r["path"] for r in _pakket(book)["resources"]} | {datapackage.BESTAND} == set(names)
        report = frictionless.validate(str(tmp_path / str(jaar) / datapackage.BESTAND))
        assert report.valid, _fouten(report)


def test_frictionless_reports_a_value_that_breaks_its_declared_type(builds, tmp_path):
    """The check can fail: a word in an integer column is an error frictionless names."""
    book = _kopie(builds[2024], tmp_path / "2024")
    path = book / "indicatoren.csv"
    header, first, *rest = path.read_text(encoding="utf-8").splitlines()
    assert header.split(",")[4] == "noemer"
    cells = first.split(",")
    cells[4] = "veel"
    path.write_text("\n".join([header, ",".join(cells), *rest]) + "\n", encoding="utf-8")
    report = frictionless.validate(str(book / datapackage.BESTAND))
    assert not report.valid
    assert [t.name for t in report.tasks if not t.valid] == ["indicatoren"]
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert [2, "noemer", "type-error"] in errors
    assert [None, None, "hash-count"] in errors  # the file is not the one described either


def test_a_description_without_title_stops_the_run_before_anything_is_built(tmp_path):
    from analysis.data.errors import ConfigError

    text = (ROOT / "data" / datapackage.CONFIG).read_text(encoding="utf-8")
    broken = tmp_path / datapackage.CONFIG
    broken.write_text(text.replace("    titel: Teller\n", "", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="'teller' heeft geen titel"):
        datapackage.lees_config(broken)
