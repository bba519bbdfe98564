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
5. validate the result with :mod:`analysis.data.load` exactly as a delivered CSV (with
   ``meta.yml`` and ``populatie.csv`` when they are already there), in memory or in a
   temporary folder;
6. only then write ``data/<jaar>/enquete.csv`` and ``data/<jaar>/intake-verslag.md``
   (atomically). Messages and the report give column names and counts, never values.

Exit codes: 0 written, 2 the delivery cannot become a valid contract file (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.data.codebook import load_codebook
from analysis.data.conversion import Resultaat, convert, to_csv_text, validate
from analysis.data.delivery import load_mapping, read_delivery
from analysis.data.errors import DataError
from analysis.data.files import atomic_write_text
from analysis.data.paths import config_dir, data_dir, year_dir

EXIT_DATA = 2


# --------------------------------------------------------------------------- the report
def report_text(res: Resultaat, folder: Path) -> str:
    """``intake-verslag.md``: what came in, what went out, what the researcher still owes.

    No timestamp: the same delivery gives the same report, byte for byte.
    """
    lev = res.levering
    n = len(res.enquete)
    andere = [w for w in lev.werkbladen if w != lev.werkblad]
    bron = (
        f"{lev.soort} (`{lev.path.suffix.lower()}`)"
        + (f", werkblad '{lev.werkblad}'" if lev.werkblad else "")
        + (f" (niet gelezen: {', '.join(repr(w) for w in andere)})" if andere else "")
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
        f"`enquete.csv` voldoet aan het datacontract (`data/codebook.yml`, `analysis.data.load`), "
        f"{check}.",
        "",
        "## Nog aan te leveren door de onderzoeker",
        "",
    ]
    todo = []
    if not (folder / "meta.yml").exists():
        todo.append(
            f"- `data/{res.jaar}/meta.yml`: veldwerkperiode (`veldwerk:` met `van:` en `tot:`, "
            "datums of maanden), aantal uitgenodigden, populatie, "
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
    werkblad: str | None = None,
) -> Resultaat:
    """Turn a delivery into ``<base>/<jaar>/enquete.csv`` and ``intake-verslag.md``.

    Raises :class:`DataError` (nothing written) on any problem.
    """
    folder = year_dir(jaar, base)
    target = folder / "enquete.csv"
    koppeling = load_mapping(jaar, base, mapping)
    bekend = {*koppeling.kolommen, *koppeling.verwijderen, *load_codebook().names}
    if koppeling.respondentnummer:
        bekend.add(koppeling.respondentnummer)
    lev = read_delivery(Path(delivery), werkblad, bekend)
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
    parser.add_argument(
        "--werkblad",
        default=None,
        help="het werkblad met de gegevens (.xlsx); zonder deze optie het werkblad waarvan "
        "de kopregel de kolommen van het koppelbestand noemt",
    )
    args = parser.parse_args(argv)
    try:
        res = intake(
            args.levering,
            args.jaar,
            mapping=args.koppeling,
            overwrite=args.overschrijf,
            werkblad=args.werkblad,
        )
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
