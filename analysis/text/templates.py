"""Chapter prose written as text: Markdown with Jinja2 placeholders and conditions.

Why: a sentence in a chapter is edited by researchers and editors, not programmers. A cell
that starts with ``%%tekst`` holds Markdown; ``{{ ind.taalles.deel }}`` puts in a number
from the year's estimates and ``{% if verschil.taalles.aantoonbaar %}`` keeps a sentence
only when the test supports it. The cell is rendered when it runs (in Jupyter while
editing, by papermill in the build) and shown as Markdown, so the executed notebook stores
the finished text, ``make verify`` and nbval compare it, and Quarto typesets it with its
citations and cross-references.

``%%tekst`` is there as soon as the chapter's ``h = Hoofdstuk(...)`` has run.

What a template can use (all read from the chapter's :class:`~analysis.chapter.Hoofdstuk`,
so from the estimates the pipeline stored):

- ``ind.<indicator>``: a share (:class:`Aandeel`): ``.p`` '31%', ``.deel`` 'ruim drie op de
  tien inburgeraars (31%)', ``.wp``, ``.woorden``, ``.naam`` (the registry's one label),
  ``.gevraagd``; ``ind.<indicator>.in_groep("asielstatushouder")`` for a group.
- ``ind.<indicator>.utrecht("Utrechters 18+")``: against all Utrechters: ``.p``, ``.tov``
  ('hoger dan', 'lager dan', 'vrijwel gelijk aan', 'niet aantoonbaar anders dan'), ``.hoger``,
  ``.lager``, ``.gelijk``, ``.bekend``.
- ``verschil.<indicator>``: asielstatushouders against gezinsmigranten (:class:`Verschil`):
  ``.aantoonbaar``, ``.hoger``, ``.lager``, ``.te_klein``, ``.vaker``, ``.vaker_dan``,
  ``.a``, ``.b`` (both shares), ``.tegenover`` ('6% tegenover 54%').
- ``vergelijk("indicator", "groep_a", "groep_b")``: a comparison declared in
  ``data/toetsfamilies.yml``, with the same fields.
- ``verandering.<indicator>`` (and ``.in_groep(...)``): the change since the previous wave
  (:class:`Verandering`): ``.bekend``, ``.aantoonbaar``, ``.woord`` ('gestegen' only when
  the test supports it), ``.van``, ``.naar``, ``.vorig_jaar``.
- ``kernpunten("werk")``: the chapter's key findings (:mod:`analysis.text.key_points`), for
  ``z.kernpunten``.
- ``nationaliteiten(...)``: the paragraph on nationalities (``Hoofdstuk.nationaliteiten_tekst``).
- the names a code cell of the chapter defined before (e.g. a list of groups);
- ``gevraagd("indicator", ...)``, ``signaal.<naam>``, ``jaar``, ``vorig_jaar``, ``meta``,
  ``n``, ``veranderingen()``, ``zichtbaar()``, ``conclusies()`` (:func:`context` lists them
  all); filters ``hoofdletter``, ``opsomming``, ``pct``, ``getal``, ``telwoord``,
  ``in_woorden``, ``deel`` (a share with its base as a sentence's subject); the macros of
  ``chapters/_zinnen.jinja`` as ``z.<naam>``.

Jinja's comment markers are ``<#`` and ``#>`` here, because ``{#`` starts a Quarto
identifier (``{#fig-x}``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analysis.data.paths import ROOT
from analysis.text import dutch
from analysis.text.formatting import (
    deel_tekst,
    getal,
    hoofdletter,
    in_woorden,
    pct,
    telwoord,
)

if TYPE_CHECKING:
    pass

MACROS = "_zinnen.jinja"
ALINEAS = "_alineas.jinja"  # the wording of the paragraphs built in analysis/text/paragraphs.py
VERBORGEN = {"In", "Out", "exit", "quit", "get_ipython"}
# No space before closing punctuation: a condition on a line of its own leaves one ("… , …").
GEEN_SPATIE_VOOR = re.compile(r"\s+([,.;:!?)])")
LIJST = re.compile(r"^\s*(?:[-*+] |\d+\. )")
_BLOK = re.compile(r"^\s*(?:[-*+] |\d+\. |#|\||>|:|!\[)")
FENCE = re.compile(r"^\s*:{3,}")  # a fenced div's opening or closing line
ALLEEN = re.compile(r"^\s*(?::{3,}|#)")  # lines nothing continues: fences and headings
ALINEA = "\ue000"  # marks a paragraph break of the template source while it is rendered


@cache
def omgeving() -> Environment:
    """The Jinja2 environment of the chapters: undefined names fail (a misspelled
    placeholder stops the chapter instead of printing nothing), tags on a line of their own
    leave only a line break (which joins into the paragraph), and the macros file is
    importable as ``_zinnen.jinja``."""
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "chapters")),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=False,
        lstrip_blocks=True,
        comment_start_string="<#",
        comment_end_string="#>",
    )
    env.filters["hoofdletter"] = hoofdletter
    env.filters["opsomming"] = dutch.opsomming
    env.filters["pct"] = pct
    env.filters["getal"] = getal
    env.filters["telwoord"] = telwoord
    env.filters["in_woorden"] = in_woorden
    # {{ x | deel(n, "respondenten") }}: 'ruim vier op de vijf respondenten (83%)'
    env.filters["deel"] = deel_tekst
    env.filters["abs"] = abs
    env.filters["cite"] = lambda sleutel: f"@{sleutel}"  # a citation key from the data
    _engelse_filters(env)
    return env


def alinea_s(tekst: str) -> str:
    """The rendered Markdown as a reader gets it. Paragraphs are those of the template
    source (a blank line there; marked :data:`ALINEA` while rendering), so a condition or a
    macro never splits or glues paragraphs by the line breaks it leaves. Within a paragraph
    the lines are joined, white space collapsed and no space left before a comma or full
    stop; an empty paragraph (a condition that kept nothing) is dropped. Lists, headings,
    tables, quotes, fenced divs and figures keep their lines (a line that starts none of
    these continues the one before)."""
    uit = []
    for blok in tekst.split(ALINEA):
        regels = [r.strip() for r in blok.splitlines() if r.strip()]
        if not regels:
            continue
        if any(_BLOK.match(r) for r in regels):
            blok_regels: list[str] = []
            for r in regels:  # a line that starts no item continues the one before
                if blok_regels and not _BLOK.match(r) and not ALLEEN.match(blok_regels[-1]):
                    blok_regels[-1] += " " + r
                else:
                    blok_regels.append(r)
            uit.append(_lijst_los(blok_regels))
        else:
            uit.append(GEEN_SPATIE_VOOR.sub(r"\1", " ".join(" ".join(regels).split())))
    return "\n\n".join(uit)


def _lijst_los(regels: list[str]) -> str:
    """Lines of a block, with a blank line where a list starts after a line of text: Pandoc
    reads a list only after a blank line (otherwise the items run on in the paragraph); and a
    blank line on both sides of a fenced div's fence (``:::``), which Pandoc only reads as a
    fence when it is not the continuation of a paragraph -- otherwise the reader gets the
    colons and the attributes printed as text."""
    uit: list[str] = []
    for r in regels:
        if uit and uit[-1] != "" and (
            FENCE.match(r) or FENCE.match(uit[-1]) or (LIJST.match(r) and not LIJST.match(uit[-1]))
        ):
            uit.append("")
        uit.append(r)
    return "\n".join(uit)


def render(sjabloon: str, context: dict[str, Any]) -> str:
    """Render one template with ``context`` (and the macros) and tidy the result."""
    env = omgeving()
    bron = re.sub(r"\n[ \t]*\n\s*", f"\n{ALINEA}\n", sjabloon.strip())
    kop = "{% import '" + MACROS + "' as z with context %}"
    return alinea_s(env.from_string(kop + bron).render(**context))


def alinea(macro: str, **waarden: Any) -> str:
    """One macro of ``chapters/_alineas.jinja`` rendered with ``waarden``, as one line: the
    macro's lines are wrapped for reading, so its white space is collapsed (as
    ``Zinnen.zinnen`` does for sentences joined into a paragraph)."""
    module = omgeving().get_template(ALINEAS).module
    return " ".join(str(getattr(module, macro)(**waarden)).split())


# The year's own texts, written by the researcher in the template language of the chapters.
JAARTEKSTEN = ("conclusies.md", "wat_doet_de_gemeente.md", "wat_doet_de_gemeente.en.md")


def controleer_jaarteksten(folder: Path) -> None:
    """Parse the year's own texts before any chapter runs: a template error names the file
    and its line (raised as the data error it is, exit 2), not a cell of the chapter that
    reads it."""
    from jinja2 import TemplateSyntaxError

    from analysis.data.errors import DataError

    for naam in JAARTEKSTEN:
        pad = folder / naam
        if not pad.exists():
            continue
        try:
            omgeving().parse(pad.read_text(encoding="utf-8"))
        except TemplateSyntaxError as exc:
            raise DataError(
                f"{pad}, regel {exc.lineno}: {exc.message}. Deze tekst gebruikt de "
                "sjabloontaal van de hoofdstukken (README: Writing narrative with numbers)."
            ) from None
        except UnicodeDecodeError:
            raise DataError(f"{pad}: geen UTF-8; bewaar het bestand als UTF-8.") from None


def jaartekst(pad: Path, ctx: dict[str, Any]) -> str:
    """One of the year's own texts rendered with the chapter's numbers; '' when the year has
    none. A name the template does not know is reported with the file, not the cell."""
    from jinja2 import UndefinedError

    from analysis.data.errors import DataError

    if not pad.exists():
        return ""
    try:
        return render(pad.read_text(encoding="utf-8"), ctx)
    except UndefinedError as exc:
        raise DataError(
            f"{pad}: {exc.message} -- geen naam die de hoofdstukken kennen (zie "
            "analysis/text/templates.py, context); een tikfout?"
        ) from None


def _engelse_filters(env: Environment) -> None:
    """English number filters next to the Dutch ones (``{{ n | number }}`` -> '1,231')."""
    from analysis.text import english

    env.filters.setdefault("number", english.number)
    env.filters.setdefault("percent", english.percent)
    env.filters.setdefault("listing", english.listing)
    env.filters.setdefault("capital", english.capital)
    env.filters.setdefault("counted", english.count)  # Jinja's own 'count' is 'length'
