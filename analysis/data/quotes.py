"""Respondents' quotes: a curated file per year, shown verbatim with their attribution.

Why a file: quotes are data, not narrative. The 2023 file holds the anonymised written
answers and interview fragments printed in the published report, with its attributions and
redactions; another year has its own file (or none, and then no quotes are shown).

``data/<jaar>/citaten.yml``::

    toelichting: where the quotes come from
    citaten:
      - thema: werk                       # the chapter section that shows it
        soort: schriftelijk | interview   # written survey answer or interview
        tekst: "..."                       # verbatim, redactions as published ('***', '…')
        ingekort: false                    # shortened by the report ('Ingekorte ...')
"""

from __future__ import annotations

from pathlib import Path

from analysis.data.errors import ConfigError, DataError
from analysis.data.files import read_yaml

ATTRIBUTIE = {
    ("schriftelijk", False): "Schriftelijke reactie van inburgeraar bij de enquête",
    ("schriftelijk", True): "Ingekorte schriftelijke reactie van inburgeraar bij de enquête",
    ("interview", False): "Geïnterviewde inburgeraar",
    ("interview", True): "Geïnterviewde inburgeraar (ingekort)",
}


def load_quotes(folder: Path) -> list[dict]:
    """The quotes of a year folder; an absent file means no quotes."""
    path = folder / "citaten.yml"
    if not path.exists():
        return []
    try:
        raw = read_yaml(path) or {}
    except ConfigError as exc:
        raise DataError(str(exc)) from None
    quotes = raw.get("citaten") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(quotes or [], list):
        raise DataError(
            f"{path}: verwacht de sleutel 'citaten' met een lijst citaten, elk met 'thema', "
            "'soort' en 'tekst' (zie data/2023/citaten.yml)."
        )
    quotes = quotes or []
    for i, q in enumerate(quotes, start=1):
        if not isinstance(q, dict):
            raise DataError(
                f"{path}: citaat {i} is geen blok met 'thema', 'soort' en 'tekst' maar "
                f"{type(q).__name__} {str(q)[:40]!r}."
            )
        missing = {"thema", "soort", "tekst"} - set(q)
        if missing:
            raise DataError(f"{path}: citaat {i} mist {sorted(missing)}")
        if not isinstance(q["tekst"], str) or not q["tekst"].strip():
            raise DataError(f"{path}: citaat {i}: 'tekst' is leeg of geen tekst.")
        if q["soort"] not in ("schriftelijk", "interview"):
            raise DataError(
                f"{path}: citaat {i}: soort '{q['soort']}', verwacht 'schriftelijk' of 'interview'"
            )
    return quotes


# ASCII punctuation Pandoc's Markdown (and Quarto before it) may read as markup: emphasis,
# raw HTML and entities, maths, headings, lists, links, citations, shortcodes, tables,
# sub/superscript, smart dashes, line-break backslashes. Quotation marks, comma and the like
# stay as typed (smart quotes are typography, not markup).
MARKUP = frozenset("\\`*_{}[]()<>#+-.!$@~^|&:")


def letterlijk(text: str) -> str:
    """Text that Pandoc prints exactly as written, in HTML and in Typst.

    Why: a quote is data. '*heel*', '<b>', '300$ ... 50$', a line starting with '#',
    '[zie foto](foto.jpg)' and '@gemeenteutrecht' came out as emphasis, raw HTML, maths, a
    heading, a link and a citation that failed the render. Pandoc's Markdown lets every
    ASCII punctuation character be escaped with a backslash, which makes it a literal
    character in the document; each output writer then escapes it as its format needs.
    Leading spaces are dropped, so that an indented line never becomes a code block.
    """
    lines = []
    for line in text.splitlines():
        lines.append("".join(f"\\{c}" if c in MARKUP else c for c in line.strip()))
    return "\n".join(lines)


def quote_markdown(quotes: list[dict], thema: str) -> str:
    """Block quotes for one theme, each followed by its attribution in brackets. The quote
    itself is escaped (:func:`letterlijk`): it prints literally."""
    blocks = []
    for q in quotes:
        if q["thema"] != thema:
            continue
        attributie = ATTRIBUTIE[(q["soort"], bool(q.get("ingekort", False)))]
        lines = letterlijk(str(q["tekst"]).strip()).splitlines()
        body = "\n".join(f"> {line}" for line in lines)
        blocks.append(f"{body}\n>\n> [{attributie}]")
    return "\n\n".join(blocks)
