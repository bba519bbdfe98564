"""The questionnaire of a year, generated from the codebook (so it can never drift from it)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from analysis.data.codebook import load_codebook


def _escape(text: str) -> str:
    return text.replace("*", "\\*")


def _routing(cb, rule: str) -> str:
    """A routing rule in words: 'v1_betaald_werk == 1' -> "bij V1 'ik heb betaald werk' is
    aangevinkt" -- never the column name."""
    naam, _, waarde = (part.strip() for part in rule.partition("=="))
    if naam in cb and waarde == "1":
        v = cb[naam]
        return f"bij {v.vraag} '{_escape(v.item_nl or v.vraag_nl)}' is aangevinkt"
    raise ValueError(
        f"Routing '{rule}' niet in woorden te zeggen: breid analysis/data/questionnaire.py uit"
    )


def questionnaire_markdown(
    jaar: int, vorig: int | None = None, niet_beantwoord: Sequence[str] = ()
) -> str:
    """Markdown of every question asked in ``jaar``: text, items, answer options, routing;
    then what changed since the previous measurement ``vorig`` (default the year before;
    after a gap year the last year measured): items new this year, items no longer asked,
    and items asked but answered by nobody (``meta.yml`` ``niet_beantwoord``)."""
    cb = load_codebook()
    vorig = jaar - 1 if vorig is None else vorig
    asked = [v for v in cb.for_year(jaar) if v.bron == "enquete" and v.vraag]
    blocks = []
    for vraag, group in groupby(asked, key=lambda v: v.vraag):
        items = list(group)
        first = items[0]
        lines = [f"**{vraag}.** {_escape(first.vraag_nl)}", ""]
        if first.type == "categorisch":
            lines += [f"- {first.labels_nl.get(c, c)}" for c in first.categorieen]
        elif first.type == "binair":
            lines += [f"- {_escape(v.item_nl or '')}" for v in items]
        else:
            if len(items) > 1 or first.item_nl:
                lines += [f"{i}. {_escape(v.item_nl or '')}" for i, v in enumerate(items, start=1)]
                lines.append("")
            options = "; ".join(lab["nl"] for lab in first.codes.values())
            lines.append(f"*Antwoorden:* {options}.")
        routed = sorted({v.routing for v in items if v.routing})
        for rule in routed:
            # which items the rule holds for: all of them, or the numbered ones only
            nummers = [i for i, v in enumerate(items, start=1) if v.routing == rule]
            welke = ""
            if len(nummers) < len(items):
                meer = "en" if len(nummers) > 1 else ""
                welke = (
                    f" (stelling{meer} {' en '.join(map(str, nummers))}; de andere aan iedereen)"
                )
            lines += ["", f"*Alleen gesteld als* {_routing(cb, rule)}{welke}."]
        blocks.append("\n".join(lines))
    # Items of the previous measurement's questionnaire that were dropped since, by their
    # text (an item dropped long ago is not news every year), and items new since then --
    # the previous *measurement*, so that after a gap year nothing dropped in it is missed.
    def named(variables: list) -> str:
        return "; ".join(f"{v.vraag} ({_escape(v.item_nl or v.vraag_nl)})" for v in variables)

    survey = [v for v in cb.variabelen if v.bron == "enquete" and v.vraag]
    new = [v for v in survey if v.asked_in(jaar) and not v.asked_in(vorig)]
    missing = [v for v in survey if v.asked_in(vorig) and not v.asked_in(jaar)]
    empty = [v for v in survey if v.asked_in(jaar) and v.naam in set(niet_beantwoord)]
    sinds = "" if vorig == jaar - 1 else f" (sinds de meting van {vorig})"
    if vorig >= cb.first_year and new:
        blocks.append(f"*Nieuw in {jaar}{sinds}:* {named(new)}.")
    if missing:
        blocks.append(f"*Niet meer gesteld in {jaar}{sinds}:* {named(missing)}.")
    if empty:
        blocks.append(
            f"*Wel gesteld, maar door niemand beantwoord in {jaar}* (geen cijfers): "
            f"{named(empty)}."
        )
    blocks.append(
        "Vraag V10 (kans op een cadeaubon) vroeg alleen om een e-mailadres en staat daarom "
        "niet in de gegevens; ook de e-mailadressen bij V11 (bereidheid tot een gesprek) "
        "blijven bij het veldwerkbureau."
    )
    return "\n\n".join(blocks)
