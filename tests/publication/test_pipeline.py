"""The main job: exports, failure handling, and never pretending to render."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.data.paths import ROOT
from analysis.publication import pipeline, render


@pytest.fixture
def build(tmp_path, monkeypatch):
    monkeypatch.setenv("INBURGERING_BUILD", str(tmp_path / "build"))
    return tmp_path / "build"


def test_export_of_2023_reproduces_the_published_totals(build):
    path = pipeline.export_indicators(2023, build / "2023")
    table = pd.read_csv(path)
    tot = table[table.groep == "totaal"].set_index("indicator")["percentage"]
    assert round(tot["betaald_werk"]) == 31 and round(tot["problemen_organisaties"]) == 45
    assert {"totaal", "asielstatushouder", "gezinsmigrant"} <= set(table.groep)


def test_small_groups_are_suppressed_in_the_export(build):
    table = pd.read_csv(pipeline.export_indicators(2023, build / "2023"))
    small = table[table.noemer < 10]
    assert not small.empty
    assert small[["teller", "percentage", "ci_laag", "ci_hoog"]].isna().all().all()
    assert small.opmerking.str.contains("onderdrukt").all()


def test_bad_data_stop_the_run_before_anything_is_written(build, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2023", data / "2023")
    path = data / "2023" / "enquete.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("asielstatushouder", "statushouder", 1),
        encoding="utf-8",
    )
    monkeypatch.setenv("INBURGERING_DATA", str(data))
    assert pipeline.main(["--jaar", "2023"]) == pipeline.EXIT_DATA
    assert not build.exists()
    assert "statushouder" in capsys.readouterr().err


def test_missing_quarto_is_reported_not_pretended(build, monkeypatch, capsys):
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    monkeypatch.setattr(pipeline, "build", lambda jaar, gewogen=False: build / str(jaar))
    assert pipeline.main(["--jaar", "2024"]) == pipeline.EXIT_NO_QUARTO
    err = capsys.readouterr().err
    assert "OVERGESLAGEN" in err and "pip install quarto-cli" in err
    assert not (build / "2024" / "_book").exists()


def test_too_old_quarto_is_refused(monkeypatch):
    monkeypatch.setattr(render.shutil, "which", lambda name: "/usr/bin/quarto")
    monkeypatch.setattr(render, "quarto_version", lambda exe: (1, 8, 26))
    with pytest.raises(render.QuartoMissing, match=r"te oud"):
        render.find_quarto()


def test_failing_chapter_is_named_and_keeps_the_previous_build(build, monkeypatch, capsys):
    from analysis.publication import book, execution

    (build / "2023").mkdir(parents=True)
    (build / "2023" / "vorige.txt").write_text("laatste goede build", encoding="utf-8")

    def fail(*args, **kwargs):
        raise execution.ChapterError(
            "Hoofdstuk '02_werk' faalt in cel 7 (uitvoering [5]): KeyError"
        )

    monkeypatch.setattr(book, "execute_book", fail)
    assert pipeline.main(["--jaar", "2023"]) == pipeline.EXIT_CHAPTER
    err = capsys.readouterr().err
    assert "02_werk" in err and "cel 7" in err
    assert (build / "2023" / "vorige.txt").exists()


@pytest.mark.parametrize(
    "name",
    [
        "codebook.yml",
        "indicatoren.yml",
        "toetsfamilies.yml",
        "weging.yml",
        "datapakket.yml",
        "meta.yml",
    ],
)
def test_yaml_syntax_error_is_a_data_error_naming_file_and_line(
    name, build, tmp_path, monkeypatch, capsys
):
    """A misplaced colon in a hand-edited file: exit 2 with file and line, no traceback."""
    config = tmp_path / "config"
    shutil.copytree(ROOT / "data", config)
    path = config / "2023" / name if name == "meta.yml" else config / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line and not line.startswith(("#", " ")))
    lines.insert(at + 1, "  kapot: [niet: gesloten\n")
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("INBURGERING_CONFIG", str(config))
    monkeypatch.setenv("INBURGERING_DATA", str(config))
    argv = ["--jaar", "2023", "--geen-render", *(["--gewogen"] if name == "weging.yml" else [])]
    assert pipeline.main(argv) == pipeline.EXIT_DATA
    err = capsys.readouterr().err
    assert name in err and "regel " in err and "Traceback" not in err
    assert not build.exists()


def test_weighted_edition_that_cannot_be_weighted_stops_with_exit_2_saying_what_to_change(
    build, tmp_path, monkeypatch, capsys
):
    """No man in the sample and no merge rule for geslacht: exit 2, not a traceback."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2023", data / "2023")
    path = data / "2023" / "enquete.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["geslacht"] = "vrouw"
    df.to_csv(path, index=False, lineterminator="\n")
    monkeypatch.setenv("INBURGERING_DATA", str(data))
    assert pipeline.main(["--jaar", "2023", "--gewogen", "--geen-render"]) == pipeline.EXIT_DATA
    err = capsys.readouterr().err
    assert "data/weging.yml" in err and "geslacht 'man'" in err and "Traceback" not in err
    assert not build.exists()


def test_the_weighted_edition_has_its_own_folder_and_never_overwrites_the_unweighted_one(
    tmp_path, monkeypatch
):
    """Issue 26 item 6: --gewogen wrote build/<jaar>/, so the two editions could not be
    compared. Each now has its own folder, file names and download zip."""
    monkeypatch.setenv("INBURGERING_BUILD", str(tmp_path))
    assert pipeline.main(["--jaar", "2023", "--geen-render"]) == 0
    ongewogen = (tmp_path / "2023" / "indicatoren.csv").read_bytes()
    assert pipeline.main(["--jaar", "2023", "--gewogen", "--geen-render"]) == 0
    assert (tmp_path / "2023" / "indicatoren.csv").read_bytes() == ongewogen
    gewogen = pd.read_csv(tmp_path / "2023-gewogen" / "indicatoren.csv")
    assert gewogen["gewogen"].all()
    assert (tmp_path / "2023" / "downloads" / "monitor-inburgeraars-2023-data.zip").exists()
    downloads = tmp_path / "2023-gewogen" / "downloads"
    assert (downloads / "monitor-inburgeraars-2023-gewogen-data.zip").exists()
    quarto = (tmp_path / "2023-gewogen" / "_quarto.yml").read_text(encoding="utf-8")
    assert "monitor-inburgeraars-2023-gewogen" in quarto and "gewogen uitgave" in quarto
    index = (tmp_path / "2023-gewogen" / "index.ipynb").read_text(encoding="utf-8")
    assert "monitor-inburgeraars-2023-gewogen-data.zip" in index
