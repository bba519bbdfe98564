"""Reading and validating one year's data folder (``data/<jaar>/``).

Why so strict: the report prints whatever the data say, so data that break the contract must
stop the pipeline *before* any output is written, with a message a data manager can act on:
which file, which column, which rows, what was expected. The schema is built from the
codebook with pandera, so the contract is written down once (``data/codebook.yml``).

Files of a year folder:

- ``enquete.csv``   one row per respondent (the contract in the codebook)
- ``populatie.csv`` population composition: ``dimensie, categorie, aantal``
- ``meta.yml``      fieldwork period, number invited, population size, languages, provenance

Dutch Excel exports are read, not rejected: ``;`` as separator, UTF-8 with byte-order mark,
and decimal comma are recognised. A file that is not UTF-8 at all (Excel's "CSV" instead of
"CSV UTF-8") is rejected with that advice.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.codebook import (
    Codebook,
    CodebookYearError,
    ConfigError,
    Variable,
    load_codebook,
    read_yaml,
)
from analysis.disclosure import MIN_CELL
from analysis.paths import config_dir, year_dir

MAX_ROWS_SHOWN = 10
# An asked item answered by nobody among at least this many respondents asked it is a
# delivery error unless declared; fewer are never published anyway (disclosure.MIN_CELL).
MIN_ROUTED = MIN_CELL

# Column names that announce direct identifiers, and value patterns that reveal them.
IDENTIFIER_NAMES = re.compile(
    r"(e-?mail|mailadres|naam|name|telefoon|phone|mobiel|adres|address|postcode|zip|bsn|"
    r"geboortedatum|birth|ip_?adres|iban)",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+|00)?\d[\d\s-]{8,}\d")
BSN_OR_IBAN = re.compile(r"\b(?:\d{9}|[A-Z]{2}\d{2}[A-Z]{4}\d{10})\b")


class DataError(ValueError):
    """Data that break the contract. The message says what to fix."""


@dataclass
class Jaargang:
    """One validated survey year."""

    jaar: int
    enquete: pd.DataFrame
    populatie: pd.DataFrame
    meta: dict
    folder: Path
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.enquete)


# --------------------------------------------------------------------------- CSV reading
def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(f"{path}: het bestand is leeg (the file is empty).")
    try:
        return raw.decode("utf-8-sig")  # strips Excel's byte-order mark
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: het bestand is geen UTF-8 (byte {exc.start}). Sla het in Excel op als "
            "'CSV UTF-8 (door komma's gescheiden)' (save as CSV UTF-8)."
        ) from exc


def _records(text: str, sep: str) -> tuple[list[str], list[int]]:
    """The header and the file line on which each data record starts.

    Why: a quoted field may hold a line break, so record N is not always line N + 1 of the
    file; messages name the line a data manager finds in an editor. Empty lines are skipped,
    as pandas skips them.
    """
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header: list[str] | None = None
    starts: list[int] = []
    previous = 0
    for record in reader:
        start, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # a blank line, or one of separators only (an emptied Excel row)
        if header is None:
            header = [c.strip() for c in record]
        else:
            starts.append(start)
    return header or [], starts


def read_csv_text(path: Path) -> tuple[pd.DataFrame, str]:
    """Read a CSV as strings, recognising comma-, semicolon- and tab-separated exports (the
    separator the header holds most of).

    Returns the frame and the separator found. Every cell stays a string (blank -> NA) so that
    validation sees exactly what was delivered. The file line of every record is kept in
    ``df.attrs["regels"]`` for messages.
    """
    text = _decode(path)
    header = text.splitlines()[0] if text.splitlines() else ""
    sep = max((",", ";", "\t"), key=header.count)  # a tie (no separator at all): comma
    names, starts = _records(text, sep)
    # pandas silently renames a repeated column ('v7', 'v7.1'): check the header as written.
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise DataError(
            f"{path}: kolom(men) {repeated} staan meer dan eens in de kopregel. Elke kolom "
            "mag maar één keer voorkomen: verwijder of hernoem de dubbele kolom."
        )
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError as exc:
        raise DataError(f"{path}: niet te lezen als CSV ({exc}).") from exc
    df.columns = [c.strip() for c in df.columns]
    blank = df.apply(lambda col: col.str.strip().fillna("") == "").all(axis=1)
    df = df[~blank].reset_index(drop=True)
    if df.empty:
        raise DataError(f"{path}: het bestand heeft een kopregel maar geen gegevens (no rows).")
    if len(starts) == len(df):
        df.attrs["regels"] = FileLines(np.asarray(starts, dtype=np.int64))
    return df, sep


class FileLines:
    """The file line of every record, kept in ``df.attrs`` for messages.

    Why a class: pandas deep-copies ``attrs`` on every operation (a long list of ints made
    each one cost a copy of the whole list), and ``concat`` compares the frames' ``attrs``
    with ``==`` (a bare numpy array there raised 'truth value of an array is ambiguous' as
    soon as pandera gathered two failure cases). Immutable, so a copy may be itself.
    """

    __slots__ = ("_lines",)

    def __init__(self, lines: np.ndarray) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, pos: int) -> int:
        return int(self._lines[pos])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileLines) and bool(np.array_equal(self._lines, other._lines))

    def __hash__(self) -> int:
        return hash(self._lines.tobytes())

    def __deepcopy__(self, memo: dict) -> FileLines:
        return self


def _row_label(df: pd.DataFrame, i: int) -> str:
    """One row as 'regel L (rij R; id)': file line, data record number and respondent_id.

    Always the same shape, so that a line number is never mistaken for a record number after
    a quoted field with a line break. A frame that was not read from a file (the intake)
    has no file lines and is described by its record number alone.
    """
    pos = df.index.get_loc(i)
    lines = df.attrs.get("regels")
    rid = df.at[i, "respondent_id"] if "respondent_id" in df.columns else None
    rid_text = f"; {rid}" if isinstance(rid, str) else ""
    if lines is not None and len(lines) == len(df):
        return f"regel {lines[pos]} (rij {pos + 1}{rid_text})"
    return f"rij {pos + 1}" + (f" ({rid})" if isinstance(rid, str) else "")


def _rows(df: pd.DataFrame, mask: pd.Series) -> str:
    """Describe offending rows by file line, record and respondent_id, at most MAX_ROWS_SHOWN."""
    idx = list(df.index[mask.to_numpy()])
    shown = [_row_label(df, i) for i in idx[:MAX_ROWS_SHOWN]]
    more = f" en nog {len(idx) - MAX_ROWS_SHOWN}" if len(idx) > MAX_ROWS_SHOWN else ""
    return ", ".join(shown) + more


# --------------------------------------------------------------------------- privacy
def check_no_identifiers(df: pd.DataFrame, path: Path) -> None:
    """Reject direct identifiers. The message names columns and rows, never the values."""
    problems = []
    for col in df.columns:
        if col == "respondent_id":
            continue
        if IDENTIFIER_NAMES.search(col):
            problems.append(f"kolom '{col}': de naam wijst op een persoonsgegeven")
            continue
        values = df[col].dropna().astype(str)
        for label, pattern in (
            ("e-mailadressen", EMAIL),
            ("telefoonnummers", PHONE),
            ("BSN- of IBAN-achtige nummers", BSN_OR_IBAN),
        ):
            hits = values.str.contains(pattern)
            if hits.any():
                mask = pd.Series(False, index=df.index)
                mask[hits[hits].index] = True
                problems.append(
                    f"kolom '{col}' bevat {label} ({int(hits.sum())} cellen; {_rows(df, mask)})"
                )
                break
    # Ids are arbitrary strings (digits and hyphens are fine); an e-mail address is not.
    if "respondent_id" in df.columns and (
        df["respondent_id"].dropna().astype(str).str.contains(EMAIL).any()
    ):
        problems.append("kolom 'respondent_id' bevat e-mailadressen")
    if problems:
        raise DataError(
            f"{path}: PRIVACY — het bestand bevat (vermoedelijk) directe persoonsgegevens. "
            "Verwijder deze kolommen/waarden bij de bron; e-mailadressen blijven bij het "
            "veldwerkbureau. De waarden worden hier bewust niet getoond.\n  - "
            + "\n  - ".join(problems)
        )


# --------------------------------------------------------------------------- schema
def _to_codes(df: pd.DataFrame, variables: list[Variable], path: Path, sep: str) -> pd.DataFrame:
    """Convert code columns to nullable integers; report cells that are not whole numbers."""
    out = df.copy()
    problems = []
    for var in variables:
        if var.type not in ("code", "binair") or var.naam not in out.columns:
            continue
        text = out[var.naam].str.strip()
        if sep != ",":  # Dutch Excel: ';' or tab, and a decimal comma: '1,0' -> '1.0'
            text = text.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & (numbers.isna() | (numbers % 1 != 0))
        if bad.any():
            values = sorted(set(df.loc[bad, var.naam]))[:MAX_ROWS_SHOWN]
            problems.append(
                f"kolom '{var.naam}': geen geheel getal {values} in {_rows(df, bad)};"
                f" verwacht een van {var.allowed}"
            )
            continue
        out[var.naam] = numbers.astype("Int64")
    if problems:
        raise DataError(f"{path}: ongeldige waarden:\n  - " + "\n  - ".join(problems))
    return out


def survey_schema(jaar: int, codebook: Codebook | None = None) -> pa.DataFrameSchema:
    """The pandera schema of ``enquete.csv`` for ``jaar``, built from the codebook."""
    codebook = codebook or load_codebook()
    columns: dict[str, pa.Column] = {}
    for var in codebook.for_year(jaar):
        if var.type == "id":
            columns[var.naam] = pa.Column(str, nullable=False, unique=True)
        elif var.type == "categorisch":
            columns[var.naam] = pa.Column(str, pa.Check.isin(var.allowed), nullable=False)
        elif var.type == "binair":
            columns[var.naam] = pa.Column("Int64", pa.Check.isin(var.allowed), nullable=False)
        else:
            columns[var.naam] = pa.Column("Int64", pa.Check.isin(var.allowed), nullable=True)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def routing_columns(expression: str, codebook: Codebook) -> list[str]:
    """The codebook columns a routing expression reads, in the order written."""
    names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression)
    return list(dict.fromkeys(n for n in names if n in codebook))


def routing_problems(df: pd.DataFrame, jaar: int, codebook: Codebook) -> list[str]:
    """One line per routing rule that is broken, naming its columns and each row once.

    Why not a pandera frame check: pandera reports a failing frame-level check under every
    column of the row, so one answer in the wrong place showed up forty times under columns
    that have nothing to do with it.
    """
    lines = []
    for var in codebook.for_year(jaar):
        if not var.routing or var.naam not in df.columns:
            continue
        involved = routing_columns(var.routing, codebook)
        if any(c not in df.columns for c in involved):
            continue
        try:
            asked = df.eval(var.routing).fillna(False).astype(bool)
        except (TypeError, ValueError):
            continue  # a column with wrong codes: reported by the schema check
        broken = df[var.naam].notna() & ~asked
        if broken.any():
            lines.append(
                f"kolom '{var.naam}': antwoord terwijl de vraag niet gesteld is "
                f"(routing: {var.routing}; betrokken kolommen "
                f"{', '.join([var.naam, *[c for c in involved if c != var.naam]])}) in "
                f"{_rows(df, broken)}; verwacht een lege cel in '{var.naam}' of een "
                f"andere waarde in {', '.join(c for c in involved if c != var.naam)}"
            )
    return lines


def _contract_error(path: Path, lines: list[str]) -> DataError:
    return DataError(
        f"{path}: het bestand voldoet niet aan het datacontract "
        "(data/codebook.yml):\n  - " + "\n  - ".join(lines)
    )


def _schema_lines(exc: pa.errors.SchemaErrors, df: pd.DataFrame, codebook: Codebook) -> list[str]:
    cases = exc.failure_cases
    lines = []
    for (column, check), group in cases.groupby(["column", "check"], sort=True, dropna=False):
        column = column if isinstance(column, str) else None
        check = str(check)
        idx = [int(i) for i in group["index"].dropna().unique()]
        mask = pd.Series(df.index.isin(idx), index=df.index)
        if check == "column_in_dataframe":
            missing = sorted(group["failure_case"].astype(str).unique())
            lines.append(f"ontbrekende kolom(men) {missing}: verplicht volgens data/codebook.yml")
        elif check.startswith("isin"):
            var = codebook[column]
            values = sorted({str(v) for v in group["failure_case"]})[:MAX_ROWS_SHOWN]
            lines.append(
                f"kolom '{column}': onbekende code(s) {values} in {_rows(df, mask)}; "
                f"verwacht een van {var.allowed}"
            )
        elif check == "field_uniqueness":
            values = sorted({str(v) for v in group["failure_case"]})[:MAX_ROWS_SHOWN]
            lines.append(
                f"kolom '{column}': dubbele waarden {values} in {_rows(df, mask)}; "
                "elke respondent_id moet uniek zijn"
            )
        elif check == "not_nullable":
            lines.append(
                f"kolom '{column}': lege cellen in {_rows(df, mask)}; "
                "deze kolom moet altijd gevuld zijn"
            )
        else:
            lines.append(f"kolom '{column}': controle {check} faalt in {_rows(df, mask)}")
    return lines


def not_asked_problems(raw: pd.DataFrame, jaar: int, codebook: Codebook) -> list[str]:
    """One line per column that holds answers to an item the codebook says was not asked in
    ``jaar``.

    Why: such a column used to stay as unvalidated text, and an indicator computed from it
    published e.g. '0 of 29 = 0%' for a question whose answers were never checked. Either
    the codebook's ``jaren`` is wrong (the item was asked) or the column does not belong in
    this year's file; only the data manager can say which.
    """
    lines = []
    for var in codebook.variabelen:
        if var.asked_in(jaar) or var.naam not in raw.columns:
            continue
        filled = raw[var.naam].notna() & (raw[var.naam].astype("string").str.strip() != "")
        if filled.any():
            lines.append(
                f"kolom '{var.naam}': {int(filled.sum())} antwoord(en), maar volgens "
                f"data/codebook.yml is deze vraag in {jaar} niet gesteld (jaren: {var.jaren}). "
                f"Is de vraag in {jaar} wel gesteld, pas dan 'jaren' van '{var.naam}' in "
                "data/codebook.yml aan (bv. 'tot' later of weg, of het jaar uit 'niet_in'); "
                "hoort de kolom niet bij dit jaar, lever hem dan leeg of laat hem weg"
            )
    return lines


def unanswered_problems(
    df: pd.DataFrame, jaar: int, codebook: Codebook, niet_beantwoord: Collection[str]
) -> list[str]:
    """One line per item asked in ``jaar`` that nobody answered, unless ``meta.yml`` declares
    it (``niet_beantwoord``); and one per declaration that does not hold.

    Why: a whole column blank among at least :data:`MIN_ROUTED` respondents who were asked
    the question is almost certainly a delivery error (a column lost in an export); computed
    as it stands it publishes '0%' and a 'significant' fall to 0%. Where nobody really
    answered, the data manager declares it and the item is treated as not measured.
    """
    lines = []
    declared = set(niet_beantwoord)
    unknown = sorted(d for d in declared if d not in codebook)
    if unknown:
        lines.append(
            f"meta.yml 'niet_beantwoord' noemt {unknown}: geen kolom(men) van data/codebook.yml"
        )
    for var in codebook.for_year(jaar):
        if var.type != "code" or var.naam not in df.columns:
            continue
        answered = int(df[var.naam].notna().sum())
        if var.naam in declared:
            if answered:
                lines.append(
                    f"kolom '{var.naam}': meta.yml 'niet_beantwoord' zegt dat niemand deze "
                    f"vraag beantwoordde, maar de kolom heeft {answered} antwoord(en); haal "
                    f"'{var.naam}' uit 'niet_beantwoord' of lever de juiste kolom"
                )
            continue
        if answered:
            continue
        try:
            asked = df.eval(var.routing) if var.routing else pd.Series(True, index=df.index)
            routed = int(asked.fillna(False).astype(bool).sum())
        except (TypeError, ValueError, KeyError, NameError, SyntaxError):
            routed = len(df)
        if routed >= MIN_ROUTED:
            lines.append(
                f"kolom '{var.naam}': helemaal leeg, terwijl {routed} respondenten de vraag "
                "kregen. Waarschijnlijk is de kolom bij het exporteren leeggeraakt: lever hem "
                "opnieuw. Heeft echt niemand geantwoord, zet dan "
                f"'niet_beantwoord: [{var.naam}]' in meta.yml; de vraag geldt dan als niet "
                "gemeten"
            )
    return lines


def validate_survey(
    raw: pd.DataFrame,
    jaar: int,
    path: Path,
    sep: str = ",",
    niet_beantwoord: Collection[str] = (),
) -> pd.DataFrame:
    """Check a survey file read as strings and return it typed (codes as Int64).

    Every column the codebook knows is checked against the questionnaire of ``jaar``: a
    column of an item not asked that year must be blank and is then left out, and an asked
    item nobody answered must be declared in ``niet_beantwoord`` (``meta.yml``) and is then
    left out (not measured). So no number is ever computed from an unvalidated column.
    Order matters: identifiers are screened first, so that no later message can echo one.
    """
    codebook = load_codebook()
    check_no_identifiers(raw, path)
    try:
        expected = codebook.for_year(jaar)
    except CodebookYearError as exc:
        raise DataError(f"{path}: {exc}") from None
    not_asked = not_asked_problems(raw, jaar, codebook)
    if not_asked:
        raise _contract_error(path, not_asked)
    raw = raw.drop(
        columns=[v.naam for v in codebook.variabelen if v.naam in raw and not v.asked_in(jaar)]
    )
    missing = [v.naam for v in expected if v.naam not in raw.columns]
    if missing:
        raise DataError(
            f"{path}: ontbrekende kolom(men) {missing}. Verplicht in {jaar} volgens "
            "data/codebook.yml (kolommen mogen worden toegevoegd, niet hernoemd). Is een vraag "
            "dit jaar niet gesteld, pas dan 'jaren' in het codebook aan."
        )
    df = _to_codes(raw, expected, path, sep)
    for var in expected:
        if var.type in ("id", "categorisch"):
            df[var.naam] = df[var.naam].str.strip()
    lines: list[str] = []
    try:
        validated = survey_schema(jaar, codebook).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        lines = _schema_lines(exc, df, codebook)
        validated = df
    lines += routing_problems(df, jaar, codebook)
    if not lines:
        lines = unanswered_problems(validated, jaar, codebook, niet_beantwoord)
    if lines:
        raise _contract_error(path, lines)
    return validated.drop(columns=[c for c in niet_beantwoord if c in validated.columns])


# --------------------------------------------------------------------------- the folder
def read_meta(path: Path) -> dict:
    if not path.exists():
        raise DataError(
            f"{path}: ontbreekt; elke jaargang heeft een meta.yml (zie data/README.md)."
        )
    try:
        meta = read_yaml(path)
    except ConfigError as exc:
        raise DataError(str(exc)) from None
    if not isinstance(meta, dict):
        raise DataError(f"{path}: verwacht sleutels als 'jaar', 'uitgenodigd', 'populatie'.")
    required = [
        "jaar",
        "veldwerk",
        "uitgenodigd",
        "populatie",
        "respondenten",
        "talen",
        "synthetisch",
        "synthetisch_herkomst",
    ]
    missing = [k for k in required if k not in meta]
    if missing:
        raise DataError(f"{path}: ontbrekende sleutel(s) {missing}.")
    # Every number the report prints from meta.yml must be one: a typo ('veel', '1.102,0')
    # would otherwise surface as a traceback halfway through the build.
    fout = [
        f"'{k}' moet een geheel getal ≥ 0 zijn, gevonden {meta[k]!r}"
        for k in ("jaar", "uitgenodigd", "populatie", "respondenten")
        if isinstance(meta[k], bool) or not isinstance(meta[k], int) or meta[k] < 0
    ]
    if not isinstance(meta["talen"], list) or not meta["talen"]:
        fout.append(f"'talen' moet een lijst van taalcodes zijn, gevonden {meta['talen']!r}")
    if not isinstance(meta["synthetisch"], bool):
        fout.append(f"'synthetisch' moet true of false zijn, gevonden {meta['synthetisch']!r}")
    if fout:
        raise DataError(f"{path}: " + "; ".join(fout) + ".")
    declared = meta.get("niet_beantwoord", [])
    if not isinstance(declared, list) or not all(isinstance(c, str) for c in declared):
        raise DataError(
            f"{path}: 'niet_beantwoord' is een lijst van kolomnamen, bv. "
            f"'niet_beantwoord: [v8_3]'; gevonden {declared!r}."
        )
    return meta


def read_population(path: Path, codebook: Codebook) -> pd.DataFrame:
    raw, sep = read_csv_text(path)
    expected = ["dimensie", "categorie", "aantal"]
    if list(raw.columns) != expected:
        raise DataError(f"{path}: kolommen {list(raw.columns)}, verwacht {expected}.")
    counts = raw["aantal"].str.strip()
    if sep != ",":
        counts = counts.str.replace(".", "", regex=False)  # Dutch thousands separator
    numbers = pd.to_numeric(counts, errors="coerce")
    bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0)
    if bad.any():
        raise DataError(
            f"{path}: kolom 'aantal' verwacht gehele aantallen ≥ 0; fout in {_rows(raw, bad)}."
        )
    out = raw.assign(aantal=numbers.astype(int))
    for dim, group in out.groupby("dimensie", sort=False):
        if dim not in codebook:
            raise DataError(f"{path}: onbekende dimensie '{dim}' (niet in data/codebook.yml).")
        unknown = sorted(set(group["categorie"]) - set(codebook[dim].allowed))
        if unknown:
            raise DataError(
                f"{path}: dimensie '{dim}' heeft onbekende categorie(ën) {unknown}; "
                f"verwacht {codebook[dim].allowed}."
            )
    return out


def stratum_problems(j: Jaargang) -> list[str]:
    """One line per population stratum (``populatie.csv``) smaller than its respondents.

    Why: the finite-population correction uses the stratum's size; a population of 29 with
    58 respondents gives impossibly narrow intervals instead of an error. A category of a
    dimension in ``populatie.csv`` that has respondents but no row is a population of 0.
    """
    lines = []
    for dim, rows in j.populatie.groupby("dimensie", sort=False):
        if dim not in j.enquete.columns:
            continue
        counts = j.enquete[dim].value_counts()
        sizes = dict(zip(rows["categorie"].astype(str), rows["aantal"].astype(int), strict=True))
        for cat, n in counts.items():
            size = sizes.get(str(cat), 0)
            if size < n:
                lines.append(
                    f"populatie.csv: {dim} '{cat}' heeft een populatie van {size} maar "
                    f"{int(n)} respondenten in enquete.csv; een groep kan niet meer "
                    "respondenten hebben dan inburgeraars. Controleer het aantal in "
                    "populatie.csv (of de codering van de respondenten)"
                )
    return lines


def check_consistency(j: Jaargang) -> None:
    """The files of one folder must describe the same year and the same numbers."""
    problems = []
    folder_year = j.folder.name
    if str(j.meta["jaar"]) != folder_year:
        problems.append(f"meta.yml zegt jaar {j.meta['jaar']}, de map heet {folder_year}")
    if int(j.meta["respondenten"]) != j.n:
        problems.append(
            f"meta.yml zegt {j.meta['respondenten']} respondenten, enquete.csv heeft er {j.n}"
        )
    if int(j.meta["uitgenodigd"]) < j.n:
        problems.append(f"meer respondenten ({j.n}) dan uitgenodigden ({j.meta['uitgenodigd']})")
    if int(j.meta["populatie"]) < int(j.meta["uitgenodigd"]):
        problems.append(
            f"populatie ({j.meta['populatie']}) kleiner dan het aantal "
            f"uitgenodigden ({j.meta['uitgenodigd']})"
        )
    for dim, total in j.populatie.groupby("dimensie", sort=False)["aantal"].sum().items():
        if int(total) != int(j.meta["populatie"]):
            problems.append(
                f"populatie.csv: dimensie '{dim}' telt op tot {total}, meta.yml "
                f"zegt populatie {j.meta['populatie']}"
            )
    problems += stratum_problems(j)
    offered = set(j.meta["talen"])
    used = set(j.enquete["taal_vragenlijst"].dropna())
    if used - offered:
        problems.append(
            f"enquete.csv gebruikt vragenlijsttalen {sorted(used - offered)} die "
            f"volgens meta.yml niet zijn aangeboden"
        )
    if problems:
        raise DataError(
            f"{j.folder}: de bestanden van deze jaargang spreken elkaar tegen:\n  - "
            + "\n  - ".join(problems)
        )


# Years read and validated in this process, by the content of every file they rest on (a
# chapter's kernel reads the year of each chapter it runs; the pipeline the year and the one
# it is compared with). At most a few entries.
_GELEZEN: dict[tuple[int, str, str], Jaargang] = {}
_GELEZEN_MAX = 4


def _inhoud(folder: Path) -> str:
    """A digest of what a year's validation reads: its files and the codebook."""
    digest = hashlib.blake2b(digest_size=16)
    for path in (
        folder / "enquete.csv",
        folder / "meta.yml",
        folder / "populatie.csv",
        folder / "citaten.yml",
        config_dir() / "codebook.yml",
    ):
        digest.update(str(path.resolve()).encode())
        digest.update(path.read_bytes() if path.exists() else b"\0ontbreekt")
    return digest.hexdigest()


