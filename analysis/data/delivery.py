"""Intake, step one: reading the fieldwork bureau's delivery (SPSS ``.sav`` or Excel ``.xlsx``)
and the mapping (``data/intake.yml``) from its columns and labels to the contract.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.data.codebook import Variable, load_codebook
from analysis.data.errors import DataError
from analysis.data.identifiers import BSN_OR_IBAN, EMAIL, PHONE
from analysis.data.paths import config_dir, year_dir

IP_ADDRESS = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b")
VALUE_PATTERNS = (
    ("e-mailadressen", EMAIL),
    ("telefoonnummers", PHONE),
    ("IP-adressen", IP_ADDRESS),
    ("BSN- of IBAN-achtige nummers", BSN_OR_IBAN),
)


# --------------------------------------------------------------------------- the mapping
@dataclass
class Koppeling:
    """Which bureau column becomes which contract column, and what is dropped."""

    respondentnummer: str | None
    kolommen: dict[str, str]
    verwijderen: dict[str, str]
    bronnen: list[Path] = field(default_factory=list)


def _read_yaml(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: geen geldige YAML ({exc}).") from exc
    if not isinstance(raw, dict):
        raise DataError(f"{path}: verwacht de sleutels respondentnummer, kolommen, verwijderen.")
    unknown = sorted(set(raw) - {"respondentnummer", "kolommen", "verwijderen"})
    if unknown:
        raise DataError(
            f"{path}: onbekende sleutel(s) {unknown}; verwacht respondentnummer, kolommen, "
            "verwijderen."
        )
    for key in ("kolommen", "verwijderen"):
        if not isinstance(raw.get(key) or {}, dict):
            raise DataError(f"{path}: '{key}' moet een lijst 'bureaunaam: ...' zijn.")
    return raw


def load_mapping(jaar: int, base: Path | None = None, path: Path | None = None) -> Koppeling:
    """The project's mapping, with the year's own ``intake.yml`` on top of it.

    Why merged and not replaced: bureaus change one or two names between years; the year file
    then holds only those, and the shared file stays the one place for the rest.
    """
    codebook = load_codebook()
    files = [path or config_dir() / "intake.yml"]
    year_file = year_dir(jaar, base) / "intake.yml"
    if path is None and year_file.exists():
        files.append(year_file)
    respondentnummer: str | None = None
    kolommen: dict[str, str] = {}
    verwijderen: dict[str, str] = {}
    for f in files:
        if not f.exists():
            raise DataError(f"{f}: koppelbestand ontbreekt (zie data/README.md, 'Intake').")
        raw = _read_yaml(f)
        if raw.get("respondentnummer"):
            respondentnummer = str(raw["respondentnummer"]).strip()
        own = {str(b).strip(): str(t).strip() for b, t in (raw.get("kolommen") or {}).items()}
        own_targets = list(own.values())
        twice = sorted({t for t in own_targets if own_targets.count(t) > 1})
        if twice:
            raise DataError(
                f"{f}: doelkolom(men) "
                + ", ".join(f"'{t}' ({', '.join(_sources(own, t))})" for t in twice)
                + " krijgen meer dan één kolom van het bureau; elke contractkolom komt uit één "
                "kolom van de levering."
            )
        # A later file (the year's) that names a new source for a column replaces the old one.
        kolommen = {b: t for b, t in kolommen.items() if t not in own_targets}
        for bureau, target in own.items():
            verwijderen.pop(bureau, None)
            kolommen[bureau] = target
        for bureau, reason in (raw.get("verwijderen") or {}).items():
            kolommen.pop(str(bureau).strip(), None)
            verwijderen[str(bureau).strip()] = str(reason or "").strip()
    where = " + ".join(str(f) for f in files)
    problems = []
    unknown = sorted({t for t in kolommen.values() if t not in codebook})
    if unknown:
        problems.append(f"doelkolom(men) {unknown} staan niet in data/codebook.yml")
    if "respondent_id" in kolommen.values():
        problems.append(
            "'respondent_id' wordt door de intake zelf gemaakt; zet het nummer van het bureau "
            "onder 'respondentnummer'"
        )
    if respondentnummer and (respondentnummer in kolommen or respondentnummer in verwijderen):
        problems.append(
            f"'{respondentnummer}' is het respondentnummer en mag niet ook onder "
            "kolommen of verwijderen staan"
        )
    if problems:
        raise DataError(f"{where}: het koppelbestand klopt niet:\n  - " + "\n  - ".join(problems))
    return Koppeling(respondentnummer, kolommen, verwijderen, files)


# --------------------------------------------------------------------------- the delivery
@dataclass
class Levering:
    """A delivery as read: columns as the bureau named them, values as delivered.

    ``rijen`` holds, per row of ``frame``, the number the data manager finds it under: the
    Excel row (as Excel numbers it, header included, blank rows counted) or the SPSS case.
    """

    path: Path
    soort: str  # "SPSS" | "Excel"
    frame: pd.DataFrame
    labels: dict[str, dict[object, str]]  # SPSS value labels per column (empty for Excel)
    werkblad: str | None = None
    rijen: list[int] = field(default_factory=list)
    werkbladen: tuple[str, ...] = ()

    @property
    def rijwoord(self) -> str:
        return "Excel-rij" if self.soort == "Excel" else "SPSS-case"

    def rij(self, pos: int) -> int:
        """The row number the user sees for the row at position ``pos`` of the frame."""
        if len(self.rijen) == len(self.frame):
            return self.rijen[pos]
        return pos + (2 if self.soort == "Excel" else 1)

    def waar(self) -> str:
        """The file, and for a workbook the sheet read: the head of every message."""
        return f"{self.path} (werkblad '{self.werkblad}')" if self.werkblad else str(self.path)


def read_delivery(
    path: Path, werkblad: str | None = None, bekend: Collection[str] = ()
) -> Levering:
    """Read a ``.sav`` or ``.xlsx`` delivery without changing any value.

    ``werkblad``: the worksheet to read (``--werkblad``); without it the sheet that holds
    the data is found by its header (the sheet whose header names most of the columns in
    ``bekend``, the mapping's and the codebook's names), so that a workbook opening with a
    cover or explanation sheet is read right.
    """
    if not path.exists():
        raise DataError(f"{path}: de levering bestaat niet.")
    suffix = path.suffix.lower()
    if suffix == ".sav":
        return _read_sav(path)
    if suffix == ".xlsx":
        return _read_xlsx(path, werkblad, bekend)
    raise DataError(
        f"{path}: onbekend bestandstype '{path.suffix}'. De intake leest SPSS (.sav) en Excel "
        "(.xlsx); een enquete.csv in de vorm van het contract zet u direct in data/<jaar>/."
    )


def _read_sav(path: Path) -> Levering:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat raises its own error types per defect
        raise DataError(
            f"{path}: niet te lezen als SPSS-bestand ({type(exc).__name__}). Vraag het "
            "veldwerkbureau om een .sav uit SPSS (of een .xlsx)."
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    # Every column as Python objects: an SPSS column may be numeric, text, or entirely
    # empty (a question not asked that year), and the checks below read cells one by one.
    frame = frame.astype(object).where(frame.notna(), None)
    frame = frame.map(lambda v: None if isinstance(v, str) and not v.strip() else v)
    labels = {str(k).strip(): dict(v) for k, v in meta.variable_value_labels.items()}
    return Levering(path, "SPSS", frame, labels, rijen=list(range(1, len(frame) + 1)))


def _sheet_rows(ws: object) -> list[tuple[int, list[object]]]:
    """The non-blank rows of a worksheet with their Excel row numbers (1-based)."""
    rows = []
    for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):  # type: ignore[attr-defined]
        cells = [None if isinstance(v, str) and not v.strip() else v for v in values]
        if any(v is not None for v in cells):
            rows.append((number, cells))
    return rows


def _header(rows: list[tuple[int, list[object]]]) -> list[str]:
    return ["" if v is None else str(v).strip() for v in rows[0][1]] if rows else []


KOP_ZOEKEN = 10  # rows at the top of a sheet in which the header row is looked for


def _from_header(
    rows: list[tuple[int, list[object]]], bekend: Collection[str]
) -> list[tuple[int, list[object]]]:
    """The sheet's rows from its header row on: the row among the first :data:`KOP_ZOEKEN`
    that names most of the known columns (a title or a note above the header, as bureaus
    put there, is passed over); the first row when none names one."""
    known = {normalise(k) for k in bekend}
    if not known:
        return rows
    score = [
        sum(normalise(v) in known for v in cells if v is not None)
        for _, cells in rows[:KOP_ZOEKEN]
    ]
    if not score or max(score) == 0:
        return rows
    return rows[score.index(max(score)) :]


def _choose_sheet(
    path: Path,
    sheets: dict[str, list[tuple[int, list[object]]]],
    werkblad: str | None,
    bekend: Collection[str],
) -> str:
    names = list(sheets)
    listed = ", ".join(f"'{n}'" for n in names)
    if werkblad is not None:
        if werkblad not in sheets:
            raise DataError(
                f"{path}: de werkmap heeft geen werkblad '{werkblad}'; wel: {listed}. Kies er "
                "een met --werkblad (make intake ... WERKBLAD=naam)."
            )
        return werkblad
    if len(names) == 1:
        return names[0]
    known = {normalise(k) for k in bekend}
    score = {
        n: sum(normalise(h) in known for h in _header(_from_header(r, bekend)) if h)
        for n, r in sheets.items()
    }
    best = max(score.values())
    winners = [n for n in names if score[n] == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    detail = ", ".join(f"'{n}' ({score[n]} bekende kolommen)" for n in names)
    why = (
        "meer dan één werkblad lijkt de gegevens te bevatten"
        if best > 0
        else "geen werkblad heeft een kopregel met kolommen uit het koppelbestand"
    )
    raise DataError(
        f"{path}: de werkmap heeft {len(names)} werkbladen en {why}: {detail}. Kies het "
        "werkblad met de gegevens met --werkblad NAAM (make intake ... WERKBLAD=NAAM)."
    )


def _read_xlsx(path: Path, werkblad: str | None, bekend: Collection[str]) -> Levering:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = {str(ws.title): _sheet_rows(ws) for ws in workbook.worksheets}
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises zip, XML and key errors for broken files
        raise DataError(
            f"{path}: niet te lezen als Excel-werkmap ({type(exc).__name__}). Sla het "
            "bestand op als 'Excel-werkmap (.xlsx)'."
        ) from exc
    if not sheets:
        raise DataError(f"{path}: de werkmap heeft geen werkbladen.")
    sheet = _choose_sheet(path, sheets, werkblad, bekend)
    rows = _from_header(sheets[sheet], bekend)
    if not rows:
        raise DataError(f"{path}: werkblad '{sheet}' is leeg.")
    header_row, _ = rows[0]
    header = _header(rows)
    # a repeated name would be renamed by pandas ('v7.1'): check the header as written
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise DataError(
            f"{path}: kolom(men) {repeated} staan meer dan eens in de kopregel (Excel-rij "
            f"{header_row}) van werkblad '{sheet}'. Elke kolom mag maar één keer voorkomen."
        )
    width = len(header)
    body = [cells + [None] * (width - len(cells)) for _, cells in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    unnamed = [_column_letter(i) for i, h in enumerate(header) if not h and frame[i].notna().any()]
    if unnamed:
        raise DataError(
            f"{path}: kolom(men) {', '.join(unnamed)} van werkblad '{sheet}' hebben gegevens "
            f"maar geen naam in de kopregel (Excel-rij {header_row})."
        )
    keep = [i for i, h in enumerate(header) if h]
    frame = frame[keep]
    frame.columns = [header[i] for i in keep]
    frame = frame.astype(object).where(frame.notna(), None)
    if frame.empty:
        raise DataError(f"{path}: werkblad '{sheet}' heeft een kopregel maar geen gegevens.")
    return Levering(
        path,
        "Excel",
        frame.reset_index(drop=True),
        {},
        werkblad=sheet,
        rijen=[number for number, _ in rows[1:]],
        werkbladen=tuple(sheets),
    )


def _column_letter(index: int) -> str:
    """Excel's name of the column at 0-based ``index`` (0 -> 'A', 27 -> 'AB')."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- helpers
