"""The names a chapter template can use: the year's numbers and the words for them, built from
the chapter (:mod:`analysis.text.source`), and the year's own conclusions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.data.paths import editie
from analysis.data.privacy import INDICATIEF, MIN_CELL
from analysis.data.reading import veldwerk
from analysis.text import dutch, english, key_points

if TYPE_CHECKING:
    from analysis.text.source import Hoofdstukbron
from analysis.text.results import Aandeel, Verandering, Verschil, _Opzoeker, _Signalen, zichtbaar
from analysis.text.templates import jaartekst


def conclusies(h: Hoofdstukbron, ctx: dict[str, Any]) -> str:
    """The year's own conclusions (``data/<jaar>/conclusies.md``), written by the researcher
    in the same template language as the chapters, rendered with the same numbers; '' when
    the year has none (the chapter then says so)."""
    return jaartekst(h.jg.folder / "conclusies.md", ctx)


def context(h: Hoofdstukbron) -> dict[str, Any]:
    """Everything a chapter template may use, read from the chapter's estimates."""
    vorige = h.verandering.jaar_vorig if not h.verandering.empty else None

    def verschil(indicator: str) -> Verschil:
        return Verschil(h, h.verschil(indicator))

    def vergelijk(indicator: str, *groepen: str, beantwoord: bool = False) -> Verschil:
        return Verschil(h, h.vergelijk(indicator, list(groepen), beantwoord=beantwoord))

    ctx = {
        "h": h,
        "jaar": h.jaar,
        "editie": editie(h.jaar, h.gewogen),  # build folder and file names of this edition
        "vorig_jaar": None if vorige is None else int(vorige.iloc[0]),
        "ind": _Opzoeker(lambda i: Aandeel(h, i)),
        "verschil": _Opzoeker(verschil),
        "verandering": _Opzoeker(lambda i: Verandering(h, i)),
        "vergelijk": vergelijk,
        "gevraagd": lambda *ids: all(h.gevraagd(i) for i in ids),
        "signaal": _Signalen(h),
        "nationaliteiten": lambda *a: h.nationaliteiten_tekst(*a)[0],
        "aandeel_woorden": h.aandeel_woorden,
        "meta": h.jg.meta,
        # when the fieldwork ran, as an adverbial ('in oktober 2023'; English: 'in October 2023')
        "veldwerk": dutch.in_periode(veldwerk(h.jg.meta)),
        "fieldwork": english.in_period(veldwerk(h.jg.meta)),
        "n": h.jg.n,
        "synthetisch": h.synthetisch,
        "min_cell": MIN_CELL,
        "indicatief_vanaf": INDICATIEF,
        "geen_meting": "" if vorige is None else h.geen_meting_zin(int(vorige.iloc[0])),
        "veranderingen": lambda: key_points.veranderingen(
            h.verandering, h.registry.ids, h.registry
        ),
        "zichtbaar": lambda soort="verandering": zichtbaar(h, soort),
        "wacht_op_registratie": [
            str(k["nummer"])
            for k in h.registry.kernindicatoren
            if k.get("registratie") or k.get("niet_gemeten") == "registratie"
        ],
        "kernpunten": lambda hoofdstuk: key_points.kies(
            hoofdstuk,
            h.tabel,
            h.schattingen.vergelijkingen,
            h.verandering,
            h.schattingen.utrecht,
            h.registry,
        ),
        "boodschappen": lambda: key_points.boodschappen(
            h.tabel, h.schattingen.vergelijkingen, h.verandering, h.schattingen.utrecht, h.registry
        ),
        "heeft_citaten": h.heeft_citaten,
    }
    ctx["conclusies"] = lambda: conclusies(h, ctx)

    def in_het_kort(indicator: str, soort: str) -> bool:
        """Whether a key message of the samenvatting already tells this finding ('soort' of
        :class:`key_points.Kernpunt`): the section per theme then does not say it again."""
        return any(
            d.indicator == indicator and d.soort == soort
            for k in ctx["boodschappen"]()
            for d in (k, *k.bij)
        )

    ctx["in_het_kort"] = in_het_kort

    def sinds_vorige(hoofdstuk: str) -> dict[str, int]:
        """How many of the chapter's measures (not the mirror images) can be compared with
        the previous wave, and how many of those changed demonstrably (for everyone or within
        a group): the one sentence on change a chapter opens with (``z.veranderd_in_hoofdstuk``), so
        that the unchanged ones are folded, not told one by one."""
        vs = [
            Verandering(h, i.id)
            for i in h.registry.indicatoren
            if i.hoofdstuk == hoofdstuk and not i.aanvullend and h.gevraagd(i.id)
        ]
        bekend = [v for v in vs if v.bekend]
        return {
            "bekend": len(bekend),
            "veranderd": sum(1 for v in bekend if v.aantoonbaar or v.binnen_groepen),
        }

    ctx["sinds_vorige"] = sinds_vorige
    return ctx
