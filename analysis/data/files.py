"""Writing outputs so that nothing is ever left half written.

A reader (a person, Quarto, the next pipeline stage) must see either the old file or the new
one, never a torn one: write to a temporary file in the same folder, then rename.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.data.errors import ConfigError

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


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a :class:`ConfigError` with file and line.

    Why: ``data/codebook.yml`` and the other configuration files are edited by hand by the
    data manager; a misplaced colon must give a message to act on, not a Python traceback.
    """
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        start = getattr(exc, "context_mark", None)
        where = f", regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        if mark and start and start.line < mark.line:
            where += f" (wat daar misgaat, begint op regel {start.line + 1})"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(
            f"{path}{where}: geen geldige YAML ({problem}). Herstel de opmaak rond die regel "
            "(inspringing, dubbele punt na de sleutel, aanhalingstekens rond tekst met ':' "
            "of '#')."
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: geen UTF-8 (byte {exc.start}); sla op als UTF-8.") from None
