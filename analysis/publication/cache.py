"""Knowing when a build is still current, so an unchanged rebuild costs almost nothing.

A build records the fingerprint of everything it was made from: the analysis code, the book
configuration, the bibliography, the pinned requirements, the configuration data, the year's
data folder and the parameters (``common``), plus each chapter notebook's own source
(``chapters``). A rebuild with the same common fingerprint only re-executes the chapters whose
source changed; with everything the same it does nothing at all.

Stdlib only, on purpose: the check runs before the heavy scientific imports.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from analysis.data.paths import ROOT

MANIFEST = ".bouwsleutel.json"
CONFIG_FILES = (
    "_quarto.yml",
    "_tema.scss",
    "_typst/publicatie.typ",
    "_typografie.lua",
    "references.bib",
    "requirements.txt",
    "data/codebook.yml",
    "data/indicatoren.yml",
    "data/weging.yml",
)


def _digest(paths: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def common_key(jaar: int, data_dir: Path, gewogen: bool) -> str:
    files = [
        *(ROOT / "analysis").rglob("*.py"),  # every package of the library
        *(ROOT / f for f in CONFIG_FILES),
        *(ROOT / "data").glob("*.yml"),
        *(ROOT / "chapters").glob("*.jinja"),  # the sentence macros every chapter imports
        *(ROOT / "data" / "referentie").glob("*"),
        *(data_dir / str(jaar)).glob("*"),
    ]
    # Earlier years feed the comparison with the previous year.
    files += [
        p
        for d in data_dir.glob("[0-9]*")
        if d.name.isdigit() and int(d.name) < jaar
        for p in d.glob("*")
    ]
    extra = json.dumps({"jaar": jaar, "gewogen": gewogen, "python": sys.version.split()[0]})
    return _digest([f for f in files if f.is_file()], extra)


def chapter_key(source: Path) -> str:
    """The chapter's own source, by content only (its location does not matter)."""
    return hashlib.sha256(source.read_bytes()).hexdigest()


def fingerprint(jaar: int, data_dir: Path, gewogen: bool, sources: dict[str, Path]) -> dict:
    return {
        "common": common_key(jaar, data_dir, gewogen),
        "chapters": {name: chapter_key(p) for name, p in sorted(sources.items())},
    }


def read(book: Path) -> dict | None:
    try:
        return json.loads((book / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def write(book: Path, manifest: dict) -> None:
    (book / MANIFEST).write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def reusable_chapters(old: dict | None, new: dict) -> set[str]:
    """Chapters whose executed notebook in the old build can be reused as is."""
    if not old or old.get("common") != new["common"]:
        return set()
    return {
        name for name, key in new["chapters"].items() if old.get("chapters", {}).get(name) == key
    }