def normalise(text: object) -> str:
    """Text compared case- and spacing-insensitively ('Zeer  Tevreden ' == 'zeer tevreden')."""
    s = unicodedata.normalize("NFKC", str(text)).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(s.casefold().split())


def _as_text(value: object) -> str:
    """A delivered cell as text, whole floats without '.0' (SPSS stores every number as float)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _whole(value: object) -> int | None:
    """The whole number a cell holds, or None when it holds text or a fraction."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _sources(kolommen: dict[str, str], target: str) -> list[str]:
    """The bureau columns mapped to one contract column."""
    return [b for b, t in kolommen.items() if t == target]


def _filled(series: pd.Series) -> pd.Series:
    """Cells holding something (blank text counts as empty, as in a CSV)."""
    return series.map(lambda v: pd.notna(v) and str(v).strip() != "").astype(bool)


def _delivery_rows(lev: Levering, mask: pd.Series) -> str:
    """Rows of the delivery as the data manager finds them (Excel row or SPSS case)."""
    positions = [lev.frame.index.get_loc(i) for i in mask[mask].index]
    shown = ", ".join(f"{lev.rijwoord} {lev.rij(p)}" for p in positions[:MAX_SHOWN])
    more = f" en nog {len(positions) - MAX_SHOWN}" if len(positions) > MAX_SHOWN else ""
    return shown + more


