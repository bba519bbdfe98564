"""Writing outputs so that nothing is ever left half written.

A reader (a person, Quarto, the next pipeline stage) must see either the old file or the new
one, never a torn one: write to a temporary file in the same folder, then rename.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

# Published CSV exports give numbers to four decimals (a percentage to 1/10,000 of a point, a
# p-value to 0.0001); the stored estimates keep full precision for the chapters.
EXPORT_FLOAT = "%.4f"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be read by all
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_csv(table: pd.DataFrame) -> str:
    """A published table as CSV: no index, ``\n`` line ends, numbers to four decimals."""
    return table.to_csv(index=False, lineterminator="\n", float_format=EXPORT_FLOAT)
