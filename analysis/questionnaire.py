"""The questionnaire of a year, generated from the codebook (so it can never drift from it)."""

from __future__ import annotations

from itertools import groupby

from analysis.codebook import load_codebook


def _escape(text: str) -> str:
    return text.replace("*", "\\*")


def questionnaire_markdown(jaar: int) -> str:
    """Markdown of every question asked in ``jaar``: text, items, answer options, routing."""
    cb = load_codebook()
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
        if routed:
            lines += [
                "",
                "*Alleen gesteld als:* "
                + ", ".join(r.replace(" == 1", " aangevinkt") for r in routed)
                + ".",
            ]
        blocks.append("\n".join(lines))
    missing = [
        v.naam for v in cb.variabelen if v.bron == "enquete" and v.vraag and not v.asked_in(jaar)
    ]
    if missing:
        blocks.append(f"*Niet gesteld in {jaar}:* " + ", ".join(missing) + ".")
    blocks.append(
        "Vragen V10 (kans op een cadeaubon) en V11 (bereidheid tot een gesprek) "
        "vroegen om een e-mailadres; die adressen blijven bij het veldwerkbureau en "
        "zitten niet in de gegevens."
    )
    return "\n\n".join(blocks)
