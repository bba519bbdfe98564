"""Checking a year against the contract: the schema from the codebook, routing, questions not
asked, unanswered items and strata; every breach reported with the line to look at.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pandera.pandas as pa

from analysis.data.codebook import Codebook, CodebookYearError, Variable, load_codebook
from analysis.data.errors import DataError
from analysis.data.identifiers import check_no_identifiers
from analysis.data.privacy import MIN_CELL
from analysis.data.reading import MAX_ROWS_SHOWN, _rows

if TYPE_CHECKING:
    from analysis.data.reading import Jaargang

# An asked item answered by nobody among at least this many respondents asked it is a
# delivery error unless declared; fewer are never published anyway (disclosure.MIN_CELL).
MIN_ROUTED = MIN_CELL


# --------------------------------------------------------------------------- schema
def _to_codes(
    df: pd.DataFrame, variables: list[Variable], sep: str
) -> tuple[pd.DataFrame, list[str], set[str]]:
    """Convert code columns to nullable integers.

    Returns the frame, one line per column holding cells that are not whole numbers, and
    the names of those columns (left as text, so later checks pass them by)."""
    out = df.copy()
    problems = []
    bad_columns: set[str] = set()
    for var in variables:
        if var.type not in ("code", "binair") or var.naam not in out.columns:
            continue
        text = out[var.naam].str.strip()
        if sep != ",":  # Dutch Excel: ';' or tab, and a decimal comma: '1,0' -> '1.0'
            text = text.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & (numbers.isna() | (numbers % 1 != 0))
        if bad.any():
            values = sorted(set(df.loc[bad, var.naam].astype(str)))[:MAX_ROWS_SHOWN]
            problems.append(
                f"kolom '{var.naam}': geen geheel getal {values} in {_rows(df, bad)};"
                f" verwacht een van {var.allowed}"
            )
            bad_columns.add(var.naam)
            continue
        out[var.naam] = numbers.astype("Int64")
    return out, problems, bad_columns


def survey_schema(
    jaar: int, codebook: Codebook | None = None, zonder: Collection[str] = ()
) -> pa.DataFrameSchema:
    """The pandera schema of ``enquete.csv`` for ``jaar``, built from the codebook.

    ``zonder``: columns already reported for another reason, left out so that one defect
    is not reported twice."""
    codebook = codebook or load_codebook()
    columns: dict[str, pa.Column] = {}
    for var in codebook.for_year(jaar):
        if var.naam in zonder:
            continue
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


def routing_problems(
    df: pd.DataFrame, jaar: int, codebook: Codebook, zonder: Collection[str] = ()
) -> list[str]:
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
        if any(c not in df.columns or c in zonder for c in [var.naam, *involved]):
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
        "(data/codebook.yml):\n  - " + "\n  - ".join(lines),
        regels=lines,
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
    df: pd.DataFrame,
    jaar: int,
    codebook: Codebook,
    niet_beantwoord: Collection[str],
    zonder: Collection[str] = (),
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
        if var.type != "code" or var.naam not in df.columns or var.naam in zonder:
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
            if var.routing and any(c in zonder for c in routing_columns(var.routing, codebook)):
                raise TypeError  # a routing column with wrong codes: count everyone
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
    al_gemeld: Collection[str] = (),
) -> pd.DataFrame:
    """Check a survey file read as strings and return it typed (codes as Int64).

    Every column the codebook knows is checked against the questionnaire of ``jaar``: a
    column of an item not asked that year must be blank and is then left out, and an asked
    item nobody answered must be declared in ``niet_beantwoord`` (``meta.yml``) and is then
    left out (not measured). So no number is ever computed from an unvalidated column.

    Every breach of every kind is collected and raised together (the error's ``regels``),
    except identifiers: they are screened first and stop the check at once, so that no
    later message can echo one. ``al_gemeld``: columns a caller has already reported (the
    intake's conversion), passed by here.
    """
    codebook = load_codebook()
    check_no_identifiers(raw, path)
    try:
        expected = codebook.for_year(jaar)
    except CodebookYearError as exc:
        raise DataError(f"{path}: {exc}") from None
    lines = not_asked_problems(raw, jaar, codebook)
    raw = raw.drop(
        columns=[v.naam for v in codebook.variabelen if v.naam in raw and not v.asked_in(jaar)]
    )
    skip = set(al_gemeld)
    missing = [v.naam for v in expected if v.naam not in raw.columns and v.naam not in skip]
    if missing:
        lines.append(
            f"ontbrekende kolom(men) {missing}. Verplicht in {jaar} volgens data/codebook.yml "
            "(kolommen mogen worden toegevoegd, niet hernoemd). Is een vraag dit jaar niet "
            "gesteld, pas dan 'jaren' in het codebook aan"
        )
    skip |= set(missing)
    df, code_lines, bad = _to_codes(raw, [v for v in expected if v.naam not in skip], sep)
    lines += code_lines
    skip |= bad
    for var in expected:
        if var.type in ("id", "categorisch") and var.naam in df.columns and var.naam not in skip:
            df[var.naam] = df[var.naam].str.strip()
    try:
        validated = survey_schema(jaar, codebook, zonder=skip).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        schema_lines = _schema_lines(exc, df, codebook)
        lines += schema_lines
        skip |= {c for c in exc.failure_cases["column"].dropna().astype(str)}
        validated = df
    lines += routing_problems(df, jaar, codebook, zonder=skip)
    lines += unanswered_problems(validated, jaar, codebook, niet_beantwoord, zonder=skip)
    if lines:
        raise _contract_error(path, lines)
    return validated.drop(columns=[c for c in niet_beantwoord if c in validated.columns])


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
            + "\n  - ".join(problems),
            regels=problems,
        )
