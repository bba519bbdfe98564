"""Generated deliveries, in every format a year arrives in: the intake and the year check
either accept a delivery or refuse it with every breach listed, and never anything else.

Why generated: the examples of ``test_intake.py`` are the defects someone thought of. Here
``hypothesis`` combines the ways real deliveries go wrong -- a column left blank or constant,
a third group, strata of 0, 1 or 9 respondents, an item of another year filled in, labels
with commas, quotes and markup, numbers where text was expected and the other way round,
sheets in any order, blank rows, rows with only background data -- over ``.csv`` (the
contract, read by ``load_year``), ``.xlsx`` and ``.sav`` (the bureau's, read by the intake).

The property, for every generated delivery:

- the outcome is acceptance (exit 0) or refusal (exit 2 / :class:`DataError`): never a
  traceback, never another exit code;
- refused: nothing is written, and every breach that was planted is named at once, by its
  column and by the row as the user's program numbers it (CSV line, Excel row, SPSS case);
- accepted: no breach was planted, the written ``enquete.csv`` passes ``load_year``, has a row
  per delivered respondent and holds no identifier of the delivery.

A few dozen examples run in CI (derandomised, so CI is repeatable); set
``INBURGERING_HYPOTHESIS=500`` for a longer, random search. Examples that once failed are kept
as explicit cases below (``@example``).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.data import intake
from analysis.data.codebook import load_codebook
from analysis.data.errors import MAX_PER_BESTAND, DataError
from analysis.data.load import load_year
from analysis.data.paths import ROOT
from tests.conftest import YEARS, read_raw, write_raw
from tests.data.test_intake import LABELLED_CATEGORIES, TO_BUREAU, _secrets, secret_values

VOORBEELDEN = int(os.environ.get("INBURGERING_HYPOTHESIS", "0"))
INSTELLINGEN = settings(
    max_examples=VOORBEELDEN or 8,
    derandomize=not VOORBEELDEN,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
CODEBOOK = load_codebook()
BASE = {jaar: read_raw(ROOT / "data" / str(jaar) / "enquete.csv") for jaar in YEARS}
# Items asked of everyone (no routing), as scale codes: where a planted wrong code goes.
ITEMS = [v.naam for v in CODEBOOK.variabelen if v.type == "code" and not v.routing]
REGISTER = ["geslacht", "leeftijdsgroep", "taal_vragenlijst"]
VREEMD = ['Burger van "Nergens", <b>Land</b> *', "Syrisch, Turks", "{{ naam }}", "a\\b"]


@dataclass
class Plan:
    """One generated delivery: the survey in the contract's shape plus how to deliver it."""

    jaar: int
    frame: pd.DataFrame
    zeker: dict[str, list[int]] = field(default_factory=dict)  # column -> planted rows
    lege_rijen: list[int] = field(default_factory=list)  # blank Excel rows before these
    voorbladen: list[tuple[int, str]] = field(default_factory=list)  # (position, sheet)
    als_tekst: set[str] = field(default_factory=set)  # Excel: code columns as answer texts
    spss_leeg_tekst: set[str] = field(default_factory=set)  # SPSS: empty string columns
    gezinsmigranten: int | None = None


# --------------------------------------------------------------------------- the plans
@st.composite
def plannen(draw: st.DrawFn) -> Plan:
    jaar = draw(st.sampled_from(YEARS))
    frame = BASE[jaar].copy()
    n = len(frame)
    plan = Plan(jaar, frame)
    rows = st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True).map(sorted)

    # changes that may or may not break the contract (the check decides)
    if draw(st.booleans()):  # a strata of 0, 1 or 9 gezinsmigranten
        k = draw(st.sampled_from([0, 1, 9]))
        gezin = frame.index[frame["groep"] == "gezinsmigrant"][k:]
        frame.loc[gezin, "groep"] = "asielstatushouder"
        plan.gezinsmigranten = k
    for col in draw(st.lists(st.sampled_from(ITEMS), max_size=2, unique=True)):
        kind = draw(st.sampled_from(["leeg", "constant"]))
        filled = frame[col] != ""
        frame.loc[filled, col] = (
            "" if kind == "leeg" else draw(st.sampled_from([str(c) for c in CODEBOOK[col].allowed]))
        )
    for pos in draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)):
        frame.loc[pos, [c for c in ITEMS]] = ""  # only background data and the v1 block
    if jaar != 2023:
        frame["v3"] = ""  # not asked: delivered blank, as a bureau does

    # changes that certainly break it: each must be named, with its rows
    items = draw(st.lists(st.sampled_from(ITEMS), max_size=2, unique=True))
    for col in items:
        at = draw(rows)
        frame.loc[at, col] = "7"
        plan.zeker[col] = at
    if draw(st.booleans()):
        at = draw(rows)
        frame.loc[at, "groep"] = "arbeidsmigrant"
        plan.zeker["groep"] = at
    if draw(st.booleans()):
        col = draw(st.sampled_from(REGISTER))
        at = draw(rows)
        frame.loc[at, col] = ""
        plan.zeker[col] = at
    if draw(st.booleans()):
        at = draw(rows)
        frame.loc[at, "nationaliteit"] = draw(st.sampled_from(VREEMD))
        plan.zeker["nationaliteit"] = at
    if jaar != 2023 and draw(st.booleans()):  # an item of another year filled in
        at = [int(i) for i in frame.index[frame["v1_vrijwilligerswerk"] == "1"][:2]]
        frame.loc[at, "v3"] = "3"
        plan.zeker["v3"] = []  # named as a column; its rows are not the point

    # how it is delivered
    plan.lege_rijen = draw(st.lists(st.integers(1, n - 1), max_size=3, unique=True))
    plan.voorbladen = draw(
        st.lists(
            st.tuples(st.integers(0, 2), st.sampled_from(["Toelichting", "Codeboek", "Info"])),
            max_size=2,
            unique_by=lambda t: t[1],
        )
    )
    codes = [v.naam for v in CODEBOOK.for_year(jaar) if v.type in ("code", "binair")]
    plan.als_tekst = set(draw(st.lists(st.sampled_from(codes), max_size=6, unique=True)))
    if jaar != 2023 and "v3" not in plan.zeker:
        plan.spss_leeg_tekst = {"V3"} if draw(st.booleans()) else set()
    return plan


