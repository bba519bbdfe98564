"""The summaries for respondents, "Wat hebben we gehoord?" (Dutch, level B1) and "What we
heard" (English): the same numbers as the report, in the words people use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.data.privacy import INDICATIEF
from analysis.text import dutch, key_points
from analysis.text.formatting import (
    percentage_tekst,
    shown_difference,
)

if TYPE_CHECKING:
    from analysis.text.source import Hoofdstukbron
from analysis.text.context import context
from analysis.text.results import Aandeel, _Opzoeker
from analysis.text.templates import jaartekst

# '%%tekst b1' / '%%tekst en': the summaries for respondents, in Dutch (B1) or English
SAMENVATTING_TALEN = {"b1": "nl", "en": "en"}


# ---------------------------------------------------------------------- summaries for respondents
# "Wat hebben we gehoord?" (Dutch, level B1) and "What we heard" (English): the same numbers
# as the report, in the words people use. A result shows only when it rests on enough
# respondents to be more than an indication (never a highlight on few people), and a change
# is named only when the test supports it.
class Eenvoudig(Aandeel):
    """One indicator's share of all inburgeraars, for the summaries: Dutch B1 (``taal='nl'``,
    '4 van de 10 (41%)') or English (``'en'``, '4 in 10 (41%)'). The same
    share as :class:`Aandeel`, in simpler words."""

    def __init__(self, h: Hoofdstukbron, indicator: str, taal: str = "nl") -> None:
        super().__init__(h, indicator)
        self.taal = taal

    @property
    def tonen(self) -> bool:
        """Asked, and resting on at least ``INDICATIEF`` respondents: a summary for
        respondents does not highlight a result on few people."""
        return self.gevraagd and self._h.rij(self.indicator).noemer >= INDICATIEF

    shown = tonen

    @property
    def percentage(self) -> float:
        return float(self._h.rij(self.indicator).percentage)

    @property
    def p(self) -> str:
        """'41%' (Dutch: the report's own :func:`percentage_tekst`; English: a point)."""
        from analysis.text import english

        r = self._h.rij(self.indicator)
        if self.taal == "en":
            return english.percentage_text(r.percentage, r.noemer)
        return percentage_tekst(r.percentage, r.noemer)

    @property
    def woorden(self) -> str:
        """'4 van de 10' / '4 in 10' (README: Words for quantities)."""
        from analysis.text import english

        if self.taal == "en":
            return english.in_words(self.percentage)
        return dutch.eenvoudig_deel(self.percentage)

    words = woorden

    @property
    def deel(self) -> str:
        """Words with the percentage: '4 van de 10 (41%)'."""
        return f"{self.woorden} ({self.p})"

    share = deel

    @property
    def mensen(self) -> str:
        """The share as the subject of a sentence, with a plural verb after it: '4 van de
        10 mensen (41%)' / '4 in 10 people (41%)'."""
        from analysis.text import english

        if self.taal == "en":
            return f"{english.people(self.percentage)} ({self.p})"
        return f"{dutch.eenvoudig_mensen(self.percentage)} ({self.p})"

    people = mensen

    @property
    def naam(self) -> str:
        """The registry's label: ``kort`` (Dutch) or ``kort_en`` (English)."""
        ind = self._h.registry[self.indicator]
        return ind.kort_en if self.taal == "en" else ind.kort

    label = naam


def gemeente_tekst(h: Hoofdstukbron, ctx: dict[str, Any], taal: str = "nl") -> str:
    """What the municipality does with the results: ``data/<jaar>/wat_doet_de_gemeente.md``
    (or ``.en.md``), written by the researcher in the template language; '' when the year
    has none (the page then says that it follows)."""
    naam = "wat_doet_de_gemeente" + (".en.md" if taal == "en" else ".md")
    return jaartekst(h.jg.folder / naam, ctx)


# The groups as the summaries for respondents name them: plain words, not the report's terms.
GROEP_EENVOUDIG = {
    "nl": {"asielstatushouder": "vluchtelingen", "gezinsmigrant": "gezinsmigranten"},
    "en": {"asielstatushouder": "refugees", "gezinsmigrant": "family migrants"},
}


def eenvoudige_veranderingen(
    h: Hoofdstukbron, taal: str = "nl", maximum: int | None = None
) -> list[dict]:
    """The changes since the previous wave that the test supports, for the summaries
    (largest first, all unless ``maximum``; all inburgeraars before a group, a group only
    where it moved otherwise than everyone, by the rule of :func:`key_points.veranderingen`): the
    label, the clause after 'het deel van de mensen dat' (``dat``), the group in plain words
    (``wie``, '' for everyone), whether the share went up, the two shares. The same changes
    as the samenvatting and chapter 7 name, so a summary that says it only names clear
    changes names them."""
    from analysis.text import english

    uit = []
    for k in key_points.veranderingen(h.verandering, h.registry.ids, h.registry):
        r = h.verandering_rij(k.indicator, k.groep)
        d = shown_difference(r.pct_vorig, r.pct)
        wie = GROEP_EENVOUDIG[taal].get(k.groep, "")
        if taal == "en":
            uit.append(
                {
                    "naam": h.registry[k.indicator].kort_en or k.naam,
                    "woord": english.change_word(True, d),
                    "van": english.percentage_text(r.pct_vorig, r.n_vorig),
                    "naar": english.percentage_text(r.pct, r.n),
                    "meer": d > 0,
                    "wie": wie,
                }
            )
        else:
            uit.append(
                {
                    "naam": k.naam,
                    "dat": k.dat,
                    "woord": "meer" if d > 0 else "minder",
                    "van": k.a,
                    "naar": k.b,
                    "meer": d > 0,
                    "wie": wie,
                }
            )
    return uit[:maximum]


def context_eenvoudig(h: Hoofdstukbron, taal: str = "nl") -> dict[str, Any]:
    """The template context of the summaries for respondents: everything of
    :func:`context`, plus ``b1.<indicator>`` (an :class:`Eenvoudig` view in ``taal``),
    ``veranderd()`` (:func:`eenvoudige_veranderingen`), ``gemeente()`` (the year's text on
    what the municipality does) and ``uitgenodigd``. For English also ``en.<indicator>`` and
    the filters ``number``, ``listing``, ``capital`` (registered on the environment)."""
    ctx = context(h)
    ctx["b1"] = _Opzoeker(lambda i: Eenvoudig(h, i, taal))
    ctx["en"] = _Opzoeker(lambda i: Eenvoudig(h, i, "en"))
    ctx["veranderd"] = lambda maximum=None: eenvoudige_veranderingen(h, taal, maximum)
    ctx["uitgenodigd"] = int(h.jg.meta.get("uitgenodigd") or 0)
    ctx["gemeente"] = lambda: gemeente_tekst(h, ctx, taal)
    return ctx


