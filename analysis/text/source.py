"""What the text layer reads from a chapter, as a typing protocol.

Why: sentences and template contexts need a chapter's year, estimates and comparisons, but
the text layer sits below the chapter class that carries them (:class:`analysis.chapter.
Hoofdstuk`). Typing against this protocol keeps the imports pointing down: the chapter
satisfies it, and text never imports the class that uses it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class Hoofdstukbron(Protocol):
    """The members of a chapter that words are made from (all of them read-only here)."""

    naam: str
    jaar: int
    jg: Any  # the year's data (analysis.data.load.Jaargang)
    registry: dict[str, Any]  # the indicator registry
    schattingen: Any  # the year's estimates (analysis.statistics.estimates)
    data_dir: Path
    synthetisch: bool
    referentie: Any
    tabel: Any  # the tidy indicator table
    verandering: Any  # the change table

    def verandering_rij(self, *args: Any, **kwargs: Any) -> Any: ...
    def verschil(self, *args: Any, **kwargs: Any) -> Any: ...
    def vergelijk(self, *args: Any, **kwargs: Any) -> Any: ...
    def gevraagd(self, *args: Any, **kwargs: Any) -> Any: ...
    def nationaliteiten_tekst(self, *args: Any, **kwargs: Any) -> Any: ...
    def heeft_citaten(self, *args: Any, **kwargs: Any) -> Any: ...
    def geen_meting_zin(self, *args: Any, **kwargs: Any) -> Any: ...
    def aandeel_woorden(self, *args: Any, **kwargs: Any) -> Any: ...
    def utrecht_wie(self, *args: Any, **kwargs: Any) -> Any: ...
