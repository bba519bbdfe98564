"""Intake: the bureau's SPSS or Excel delivery becomes the contract's CSV, identifiers out.

Every delivery here is made by the test itself from the shipped synthetic 2023 survey,
renamed and labelled the way a fieldwork bureau delivers it (data/intake.yml), with the
e-mail addresses, bureau numbers, IP addresses and free text a real delivery carries.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from analysis.data import intake
from analysis.data.codebook import load_codebook
from analysis.data.delivery import load_mapping, sha256
from analysis.data.errors import DataError
from analysis.data.paths import ROOT
from analysis.publication import pipeline
from tests.conftest import read_raw

SHIPPED = ROOT / "data" / "2023" / "enquete.csv"
MAPPING = yaml.safe_load((ROOT / "data" / "intake.yml").read_text(encoding="utf-8"))
TO_BUREAU = {target: bureau for bureau, target in MAPPING["kolommen"].items()}
# Registry variables the bureau delivers as SPSS codes with value labels (the others as text).
LABELLED_CATEGORIES = ("groep", "geslacht", "leeftijdsgroep", "b1_haalbaar")


def _secrets(n: int) -> dict[str, list[str]]:
    """Identifier values a delivery carries; none may ever reach a file or the screen."""
    return {
        "RespNr": [f"VB{880000 + 7 * i}" for i in range(n)],
        "V10_email": [f"inburgeraar{i}.proef@voorbeeldmail.nl" for i in range(n)],
        "V11_email": [f"gesprek{i}@bureau-voorbeeld.com" if i % 3 else "" for i in range(n)],
        "IP_adres": [f"192.168.{i // 200}.{i % 200 + 1}" for i in range(n)],
        "V12_open": [f"Bel mij op 06-{12345600 + i}, groet Fatima{i}" for i in range(n)],
    }


def secret_values(n: int = 254) -> list[str]:
    return [v for values in _secrets(n).values() for v in values if v]


def bureau_sav(path: Path, edit=None) -> Path:
    """The shipped 2023 survey as an SPSS delivery: bureau names, codes with value labels."""
    cb = load_codebook()
    df = read_raw(SHIPPED)
    n = len(df)
    out: dict[str, object] = {"RespNr": _secrets(n)["RespNr"]}
    labels: dict[str, dict[float, str]] = {}
    missing: dict[str, list[float]] = {}
    for var in cb.variabelen:
        if var.type == "id" or var.naam not in df.columns:
            continue
        name = TO_BUREAU[var.naam]
        col = df[var.naam]
        if var.type in ("code", "binair"):
            out[name] = pd.to_numeric(col.replace("", np.nan)).astype(float)
            labels[name] = {float(c): t["nl"] for c, t in var.codes.items()}
            if 9 in var.codes:
                missing[name] = [9.0]  # SPSS users mark 'weet niet' as user-missing
        elif var.naam in LABELLED_CATEGORIES:
            codes = {cat: float(i) for i, cat in enumerate(var.categorieen, start=1)}
            out[name] = col.map(codes).astype(float)
            labels[name] = {
                code: var.labels_nl.get(cat, cat).upper() for cat, code in codes.items()
            }
        else:
            out[name] = col
    secrets = _secrets(n)
    for key in ("V10_email", "V11_email", "IP_adres", "V12_open"):
        out[key] = secrets[key]
    frame = pd.DataFrame(out)
    if edit:
        frame, labels, missing = edit(frame, labels, missing)
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels, missing_ranges=missing)
    return path


def bureau_xlsx(path: Path, edit=None) -> Path:
    """The shipped 2023 survey as an Excel delivery: bureau names and text answers."""
    cb = load_codebook()
    df = read_raw(SHIPPED)
    n = len(df)
    out: dict[str, object] = {"RespNr": _secrets(n)["RespNr"]}
    for var in cb.variabelen:
        if var.type == "id" or var.naam not in df.columns:
            continue
        col = df[var.naam]
        if var.type in ("code", "binair"):
            texts = {str(c): t["nl"] for c, t in var.codes.items()}
            # Excel users type as they like: capitals and stray spaces are normal.
            col = col.map(lambda v, t=texts: "" if v == "" else f" {t[v].title()}  ")
        elif var.naam in LABELLED_CATEGORIES:
            col = col.map(lambda v, var=var: var.labels_nl.get(v, v).upper())
        out[TO_BUREAU[var.naam]] = col.replace("", None)
    secrets = _secrets(n)
    for key in ("V10_email", "V11_email", "V12_open"):
        out[key] = secrets[key]
    frame = pd.DataFrame(out)
    if edit:
        frame = edit(frame)
    frame.to_excel(path, index=False, sheet_name="Export")
    return path


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """An empty data folder for 2023 with the researcher's meta.yml and populatie.csv."""
    base = tmp_path / "data"
    (base / "2023").mkdir(parents=True)
    for name in ("meta.yml", "populatie.csv"):
        shutil.copyfile(ROOT / "data" / "2023" / name, base / "2023" / name)
    monkeypatch.setenv("INBURGERING_DATA", str(base))
    return base


