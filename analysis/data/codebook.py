"""The survey contract: every column of ``enquete.csv``, its codes, routing and years.

The codebook is data (``data/codebook.yml``); this module only reads it. Validation, the
indicator registry, the synthetic generator and the questionnaire in the bijlagen all read the
same file, so a change of wording or codes is made once.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.data.errors import ConfigError
from analysis.data.files import read_yaml
from analysis.data.paths import config_dir


class CodebookYearError(ValueError):
    """A survey year the codebook cannot describe (earlier than any item's first year)."""


@dataclass(frozen=True)
class Jaren:
    """The survey years in which an item is asked.

    Why open-ended: a new year with an unchanged questionnaire is the normal case, so an item
    without an end year is asked in every later year and such a year validates and builds
    without editing the codebook. Only a change is written down: ``tot`` is the first year the
    item is no longer asked (exclusive, as in "gevraagd van 2023 tot 2024" = only 2023), and
    ``niet_in`` lists single years in which it was skipped and then asked again.
    """

    vanaf: int
    tot: int | None = None
    niet_in: tuple[int, ...] = ()

    def __contains__(self, jaar: object) -> bool:
        try:
            jaar = operator.index(jaar)  # int or numpy integer; not '2024' or 2024.5
        except TypeError:
            return False
        return (
            jaar >= self.vanaf
            and (self.tot is None or jaar < self.tot)
            and jaar not in self.niet_in
        )

    def __str__(self) -> str:
        text = f"vanaf {self.vanaf}" + (f" tot {self.tot}" if self.tot is not None else "")
        return text + (f", niet in {list(self.niet_in)}" if self.niet_in else "")


def parse_jaren(raw: object, naam: str) -> Jaren:
    """Read an item's ``jaren`` entry; say how to write it when it has another form."""
    example = "jaren: {vanaf: 2023} of jaren: {vanaf: 2023, tot: 2025, niet_in: [2024]}"
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"data/codebook.yml, variabele '{naam}': 'jaren' moet een vanaf/tot-opgave zijn, "
            f"bv. {example} (zie data/README.md), niet {raw!r}."
        )
    unknown = sorted(set(raw) - {"vanaf", "tot", "niet_in"})
    if unknown or "vanaf" not in raw:
        raise ConfigError(
            f"data/codebook.yml, variabele '{naam}': 'jaren' kent alleen vanaf (verplicht), "
            f"tot en niet_in; gevonden {sorted(raw)}. Voorbeeld: {example}."
        )
    vanaf, tot = raw["vanaf"], raw.get("tot")
    niet_in = raw.get("niet_in") or []
    years = [vanaf, *([tot] if tot is not None else []), *niet_in]
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        raise ConfigError(
            f"data/codebook.yml, variabele '{naam}': jaren zijn gehele getallen, "
            f"gevonden {raw!r}."
        )
    if tot is not None and tot <= vanaf:
        raise ConfigError(
            f"data/codebook.yml, variabele '{naam}': 'tot' ({tot}) is het eerste jaar waarin "
            f"de vraag niet meer gesteld is en moet na 'vanaf' ({vanaf}) liggen."
        )
    return Jaren(vanaf=vanaf, tot=tot, niet_in=tuple(sorted(niet_in)))


@dataclass(frozen=True)
class Variable:
    """One column of the survey file."""

    naam: str
    type: str  # id | categorisch | code | binair
    bron: str  # enquete | registratie
    jaren: Jaren
    vraag: str | None = None
    vraag_nl: str = ""
    vraag_en: str = ""
    item_nl: str | None = None
    item_en: str | None = None
    routing: str | None = None
    schaal: str | None = None
    codes: dict[int, dict[str, str]] = field(default_factory=dict)
    categorieen: tuple[str, ...] = ()
    labels_nl: dict[str, str] = field(default_factory=dict)

    def asked_in(self, jaar: int) -> bool:
        """Whether the item was part of the questionnaire of ``jaar``."""
        return jaar in self.jaren

    @property
    def allowed(self) -> list:
        """The values a filled cell may hold (codes or category strings)."""
        if self.type in ("code", "binair"):
            return sorted(self.codes)
        if self.type == "categorisch":
            return list(self.categorieen)
        return []

    def label(self, value: object, taal: str = "nl") -> str:
        """Human label of a code or category, for tables and figures."""
        if self.type in ("code", "binair"):
            return self.codes[int(value)][taal]
        return self.labels_nl.get(str(value), str(value))

    @property
    def tekst_nl(self) -> str:
        """The question with its item, as one Dutch line."""
        return f"{self.vraag_nl} {self.item_nl}".strip() if self.item_nl else self.vraag_nl