def _plan(jaar: int, **kwargs) -> Plan:
    """A clean delivery of a shipped year, with ``kwargs`` set on the plan."""
    frame = BASE[jaar].copy()
    if jaar != 2023:
        frame["v3"] = ""
    return Plan(jaar, frame, **kwargs)


# Examples that once failed, kept as explicit cases:
# - SPSS delivers a question not asked that year as an entirely empty numeric column (the
#   identifier scan called a string method on it: AttributeError, exit 1);
# - the same column as an empty text column;
# - an Excel workbook that opens with an explanation sheet (the cover was read as the data).
LEEG_NUMERIEK = _plan(2024)
LEEG_TEKST = _plan(2024, spss_leeg_tekst={"V3"})
VOORBLAD = _plan(2024, voorbladen=[(0, "Toelichting")], lege_rijen=[5])


# --------------------------------------------------------------------------- delivering
def _bureau(plan: Plan) -> pd.DataFrame:
    """The plan's survey with the bureau's names and the identifiers a delivery carries."""
    out = plan.frame.drop(columns="respondent_id").rename(columns=TO_BUREAU)
    for key, values in _secrets(len(out)).items():
        if key != "IP_adres":
            out[key] = values
    return out[["RespNr", *[c for c in out.columns if c != "RespNr"]]]


def as_csv(plan: Plan, folder: Path) -> Path:
    write_raw(plan.frame, folder / "enquete.csv")
    return folder / "enquete.csv"


def as_xlsx(plan: Plan, path: Path) -> Path:
    frame = _bureau(plan)
    texts = {}
    for naam in plan.als_tekst:
        var = CODEBOOK[naam]
        texts[TO_BUREAU[naam]] = {str(c): t["nl"] for c, t in var.codes.items()}
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Export"
    data.append(list(frame.columns))
    blank_before = set(plan.lege_rijen)
    for pos, row in enumerate(frame.itertuples(index=False)):
        if pos in blank_before:
            data.append([])
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            if value == "" or value is None:
                cells.append(None)
            elif col in texts:
                cells.append(texts[col].get(value, value))
            elif re.fullmatch(r"\d+", str(value)) and col != "RespNr":
                cells.append(int(value))
            else:
                cells.append(value)
        data.append(cells)
    for position, name in plan.voorbladen:
        sheet = wb.create_sheet(name, index=min(position, len(wb.sheetnames)))
        sheet.append([f"{name} bij de levering van het veldwerkbureau"])
        sheet.append(["Vragen: bel het bureau."])
    wb.save(path)
    return path


def excel_row(plan: Plan, pos: int) -> int:
    """The Excel row of respondent ``pos`` in :func:`as_xlsx` (header in row 1)."""
    return pos + 2 + sum(1 for b in plan.lege_rijen if b <= pos)