def written_text(base: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(base.rglob("*"))
        if p.is_file()
    )


def assert_nothing_written(base: Path) -> None:
    assert not (base / "2023" / "enquete.csv").exists()
    assert not (base / "2023" / "intake-verslag.md").exists()


def test_clean_sav_becomes_the_shipped_survey_and_the_same_indicators(
    data, tmp_path, monkeypatch, capsys
):
    delivery = bureau_sav(tmp_path / "levering.sav")
    assert intake.main([str(delivery), "--jaar", "2023"]) == 0
    captured = capsys.readouterr()
    # Same codes, same rows (including the user-missing 9s), new meaningless ids: byte equal.
    assert (data / "2023" / "enquete.csv").read_bytes() == SHIPPED.read_bytes()
    ours = pipeline.export_indicators(2023, tmp_path / "build-intake")
    monkeypatch.delenv("INBURGERING_DATA")
    shipped = pipeline.export_indicators(2023, tmp_path / "build-shipped")
    assert ours.read_bytes() == shipped.read_bytes()
    everything = (
        written_text(data) + written_text(tmp_path / "build-intake") + captured.out + captured.err
    )
    leaked = [v for v in secret_values() if v in everything]
    assert leaked == []
    assert "voorbeeldmail" not in everything and "192.168." not in everything


def test_intake_report_names_source_checksum_columns_and_what_is_still_owed(
    data, tmp_path, monkeypatch
):
    (data / "2023" / "populatie.csv").unlink()
    delivery = bureau_sav(tmp_path / "levering.sav")
    intake.intake(delivery, 2023)
    report = (data / "2023" / "intake-verslag.md").read_text(encoding="utf-8")
    assert "levering.sav" in report and sha256(delivery) in report
    for dropped in ("V10_email", "V11_email", "IP_adres", "V12_open"):
        assert f"| `{dropped}` |" in report
    filled_v11 = sum(1 for v in _secrets(254)["V11_email"] if v)
    reason = MAPPING["verwijderen"]["V11_email"]
    assert f"| `V11_email` | {reason} | {filled_v11} |" in report
    assert "`RespNr`" in report and "R2023-0001 t/m R2023-0254" in report
    assert "| `v7` | `V7` | labels gecontroleerd" in report
    assert "populatie.csv" in report.split("Nog aan te leveren")[1]
    assert "meta.yml`:" not in report.split("Nog aan te leveren")[1]
    assert not any(v in report for v in secret_values())
    first = report
    (data / "2023" / "intake-verslag.md").unlink()
    intake.intake(delivery, 2023)
    assert (data / "2023" / "intake-verslag.md").read_text(encoding="utf-8") == first


def test_excel_text_answers_are_mapped_through_the_codebook_labels(data, tmp_path, capsys):
    delivery = bureau_xlsx(tmp_path / "levering.xlsx")
    assert intake.main([str(delivery), "--jaar", "2023"]) == 0
    assert (data / "2023" / "enquete.csv").read_bytes() == SHIPPED.read_bytes()
    report = (data / "2023" / "intake-verslag.md").read_text(encoding="utf-8")
    assert "werkblad 'Export'" in report and "tekst omgezet" in report
    captured = capsys.readouterr()
    everything = written_text(data) + captured.out + captured.err
    assert not any(v in everything for v in secret_values())


def _reverse_v7(frame, labels, missing):
    labels["V7"] = {
        1.0: "zeer slecht",
        2.0: "slecht",
        4.0: "goed",
        5.0: "zeer goed",
        9.0: "wil ik niet zeggen",
    }
    return frame, labels, missing


def _shift_v8(frame, labels, missing):
    frame["V8_1"] = frame["V8_1"] - 1
    labels["V8_1"] = {float(c - 1): t for c, t in labels["V8_1"].items()}
    return frame, labels, missing


