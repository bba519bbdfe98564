"""Open data as a standard package: ``build/<jaar>/datapackage.json`` beside the exports.

Why: a municipality's open-data portal (CKAN, data.overheid.nl) takes a Frictionless Data
*Tabular Data Package* as it is: one JSON file that names every published CSV with its
columns, their types and units, how a missing value is written, the licence and the source.
Without it every reuser has to guess what ``indicatief`` or an empty cell means.

What is said about a file comes from two places, so neither can drift from the other:

- the written CSV itself: its path, column order, size, sha256, and each column's type,
  read from the values (``True``/``False`` boolean, whole numbers integer, other numbers
  number, the rest string); a column without a single value takes the type the mapping
  gives;
- ``data/datapakket.yml`` (configuration as data): the package's texts and licence, a title
  and description per file and per column name, units and value ranges. A column the
  mapping does not know still gets a type and a generic description, and
  :func:`onbeschreven` lists it, so a test names it.

Validation is left to the ``frictionless`` library (tests), not to code of ours. The JSON is
deterministic: no timestamp (nothing in the data dates the package; the sha256 of each file
identifies the edition), fixed key order, the same data and code give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

from analysis.data.paths import config_dir, data_dir
from analysis.data.reading import veldwerk
from analysis.text.dutch import periode

BESTAND = "datapackage.json"
CONFIG = "datapakket.yml"
# How the exports write a value that is not there: pandas' default empty field, for a
# suppressed figure and for 'not applicable' alike. There is no other code.
ONTBREKEND = ("",)
WAAR, ONWAAR = "True", "False"  # how pandas writes a boolean
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
_GEHEEL = re.compile(r"[-+]?\d+")
_GETAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|[-+]?inf")
_KOMMAGETAL = re.compile(r"[-+]?\d+(,\d+)?")
_NAAM = re.compile(r"[^-a-z0-9._]+")
_NUMERIEK = ("integer", "number")


def gepubliceerde_csv(book: Path) -> list[Path]:
    """Every CSV a build publishes, in a fixed order: the indicator table, the figure data,
    the table data. One list for the package and the download zip, so they cannot differ;
    ``schattingen/`` (full precision, not published) is not in it."""
    return [
        book / "indicatoren.csv",
        *sorted((book / "figuren").glob("*.csv")),
        *sorted((book / "tabellen").glob("*.csv")),
    ]


PAKKET_SLEUTELS = (
    "naam",
    "titel",
    "titel_synthetisch",
    "beschrijving",
    "beschrijving_synthetisch",
    "trefwoorden",
    "licentie",
    "bronnen",
    "bron_synthetisch",
    "uitgever",
)


def lees_config(path: Path | None = None) -> dict[str, Any]:
    """``data/datapakket.yml`` (or ``path``), checked before a build runs (the pipeline's
    ``check_config``): the package is written only after the chapters, so a missing key must
    stop the run at the start, as a :class:`ConfigError` naming file and key, not then."""
    from analysis.data.errors import ConfigError
    from analysis.data.files import read_yaml

    path = path or config_dir() / CONFIG
    config = read_yaml(path)
    pakket = config.get("pakket") if isinstance(config, dict) else None
    if not isinstance(pakket, dict):
        raise ConfigError(f"{path}: verwacht de sleutels 'pakket', 'bestanden' en 'kolommen'.")
    problemen = [f"pakket.{k} ontbreekt" for k in PAKKET_SLEUTELS if k not in pakket]
    delen = {"kolommen": config.get("kolommen")}
    delen.update({f"per_bestand {k}": v for k, v in (config.get("per_bestand") or {}).items()})
    for deel, kolommen in delen.items():
        for naam, uitleg in (kolommen or {}).items():
            if not isinstance(uitleg, dict) or not {"titel", "beschrijving"} <= set(uitleg):
                problemen.append(f"{deel}: '{naam}' heeft geen titel en beschrijving")
    if problemen:
        raise ConfigError(f"{path}: " + "; ".join(problemen))
    return config


def _lees_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if not rows:
        return [], []
    return rows[0], rows[1:]


def kolomtype(waarden: list[str]) -> dict[str, Any] | None:
    """The Table Schema type of a column as written, with what a reader needs to parse it;
    None for a column without a single value (its type cannot be read from the file).

    Only the four types the exports hold: a wider guess (dates, years) would make a
    portal reject a later year whose values happen to look different."""
    gevuld = [w for w in waarden if w not in ONTBREKEND]
    if not gevuld:
        return None
    if all(w in (WAAR, ONWAAR) for w in gevuld):
        return {"type": "boolean", "trueValues": [WAAR], "falseValues": [ONWAAR]}
    if all(_GEHEEL.fullmatch(w) for w in gevuld):
        return {"type": "integer"}
    if all(_GETAL.fullmatch(w) for w in gevuld):
        return {"type": "number"}
    if all(_KOMMAGETAL.fullmatch(w) for w in gevuld):  # a printed Dutch number: '0,053'
        return {"type": "number", "decimalChar": ","}
    return {"type": "string"}


def _kolommen(config: dict[str, Any], rel: str, jaar: int) -> dict[str, dict[str, Any]]:
    """The mapping's column descriptions that apply to file ``rel``: its own entries over
    the general ones. A name may hold '{jaar}' ('resultaat ({jaar})')."""
    out = {k.replace("{jaar}", str(jaar)): v for k, v in (config.get("kolommen") or {}).items()}
    eigen = (config.get("per_bestand") or {}).get(rel) or {}
    out.update({k.replace("{jaar}", str(jaar)): v for k, v in eigen.items()})
    return out


def onbeschreven(book: Path, jaar: int, config: dict[str, Any] | None = None) -> list[str]:
    """Every ``file: column`` of a published CSV that ``data/datapakket.yml`` does not
    describe (the package still types it and says it is undescribed)."""
    config = config if config is not None else lees_config()
    out = []
    for path in gepubliceerde_csv(book):
        rel = path.relative_to(book).as_posix()
        bekend = _kolommen(config, rel, jaar)
        kop, _ = _lees_csv(path)
        out += [f"{rel}: {naam}" for naam in kop if naam not in bekend]
    return out


def _veld(
    naam: str, waarden: list[str], uitleg: dict[str, Any] | None, rel: str, plaats: dict
) -> dict[str, Any]:
    uitleg = uitleg or {
        "titel": naam,
        "beschrijving": f"Kolom '{naam}' van {rel}; nog niet beschreven in data/{CONFIG}.",
    }
    soort = kolomtype(waarden) or {"type": uitleg.get("type", "string")}
    if soort["type"] == "boolean" and "trueValues" not in soort:
        soort = {"type": "boolean", "trueValues": [WAAR], "falseValues": [ONWAAR]}
    veld: dict[str, Any] = {
        "name": naam,
        "title": str(uitleg["titel"]).format_map(plaats),
        "description": " ".join(str(uitleg["beschrijving"]).format_map(plaats).split()),
        **soort,
    }
    if uitleg.get("eenheid"):
        veld["unit"] = uitleg["eenheid"]
    grenzen = {k: uitleg[k] for k in ("minimum", "maximum") if k in uitleg}
    if grenzen and soort["type"] in _NUMERIEK:
        veld["constraints"] = grenzen
    return veld


def _bestandstekst(config: dict[str, Any], rel: str) -> dict[str, Any]:
    bestanden = config.get("bestanden") or {}
    if rel in bestanden:
        return bestanden[rel]
    return bestanden.get(f"{rel.split('/')[0]}/*.csv") or {"titel": rel, "beschrijving": rel}


def _resource(book: Path, path: Path, jaar: int, config: dict, plaats: dict) -> dict[str, Any]:
    rel = path.relative_to(book).as_posix()
    kop, rijen = _lees_csv(path)
    kolommen = _kolommen(config, rel, jaar)
    velden = [
        _veld(naam, [r[i] if i < len(r) else "" for r in rijen], kolommen.get(naam), rel, plaats)
        for i, naam in enumerate(kop)
    ]
    tekst = _bestandstekst(config, rel)
    hier = {**plaats, "id": path.stem}
    data = path.read_bytes()
    return {
        "name": _NAAM.sub("-", path.stem.lower()),
        "path": rel,
        "title": str(tekst["titel"]).format_map(hier),
        "description": " ".join(str(tekst["beschrijving"]).format_map(hier).split()),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "dialect": DIALECT,
        "schema": {"fields": velden, "missingValues": list(ONTBREKEND)},
    }


def datapakket(
    book: Path, jaar: int, meta: dict[str, Any], gewogen: bool, config: dict | None = None
) -> dict[str, Any]:
    """The package descriptor of the build ``book`` of ``jaar`` (``meta``: the year's
    ``meta.yml``). Synthetic data say so first, in the title and the description."""
    from analysis.data.privacy import INDICATIEF, MIN_CELL

    config = config if config is not None else lees_config()
    pakket = config["pakket"]
    synthetisch = bool(meta.get("synthetisch"))
    plaats = {
        "jaar": jaar,
        "veldwerk": periode(veldwerk(meta)),
        "respondenten": meta.get("respondenten", ""),
        "uitgenodigd": meta.get("uitgenodigd", ""),
        "populatie": meta.get("populatie", ""),
        "herkomst": " ".join(str(meta.get("synthetisch_herkomst", "")).split()),
        "weging": "gewogen naar de populatie" if gewogen else "ongewogen",
        "min_cel": MIN_CELL,
        "indicatief_max": INDICATIEF - 1,
    }

    def tekst(sjabloon: str) -> str:
        return " ".join(sjabloon.format_map(plaats).split())

    titel = tekst(pakket["titel"])
    beschrijving = tekst(pakket["beschrijving"])
    bronnen = [{"title": tekst(b)} for b in pakket["bronnen"]]
    if synthetisch:
        titel += pakket["titel_synthetisch"]
        beschrijving = f"{tekst(pakket['beschrijving_synthetisch'])}\n\n{beschrijving}"
        bronnen.append({"title": tekst(pakket["bron_synthetisch"])})
    resources = [_resource(book, p, jaar, config, plaats) for p in gepubliceerde_csv(book)]
    namen = [r["name"] for r in resources]
    dubbel = sorted({n for n in namen if namen.count(n) > 1})
    if dubbel:
        raise ValueError(f"Twee gepubliceerde CSV's krijgen dezelfde naam in {BESTAND}: {dubbel}")
    return {
        "profile": "tabular-data-package",
        "name": tekst(pakket["naam"]),
        "title": titel,
        "description": beschrijving,
        "keywords": list(pakket["trefwoorden"]),
        "licenses": [dict(pakket["licentie"])],
        "sources": bronnen,
        "contributors": [{"title": pakket["uitgever"], "role": "publisher"}],
        "jaar": jaar,
        "synthetisch": synthetisch,
        "gewogen": gewogen,
        "resources": resources,
    }


def als_tekst(pakket: dict[str, Any]) -> str:
    """The descriptor as written: UTF-8 letters as they are, indent 2, a final newline."""
    return json.dumps(pakket, ensure_ascii=False, indent=2) + "\n"


def schrijf(book: Path, jaar: int, gewogen: bool, data: Path | None = None) -> Path:
    """Write ``book/datapackage.json`` (atomically) for the exports already in ``book``."""
    from analysis.data.files import atomic_write_text
    from analysis.data.reading import read_meta

    meta = read_meta((data or data_dir()) / str(jaar) / "meta.yml")
    path = book / BESTAND
    atomic_write_text(path, als_tekst(datapakket(book, jaar, meta, gewogen)))
    return path
