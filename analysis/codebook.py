"""The survey contract: every column of ``enquete.csv``, its codes, routing and years.

The codebook is data (``data/codebook.yml``); this module only reads it. Validation, the
indicator registry, the synthetic generator and the questionnaire in the bijlagen all read the
same file, so a change of wording or codes is made once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from analysis.paths import config_dir


@dataclass(frozen=True)
class Variable:
    """One column of the survey file."""

    naam: str
    type: str  # id | categorisch | code | binair
    bron: str  # enquete | registratie
    jaren: tuple[int, ...]
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

    def for_year(self, jaar: int) -> list[Variable]:
        """The variables a survey file of ``jaar`` must have."""
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
        jaren=tuple(raw["jaren"]),
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


@lru_cache(maxsize=4)
def load_codebook(path: Path | None = None) -> Codebook:
    """Read ``data/codebook.yml`` (cached: it is read by every module)."""
    path = path or config_dir() / "codebook.yml"
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    schalen = {k: {int(c): lab for c, lab in v.items()} for k, v in raw["schalen"].items()}
    variabelen = tuple(_variable(r, schalen) for r in raw["variabelen"])
    names = [v.naam for v in variabelen]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"{path}: variabele(n) dubbel gedefinieerd: {sorted(duplicates)}")
    return Codebook(
        variabelen=variabelen, schalen=schalen, geen_antwoord=tuple(raw.get("geen_antwoord", (9,)))
    )