def _unknown_label(frame, labels, missing):
    labels["V9_1"] = {**labels["V9_1"], 9.0: "weet ik niet meer"}
    return frame, labels, missing


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _reverse_v7,
            [
                "kolom 'V7' (v7): code 1 heet in de levering 'zeer slecht', in het codebook "
                "'zeer goed'",
                "omgekeerd",
            ],
        ),
        (
            _shift_v8,
            ["kolom 'V8_1' (v8_1): code 0 heet in de levering 'voortdurend'", "verschoven"],
        ),
        (
            _unknown_label,
            [
                "kolom 'V9_1' (v9_1): code 9 heet in de levering 'weet ik niet meer', in het "
                "codebook 'wil ik niet zeggen'"
            ],
        ),
    ],
    ids=["reversed-scale", "shifted-codes", "unknown-label"],
)
def test_value_labels_that_disagree_with_the_codebook_stop_the_intake(
    data, tmp_path, capsys, edit, expected
):
    delivery = bureau_sav(tmp_path / "levering.sav", edit)
    assert intake.main([str(delivery), "--jaar", "2023"]) == intake.EXIT_DATA
    err = capsys.readouterr().err
    for part in expected:
        assert part in err
    assert "niets geschreven" in err
    assert_nothing_written(data)


def test_unmapped_column_stops_the_intake_with_its_name(data, tmp_path):
    def add(frame, labels, missing):
        frame["Wijkcode"] = "W07"
        frame["Telefoonnummer"] = "0612345678"
        return frame, labels, missing

    with pytest.raises(DataError) as err:
        intake.intake(bureau_sav(tmp_path / "levering.sav", add), 2023)
    msg = str(err.value)
    assert "'Wijkcode'" in msg and "'Telefoonnummer' (de naam wijst op een persoonsgegeven" in msg
    assert "0612345678" not in msg and "W07" not in msg
    assert_nothing_written(data)


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (lambda i: f"persoon{i}@voorbeeldmail.nl", "e-mailadressen"),
        (lambda i: f"10.0.0.{i}", "IP-adressen"),
        (lambda i: f"+31 6 1234 56{i:02d}", "telefoonnummers"),
    ],
    ids=["email", "ip", "phone"],
)
def test_identifier_values_in_a_mapped_column_are_refused_without_echoing_them(
    data, tmp_path, capsys, values, kind
):
    planted = [values(i) for i in range(5)]

    def plant(frame):
        frame["Nationaliteit"] = frame["Nationaliteit"].astype(object)
        for i, v in enumerate(planted):
            frame.loc[10 + i, "Nationaliteit"] = v
        return frame

    delivery = bureau_xlsx(tmp_path / "levering.xlsx", plant)
    assert intake.main([str(delivery), "--jaar", "2023"]) == intake.EXIT_DATA
    captured = capsys.readouterr()
    assert "PRIVACY" in captured.err and "'Nationaliteit'" in captured.err
    assert f"{kind} (5 cellen; Excel-rij 12" in captured.err
    assert not any(v in captured.out + captured.err for v in planted + secret_values())
    assert_nothing_written(data)


def test_unknown_excel_answer_text_is_counted_not_shown(data, tmp_path):
    def typo(frame):
        frame.loc[3, "V7"] = "Heel Erg Goed"
        return frame

    with pytest.raises(DataError) as err:
        intake.intake(bureau_xlsx(tmp_path / "levering.xlsx", typo), 2023)
    msg = str(err.value)
    assert "kolom 'V7' (v7): 1 cel(len)" in msg and "Excel-rij 5" in msg
    assert "Heel Erg Goed" not in msg and "1 = 'zeer goed'" in msg
    assert_nothing_written(data)


def test_a_contract_breach_after_intake_fails_like_a_bad_csv(data, tmp_path, capsys):
    def route(frame, labels, missing):
        row = frame.index[frame["V1_2"] == 0][0]
        frame.loc[row, "V2"] = 1.0
        return frame, labels, missing

    delivery = bureau_sav(tmp_path / "levering.sav", route)
    assert intake.main([str(delivery), "--jaar", "2023"]) == intake.EXIT_DATA
    err = capsys.readouterr().err
    row = int(read_raw(SHIPPED)["v1_betaald_werk"].eq("0").to_numpy().argmax()) + 1
    assert "geen geldig enquete.csv" in err and f"in SPSS-case {row};" in err
    assert "v2" in err and "v1_betaald_werk" in err and "niet gesteld" in err
    assert "intake-" not in err
    assert_nothing_written(data)


def test_survey_without_meta_is_validated_on_its_own(data, tmp_path):
    (data / "2023" / "meta.yml").unlink()

    def bad(frame, labels, missing):
        frame.loc[4, "V7"] = 7.0
        return frame, labels, missing

    with pytest.raises(DataError, match=r"(?s)'v7'.*in SPSS-case 5;"):
        intake.intake(bureau_sav(tmp_path / "levering.sav", bad), 2023)
    assert_nothing_written(data)


