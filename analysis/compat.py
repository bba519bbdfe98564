"""The flat module names the notebooks and the README's commands were written with.

Why: ``analysis/`` was one flat folder before it became packages by layer. The chapter
notebooks import ``from analysis.trend import change_display`` and the README says ``python
-m analysis.pipeline``; both stay as they are, so that a researcher's notebook, a
reviewer's command and the executed notebooks of a build are the same before and after the
move. Each old name below is a face, not a module of its own: it looks a name up in the new
modules listed, in that order, and ``python -m`` runs the first of them. New code imports
from the packages (a test forbids the old names inside ``analysis/`` and ``tests/``).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
from collections.abc import Sequence
from typing import Any

# old name -> the modules (under analysis.) that now hold its names, the runnable one first
OUDE_NAMEN: dict[str, tuple[str, ...]] = {
    # imported by the chapter notebooks
    "afstemming": ("chapter.reconciliation", "text.labels", "text.methods"),
    "codebook": ("data.codebook", "data.errors", "data.files"),
    "comparisons": (
        "statistics.comparisons",
        "statistics.design",
        "statistics.families",
        "statistics.nonresponse",
        "text.methods",
    ),
    "disclosure": ("statistics.disclosure", "data.privacy", "text.formatting"),
    "formatting": ("text.formatting", "statistics.rounding"),
    "indicators": ("statistics.indicators", "text.labels"),
    "load": ("data.load", "data.errors", "data.reading", "data.validation", "data.identifiers"),
    "paths": ("data.paths",),
    "precisie": ("statistics.precision", "text.methods", "chapter.appendix"),
    "questionnaire": ("data.questionnaire",),
    "stats": ("statistics.sampling",),
    "tables": ("chapter.appendix", "chapter.overview", "chapter.tables"),
    "trend": ("statistics.change", "chapter.overview", "text.methods"),
    "weighting": ("statistics.weighting",),
    "tekst": ("text.magic", "text.templates", "text.context", "text.results", "text.summaries"),
    # the README's and the Makefile's commands (python -m analysis.<name>)
    "bench": ("checks.bench",),
    "eenpagina": ("publication.one_page",),
    "intake": ("data.intake",),
    "leesbaarheid": ("checks.readability",),
    "narratief": ("checks.narrative",),
    "paginatekst": ("checks.pages",),
    "pipeline": ("publication.pipeline",),
    "preview": ("publication.preview",),
    "redactie": ("checks.editorial",),
    "render": ("publication.render",),
    "site": ("publication.site",),
    "synth": ("checks.synth",),
    "varianten": ("checks.variant_runs", "checks.variants"),
    "verify": ("publication.verify",),
}


class _Gezicht(importlib.abc.Loader):
    """Loads an old name as a module whose attributes are looked up in the new homes."""

    def __init__(self, homes: Sequence[str]) -> None:
        self.homes = [f"analysis.{h}" for h in homes]

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return types.ModuleType(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        homes = self.homes

        def __getattr__(name: str) -> Any:
            for home in homes:
                mod = importlib.import_module(home)
                if hasattr(mod, name):
                    return getattr(mod, name)
            raise AttributeError(f"{module.__name__} has no {name!r} (looked in {homes})")

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__doc__ = f"Old name; the names live in {', '.join(homes)}."

    def get_code(self, fullname: str) -> types.CodeType | None:
        """What ``python -m analysis.<old>`` runs: the first home's code, as ``__main__``."""
        spec = importlib.util.find_spec(self.homes[0])
        assert spec is not None and spec.loader is not None
        return spec.loader.get_code(self.homes[0])  # type: ignore[attr-defined]

    def is_package(self, fullname: str) -> bool:
        return False


class _Oudenamen(importlib.abc.MetaPathFinder):
    """Finds ``analysis.<old>`` for the names in :data:`OUDE_NAMEN`, and nothing else."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        pakket, _, naam = fullname.rpartition(".")
        if pakket != "analysis" or naam not in OUDE_NAMEN:
            return None
        loader = _Gezicht(OUDE_NAMEN[naam])
        eerste = importlib.util.find_spec(loader.homes[0])
        origin = eerste.origin if eerste else None
        return importlib.util.spec_from_loader(fullname, loader, origin=origin)


def install() -> None:
    """Put the finder after the normal ones: a real module of that name always wins. A warm
    kernel imports the project anew for each build (:mod:`analysis.publication.kernels`): the
    finder of the previous import is replaced, not doubled."""
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_Oudenamen"]
    sys.meta_path.append(_Oudenamen())
