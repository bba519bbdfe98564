"""Reading a year's files as text: encodings, CSV lines with their line numbers, ``meta.yml``
and ``populatie.csv``, and :class:`Jaargang`, the year as read.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.codebook import Codebook
from analysis.data.errors import ConfigError, DataError
from analysis.data.files import read_yaml
from analysis.data.paths import config_dir

MAX_ROWS_SHOWN = 10


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
    """Where every record of a frame sits in the file the user has: the CSV line, the Excel
    row or the SPSS case number, kept in ``df.attrs`` for messages.

    Why a class: pandas deep-copies ``attrs`` on every operation (a long list of ints made
    each one cost a copy of the whole list), and ``concat`` compares the frames' ``attrs``
    with ``==`` (a bare numpy array there raised 'truth value of an array is ambiguous' as
    soon as pandera gathered two failure cases). Immutable, so a copy may be itself.
    ``soort`` is the word the user's program uses: 'regel' (a text editor), 'Excel-rij',
    'SPSS-case'.
    """

    __slots__ = ("_lines", "soort")

    def __init__(self, lines: np.ndarray, soort: str = "regel") -> None:
        self._lines = lines
        self.soort = soort

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, pos: int) -> int:
        return int(self._lines[pos])

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FileLines)
            and self.soort == other.soort
            and bool(np.array_equal(self._lines, other._lines))
        )

    def __hash__(self) -> int:
        return hash((self.soort, self._lines.tobytes()))

    def __deepcopy__(self, memo: dict) -> FileLines:
        return self


def _row_label(df: pd.DataFrame, i: int) -> str:
    """One row as the user finds it: 'regel L (rij R; id)' in a CSV (file line, data record
    number and respondent_id), 'Excel-rij L' or 'SPSS-case L' in a delivery.

    Always the same shape, so that a line number is never mistaken for a record number after
    a quoted field with a line break. A frame that was not read from a file has no file
    lines and is described by its record number alone.
    """
    pos = df.index.get_loc(i)
    lines = df.attrs.get("regels")
    rid = df.at[i, "respondent_id"] if "respondent_id" in df.columns else None
    rid_text = f"; {rid}" if isinstance(rid, str) else ""
    if lines is not None and len(lines) == len(df):
        if lines.soort != "regel":
            return f"{lines.soort} {lines[pos]}"
        return f"regel {lines[pos]} (rij {pos + 1}{rid_text})"
    return f"rij {pos + 1}" + (f" ({rid})" if isinstance(rid, str) else "")


def _rows(df: pd.DataFrame, mask: pd.Series) -> str:
    """Describe offending rows by file line, record and respondent_id, at most MAX_ROWS_SHOWN."""
    idx = list(df.index[mask.to_numpy()])
    shown = [_row_label(df, i) for i in idx[:MAX_ROWS_SHOWN]]
    more = f" en nog {len(idx) - MAX_ROWS_SHOWN}" if len(idx) > MAX_ROWS_SHOWN else ""
    return ", ".join(shown) + more


# --------------------------------------------------------------------------- the folder
# How a year's invitation went (meta.yml: uitnodiging); the chapters choose their words by it.
UITNODIGINGEN = ("e-mail", "brief")
DATUM = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
VELDWERK_VOORBEELD = (
    "'veldwerk' is de periode van het veldwerk, in datums of in maanden, bv.\n"
    "    veldwerk:\n      van: 2024-10-01\n      tot: 2024-10-21\n"
    "  of\n    veldwerk:\n      van: 2024-10\n      tot: 2024-11\n"
    "  en desgewenst 'toelichting:' (een zin over herinneringen of duur)"
)


@dataclass(frozen=True)
class Veldwerk:
    """The fieldwork period of a wave, as dates. Why structured: the report states the
    period with dates, as the 2023 edition did ('oktober 2023'); a free phrase such as 'het
    najaar' cannot be checked against the year, nor said in English. ``op_dag``: whether
    the delivery gave days, or only months (then ``van`` is the first and ``tot`` the last
    day of their months)."""

    van: date
    tot: date
    op_dag: bool
    toelichting: str = ""


def _dag(waarde: object, eind: bool) -> tuple[date, bool] | None:
    """A date or a month ('2024-10') from meta.yml: the day, and whether a day was given."""
    if isinstance(waarde, datetime):
        return waarde.date(), True
    if isinstance(waarde, date):
        return waarde, True
    m = DATUM.match(str(waarde).strip())
    if not m:
        return None
    jaar, maand = int(m[1]), int(m[2])
    try:
        if m[3]:
            return date(jaar, maand, int(m[3])), True
        laatste = calendar.monthrange(jaar, maand)[1] if 1 <= maand <= 12 else 0
        return date(jaar, maand, laatste if eind else 1), False
    except ValueError:
        return None


def veldwerk(meta: dict) -> Veldwerk:
    """The fieldwork period of ``meta.yml`` (validated by :func:`read_meta`)."""
    periode = _veldwerk(meta.get("veldwerk"), int(meta["jaar"]))
    if isinstance(periode, str):
        raise DataError(f"meta.yml: {periode}.")
    return periode


def _veldwerk(waarde: object, jaar: int) -> Veldwerk | str:
    """The period, or what is wrong with it (a message to act on)."""
    if not isinstance(waarde, dict) or "van" not in waarde or "tot" not in waarde:
        return f"{VELDWERK_VOORBEELD}; gevonden {waarde!r}"
    onbekend = sorted(set(map(str, waarde)) - {"van", "tot", "toelichting"})
    if onbekend:  # a typo ('toelichtnig') would otherwise be dropped without a word
        return f"veldwerk kent alleen 'van', 'tot' en 'toelichting', niet {onbekend}"
    van, tot = _dag(waarde["van"], eind=False), _dag(waarde["tot"], eind=True)
    if van is None or tot is None:
        fout = "van" if van is None else "tot"
        return f"veldwerk '{fout}' is geen datum (JJJJ-MM-DD) of maand (JJJJ-MM): {waarde[fout]!r}"
    if van[1] != tot[1]:
        return "veldwerk 'van' en 'tot' zijn allebei datums of allebei maanden"
    if tot[0] < van[0]:
        return f"veldwerk 'tot' ({waarde['tot']}) ligt vóór 'van' ({waarde['van']})"
    if (tot[0] - van[0]).days > 366:  # '2026-10' for '2024-10': a typo, not a fieldwork
        return (
            f"het veldwerk loopt van {waarde['van']} tot {waarde['tot']}, langer dan een jaar: "
            "staat er een tikfout in een jaartal?"
        )
    if van[0].year != jaar:
        return (
            f"het veldwerk begint in {van[0].year}, maar 'jaar' is {jaar}: de meting van een "
            "jaar begint in dat jaar"
        )
    toelichting = waarde.get("toelichting") or ""
    if not isinstance(toelichting, str):
        return f"veldwerk 'toelichting' is een zin, gevonden {toelichting!r}"
    return Veldwerk(van[0], tot[0], van[1], toelichting.strip())


def read_meta(path: Path, jaar: int | None = None) -> dict:
    """``meta.yml``, with every value the report prints checked. ``jaar``: the year of the
    folder, against which the fieldwork period is checked (a ``jaar`` in the file that
    differs from the folder is reported by the consistency check, in its own words)."""
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
        "uitnodiging",
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
    if meta["uitnodiging"] not in UITNODIGINGEN:
        fout.append(
            f"'uitnodiging' (hoe de uitnodiging ging) is {' of '.join(UITNODIGINGEN)}, "
            f"gevonden {meta['uitnodiging']!r}"
        )
    if isinstance(jaar or meta["jaar"], int):
        periode = _veldwerk(meta["veldwerk"], jaar or meta["jaar"])
        if isinstance(periode, str):
            fout.append(periode)
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


def weegdimensies() -> list[str]:
    """The dimensions ``populatie.csv`` must hold: the weighting dimensions of
    ``data/weging.yml`` (read here, at the data floor, because the file's contract depends
    on them; :mod:`analysis.statistics.weighting` reads the rest of the scheme)."""
    path = config_dir() / "weging.yml"
    if not path.exists():
        return []
    dims = (read_yaml(path) or {}).get("dimensies") or []
    return [str(d) for d in dims] if isinstance(dims, list) else []


def read_population(path: Path, codebook: Codebook, dimensies: Sequence[str] = ()) -> pd.DataFrame:
    """``populatie.csv`` as counts per dimension and category; every breach reported at once.

    ``dimensies``: the dimensions the file must hold (the weighting dimensions of
    ``data/weging.yml``). Why required: a dimension left out would silently make every
    group of it 'naar rato' (its share of the respondents) in the finite-population
    correction and leave the weighted edition without a target.
    """
    raw, sep = read_csv_text(path)
    expected = ["dimensie", "categorie", "aantal"]
    if list(raw.columns) != expected:
        raise DataError(f"{path}: kolommen {list(raw.columns)}, verwacht {expected}.")
    lines: list[str] = []
    counts = raw["aantal"].str.strip()
    if sep != ",":
        counts = counts.str.replace(".", "", regex=False)  # Dutch thousands separator
    numbers = pd.to_numeric(counts, errors="coerce")
    bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0)
    if bad.any():
        lines.append(f"kolom 'aantal': verwacht gehele aantallen ≥ 0; fout in {_rows(raw, bad)}")
    out = raw.assign(aantal=numbers.where(~bad, 0).astype(int))
    for dim, group in out.groupby("dimensie", sort=False):
        if dim not in codebook:
            lines.append(
                f"kolom 'dimensie': onbekende dimensie '{dim}' (niet in data/codebook.yml)"
            )
            continue
        unknown = sorted(set(group["categorie"]) - set(codebook[dim].allowed))
        if unknown:
            lines.append(
                f"kolom 'categorie': dimensie '{dim}' heeft onbekende categorie(ën) "
                f"{unknown}; verwacht {codebook[dim].allowed}"
            )
    missing = [d for d in dimensies if d not in set(out["dimensie"])]
    if missing:
        lines.append(
            f"kolom 'dimensie': geen aantallen naar {', '.join(missing)}. Het populatiebestand "
            f"geeft de inburgeraars naar {', '.join(dimensies)} (de dimensies van "
            "data/weging.yml); zonder die aantallen zou de omvang van elke groep worden "
            "geschat naar rato. Vraag de ontbrekende aantallen op bij de gemeente"
        )
    if lines:
        raise DataError(f"{path}:\n  - " + "\n  - ".join(lines), regels=lines)
    return out


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
