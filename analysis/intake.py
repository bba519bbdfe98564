"""Intake: the fieldwork bureau's delivery (SPSS ``.sav`` or Excel ``.xlsx``) -> the contract.

    python -m analysis.intake LEVERING.sav --jaar 2025 [--koppeling PAD] [--overschrijf]

Why a separate step: researchers do not receive ``enquete.csv`` in the contract's shape. The
bureau delivers its own column names, its own respondent numbers, the e-mail addresses that
respondents left for an interview (V10/V11) and sometimes free text. Converting that by hand
is where codes get shifted and identifiers leak. This step does it the same way every year:

1. read the delivery (SPSS: codes with their value labels, user-defined missing codes such
   as 9 'weet niet' kept as codes, because they count in every denominator; Excel: the first
   worksheet, text answers);
2. sort every delivered column through the mapping file (``data/intake.yml``, overridden by
   ``data/<jaar>/intake.yml``): mapped to a contract column, declared as dropped, or the
   bureau's respondent number. Any other column stops the intake with its name;
3. drop identifiers in memory (nothing is written yet) and refuse when a mapped column still
   holds values that look like e-mail addresses, phone numbers, IP addresses or BSN/IBAN;
4. SPSS: check every value label against the codebook's answer texts -- a shifted code, a
   reversed scale or an unknown label is an error naming the column, the code and both
   texts, never silently recoded. Excel: map text answers through the codebook's labels;
5. validate the result with :mod:`analysis.load` exactly as a delivered CSV (with
   ``meta.yml`` and ``populatie.csv`` when they are already there), in memory or in a
   temporary folder;
6. only then write ``data/<jaar>/enquete.csv`` and ``data/<jaar>/intake-verslag.md``
   (atomically). Messages and the report give column names and counts, never values.

Exit codes: 0 written, 2 the delivery cannot become a valid contract file (nothing written).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.codebook import Variable, load_codebook
from analysis.load import (
    BSN_OR_IBAN,
    EMAIL,
    IDENTIFIER_NAMES,
    PHONE,
    DataError,
    load_year,
    validate_survey,
)
from analysis.output import atomic_write_text
from analysis.paths import config_dir, data_dir, year_dir

EXIT_DATA = 2
MAX_SHOWN = 10
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
    """A delivery as read: columns as the bureau named them, values as delivered."""

    path: Path
    soort: str  # "SPSS" | "Excel"
    frame: pd.DataFrame
    labels: dict[str, dict[object, str]]  # SPSS value labels per column (empty for Excel)
    werkblad: str | None = None


def read_delivery(path: Path) -> Levering:
    """Read a ``.sav`` or ``.xlsx`` delivery without changing any value."""
    if not path.exists():
        raise DataError(f"{path}: de levering bestaat niet.")
    suffix = path.suffix.lower()
    if suffix == ".sav":
        import pyreadstat

        try:
            frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
        except Exception as exc:  # pyreadstat raises its own error types per defect
            raise DataError(
                f"{path}: niet te lezen als SPSS-bestand ({type(exc).__name__}). Vraag het "
                "veldwerkbureau om een .sav uit SPSS (of een .xlsx)."
            ) from exc
        frame.columns = [str(c).strip() for c in frame.columns]
        labels = {str(k).strip(): dict(v) for k, v in meta.variable_value_labels.items()}
        return Levering(path, "SPSS", frame, labels)
    if suffix == ".xlsx":
        try:
            with pd.ExcelFile(path, engine="openpyxl") as workbook:
                sheet = str(workbook.sheet_names[0])
                grid = pd.read_excel(workbook, sheet_name=sheet, header=None, dtype=object)
        except Exception as exc:  # openpyxl raises zip, XML and key errors for broken files
            raise DataError(
                f"{path}: niet te lezen als Excel-werkmap ({type(exc).__name__}). Sla het "
                "bestand op als 'Excel-werkmap (.xlsx)'."
            ) from exc
        if grid.empty:
            raise DataError(f"{path}: het eerste werkblad is leeg.")
        header = ["" if pd.isna(c) else str(c).strip() for c in grid.iloc[0]]
        # pandas would rename a repeated column to 'v7.1': check the header as written.
        repeated = sorted({h for h in header if h and header.count(h) > 1})
        if repeated:
            raise DataError(
                f"{path}: kolom(men) {repeated} staan meer dan eens in de kopregel van "
                f"werkblad '{sheet}'. Elke kolom mag maar één keer voorkomen."
            )
        body = grid.iloc[1:].copy()
        body.columns = header
        unnamed = [i + 1 for i, h in enumerate(header) if not h and body.iloc[:, i].notna().any()]
        if unnamed:
            raise DataError(
                f"{path}: kolom(men) nummer {unnamed} van werkblad '{sheet}' hebben gegevens "
                "maar geen naam in de kopregel."
            )
        body = body.loc[:, [h for h in header if h]]
        body = body.dropna(how="all").reset_index(drop=True)
        if body.empty:
            raise DataError(f"{path}: werkblad '{sheet}' heeft een kopregel maar geen gegevens.")
        return Levering(path, "Excel", body, {}, werkblad=sheet)
    raise DataError(
        f"{path}: onbekend bestandstype '{path.suffix}'. De intake leest SPSS (.sav) en Excel "
        "(.xlsx); een enquete.csv in de vorm van het contract zet u direct in data/<jaar>/."
    )


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
    positions = [int(i) for i in mask[mask].index]
    offset, word = (2, "Excel-rij") if lev.soort == "Excel" else (1, "SPSS-case")
    shown = ", ".join(f"{word} {p + offset}" for p in positions[:MAX_SHOWN])
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


def identifier_values(lev: Levering, columns: list[str]) -> list[str]:
    """Mapped columns holding values that look like direct identifiers (counts, no values)."""
    problems = []
    for col in columns:
        values = lev.frame[col].dropna().map(_as_text)
        for label, pattern in VALUE_PATTERNS:
            hits = values.str.contains(pattern)
            if hits.any():
                mask = pd.Series(False, index=lev.frame.index)
                mask[hits[hits].index] = True
                problems.append(
                    f"kolom '{col}' bevat {label} ({int(hits.sum())} cellen; "
                    f"{_delivery_rows(lev, mask)})"
                )
                break
    return problems


# --------------------------------------------------------------------------- conversion
@dataclass
class Kolom:
    """What happened to one contract column, for the report."""

    naam: str
    bureau: str
    bewerking: str
    gevuld: int = 0
    leeg: int = 0
    verdeling: str = ""


def _convert_column(lev: Levering, bureau: str, var: Variable) -> tuple[pd.Series, str, list[str]]:
    """One delivered column as contract text (codes as '1', categories as written).

    Returns the column, a description of what was done, and problems found.
    """
    series = lev.frame[bureau]
    labels = lev.labels.get(bureau, {})
    out = pd.Series(pd.NA, index=series.index, dtype="object")
    filled = _filled(series)
    problems: list[str] = []
    if var.type in ("code", "binair"):
        lookup = _code_lookup(var)
        if labels:
            problems += check_labels(bureau, var, labels)
            how = f"labels gecontroleerd tegen het codebook (schaal {var.schaal})"
        else:
            how = "codes overgenomen (geen labels in de levering, niet te controleren)"
        as_code = series.map(_whole)
        is_text = filled & as_code.isna() & series.map(lambda v: isinstance(v, str))
        if is_text.any():
            mapped = series[is_text].map(lambda v: lookup.get(normalise(v)))
            unknown = mapped.isna()
            if unknown.any():
                mask = pd.Series(False, index=series.index)
                mask[unknown[unknown].index] = True
                problems.append(
                    f"kolom '{bureau}' ({var.naam}): {int(unknown.sum())} cel(len) met "
                    f"{series[mask].map(normalise).nunique()} antwoordtekst(en) die niet in "
                    f"het codebook staan ({_delivery_rows(lev, mask)}); verwacht een van: "
                    f"{_scale_text(var)}. De teksten worden niet getoond."
                )
            as_code = as_code.astype("object")
            as_code[is_text] = mapped
            how = (
                f"tekst omgezet via de labels van het codebook (schaal {var.schaal})"
                if not (filled & ~is_text).any()
                else f"tekst omgezet via het codebook, getallen als code overgenomen "
                f"(schaal {var.schaal})"
            )
        other = filled & as_code.isna() & ~is_text
        if other.any():
            problems.append(
                f"kolom '{bureau}' ({var.naam}): {int(other.sum())} cel(len) zijn geen "
                f"geheel getal en geen antwoordtekst ({_delivery_rows(lev, other)})"
            )
        ok = filled & as_code.notna()
        out[ok] = as_code[ok].map(lambda c: str(int(c)))
        return out, how, problems
    # categorisch: text, or SPSS codes whose labels name the category
    lookup = _category_lookup(var)
    if labels:
        how = "categorie via het SPSS-label"
        texts = series.map(lambda v: labels.get(v, labels.get(_whole(v), v)) if pd.notna(v) else v)
        for raw_code, label in sorted(labels.items(), key=lambda kv: str(kv[0])):
            if normalise(label) not in lookup:
                problems.append(
                    f"kolom '{bureau}' ({var.naam}): code {_as_text(raw_code)} heet in de "
                    f"levering '{label}'; het codebook kent die categorie niet (verwacht "
                    f"{', '.join(var.categorieen)})"
                )
    else:
        how = "tekst vergeleken met de categorieën van het codebook"
        texts = series
    mapped = texts.map(lambda v: lookup.get(normalise(_as_text(v))) if pd.notna(v) else None)
    unknown = filled & mapped.isna()
    if unknown.any() and not labels:
        problems.append(
            f"kolom '{bureau}' ({var.naam}): {int(unknown.sum())} cel(len) met een categorie "
            f"die niet in het codebook staat ({_delivery_rows(lev, unknown)}); verwacht een "
            f"van: {', '.join(var.categorieen)}. De waarden worden niet getoond."
        )
    elif unknown.any():
        unlabelled = unknown & texts.map(lambda v: normalise(_as_text(v)) not in lookup)
        if unlabelled.any() and not problems:
            problems.append(
                f"kolom '{bureau}' ({var.naam}): {int(unlabelled.sum())} cel(len) met een code "
                f"zonder label ({_delivery_rows(lev, unlabelled)})"
            )
    ok = filled & mapped.notna()
    out[ok] = mapped[ok]
    return out, how, problems


def _distribution(values: pd.Series, var: Variable) -> str:
    counts = values.dropna().value_counts()
    if var.type in ("code", "binair"):
        keys = sorted(counts.index, key=int)
    else:
        order = {c: i for i, c in enumerate(var.categorieen)}
        keys = sorted(counts.index, key=lambda k: order.get(k, len(order)))
    return " · ".join(f"{k}: {int(counts[k])}" for k in keys)


@dataclass
class Resultaat:
    """The converted survey and everything the report says about it."""

    jaar: int
    levering: Levering
    koppeling: Koppeling
    enquete: pd.DataFrame
    kolommen: list[Kolom]
    verwijderd: list[tuple[str, str, int]]
    respondentnummer: str | None
    checksum: str
    volledig_gecontroleerd: bool = False


def convert(lev: Levering, koppeling: Koppeling, jaar: int) -> Resultaat:
    """Map, screen and recode a delivery in memory; raise DataError with every problem found."""
    codebook = load_codebook()
    delivered = list(lev.frame.columns)
    unknown = [
        c
        for c in delivered
        if c != koppeling.respondentnummer
        and c not in koppeling.kolommen
        and c not in koppeling.verwijderen
        and c not in codebook
    ]
    if unknown:
        hints = [
            f"'{c}'"
            + (
                " (de naam wijst op een persoonsgegeven: zet hem onder verwijderen)"
                if IDENTIFIER_NAMES.search(c)
                else ""
            )
            for c in unknown
        ]
        raise DataError(
            f"{lev.path}: kolom(men) van de levering die niet in het koppelbestand staan: "
            + ", ".join(hints)
            + ". Zet elke kolom onder 'kolommen' (naam in het contract) of onder 'verwijderen' "
            f"in {' of '.join(str(f) for f in koppeling.bronnen[:1])} (of in "
            f"data/{jaar}/intake.yml voor dit jaar alleen). Er is niets geschreven."
        )
    mapping = {b: t for b, t in koppeling.kolommen.items() if b in delivered}
    for c in delivered:
        if c in codebook and c not in mapping and c not in koppeling.verwijderen:
            if c == "respondent_id":
                raise DataError(
                    f"{lev.path}: de levering heeft een kolom 'respondent_id'. De intake maakt "
                    "zelf betekenisloze nummers; zet de kolom onder 'respondentnummer' of "
                    "'verwijderen' in het koppelbestand."
                )
            mapping[c] = c
    taken = {}
    for bureau, target in mapping.items():
        taken.setdefault(target, []).append(bureau)
    clash = {t: b for t, b in taken.items() if len(b) > 1}
    if clash:
        raise DataError(
            f"{lev.path}: meer dan één kolom van de levering wordt dezelfde contractkolom: "
            + "; ".join(f"{t} <- {', '.join(b)}" for t, b in sorted(clash.items()))
        )
    missing = [
        f"'{v.naam}' (verwacht uit {', '.join(_sources(koppeling.kolommen, v.naam)) or v.naam})"
        for v in codebook.for_year(jaar)
        if v.type != "id" and v.naam not in mapping.values()
    ]
    if missing:
        raise DataError(
            f"{lev.path}: contractkolom(men) die de levering niet heeft: {', '.join(missing)}. "
            f"Verplicht in {jaar} volgens data/codebook.yml: vraag de kolom op bij het bureau, "
            "of zet de naam die het bureau gebruikt onder 'kolommen' in het koppelbestand."
        )
    if koppeling.respondentnummer and koppeling.respondentnummer not in delivered:
        raise DataError(
            f"{lev.path}: het respondentnummer '{koppeling.respondentnummer}' uit het "
            "koppelbestand staat niet in de levering; pas 'respondentnummer' aan."
        )
    # Privacy first: nothing below may echo a value of a column that holds identifiers.
    leaks = identifier_values(lev, list(mapping))
    if leaks:
        raise DataError(
            f"{lev.path}: PRIVACY — kolommen die worden overgenomen bevatten (vermoedelijk) "
            "directe persoonsgegevens. Zet ze onder 'verwijderen' in het koppelbestand of laat "
            "het bureau ze leeg leveren. De waarden worden bewust niet getoond; er is niets "
            "geschreven.\n  - " + "\n  - ".join(leaks)
        )
    problems: list[str] = []
    columns: dict[str, pd.Series] = {}
    kolommen: list[Kolom] = []
    for bureau, target in mapping.items():
        var = codebook[target]
        values, how, found = _convert_column(lev, bureau, var)
        problems += found
        columns[target] = values
        if bureau == target and how.startswith("tekst vergeleken"):
            how = "ongewijzigd (zelfde naam als het contract)"
        kolommen.append(Kolom(target, bureau, how))
    if problems:
        raise DataError(
            f"{lev.path}: de antwoorden passen niet bij het codebook (data/codebook.yml). "
            "Vraag het bureau om een levering met de codes en teksten van het codebook; de "
            "intake hercodeert niet op goed geluk. Er is niets geschreven.\n  - "
            + "\n  - ".join(problems)
        )
    n = len(lev.frame)
    width = max(4, len(str(n)))
    ids = pd.Series([f"R{jaar}-{i:0{width}d}" for i in range(1, n + 1)], index=lev.frame.index)
    order = ["respondent_id", *[v.naam for v in codebook.variabelen if v.naam in columns]]
    enquete = pd.DataFrame({"respondent_id": ids, **columns})[order].reset_index(drop=True)
    by_name = {k.naam: k for k in kolommen}
    for k in kolommen:
        col = enquete[k.naam]
        k.gevuld = int(col.notna().sum())
        k.leeg = n - k.gevuld
        k.verdeling = _distribution(col, codebook[k.naam])
    verwijderd = [
        (c, koppeling.verwijderen[c], int(_filled(lev.frame[c]).sum()))
        for c in delivered
        if c in koppeling.verwijderen
    ]
    return Resultaat(
        jaar=jaar,
        levering=lev,
        koppeling=koppeling,
        enquete=enquete,
        kolommen=[by_name[c] for c in order if c in by_name],
        verwijderd=verwijderd,
        respondentnummer=koppeling.respondentnummer,
        checksum=sha256(lev.path),
    )


# --------------------------------------------------------------------------- validation
def to_csv_text(enquete: pd.DataFrame) -> str:
    return enquete.to_csv(index=False, lineterminator="\n")


def validate(res: Resultaat, folder: Path) -> None:
    """Run the contract's own validation on the result before anything is written.

    With ``meta.yml`` and ``populatie.csv`` already in the year folder, the whole folder is
    checked (in a temporary copy) as ``make report`` would; otherwise the survey file alone.
    """
    target = folder / "enquete.csv"
    text = to_csv_text(res.enquete)
    context = (
        f"De levering {res.levering.path.name} geeft na omzetting geen geldig enquete.csv "
        "(gecontroleerd vóór het schrijven; er is niets geschreven). 'rij N' is de N-de "
        "respondent van de levering.\n"
    )
    if (folder / "meta.yml").exists() and (folder / "populatie.csv").exists():
        with tempfile.TemporaryDirectory(prefix="intake-") as tmp:
            stage = Path(tmp) / str(res.jaar)
            stage.mkdir()
            (stage / "enquete.csv").write_text(text, encoding="utf-8", newline="\n")
            for name in ("meta.yml", "populatie.csv"):
                shutil.copyfile(folder / name, stage / name)
            try:
                load_year(res.jaar, Path(tmp))
            except DataError as exc:
                raise DataError(context + str(exc).replace(str(stage), str(folder))) from None
        res.volledig_gecontroleerd = True
    else:
        # Read back exactly as load_year reads a delivered file: every cell a string.
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
        try:
            validate_survey(raw, res.jaar, target)
        except DataError as exc:
            raise DataError(context + str(exc)) from None


# --------------------------------------------------------------------------- the report
def report_text(res: Resultaat, folder: Path) -> str:
    """``intake-verslag.md``: what came in, what went out, what the researcher still owes.

    No timestamp: the same delivery gives the same report, byte for byte.
    """
    lev = res.levering
    n = len(res.enquete)
    bron = f"{lev.soort} (`{lev.path.suffix.lower()}`)" + (
        f", werkblad '{lev.werkblad}'" if lev.werkblad else ""
    )
    koppeling = ", ".join(f"`{_display(f)}`" for f in res.koppeling.bronnen)
    lines = [
        f"# Intakeverslag {res.jaar}",
        "",
        "Gemaakt door `python -m analysis.intake` uit de levering van het veldwerkbureau. Dit "
        "verslag noemt kolommen en aantallen, nooit waarden van respondenten.",
        "",
        "## Bron",
        "",
        f"- bestand: `{lev.path.name}` — {bron}",
        f"- sha256: `{res.checksum}`",
        f"- respondenten (rijen): {n}; kolommen in de levering: {lev.frame.shape[1]}",
        f"- koppelbestand: {koppeling}",
        "",
        "## Respondentnummers",
        "",
    ]
    first, last = res.enquete["respondent_id"].iloc[0], res.enquete["respondent_id"].iloc[-1]
    if res.respondentnummer:
        lines.append(
            f"De kolom `{res.respondentnummer}` (respondentnummers van het bureau) is niet "
            f"overgenomen. Elke respondent kreeg een nieuw, betekenisloos nummer ({first} t/m "
            f"{last}, in de volgorde van de levering)."
        )
    else:
        lines.append(
            f"De levering had geen respondentnummer van het bureau; elke respondent kreeg een "
            f"betekenisloos nummer ({first} t/m {last}, in de volgorde van de levering)."
        )
    lines += ["", "## Verwijderd (nooit geschreven)", ""]
    if res.verwijderd:
        lines += ["| kolom van het bureau | waarom | gevulde cellen |", "| --- | --- | ---: |"]
        lines += [f"| `{c}` | {why} | {k} |" for c, why, k in res.verwijderd]
    else:
        lines.append("Geen kolommen verwijderd.")
    recoded = [k for k in res.kolommen if not k.bewerking.startswith("ongewijzigd")]
    lines += [
        "",
        "## Overgenomen kolommen",
        "",
        f"{len(res.kolommen)} kolommen naar het contract, waarvan {len(recoded)} hernoemd of "
        "omgezet; daarnaast `respondent_id`.",
        "",
        "| contract | bureau | bewerking | gevuld | leeg | verdeling |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    lines += [
        f"| `{k.naam}` | `{k.bureau}` | {k.bewerking} | {k.gevuld} | {k.leeg} | {k.verdeling} |"
        for k in res.kolommen
    ]
    check = (
        "samen met `meta.yml` en `populatie.csv` van deze map"
        if res.volledig_gecontroleerd
        else "als los bestand (`meta.yml` en/of `populatie.csv` ontbreken nog)"
    )
    lines += [
        "",
        "## Controle",
        "",
        f"`enquete.csv` voldoet aan het datacontract (`data/codebook.yml`, `analysis.load`), "
        f"{check}.",
        "",
        "## Nog aan te leveren door de onderzoeker",
        "",
    ]
    todo = []
    if not (folder / "meta.yml").exists():
        todo.append(
            f"- `data/{res.jaar}/meta.yml`: veldwerkperiode, aantal uitgenodigden, populatie, "
            f"`respondenten: {n}`, aangeboden talen, `synthetisch: false` en de herkomst "
            "(zie data/README.md)."
        )
    if not (folder / "populatie.csv").exists():
        todo.append(
            f"- `data/{res.jaar}/populatie.csv`: de aantallen van het populatiebestand naar "
            "geslacht, leeftijdsgroep en nationaliteit."
        )
    todo.append(
        f"- Optioneel `data/{res.jaar}/citaten.yml`: met de hand gekozen, geanonimiseerde "
        "citaten (vrije tekst gaat nooit via de intake)."
    )
    todo.append(f"- Daarna: `make report JAAR={res.jaar}`.")
    lines += todo
    return "\n".join(lines) + "\n"


def _display(path: Path) -> str:
    """A path relative to the data folder or repository where possible (no home folders)."""
    for root in (config_dir().parent, data_dir().parent):
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return path.name


# --------------------------------------------------------------------------- the job
def intake(
    delivery: Path,
    jaar: int,
    base: Path | None = None,
    mapping: Path | None = None,
    overwrite: bool = False,
) -> Resultaat:
    """Turn a delivery into ``<base>/<jaar>/enquete.csv`` and ``intake-verslag.md``.

    Raises :class:`DataError` (nothing written) on any problem.
    """
    folder = year_dir(jaar, base)
    target = folder / "enquete.csv"
    koppeling = load_mapping(jaar, base, mapping)
    lev = read_delivery(Path(delivery))
    res = convert(lev, koppeling, jaar)
    validate(res, folder)
    text = to_csv_text(res.enquete)
    if target.exists() and not overwrite and target.read_bytes() != text.encode("utf-8"):
        raise DataError(
            f"{target}: bestaat al en verschilt van het resultaat van deze levering. Gebruik "
            "--overschrijf (make intake ... OVERSCHRIJF=1) om het te vervangen. Er is niets "
            "geschreven."
        )
    atomic_write_text(target, text)
    atomic_write_text(folder / "intake-verslag.md", report_text(res, folder))
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Zet de levering van het veldwerkbureau (.sav of .xlsx) om naar "
        "data/<jaar>/enquete.csv, zonder persoonsgegevens, met een intakeverslag."
    )
    parser.add_argument("levering", type=Path, help="het .sav- of .xlsx-bestand van het bureau")
    parser.add_argument("--jaar", type=int, required=True, help="het enquêtejaar")
    parser.add_argument(
        "--koppeling",
        type=Path,
        default=None,
        help="een ander koppelbestand dan data/intake.yml (+ data/<jaar>/intake.yml)",
    )
    parser.add_argument(
        "--overschrijf", action="store_true", help="vervang een bestaand, ander enquete.csv"
    )
    args = parser.parse_args(argv)
    try:
        res = intake(args.levering, args.jaar, mapping=args.koppeling, overwrite=args.overschrijf)
    except DataError as exc:
        print(f"FOUT in de levering, er is niets geschreven:\n{exc}", file=sys.stderr)
        return EXIT_DATA
    folder = year_dir(args.jaar)
    print(
        f">> {len(res.enquete)} respondenten, {len(res.kolommen)} kolommen overgenomen, "
        f"{len(res.verwijderd)} verwijderd"
        + (f", respondentnummer '{res.respondentnummer}' vervangen" if res.respondentnummer else "")
    )
    print(f">> Geschreven: {folder / 'enquete.csv'} en {folder / 'intake-verslag.md'}")
    missing = [f for f in ("meta.yml", "populatie.csv") if not (folder / f).exists()]
    if missing:
        print(f">> Nog aan te leveren in {folder}: {', '.join(missing)} (zie het verslag)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