def load_year(jaar: int, base: Path | None = None) -> Jaargang:
    """Read and validate ``data/<jaar>/``; raise :class:`DataError` on any breach.

    Validation is what a year costs to read (about a second for 25,000 respondents), and a
    build reads the same year in every chapter: a year read before in this process with
    files of the same content is returned again, as a copy (a caller may change its frame)."""
    folder = year_dir(jaar, base)
    survey_path = folder / "enquete.csv"
    if not survey_path.exists():
        raise DataError(
            f"{survey_path}: ontbreekt. Lever per jaar data/<jaar>/enquete.csv, "
            "populatie.csv en meta.yml (zie data/README.md)."
        )
    sleutel = (jaar, str(folder.resolve()), _inhoud(folder))
    if sleutel not in _GELEZEN:
        if len(_GELEZEN) >= _GELEZEN_MAX:
            _GELEZEN.clear()
        _GELEZEN[sleutel] = _read_year(jaar, folder)
    # the folder as this caller named it (a chapter names it relative to its own folder)
    return replace(copy.deepcopy(_GELEZEN[sleutel]), folder=folder)


def _read_year(jaar: int, folder: Path) -> Jaargang:
    survey_path = folder / "enquete.csv"
    codebook = load_codebook()
    meta = read_meta(folder / "meta.yml")
    raw, sep = read_csv_text(survey_path)
    enquete = validate_survey(raw, jaar, survey_path, sep, meta.get("niet_beantwoord", []))
    enquete.attrs.clear()  # the file lines serve validation messages only
    populatie = read_population(folder / "populatie.csv", codebook)
    notes = []
    for var in codebook.variabelen:
        if not var.asked_in(jaar):
            notes.append(f"{var.naam} is in {jaar} niet gevraagd")
        elif var.naam in meta.get("niet_beantwoord", []):
            notes.append(f"{var.naam} is in {jaar} door niemand beantwoord (niet gemeten)")
    j = Jaargang(
        jaar=jaar, enquete=enquete, populatie=populatie, meta=meta, folder=folder, notes=notes
    )
    check_consistency(j)
    from analysis.quotes import load_quotes  # here: quotes imports this module

    load_quotes(folder)  # a malformed citaten.yml stops the run here, not in a chapter
    return j