def test_year_mapping_overrides_the_shared_one(data, tmp_path):
    def rename(frame, labels, missing):
        frame = frame.rename(columns={"Geslacht": "Sekse"})
        labels["Sekse"] = labels.pop("Geslacht")
        return frame, labels, missing

    delivery = bureau_sav(tmp_path / "levering.sav", rename)
    with pytest.raises(DataError, match=r"'Sekse'"):
        intake.intake(delivery, 2023)
    (data / "2023" / "intake.yml").write_text("kolommen:\n  Sekse: geslacht\n", encoding="utf-8")
    intake.intake(delivery, 2023)
    assert (data / "2023" / "enquete.csv").read_bytes() == SHIPPED.read_bytes()
    report = (data / "2023" / "intake-verslag.md").read_text(encoding="utf-8")
    assert "| `geslacht` | `Sekse` |" in report and "2023/intake.yml" in report


def test_existing_different_survey_is_not_overwritten_without_asking(data, tmp_path):
    target = data / "2023" / "enquete.csv"
    target.write_text("respondent_id\nanders\n", encoding="utf-8")
    delivery = bureau_sav(tmp_path / "levering.sav")
    with pytest.raises(DataError, match=r"--overschrijf"):
        intake.intake(delivery, 2023)
    assert target.read_text(encoding="utf-8") == "respondent_id\nanders\n"
    intake.intake(delivery, 2023, overwrite=True)
    assert target.read_bytes() == SHIPPED.read_bytes()


def test_repeated_column_in_an_excel_header_is_rejected(data, tmp_path):
    path = tmp_path / "levering.xlsx"
    bureau_xlsx(path)
    grid = pd.read_excel(path, header=None, dtype=object)
    grid.iloc[0, grid.iloc[0].tolist().index("V8_1")] = "V7"
    grid.to_excel(path, index=False, header=False)
    with pytest.raises(DataError, match=r"\['V7'\] staan meer dan eens"):
        intake.intake(path, 2023)
    assert_nothing_written(data)


def test_other_file_types_are_refused_with_advice(data, tmp_path):
    path = tmp_path / "levering.csv"
    shutil.copyfile(SHIPPED, path)
    with pytest.raises(DataError, match=r"\.sav.*\.xlsx"):
        intake.intake(path, 2023)


def test_mapping_to_a_column_the_codebook_lacks_is_refused(data, tmp_path):
    mapping = tmp_path / "koppeling.yml"
    mapping.write_text("kolommen:\n  V7: v77\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"v77.*codebook"):
        load_mapping(2023, data, mapping)


def test_last_years_file_delivered_as_a_later_year_is_refused_for_the_item_not_asked(
    data, tmp_path, capsys
):
    """The 2023 delivery sent again as 2025: V3 ('vanaf 2023 tot 2024') still holds answers,
    which used to pass as unvalidated text and publish '0 of 29 = 0%'."""
    delivery = bureau_sav(tmp_path / "levering.sav")
    assert intake.main([str(delivery), "--jaar", "2025"]) == intake.EXIT_DATA
    err = capsys.readouterr().err
    assert "kolom 'v3'" in err and "vanaf 2023 tot 2024" in err and "'jaren'" in err
    assert not (data / "2025" / "enquete.csv").exists()


def test_an_spss_column_that_is_entirely_empty_is_read_not_a_traceback(data, tmp_path, capsys):
    """A bureau delivers a question nobody was asked as an empty numeric column; an asked
    question delivered empty is refused with what to do, exit 2, never an AttributeError."""

    def empty(column):
        def edit(frame, labels, missing):
            frame[column] = np.nan
            return frame, labels, missing

        return edit

    assert intake.main([str(bureau_sav(tmp_path / "a.sav", empty("V7"))), "--jaar", "2023"]) == 2
    err = capsys.readouterr().err
    assert "'v7': helemaal leeg" in err and "niet_beantwoord" in err
    (data / "2023" / "meta.yml").write_text(
        (data / "2023" / "meta.yml").read_text(encoding="utf-8") + "niet_beantwoord: [v7]\n",
        encoding="utf-8",
    )
    assert intake.main([str(bureau_sav(tmp_path / "b.sav", empty("V7"))), "--jaar", "2023"]) == 0


def _workbook_with_sheets(path: Path, sheets: list[str], data_sheet: str) -> Path:
    """The Excel delivery, its data on ``data_sheet`` among explanation sheets."""
    import openpyxl

    source = bureau_xlsx(path.with_name("bron.xlsx"))
    data_wb = openpyxl.load_workbook(source)
    rows = list(data_wb.active.iter_rows(values_only=True))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in sheets:
        ws = wb.create_sheet(name)
        if name == data_sheet:
            for row in rows:
                ws.append(list(row))
        else:
            ws.append([f"{name}: toelichting bij de levering"])
    wb.save(path)
    return path


def test_a_workbook_opening_with_a_cover_sheet_is_read_from_its_data_sheet(data, tmp_path):
    delivery = _workbook_with_sheets(tmp_path / "l.xlsx", ["Voorblad", "Gegevens"], "Gegevens")
    res = intake.intake(delivery, 2023)
    assert res.levering.werkblad == "Gegevens"
    assert (data / "2023" / "enquete.csv").read_bytes() == SHIPPED.read_bytes()
    report = (data / "2023" / "intake-verslag.md").read_text(encoding="utf-8")
    assert "werkblad 'Gegevens' (niet gelezen: 'Voorblad')" in report


def test_a_workbook_with_two_data_sheets_is_refused_naming_them_and_werkblad(
    data, tmp_path, capsys
):
    path = _workbook_with_sheets(tmp_path / "l.xlsx", ["Voorblad", "Gegevens"], "Gegevens")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb["Gegevens"])
    copy.title = "Gegevens (oud)"
    wb.save(path)
    assert intake.main([str(path), "--jaar", "2023"]) == intake.EXIT_DATA
    err = capsys.readouterr().err
    assert "'Voorblad'" in err and "'Gegevens'" in err and "'Gegevens (oud)'" in err
    assert "--werkblad" in err
    assert_nothing_written(data)
    assert intake.main([str(path), "--jaar", "2023", "--werkblad", "Gegevens (oud)"]) == 0
    assert intake.main([str(path), "--jaar", "2023", "--werkblad", "Nergens"]) == 2
    assert "geen werkblad 'Nergens'" in capsys.readouterr().err