def _code_lookup(var: Variable) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for code, texts in var.codes.items():
        for taal in ("nl", "en"):
            if texts.get(taal):
                lookup.setdefault(normalise(texts[taal]), code)
    return lookup


def _category_lookup(var: Variable) -> dict[str, str]:
    lookup = {normalise(c): c for c in var.categorieen}
    for cat, label in var.labels_nl.items():
        lookup.setdefault(normalise(label), cat)
    return lookup


def _scale_text(var: Variable) -> str:
    return "; ".join(f"{c} = '{t['nl']}'" for c, t in sorted(var.codes.items()))


# --------------------------------------------------------------------------- checks
def check_labels(bureau: str, var: Variable, labels: dict[object, str]) -> list[str]:
    """Compare the SPSS value labels of one code column with the codebook's answer texts.

    Why an error and no automatic recode: a scale that looks reversed or shifted may be a
    labelling slip or a real recode at the bureau; only the bureau knows which. Guessing
    wrong would turn every 'goed' into 'slecht' without any check noticing.
    """
    lookup = _code_lookup(var)
    lines = []
    moves: list[tuple[int, int]] = []
    for raw_code, label in sorted(labels.items(), key=lambda kv: float(kv[0])):
        code = _whole(raw_code)
        expected = var.codes.get(code) if code is not None else None
        found = lookup.get(normalise(label))
        if expected is not None and found == code:
            continue
        head = (
            f"kolom '{bureau}' ({var.naam}): code {_as_text(raw_code)} heet in de levering "
            f"'{label}'"
        )
        if expected is not None and found is not None:
            moves.append((code, found))
            lines.append(
                f"{head}, in het codebook '{expected['nl']}' (daar is '{label}' code {found})"
            )
        elif expected is not None:
            lines.append(
                f"{head}, in het codebook '{expected['nl']}'; het codebook kent de tekst "
                f"'{label}' niet (schaal {var.schaal}: {_scale_text(var)})"
            )
        elif found is not None:
            if code is not None:
                moves.append((code, found))
            lines.append(
                f"{head}; het codebook kent code {_as_text(raw_code)} niet en geeft "
                f"'{label}' code {found}"
            )
        else:
            lines.append(
                f"{head}; het codebook kent code en tekst niet (schaal {var.schaal}: "
                f"{_scale_text(var)})"
            )
    if moves and len(moves) == len(lines) and len(moves) >= 2:
        sums = {a + b for a, b in moves}
        shifts = {b - a for a, b in moves}
        if len(sums) == 1:
            lines.append(
                f"kolom '{bureau}' ({var.naam}): de schaal staat omgekeerd ten opzichte van het "
                "codebook"
            )
        elif len(shifts) == 1:
            lines.append(
                f"kolom '{bureau}' ({var.naam}): de codes zijn verschoven "
                f"({shifts.pop():+d} ten opzichte van het codebook)"
            )
    return lines


def is_datum(value: object) -> bool:
    """A cell Excel stored as a date or time (a code typed as '1-2' becomes 2 January)."""
    import datetime as dt

    return isinstance(value, dt.date | dt.time)


def identifier_values(lev: Levering, columns: list[str]) -> list[str]:
    """Mapped columns holding values that look like direct identifiers (counts, no values).

    A date is no identifier, though its text ('2023-01-02 00:00:00') looks like a phone
    number: it is left to the code check, which names it as a date."""
    problems = []
    for col in columns:
        kolom = lev.frame[col].dropna()
        values = kolom[~kolom.map(is_datum)].map(_as_text).astype(object)
        if values.empty:
            continue  # an empty column (a question not asked) holds nothing to screen
        for label, pattern in VALUE_PATTERNS:
            hits = values.map(lambda v, p=pattern: bool(p.search(v)))
            if hits.any():
                mask = pd.Series(False, index=lev.frame.index)
                mask[hits[hits].index] = True
                problems.append(
                    f"kolom '{col}' bevat {label} ({int(hits.sum())} cellen; "
                    f"{_delivery_rows(lev, mask)})"
                )
                break
    return problems


MAX_SHOWN = 10
