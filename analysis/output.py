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


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same files give the same zip


def vaste_zip(target: Path, base: Path, files: list[Path]) -> Path:
    """Write ``files`` (paths under ``base``, stored relative to it, in the order given) to
    the zip ``target`` with fixed timestamps and permissions, atomically: the same files
    give the same bytes, so a checksum of the zip identifies its content."""
    import zipfile

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            info = zipfile.ZipInfo(f.relative_to(base).as_posix(), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, f.read_bytes())
    tmp.replace(target)
    return target
