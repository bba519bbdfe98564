"""One year's data folder (``data/<jaar>/``), read and validated: :func:`load_year`.

Reading is in :mod:`analysis.data.reading`, the checks in :mod:`analysis.data.validation` and
:mod:`analysis.data.identifiers`; this module puts them in order.

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
import hashlib
from dataclasses import replace
from pathlib import Path

from analysis.data.codebook import load_codebook
from analysis.data.errors import Bevindingen, DataError
from analysis.data.paths import config_dir, year_dir
from analysis.data.reading import (
    Jaargang,
    read_csv_text,
    read_meta,
    read_population,
    weegdimensies,
)
from analysis.data.validation import check_consistency, validate_survey

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
    """Read every file of the year and check them; every breach of every file is collected
    (:class:`Bevindingen`) and raised together, grouped per file and column."""
    survey_path = folder / "enquete.csv"
    codebook = load_codebook()
    fouten = Bevindingen(folder)
    meta: dict | None = None
    enquete = populatie = None
    with fouten.vang("meta.yml"):
        meta = read_meta(folder / "meta.yml", jaar)
    with fouten.vang("enquete.csv"):
        raw, sep = read_csv_text(survey_path)
        declared = (meta or {}).get("niet_beantwoord", [])
        enquete = validate_survey(raw, jaar, survey_path, sep, declared if meta else [])
        enquete.attrs.clear()  # the file lines serve validation messages only
    with fouten.vang("populatie.csv"):
        populatie = read_population(folder / "populatie.csv", codebook, weegdimensies())
    if (folder / "citaten.yml").exists():
        from analysis.data.quotes import load_quotes  # here: quotes imports this module

        # a malformed citaten.yml stops the run here, not in a chapter
        with fouten.vang("citaten.yml"):
            load_quotes(folder)
    fouten.stop_als_nodig()
    assert meta is not None and enquete is not None and populatie is not None
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
    return j
