"""Where the project's files live.

One place, so that tests and notebooks can point the whole library at another data folder
(``INBURGERING_DATA``) without touching code.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # analysis/data/paths.py -> the project
# The variables that point the library at other folders (below): a process that builds for
# another folder hands them on to its chapter kernels (analysis.publication.kernels).
OMGEVING = ("INBURGERING_DATA", "INBURGERING_CONFIG", "INBURGERING_BUILD")


def data_dir() -> Path:
    """The data folder: ``$INBURGERING_DATA`` when set, else ``<repo>/data``."""
    return Path(os.environ.get("INBURGERING_DATA", ROOT / "data"))


def config_dir() -> Path:
    """Configuration that is not a year's data: codebook, registry, targets, references.

    It comes from the repository, so that a delivered year folder elsewhere is checked
    against the project's own contract. ``$INBURGERING_CONFIG`` points it at another folder
    with the same files (``codebook.yml``, ``indicatoren.yml``, ``weging.yml``,
    ``referentie/``, ``synth/``): the stress variants (``analysis.checks.variants``) change a copy
    of the codebook that way, never the project's own. Chapter kernels inherit the variable.
    """
    return Path(os.environ.get("INBURGERING_CONFIG", ROOT / "data"))


def build_root() -> Path:
    """Where builds go: ``$INBURGERING_BUILD`` when set, else ``<repo>/build``.

    Never inside ``chapters/`` or ``data/``: sources are not overwritten by a build.
    """
    return Path(os.environ.get("INBURGERING_BUILD", ROOT / "build"))


def year_dir(jaar: int, base: Path | None = None) -> Path:
    """The folder holding one survey year."""
    return (base or data_dir()) / str(jaar)


def available_years(base: Path | None = None) -> list[int]:
    """Survey years present as ``data/<jaar>/enquete.csv``, oldest first."""
    root = base or data_dir()
    years = [int(p.parent.name) for p in root.glob("*/enquete.csv") if p.parent.name.isdigit()]
    return sorted(years)


def newest_year(base: Path | None = None) -> int:
    """The newest survey year: what ``make report`` builds by default."""
    years = available_years(base)
    if not years:
        raise FileNotFoundError(
            f"Geen jaargang gevonden in {base or data_dir()}: verwacht data/<jaar>/enquete.csv."
        )
    return years[-1]


def editie(jaar: int, gewogen: bool = False) -> str:
    """The name of a year's edition: its build folder and file names ('2024', or
    '2024-gewogen' for the weighted edition, so that the two can stand side by side)."""
    return f"{jaar}-gewogen" if gewogen else str(jaar)
