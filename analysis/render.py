"""Rendering the executed book with Quarto -- or saying clearly that it cannot be done here.

Quarto is a separate program (conda-forge ``quarto``, or ``pip install quarto-cli`` where the
internet is reachable: that package downloads Quarto while it installs). The notebooks are
already executed; Quarto only typesets them (``execute: enabled: false`` in ``_quarto.yml``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

MIN_VERSION = (1, 9)

INSTALL_HINT = (
    "Installeer Quarto (>= 1.9) en draai opnieuw, bijvoorbeeld:\n"
    "  conda env create -f environment.yml && conda activate inburgeringsmonitor\n"
    "of, met internettoegang:  pip install quarto-cli"
)


class QuartoMissing(RuntimeError):
    """No usable ``quarto`` command: rendering is skipped, never faked."""


class RenderError(RuntimeError):
    """Quarto ran but failed, or warned about unresolved citations or cross-references."""


def quarto_version(executable: str) -> tuple[int, ...]:
    out = subprocess.run(
        [executable, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return tuple(int(x) for x in re.findall(r"\d+", out)[:3])


def find_quarto() -> str:
    """The quarto executable, checked for version; raises :class:`QuartoMissing`."""
    exe = shutil.which("quarto")
    if exe is None:
        raise QuartoMissing(
            "Quarto ontbreekt: de stap 'renderen naar HTML en PDF' is OVERGESLAGEN.\n"
            "De uitgevoerde notebooks en de exports zijn wel geschreven.\n"
            + INSTALL_HINT
            + "\n(Quarto is missing: rendering was skipped; nothing was rendered.)"
        )
    version = quarto_version(exe)
    if version[:2] < MIN_VERSION:
        raise QuartoMissing(
            f"Quarto {'.'.join(map(str, version))} is te oud: een Typst-boek vraagt >= 1.9. "
            "Renderen is OVERGESLAGEN.\n" + INSTALL_HINT
        )
    return exe


UNRESOLVED = re.compile(
    r"(citation .* not found|Unable to resolve crossref|"
    r"unresolved (cross-?)?reference)",
    re.IGNORECASE,
)


def render_book(book: Path) -> list[Path]:
    """Render HTML and PDF (Typst) into ``<book>/_book``; return the main outputs."""
    exe = find_quarto()
    result = subprocess.run([exe, "render", str(book)], capture_output=True, text=True, check=False)
    log = result.stdout + result.stderr
    (book / "render.log").write_text(log, encoding="utf-8")
    if result.returncode != 0:
        raise RenderError(
            f"quarto render eindigde met code {result.returncode}; zie {book / 'render.log'}"
        )
    problems = [line for line in log.splitlines() if UNRESOLVED.search(line)]
    if problems:
        raise RenderError("onopgeloste verwijzingen:\n  " + "\n  ".join(problems))
    out = book / "_book"
    return sorted([*out.glob("*.pdf"), out / "index.html"])