@dataclass(frozen=True)
class Codebook:
    """All variables, in questionnaire order."""

    variabelen: tuple[Variable, ...]
    schalen: dict[str, dict[int, dict[str, str]]]
    geen_antwoord: tuple[int, ...] = (9,)

    def __getitem__(self, naam: str) -> Variable:
        for v in self.variabelen:
            if v.naam == naam:
                return v
        raise KeyError(f"'{naam}' staat niet in data/codebook.yml")

    def __contains__(self, naam: str) -> bool:
        return any(v.naam == naam for v in self.variabelen)

    @property
    def names(self) -> list[str]:
        return [v.naam for v in self.variabelen]

    @property
    def first_year(self) -> int:
        """The first survey year of the monitor: the earliest ``vanaf`` of any item."""
        return min(v.jaren.vanaf for v in self.variabelen)

    def for_year(self, jaar: int) -> list[Variable]:
        """The variables a survey file of ``jaar`` must have.

        Any year from the first one on is described (items without an end year continue), so
        a year the codebook does not name is validated in full. A year before the monitor
        began cannot be: that is an error, not an empty contract."""
        if jaar < self.first_year:
            raise CodebookYearError(
                f"jaar {jaar} ligt voor het eerste jaar van het codebook ({self.first_year}); "
                "controleer het jaar, of geef de items in data/codebook.yml een eerder "
                "'jaren: {vanaf: ...}'."
            )
        return [v for v in self.variabelen if v.asked_in(jaar)]

    @property
    def dimensions(self) -> list[str]:
        """Registry variables and other categorical columns usable as breakdowns."""
        return [v.naam for v in self.variabelen if v.type == "categorisch"]


def _variable(raw: dict, schalen: dict) -> Variable:
    schaal = raw.get("schaal")
    codes = {int(k): v for k, v in schalen[schaal].items()} if schaal else {}
    return Variable(
        naam=raw["naam"],
        type=raw["type"],
        bron=raw["bron"],
        jaren=parse_jaren(raw.get("jaren"), raw["naam"]),
        vraag=raw.get("vraag"),
        vraag_nl=raw.get("vraag_nl", ""),
        vraag_en=raw.get("vraag_en", ""),
        item_nl=raw.get("item_nl"),
        item_en=raw.get("item_en"),
        routing=raw.get("routing"),
        schaal=schaal,
        codes=codes,
        categorieen=tuple(str(c) for c in raw.get("categorieen", ())),
        labels_nl=dict(raw.get("labels_nl", {})),
    )


def load_codebook(path: Path | None = None) -> Codebook:
    """Read ``codebook.yml`` of the configuration folder (cached: every module reads it).

    The path is resolved before the cache is consulted, so that pointing
    ``INBURGERING_CONFIG`` at another folder (the stress variants) takes effect in a process
    that has already read the project's own codebook."""
    return _load_codebook(Path(path or config_dir() / "codebook.yml").resolve())


@lru_cache(maxsize=4)
def _load_codebook(path: Path) -> Codebook:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "schalen" not in raw or "variabelen" not in raw:
        raise ConfigError(f"{path}: verwacht de sleutels 'schalen' en 'variabelen'.")
    schalen = {k: {int(c): lab for c, lab in v.items()} for k, v in raw["schalen"].items()}
    variabelen = tuple(_variable(r, schalen) for r in raw["variabelen"])
    names = [v.naam for v in variabelen]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ConfigError(f"{path}: variabele(n) dubbel gedefinieerd: {sorted(duplicates)}")
    return Codebook(
        variabelen=variabelen, schalen=schalen, geen_antwoord=tuple(raw.get("geen_antwoord", (9,)))
    )


# Who changes the configuration in a running process (the stress variants) clears this.
load_codebook.cache_clear = _load_codebook.cache_clear  # type: ignore[attr-defined]
