"""Intake, step two: the bureau's columns converted to the contract's codes, column by column,
with every problem collected (not only the first), and the converted survey validated.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.codebook import Variable, load_codebook
from analysis.data.delivery import (
    Koppeling,
    Levering,
    _as_text,
    _category_lookup,
    _code_lookup,
    _delivery_rows,
    _filled,
    _scale_text,
    _sources,
    _whole,
    check_labels,
    identifier_values,
    is_datum,
    normalise,
    sha256,
)
from analysis.data.errors import Bevindingen, DataError
from analysis.data.identifiers import IDENTIFIER_NAMES
from analysis.data.reading import FileLines, Jaargang, read_meta, read_population, weegdimensies
from analysis.data.validation import check_consistency, validate_survey


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
            datums = other & series.map(is_datum)
            hint = (
                "; Excel heeft een antwoord als datum opgemaakt: zet de kolom in Excel op "
                "'Standaard' of 'Tekst' en lever opnieuw"
                if datums.any()
                else ""
            )
            problems.append(
                f"kolom '{bureau}' ({var.naam}): {int(other.sum())} cel(len) zijn geen "
                f"geheel getal en geen antwoordtekst ({_delivery_rows(lev, other)}){hint}"
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
    problemen: list[str] = field(default_factory=list)
    gemeld: set[str] = field(default_factory=set)


def convert(lev: Levering, koppeling: Koppeling, jaar: int) -> Resultaat:
    """Map, screen and recode a delivery in memory.

    Every problem of every kind (columns the mapping does not know, contract columns the
    delivery lacks, identifiers, codes and labels that do not fit the codebook) is collected
    in ``Resultaat.problemen``; the columns involved are named in ``Resultaat.gemeld`` so
    that the contract check that follows passes them by instead of reporting them again.
    """
    codebook = load_codebook()
    problems: list[str] = []
    gemeld: set[str] = set()
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
        problems.append(
            "kolom(men) van de levering die niet in het koppelbestand staan: "
            + ", ".join(hints)
            + ". Zet elke kolom onder 'kolommen' (naam in het contract) of onder 'verwijderen' "
            f"in {' of '.join(str(f) for f in koppeling.bronnen[:1])} (of in "
            f"data/{jaar}/intake.yml voor dit jaar alleen)"
        )
    mapping = {b: t for b, t in koppeling.kolommen.items() if b in delivered}
    for c in delivered:
        if c in codebook and c not in mapping and c not in koppeling.verwijderen:
            if c == "respondent_id":
                problems.append(
                    "de levering heeft een kolom 'respondent_id'. De intake maakt zelf "
                    "betekenisloze nummers; zet de kolom onder 'respondentnummer' of "
                    "'verwijderen' in het koppelbestand"
                )
                continue
            mapping[c] = c
    taken: dict[str, list[str]] = {}
    for bureau, target in mapping.items():
        taken.setdefault(target, []).append(bureau)
    clash = {t: b for t, b in taken.items() if len(b) > 1}
    if clash:
        problems.append(
            "meer dan één kolom van de levering wordt dezelfde contractkolom: "
            + "; ".join(f"{t} <- {', '.join(b)}" for t, b in sorted(clash.items()))
        )
        mapping = {b: t for b, t in mapping.items() if t not in clash}
        gemeld |= set(clash)
    missing = [
        v
        for v in codebook.for_year(jaar)
        if v.type != "id" and v.naam not in mapping.values() and v.naam not in clash
    ]
    if missing:
        problems.append(
            "contractkolom(men) die de levering niet heeft: "
            + ", ".join(
                f"'{v.naam}' (verwacht uit "
                f"{', '.join(_sources(koppeling.kolommen, v.naam)) or v.naam})"
                for v in missing
            )
            + f". Verplicht in {jaar} volgens data/codebook.yml: vraag de kolom op bij het "
            "bureau, of zet de naam die het bureau gebruikt onder 'kolommen' in het "
            "koppelbestand"
        )
        gemeld |= {v.naam for v in missing}
    if koppeling.respondentnummer and koppeling.respondentnummer not in delivered:
        problems.append(
            f"het respondentnummer '{koppeling.respondentnummer}' uit het koppelbestand staat "
            "niet in de levering; pas 'respondentnummer' aan"
        )
    elif koppeling.respondentnummer:
        # The same respondent delivered twice would count twice in every figure; a row
        # without a number cannot be traced back at the bureau. (Numbers are not shown.)
        nummers = lev.frame[koppeling.respondentnummer]
        gevuld = _filled(nummers)
        tekst = nummers.map(_as_text).where(gevuld)
        dubbel = gevuld & tekst.duplicated(keep=False)
        if dubbel.any():
            problems.append(
                f"kolom '{koppeling.respondentnummer}' (respondentnummer): "
                f"{int(tekst[dubbel].nunique())} nummer(s) staan meer dan eens in de levering "
                f"({_delivery_rows(lev, dubbel)}); elke respondent hoort er één keer in. Vraag "
                "het bureau of dit dubbele leveringen van dezelfde respondent zijn"
            )
        if (~gevuld).any():
            problems.append(
                f"kolom '{koppeling.respondentnummer}' (respondentnummer): leeg in "
                f"{_delivery_rows(lev, ~gevuld)}; elke rij van de levering hoort een nummer "
                "van het bureau te hebben"
            )
    # Privacy first: a column that holds identifiers is never converted, so that no message
    # below can echo one of its values.
    leaks = identifier_values(lev, list(mapping))
    if leaks:
        problems.append(
            "PRIVACY — kolommen die worden overgenomen bevatten (vermoedelijk) directe "
            "persoonsgegevens. Zet ze onder 'verwijderen' in het koppelbestand of laat het "
            "bureau ze leeg leveren. De waarden worden bewust niet getoond:\n    - "
            + "\n    - ".join(leaks)
        )
        leaking = {c for c in mapping if any(f"kolom '{c}'" in line for line in leaks)}
        gemeld |= {mapping[c] for c in leaking}
        mapping = {b: t for b, t in mapping.items() if b not in leaking}
    columns: dict[str, pd.Series] = {}
    kolommen: list[Kolom] = []
    for bureau, target in mapping.items():
        var = codebook[target]
        values, how, found = _convert_column(lev, bureau, var)
        if found:
            problems += found
            gemeld.add(target)
        columns[target] = values
        if bureau == target and how.startswith("tekst vergeleken"):
            how = "ongewijzigd (zelfde naam als het contract)"
        kolommen.append(Kolom(target, bureau, how))
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
        problemen=problems,
        gemeld=gemeld,
    )


# --------------------------------------------------------------------------- validation
def to_csv_text(enquete: pd.DataFrame) -> str:
    return enquete.to_csv(index=False, lineterminator="\n")


def validate(res: Resultaat, folder: Path) -> None:
    """Check the result before anything is written, and raise every problem at once.

    The conversion's problems come first; then the contract's own validation of the
    converted survey, on the columns the conversion did not already report, with every row
    named as the data manager finds it in the delivery (Excel row or SPSS case). With
    ``meta.yml`` and ``populatie.csv`` already in the year folder, those files and their
    agreement with the survey are checked as ``make report`` would.
    """
    lev = res.levering
    fouten = Bevindingen(
        lev.path,
        kop=f"{lev.waar()}: de levering geeft geen geldig enquete.csv (gecontroleerd vóór "
        "het schrijven; er is niets geschreven). Los alles hieronder samen op en start "
        "opnieuw.",
    )
    naam = lev.path.name
    fouten.voeg_toe(naam, *res.problemen)
    # Read back exactly as load_year reads a delivered file: every cell a string.
    raw = pd.read_csv(
        io.StringIO(to_csv_text(res.enquete)), dtype=str, keep_default_na=False, na_values=[""]
    )
    raw.attrs["regels"] = FileLines(
        np.asarray([lev.rij(p) for p in range(len(raw))], dtype=np.int64), lev.rijwoord
    )
    enquete = None
    meta: dict | None = None
    with fouten.vang(naam):
        declared: list[str] = []
        if (folder / "meta.yml").exists():
            try:
                declared = list(read_meta(folder / "meta.yml").get("niet_beantwoord", []))
            except DataError:
                declared = []  # reported below, as a problem of meta.yml
        enquete = validate_survey(
            raw, res.jaar, folder / "enquete.csv", niet_beantwoord=declared, al_gemeld=res.gemeld
        )
    if (folder / "meta.yml").exists() and (folder / "populatie.csv").exists():
        populatie = None
        with fouten.vang("meta.yml"):
            meta = read_meta(folder / "meta.yml")
        with fouten.vang("populatie.csv"):
            populatie = read_population(folder / "populatie.csv", load_codebook(), weegdimensies())
        if not fouten and enquete is not None and meta is not None and populatie is not None:
            enquete.attrs.clear()
            with fouten.vang("samenhang van de jaargang"):
                check_consistency(Jaargang(res.jaar, enquete, populatie, meta, folder))
            res.volledig_gecontroleerd = True
    fouten.stop_als_nodig()
