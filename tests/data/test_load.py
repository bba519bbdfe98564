"""Validation: every kind of bad delivery stops with a message that says what to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.data.errors import DataError
from analysis.data.load import load_year
from tests.conftest import read_raw, write_raw


def test_shipped_years_are_valid():
    for jaar in (2023, 2024):
        j = load_year(jaar)
        assert j.n == j.meta["respondenten"]
        assert str(j.enquete["v2"].dtype) == "Int64"


def test_missing_column_names_file_and_column(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    write_raw(read_raw(path).drop(columns=["v7"]), path)
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    assert "enquete.csv" in str(err.value) and "v7" in str(err.value)
    assert "ontbrekende kolom" in str(err.value)


def test_item_not_asked_that_year_may_be_absent_but_not_in_a_year_that_asked_it(year_copy):
    assert "v3" not in load_year(2024).enquete.columns
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    write_raw(read_raw(path).drop(columns=["v3"]), path)
    with pytest.raises(DataError, match=r"v3"):
        load_year(2023, base)


def test_unknown_code_names_rows_and_expected_codes(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df.loc[4, "v7"] = "7"
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    msg = str(err.value)
    assert "'v7'" in msg and "regel 6" in msg and df.loc[4, "respondent_id"] in msg
    assert "[1, 2, 3, 4, 5, 9]" in msg


def test_unknown_category_is_rejected(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df.loc[0, "groep"] = "arbeidsmigrant"
    write_raw(df, path)
    with pytest.raises(DataError, match=r"(?s)groep.*arbeidsmigrant"):
        load_year(2023, base)


def routing_violation(year_copy) -> tuple[str, object, int]:
    """A 2023 copy with 'tevreden over het werk' (v2) filled for one respondent without paid
    work; returns the validation message, the delivered frame and the row."""
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    row = df.index[df["v1_betaald_werk"] == "0"][0]
    df.loc[row, "v2"] = "1"
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    return str(err.value), df, row


def test_answer_where_question_was_not_routed(year_copy):
    msg, _, row = routing_violation(year_copy)
    assert "v2" in msg and "niet gesteld" in msg and f"regel {row + 2}" in msg


def test_duplicate_respondent_id(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df.loc[1, "respondent_id"] = df.loc[0, "respondent_id"]
    write_raw(df, path)
    with pytest.raises(DataError, match=r"(?s)respondent_id.*dubbel"):
        load_year(2023, base)


def test_text_in_a_code_column(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df.loc[2, "v9_1"] = "ja"
    write_raw(df, path)
    with pytest.raises(DataError, match=r"(?s)v9_1.*geen geheel getal"):
        load_year(2023, base)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"respondent_id,groep\n"])
def test_empty_file_is_rejected(year_copy, content):
    base = year_copy(2023)
    (base / "2023" / "enquete.csv").write_bytes(content)
    with pytest.raises(DataError, match=r"leeg|geen gegevens"):
        load_year(2023, base)


def test_meta_disagreeing_with_survey_is_rejected(year_copy):
    base = year_copy(2023)
    meta = base / "2023" / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("respondenten: 254", "respondenten: 260"),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"(?s)260 respondenten.*254"):
        load_year(2023, base)


def test_meta_of_another_year_is_rejected(year_copy):
    base = year_copy(2023)
    meta = base / "2023" / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("jaar: 2023", "jaar: 2022"), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"jaar 2022"):
        load_year(2023, base)


def test_population_not_adding_up_is_rejected(year_copy):
    base = year_copy(2023)
    pop = base / "2023" / "populatie.csv"
    pop.write_text(
        pop.read_text(encoding="utf-8").replace("geslacht,man,515", "geslacht,man,500"),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"(?s)geslacht.*1216"):
        load_year(2023, base)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_dutch_excel_export_is_read_like_the_original(year_copy, sep):
    """';'- or tab-separated, UTF-8 with BOM, decimal comma, thousands point: read, giving
    the same data."""
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df["v7"] = df["v7"].where(df["v7"] == "", df["v7"] + ",0")  # Excel wrote 2 as '2,0'
    write_raw(df, path, sep=sep, encoding="utf-8-sig")
    pop = base / "2023" / "populatie.csv"
    pop.write_text(
        pop.read_text(encoding="utf-8").replace(",", sep).replace("1231", "1.231"),
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    delivered = load_year(2023, base)
    original = load_year(2023)
    assert delivered.enquete.equals(original.enquete)
    assert delivered.populatie.equals(original.populatie)


def test_file_that_is_not_utf8_is_rejected_with_advice(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    path.write_bytes(path.read_bytes().replace(b"Syrische", "Syrïsche".encode("cp1252")))
    with pytest.raises(DataError, match=r"UTF-8"):
        load_year(2023, base)


def test_email_addresses_are_rejected_without_echoing_them(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    secret = "fatima.example@voorbeeld.nl"
    df["v11_toelichting"] = ""
    df.loc[3, "v11_toelichting"] = secret
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    msg = str(err.value)
    assert "PRIVACY" in msg and "v11_toelichting" in msg and "e-mailadres" in msg
    assert secret not in msg and "voorbeeld" not in msg


def test_identifier_column_name_is_rejected(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df["Telefoonnummer"] = "onbekend"
    write_raw(df, path)
    with pytest.raises(DataError, match=r"(?s)PRIVACY.*Telefoonnummer"):
        load_year(2023, base)


def test_extra_harmless_column_is_allowed(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df["wijk"] = "Overvecht"
    write_raw(df, path)
    assert "wijk" in load_year(2023, base).enquete.columns


def test_missing_year_folder_says_what_to_deliver(tmp_path):
    with pytest.raises(DataError, match=r"enquete.csv, populatie.csv en meta.yml"):
        load_year(2030, tmp_path)


def test_repeated_header_column_is_rejected_naming_it(year_copy):
    """pandas would read the second 'v7' as 'v7.1' and build a report: check the raw header."""
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    header[header.index("v8_1")] = "v7"
    path.write_text(",".join(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    msg = str(err.value)
    assert "['v7']" in msg and "meer dan eens" in msg and "v7.1" not in msg


def test_routing_violation_is_one_line_per_rule_naming_its_columns(year_copy):
    msg, df, row = routing_violation(year_copy)
    problems = [ln for ln in msg.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 1, problems
    assert msg.count(df.loc[row, "respondent_id"]) == 1
    assert "kolom 'v2'" in problems[0] and "v1_betaald_werk" in problems[0]
    assert f"regel {row + 2} (rij {row + 1}; {df.loc[row, 'respondent_id']})" in problems[0]


def test_rows_after_a_quoted_line_break_name_file_line_and_record(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df["toelichting_bureau"] = ""
    df.loc[1, "toelichting_bureau"] = "eerste regel\ntweede regel"  # record 2 spans two lines
    df.loc[4, "v7"] = "7"
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    rid = df.loc[4, "respondent_id"]
    # Record 5 starts on line 7 of the file: header, records 1-4 with one extra line.
    assert f"regel 7 (rij 5; {rid})" in str(err.value)


def test_answers_to_an_item_not_asked_that_year_are_rejected_naming_its_years(year_copy):
    """v3 is asked 'vanaf 2023 tot 2024': answers delivered in 2024 were never validated and
    published '0 of 29 = 0%'."""
    base = year_copy(2024)
    path = base / "2024" / "enquete.csv"
    df = read_raw(path)
    df["v3"] = ""
    df.loc[df["v1_vrijwilligerswerk"] == "1", "v3"] = "1"
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        load_year(2024, base)
    msg = str(err.value)
    assert "kolom 'v3'" in msg and "vanaf 2023 tot 2024" in msg and "'jaren'" in msg


def test_blank_column_of_an_item_not_asked_that_year_is_left_out(year_copy):
    base = year_copy(2024)
    path = base / "2024" / "enquete.csv"
    df = read_raw(path)
    df["v3"] = ""
    write_raw(df, path)
    assert "v3" not in load_year(2024, base).enquete.columns


def blank_item(year_copy, item: str = "v7", declare: str | None = None):
    """A 2023 copy in which nobody answered ``item``; ``declare`` adds the meta.yml key."""
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df[item] = ""
    write_raw(df, path)
    if declare is not None:
        with open(base / "2023" / "meta.yml", "a", encoding="utf-8") as fh:
            fh.write(f"niet_beantwoord: [{declare}]\n")
    return base


def test_item_answered_by_nobody_is_rejected_with_how_to_declare_it(year_copy):
    with pytest.raises(DataError) as err:
        load_year(2023, blank_item(year_copy))
    msg = str(err.value)
    assert "kolom 'v7'" in msg and "helemaal leeg" in msg and "niet_beantwoord: [v7]" in msg


def test_item_declared_unanswered_is_not_measured(year_copy):
    j = load_year(2023, blank_item(year_copy, declare="v7"))
    assert "v7" not in j.enquete.columns
    assert any("v7" in note and "niet gemeten" in note for note in j.notes)


def test_declaring_an_answered_item_unanswered_is_rejected(year_copy):
    base = blank_item(year_copy, item="v7", declare="v8_1")
    with pytest.raises(DataError, match=r"kolom 'v8_1': meta.yml 'niet_beantwoord'"):
        load_year(2023, base)


def test_population_stratum_smaller_than_its_respondents_is_rejected(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "populatie.csv"
    pop = read_raw(path)
    syr = (pop["dimensie"] == "nationaliteit") & (pop["categorie"] == "Syrische")
    ovr = (pop["dimensie"] == "nationaliteit") & (pop["categorie"] == "Overig")
    moved = int(pop.loc[syr, "aantal"].iloc[0]) - 29
    pop.loc[syr, "aantal"] = "29"
    pop.loc[ovr, "aantal"] = str(int(pop.loc[ovr, "aantal"].iloc[0]) + moved)
    write_raw(pop, path)
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    msg = str(err.value)
    n_syr = int((read_raw(base / "2023" / "enquete.csv")["nationaliteit"] == "Syrische").sum())
    assert n_syr > 29
    assert "nationaliteit 'Syrische'" in msg and f"populatie van 29 maar {n_syr}" in msg


def test_blank_lines_and_rows_of_separators_only_are_skipped(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = len(lines) - 1
    lines[5:5] = ["\n", "," * lines[0].count(",") + "\n"]
    path.write_text("".join(lines), encoding="utf-8")
    assert load_year(2023, base).n == n


def test_blank_line_with_several_errors_gives_a_message_not_a_traceback(year_copy):
    """pandera concatenates failure cases; pandas compares the frames' attrs with '==', which
    raised on the file lines kept as a bare array."""
    base = year_copy(2023)
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    df.loc[4, "v7"] = "7"
    df.loc[6, "groep"] = "arbeidsmigrant"
    write_raw(df, path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3:3] = ["," * lines[0].count(",") + "\n"]
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    msg = str(err.value)
    # record 5 now starts on file line 7: header, records 1-2, the empty row, records 3-4
    assert f"regel 7 (rij 5; {df.loc[4, 'respondent_id']})" in msg and "arbeidsmigrant" in msg


@pytest.mark.parametrize(
    ("sleutel", "waarde"),
    [
        ("respondenten", "veel"),
        ("populatie", -5),
        ("uitgenodigd", 1102.5),
        ("synthetisch", "ja"),
        ("uitnodiging", "post"),
    ],
)
def test_a_meta_value_that_is_not_a_number_or_flag_is_refused_by_its_key(
    year_copy, sleutel, waarde
):
    import yaml

    base = year_copy(2024)
    pad = base / "2024" / "meta.yml"
    meta = yaml.safe_load(pad.read_text(encoding="utf-8"))
    meta[sleutel] = waarde
    pad.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=f"'{sleutel}'"):
        load_year(2024, base)


@pytest.mark.parametrize(
    ("veldwerk", "melding"),
    [
        ("het najaar van 2024", "periode van het veldwerk, in datums of in maanden"),
        ({"van": "2024-10-21", "tot": "2024-10-01"}, "ligt vóór 'van'"),
        ({"van": "2024-10", "tot": "2024-10-21"}, "allebei datums of allebei maanden"),
        ({"van": "2023-10", "tot": "2023-11"}, "begint in 2023, maar 'jaar' is 2024"),
        ({"van": "oktober", "tot": "2024-11"}, "'van' is geen datum"),
        ({"van": "2024-13", "tot": "2024-13"}, "'van' is geen datum"),
        ({"van": "2024-10", "tot": "2024-10", "herinnering": "2024-10-14"}, "niet ['herinnering']"),
        ({"van": "2024-10-01", "tot": "2026-10-21"}, "langer dan een jaar"),
    ],
)
def test_a_fieldwork_period_that_is_not_two_dates_of_the_year_is_refused_with_an_example(
    year_copy, veldwerk, melding
):
    """Issue 24 item 8: the period was free text ('het najaar van 2024'), so the report
    could not give it with dates as the 2023 edition does."""
    import yaml

    base = year_copy(2024)
    pad = base / "2024" / "meta.yml"
    meta = yaml.safe_load(pad.read_text(encoding="utf-8"))
    meta["veldwerk"] = veldwerk
    pad.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(melding)):
        load_year(2024, base)


def test_a_fieldwork_period_in_dates_or_months_is_read_as_dates(year_copy):
    import datetime as dt

    import yaml

    from analysis.data.reading import veldwerk

    base = year_copy(2024)
    pad = base / "2024" / "meta.yml"
    meta = yaml.safe_load(pad.read_text(encoding="utf-8"))
    meta["veldwerk"] = {"van": dt.date(2024, 12, 2), "tot": "2025-01-09", "toelichting": "Kort."}
    pad.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    v = veldwerk(load_year(2024, base).meta)
    assert (v.van, v.tot, v.op_dag, v.toelichting) == (
        dt.date(2024, 12, 2),
        dt.date(2025, 1, 9),
        True,
        "Kort.",
    )
    maanden = veldwerk({"jaar": 2024, "veldwerk": {"van": "2024-02", "tot": "2024-02"}})
    assert (maanden.van, maanden.tot, maanden.op_dag) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
        False,
    )


def test_a_year_read_again_is_a_copy_and_a_changed_file_is_read_anew(year_copy):
    """Reading is cached by the content of the files: a chapter may change its frame without
    changing the next reader's, and a file changed by one character (same size, same second)
    is validated again."""
    base = year_copy(2023)
    first = load_year(2023, base)
    first.enquete.loc[first.enquete.index[0], "v1_betaald_werk"] = 99
    again = load_year(2023, base)
    assert again.enquete["v1_betaald_werk"].isin([0, 1]).all()
    path = base / "2023" / "enquete.csv"
    df = read_raw(path)
    row = df.index[df["v1_betaald_werk"] == "0"][0]
    df.loc[row, "v1_betaald_werk"] = "1"
    write_raw(df, path)
    changed = load_year(2023, base)
    assert changed.enquete["v1_betaald_werk"].sum() == again.enquete["v1_betaald_werk"].sum() + 1
    df.loc[row, "v1_betaald_werk"] = "7"
    write_raw(df, path)
    with pytest.raises(DataError, match="v1_betaald_werk"):
        load_year(2023, base)


def test_a_year_read_again_keeps_the_folder_as_its_caller_names_it(year_copy, monkeypatch):
    """A chapter names the data folder relative to its own folder: the book's first page and
    a chapter one level down read the same year under two names, each must get its own."""
    base = year_copy(2023)
    (base / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(base / "a")
    boven = load_year(2023, Path(".."))
    monkeypatch.chdir(base / "a" / "b")
    onder = load_year(2023, Path("../.."))
    assert str(boven.folder) == "../2023" and str(onder.folder) == "../../2023"
    assert (onder.folder / "meta.yml").exists()


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ("- een\n- twee\n", "verwacht de sleutel 'citaten'"),
        ("citaten: tekst\n", "verwacht de sleutel 'citaten'"),
        ("citaten:\n  - gewoon een zin\n", "citaat 1 is geen blok"),
        ("citaten:\n  - {thema: werk, soort: interview}\n", "citaat 1 mist ['tekst']"),
        ("citaten:\n  - {thema: werk, soort: interview, tekst: ''}\n", "'tekst' is leeg"),
    ],
)
def test_a_malformed_quotes_file_stops_the_year_before_any_chapter(year_copy, inhoud, melding):
    base = year_copy(2023)
    (base / "2023" / "citaten.yml").write_text(inhoud, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(melding)):
        load_year(2023, base)


def test_every_breach_of_every_file_is_reported_at_once_grouped_per_file(year_copy):
    """A year declaration broken in one column, an unknown code in another, a population
    file without a dimension and a meta.yml with a bad value: one message names all four,
    under the file each belongs to, instead of one per run."""
    base = year_copy(2024)
    folder = base / "2024"
    df = read_raw(folder / "enquete.csv")
    df["v3"] = ""
    df.loc[df.index[df["v1_vrijwilligerswerk"] == "1"][0], "v3"] = "3"
    df.loc[7, "v7"] = "7"
    write_raw(df, folder / "enquete.csv")
    pop = (folder / "populatie.csv").read_text(encoding="utf-8").splitlines()
    (folder / "populatie.csv").write_text(
        "\n".join(line for line in pop if not line.startswith("leeftijdsgroep")) + "\n",
        encoding="utf-8",
    )
    meta = (folder / "meta.yml").read_text(encoding="utf-8")
    (folder / "meta.yml").write_text(
        re.sub(r"(?m)^uitnodiging:.*$", "uitnodiging: duif", meta), encoding="utf-8"
    )
    with pytest.raises(DataError) as err:
        load_year(2024, base)
    msg = str(err.value)
    blocks = dict((b.split(" (", 1)[0], b) for b in re.split(r"\n(?=\S)", msg)[1:])
    assert set(blocks) == {"meta.yml", "enquete.csv", "populatie.csv"}, msg
    assert "'v3'" in blocks["enquete.csv"] and "niet gesteld" in blocks["enquete.csv"]
    assert "'v7'" in blocks["enquete.csv"] and "regel 9 (rij 8" in blocks["enquete.csv"]
    assert "leeftijdsgroep" in blocks["populatie.csv"]
    assert "uitnodiging" in blocks["meta.yml"]
    assert msg.splitlines()[0].startswith(f"{folder}: 4 problemen in 3 bestanden")


def test_breaches_of_one_column_stand_together_and_a_long_list_is_capped(year_copy):
    from analysis.data.errors import MAX_PER_BESTAND, Bevindingen

    fouten = Bevindingen("data/2025")
    fouten.voeg_toe("enquete.csv", "kolom 'v7': a", "kolom 'v2': b", "kolom 'v7': c")
    fouten.voeg_toe("meta.yml", *[f"regel {i}" for i in range(MAX_PER_BESTAND + 5)])
    text = fouten.tekst()
    assert text.index("kolom 'v7': c") < text.index("kolom 'v2': b")
    assert f"meta.yml ({MAX_PER_BESTAND + 5}):" in text and "en nog 5 problemen" in text
    assert text.count("\n  - regel") == MAX_PER_BESTAND


def test_a_population_file_without_a_weighting_dimension_is_refused(year_copy):
    base = year_copy(2023)
    path = base / "2023" / "populatie.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(line for line in lines if not line.startswith("nationaliteit")) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_year(2023, base)
    msg = str(err.value)
    assert "populatie.csv" in msg and "geen aantallen naar nationaliteit" in msg
    assert "naar rato" in msg