def test_excel_rows_are_named_as_excel_numbers_them_blank_rows_included(data, tmp_path):
    import openpyxl

    path = bureau_xlsx(tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.insert_rows(3, amount=2)  # two blank rows after the first respondent
    header = [c.value for c in ws[1]]
    ws.cell(row=8, column=header.index("V7") + 1, value="Heel Erg Goed")
    wb.save(path)
    with pytest.raises(DataError) as err:
        intake.intake(path, 2023)
    msg = str(err.value)
    assert "werkblad 'Export'" in msg and "Excel-rij 8" in msg


def test_a_title_above_the_header_row_is_passed_over_and_rows_keep_excel_numbers(data, tmp_path):
    import openpyxl

    path = bureau_xlsx(tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.insert_rows(1, amount=2)
    ws.cell(row=1, column=1, value="Enquête inburgeraars 2023, export van het bureau")
    header = [c.value for c in ws[3]]
    ws.cell(row=3 + 5, column=header.index("V7") + 1, value="Heel Erg Goed")
    wb.save(path)
    with pytest.raises(DataError) as err:
        intake.intake(path, 2023)
    msg = str(err.value)
    assert "Excel-rij 8" in msg and "kolom 'V7' (v7)" in msg
    assert "Enquête inburgeraars" not in msg  # the title is no column


def test_a_respondent_delivered_twice_or_without_a_number_is_refused(data, tmp_path, capsys):
    def twice(frame, labels, missing):
        frame.loc[9, "RespNr"] = frame.loc[3, "RespNr"]
        frame.loc[12, "RespNr"] = ""
        return frame, labels, missing

    delivery = bureau_sav(tmp_path / "levering.sav", twice)
    assert intake.main([str(delivery), "--jaar", "2023"]) == intake.EXIT_DATA
    err = capsys.readouterr().err
    assert "meer dan eens" in err and "SPSS-case 4, SPSS-case 10" in err
    assert "leeg in SPSS-case 13" in err
    assert not any(v in err for v in secret_values())
    assert_nothing_written(data)


def test_an_answer_excel_turned_into_a_date_is_named_as_a_date_not_a_phone_number(data, tmp_path):
    import datetime

    import openpyxl

    path = bureau_xlsx(tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    ws.cell(row=6, column=header.index("V7") + 1, value=datetime.datetime(2023, 1, 2))
    wb.save(path)
    with pytest.raises(DataError) as err:
        intake.intake(path, 2023)
    msg = str(err.value)
    assert "PRIVACY" not in msg and "telefoonnummers" not in msg
    assert "kolom 'V7' (v7): 1 cel(len) zijn geen geheel getal" in msg and "Excel-rij 6" in msg
    assert "als datum opgemaakt" in msg
    assert_nothing_written(data)