def as_sav(plan: Plan, path: Path) -> Path:
    frame = _bureau(plan)
    labels: dict[str, dict[float, str]] = {}
    out: dict[str, object] = {}
    for col in frame.columns:
        naam = {b: t for t, b in TO_BUREAU.items()}.get(col)
        var = CODEBOOK[naam] if naam else None
        values = frame[col]
        if col in plan.spss_leeg_tekst:
            out[col] = [""] * len(values)
        elif var is not None and var.type in ("code", "binair"):
            out[col] = pd.to_numeric(values.replace("", np.nan)).astype(float)
            labels[col] = {float(c): t["nl"] for c, t in var.codes.items()}
        elif var is not None and naam in LABELLED_CATEGORIES and naam != "groep":
            codes = {cat: float(i) for i, cat in enumerate(var.categorieen, start=1)}
            out[col] = values.map(lambda v, c=codes: c.get(v, np.nan)).astype(float)
            labels[col] = {code: cat for cat, code in codes.items()}
        else:
            out[col] = values
    pyreadstat.write_sav(pd.DataFrame(out), str(path), variable_value_labels=labels)
    return path


# --------------------------------------------------------------------------- the property
@pytest.fixture
def year_folder(tmp_path_factory, monkeypatch):
    """A fresh data folder per example, with the year's meta.yml and populatie.csv."""

    def make(jaar: int) -> Path:
        base = tmp_path_factory.mktemp("levering") / "data"
        (base / str(jaar)).mkdir(parents=True)
        for name in ("meta.yml", "populatie.csv"):
            shutil.copyfile(ROOT / "data" / str(jaar) / name, base / str(jaar) / name)
        monkeypatch.setenv("INBURGERING_DATA", str(base))
        return base / str(jaar)

    return make


def _named(message: str, column: str) -> bool:
    bureau = TO_BUREAU.get(column, column)
    return bool(re.search(rf"(?<![\w])({re.escape(column)}|{re.escape(bureau)})(?![\w])", message))


def check_refusal(plan: Plan, message: str, row_word: str, row_of) -> None:
    missing = [c for c in plan.zeker if not _named(message, c)]
    assert missing == [], f"niet genoemd: {missing}\n{message}"
    for col, rows in plan.zeker.items():
        for pos in rows:
            label = f"{row_word} {row_of(pos)}"
            assert re.search(rf"{label}\b", message), f"{col}: {label} ontbreekt\n{message}"
    for block in re.split(r"\n(?=\S)", message)[1:]:
        assert block.count("\n  - ") <= MAX_PER_BESTAND + 1
    assert "Traceback" not in message
    leaked = [v for v in secret_values(len(plan.frame)) if v in message]
    assert leaked == []


def check_acceptance(plan: Plan, folder: Path) -> None:
    assert plan.zeker == {}, f"aanvaard terwijl geplant: {sorted(plan.zeker)}"
    j = load_year(plan.jaar, folder.parent)
    assert j.n == len(plan.frame)
    written = (folder / "enquete.csv").read_text(encoding="utf-8")
    assert not [v for v in secret_values(len(plan.frame)) if v in written]


@INSTELLINGEN
@given(plan=plannen())
def test_a_generated_csv_year_loads_or_is_refused_with_every_breach_at_once(plan, year_folder):
    folder = year_folder(plan.jaar)
    as_csv(plan, folder)
    try:
        load_year(plan.jaar, folder.parent)
    except DataError as exc:
        check_refusal(plan, str(exc), "regel", lambda pos: pos + 2)
    else:
        check_acceptance(plan, folder)


def _run_intake(plan: Plan, delivery: Path, folder: Path, capsys) -> tuple[int, str]:
    code = intake.main([str(delivery), "--jaar", str(plan.jaar)])
    err = capsys.readouterr().err
    assert code in (0, intake.EXIT_DATA)
    if code:
        assert not (folder / "enquete.csv").exists()
        assert not (folder / "intake-verslag.md").exists()
    return code, err


@INSTELLINGEN
@given(plan=plannen())
@example(plan=VOORBLAD)
def test_a_generated_excel_delivery_is_taken_in_or_refused_with_every_breach(
    plan, year_folder, tmp_path_factory, capsys
):
    folder = year_folder(plan.jaar)
    delivery = as_xlsx(plan, tmp_path_factory.mktemp("xlsx") / "levering.xlsx")
    code, err = _run_intake(plan, delivery, folder, capsys)
    if code:
        assert "werkblad 'Export'" in err
        check_refusal(plan, err, "Excel-rij", lambda pos: excel_row(plan, pos))
    else:
        check_acceptance(plan, folder)


@INSTELLINGEN
@given(plan=plannen())
@example(plan=LEEG_NUMERIEK)
@example(plan=LEEG_TEKST)
def test_a_generated_spss_delivery_is_taken_in_or_refused_with_every_breach(
    plan, year_folder, tmp_path_factory, capsys
):
    folder = year_folder(plan.jaar)
    delivery = as_sav(plan, tmp_path_factory.mktemp("sav") / "levering.sav")
    code, err = _run_intake(plan, delivery, folder, capsys)
    if code:
        check_refusal(plan, err, "SPSS-case", lambda pos: pos + 1)
    else:
        check_acceptance(plan, folder)
