"""The two errors of the data floor, at its bottom so every module can raise them, and the
collector that gathers every breach of a delivery before one error is raised.

:class:`DataError`: a delivery that breaks the contract; :class:`ConfigError`: a configuration
file that cannot be read. Both carry a message that says what to fix; the commands turn them
into exit 2 without a traceback. :class:`Bevindingen` collects the breaches of every file of a
year, of every kind, so that a data manager fixes them in one round instead of one per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# At most this many breaches are listed per file; the rest are counted.
MAX_PER_BESTAND = 25

_KOLOM = re.compile(r"^kolom '([^']*)'")


class ConfigError(ValueError):
    """A configuration or year file (YAML) that cannot be read. The message names the file
    and, for a syntax error, the line, so the pipeline stops with exit 2 and no traceback."""


class DataError(ValueError):
    """Data that break the contract. The message says what to fix.

    ``regels`` holds the separate breaches when there are several, so that a caller that
    gathers problems of more files (:class:`Bevindingen`) can list them one by one."""

    def __init__(self, message: str, regels: list[str] | None = None) -> None:
        super().__init__(message)
        self.regels = list(regels or [])


class Bevindingen:
    """Every breach found in the files of one delivery, grouped per file and per column.

    Why: validation that stops at the first class of problem makes the data manager fix,
    rerun and only then learn of the next one. Each step of a check adds what it finds here
    and the caller raises once, with the whole list. Each file's list is capped at
    :data:`MAX_PER_BESTAND`, with a count of the rest.
    """

    def __init__(self, waar: Path | str, kop: str = "") -> None:
        self.waar = str(waar)
        self.kop = kop
        self._per_bestand: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return any(self._per_bestand.values())

    def __len__(self) -> int:
        return sum(len(v) for v in self._per_bestand.values())

    def voeg_toe(self, bestand: str, *regels: str) -> None:
        """Add breaches of ``bestand`` (a file name as the user knows it)."""
        lijst = self._per_bestand.setdefault(bestand, [])
        lijst += [r.strip() for r in regels if r and r.strip()]

    def uit_fout(self, bestand: str, exc: DataError) -> None:
        """Add the breaches a :class:`DataError` carries (its lines, or its message)."""
        if exc.regels:
            self.voeg_toe(bestand, *exc.regels)
            return
        tekst = str(exc)
        for prefix in (f"{self.waar}/{bestand}: ", f"{bestand}: "):
            if tekst.startswith(prefix):
                tekst = tekst[len(prefix) :]
                break
        self.voeg_toe(bestand, tekst)

    @contextmanager
    def vang(self, bestand: str) -> Iterator[None]:
        """Run a step; a :class:`DataError` it raises becomes a breach of ``bestand``."""
        try:
            yield
        except DataError as exc:
            self.uit_fout(bestand, exc)

    def heeft(self, bestand: str) -> bool:
        return bool(self._per_bestand.get(bestand))

    def tekst(self) -> str:
        """The breaches, per file, those of one column together, each list capped."""
        n = len(self)
        bestanden = [b for b, v in self._per_bestand.items() if v]
        kop = self.kop or (
            f"{self.waar}: {n} {'probleem' if n == 1 else 'problemen'} in "
            f"{len(bestanden)} {'bestand' if len(bestanden) == 1 else 'bestanden'}; er is "
            "niets geschreven. Los ze samen op en start opnieuw."
        )
        delen = [kop]
        for bestand in bestanden:
            regels = _per_kolom(self._per_bestand[bestand])
            delen.append(f"{bestand} ({len(regels)}):")
            delen += [f"  - {r}" for r in regels[:MAX_PER_BESTAND]]
            if len(regels) > MAX_PER_BESTAND:
                delen.append(f"  - ... en nog {len(regels) - MAX_PER_BESTAND} problemen")
        return "\n".join(delen)

    def regels(self) -> list[str]:
        return [f"{bestand}: {r}" for bestand, v in self._per_bestand.items() for r in v]

    def fout(self) -> DataError:
        return DataError(self.tekst(), self.regels())

    def stop_als_nodig(self) -> None:
        """Raise the collected breaches as one :class:`DataError`, if there are any."""
        if self:
            raise self.fout()


def _per_kolom(regels: list[str]) -> list[str]:
    """The lines of one file with those about the same column next to each other, in the
    order in which each column was first named (lines without a column keep their place)."""
    volgorde: dict[str, int] = {}
    for i, r in enumerate(regels):
        m = _KOLOM.match(r)
        volgorde.setdefault(m.group(1) if m else f"\0{i}", i)

    def sleutel(item: tuple[int, str]) -> tuple[int, int]:
        i, r = item
        m = _KOLOM.match(r)
        return (volgorde[m.group(1)] if m else i, i)

    return [r for _, r in sorted(enumerate(regels), key=sleutel)]
