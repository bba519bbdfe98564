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
  ('hoger dan', 'lager dan', 'vergelijkbaar met'), ``.hoger``, ``.lager``, ``.bekend``.
- ``verschil.<indicator>``: asielstatushouders against gezinsmigranten (:class:`Verschil`):
  ``.aantoonbaar``, ``.hoger``, ``.lager``, ``.te_klein``, ``.vaker``, ``.vaker_dan``,
  ``.a``, ``.b`` (both shares), ``.tegenover`` ('6% tegenover 54%').
- ``vergelijk("indicator", "groep_a", "groep_b")``: a comparison declared in
  ``data/toetsfamilies.yml``, with the same fields.
- ``verandering.<indicator>`` (and ``.in_groep(...)``): the change since the previous wave
  (:class:`Verandering`): ``.bekend``, ``.aantoonbaar``, ``.woord`` ('gestegen' only when
  the test supports it), ``.van``, ``.naar``, ``.vorig_jaar``.
- ``kernpunten("werk")``: the chapter's key findings (:mod:`analysis.kernpunten`), for
  ``z.kernpunten``.
- ``nationaliteiten(...)``: the paragraph on nationalities (``Hoofdstuk.nationaliteiten_tekst``).
- the names a code cell of the chapter defined before (e.g. a list of groups);
- ``gevraagd("indicator", ...)``, ``signaal.<naam>``, ``jaar``, ``vorig_jaar``, ``meta``,
  ``n``, ``veranderingen()``, ``zichtbaar()``, ``conclusies()`` (:func:`context` lists them
  all); filters ``hoofdletter``, ``opsomming``, ``pct``, ``getal``, ``telwoord``,
  ``in_woorden``; the macros of ``chapters/_zinnen.jinja`` as ``z.<naam>``.

Jinja's comment markers are ``<#`` and ``#>`` here, because ``{#`` starts a Quarto
identifier (``{#fig-x}``).
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analysis import kernpunten, nederlands
from analysis.disclosure import INDICATIEF, MIN_CELL, percentage_tekst, too_small
from analysis.formatting import (
    getal,
    hoofdletter,
    in_woorden,
    pct,
    shown_difference,
    telwoord,
)
from analysis.indicators import TOTAAL
from analysis.paths import ROOT

if TYPE_CHECKING:
    from analysis.chapter import Hoofdstuk
    from analysis.comparisons import Vergelijking

MACROS = "_zinnen.jinja"
VERBORGEN = {"In", "Out", "exit", "quit", "get_ipython"}
# No space before closing punctuation: a condition on a line of its own leaves one ("… , …").
GEEN_SPATIE_VOOR = re.compile(r"\s+([,.;:!?)])")
LIJST = re.compile(r"^\s*(?:[-*+] |\d+\. )")
_BLOK = re.compile(r"^\s*(?:[-*+] |\d+\. |#|\||>|:|!\[)")
FENCE = re.compile(r"^\s*:{3,}")  # a fenced div's opening or closing line
ALLEEN = re.compile(r"^\s*(?::{3,}|#)")  # lines nothing continues: fences and headings
ALINEA = "\ue000"  # marks a paragraph break of the template source while it is rendered
# '%%tekst b1' / '%%tekst en': the summaries for respondents, in Dutch (B1) or English
SAMENVATTING_TALEN = {"b1": "nl", "en": "en"}


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
    env.filters["opsomming"] = nederlands.opsomming
    env.filters["pct"] = pct
    env.filters["getal"] = getal
    env.filters["telwoord"] = telwoord
    env.filters["in_woorden"] = in_woorden
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


# ---------------------------------------------------------------------------- views
class Aandeel:
    """One indicator's share in one group, as words and numbers for a template."""

    def __init__(self, h: Hoofdstuk, indicator: str, groep: str = TOTAAL) -> None:
        self._h, self.indicator, self.groep = h, indicator, groep

    @property
    def gevraagd(self) -> bool:
        return self._h.gevraagd(self.indicator)

    @property
    def naam(self) -> str:
        """The measure's one label (data/indicatoren.yml, ``kort``)."""
        return self._h.registry[self.indicator].kort

    @property
    def te_klein(self) -> bool:
        return too_small(self._h.rij(self.indicator, self.groep).noemer)

    @property
    def p(self) -> str:
        return self._h.p(self.indicator, self.groep)

    @property
    def deel(self) -> str:
        return self._h.deel(self.indicator, self.groep)

    @property
    def wp(self) -> str:
        return self._h.wp(self.indicator, self.groep)

    @property
    def woorden(self) -> str:
        return self._h.woorden(self.indicator, self.groep)

    def in_groep(self, groep: str) -> Aandeel:
        return Aandeel(self._h, self.indicator, groep)

    def utrecht(self, populatie: str | None = None) -> Utrecht:
        """The comparison with all Utrechters (``data/referentie/utrecht.csv``)."""
        return Utrecht(self._h, self.indicator, populatie, self.groep)

    def __str__(self) -> str:
        return self.p


class Utrecht:
    """An indicator against the Utrecht figure: higher or lower only when the Utrecht figure
    lies outside our 95% interval (it is an external estimate without a known interval)."""

    def __init__(self, h: Hoofdstuk, indicator: str, populatie: str | None, groep: str) -> None:
        self._h, self.indicator, self.populatie, self.groep = h, indicator, populatie, groep

    @property
    def bekend(self) -> bool:
        """There is a Utrecht figure and our share can be published."""
        return self._h.tov_utrecht(self.indicator, self.populatie, self.groep) != (
            "niet te vergelijken met"
        )

    @property
    def p(self) -> str:
        waarde = self._h.utrecht(self.indicator, self.populatie)
        return "–" if waarde is None else pct(waarde)

    @property
    def tov(self) -> str:
        """'hoger dan', 'lager dan', 'vergelijkbaar met' (or 'niet te vergelijken met')."""
        return self._h.tov_utrecht(self.indicator, self.populatie, self.groep)

    @property
    def hoger(self) -> bool:
        return self.tov == "hoger dan"

    @property
    def lager(self) -> bool:
        return self.tov == "lager dan"


class Verschil:
    """A comparison between groups, in the words its test allows."""

    def __init__(self, h: Hoofdstuk, v: Vergelijking) -> None:
        self._h, self.v = h, v

    @property
    def te_klein(self) -> bool:
        return self.v.te_klein

    @property
    def aantoonbaar(self) -> bool:
        return not self.v.te_klein and self.v.significant

    @property
    def hoger(self) -> bool:
        return self.aantoonbaar and self.v.verschil > 0

    @property
    def lager(self) -> bool:
        return self.aantoonbaar and self.v.verschil < 0

    @property
    def vaker(self) -> str:
        return nederlands.vaker(self.aantoonbaar, self.v.verschil)

    @property
    def vaker_dan(self) -> str:
        return nederlands.vaker_dan(self.aantoonbaar, self.v.verschil)

    def _share(self, i: int) -> str:
        return percentage_tekst(100 * self.v.shares[i], self.v.noemers[i])

    @property
    def a(self) -> str:
        return self._share(0)

    @property
    def b(self) -> str:
        return self._share(1)

    @property
    def tegenover(self) -> str:
        """Both shares, without the verdict: the verdict is in the words and the table."""
        return f"{self.a} tegenover {self.b}"

    @property
    def niemand_of_iedereen(self) -> str:
        """The sentence for an outcome that no one (or everyone) in the groups has, which
        replaces a comparison of 0% with 0%; '' otherwise."""
        return "" if self.v.te_klein else self._h.niemand_of_iedereen(self.v)

    def niet_te_zeggen(self, wat: str) -> str:
        """The sentence that says why the comparison is not made (a group too small)."""
        return self._h.te_klein_zin(self.v, wat)


class Verandering:
    """The change of one indicator since the previous wave, for a template."""

    def __init__(self, h: Hoofdstuk, indicator: str, groep: str = TOTAAL) -> None:
        self._h, self.indicator, self.groep = h, indicator, groep
        self._r = h.verandering_rij(indicator, groep) if h.gevraagd(indicator) else None

    @property
    def er_is_een_vorige_meting(self) -> bool:
        return self._r is not None

    @property
    def te_klein(self) -> bool:
        r = self._r
        return r is not None and (too_small(r.n_vorig) or too_small(r.n))

    @property
    def bekend(self) -> bool:
        """A previous wave asked it and both years have enough respondents to compare."""
        return self._r is not None and not self.te_klein

    @property
    def aantoonbaar(self) -> bool:
        return self.bekend and self._r.oordeel == "significant"

    @property
    def vorig_jaar(self) -> int:
        return int(self._r.jaar_vorig)

    @property
    def van(self) -> str:
        return percentage_tekst(self._r.pct_vorig, self._r.n_vorig)

    @property
    def naar(self) -> str:
        return percentage_tekst(self._r.pct, self._r.n)

    @property
    def woord(self) -> str:
        """'gestegen', 'gedaald', 'vrijwel gelijk gebleven' or 'niet aantoonbaar
        veranderd', by the test."""
        return nederlands.verandering_woord(
            self.aantoonbaar, shown_difference(self._r.pct_vorig, self._r.pct)
        )

    def in_groep(self, groep: str) -> Verandering:
        return Verandering(self._h, self.indicator, groep)


class _Opzoeker:
    """``ind.taalles`` and ``ind["taalles"]`` for a template: a view per indicator."""

    def __init__(self, maak) -> None:
        self._maak = maak

    def __getattr__(self, naam: str):
        if naam.startswith("_"):
            raise AttributeError(naam)
        return self._maak(naam)

    __getitem__ = __getattr__


class _Signalen:
    def __init__(self, h: Hoofdstuk) -> None:
        self._h = h

    def __getattr__(self, naam: str) -> bool:
        if naam.startswith("_"):
            raise AttributeError(naam)
        return self._h.signaal(naam)


def zichtbaar(h: Hoofdstuk, soort: str = "verandering") -> dict[str, float] | None:
    """The smallest difference the monitor sees with 80% power (points, at the lenient and
    the strict end of the correction; Tabel D.3): of all inburgeraars since the previous
    wave (``soort='verandering'``; None in a first wave) or between asielstatushouders and
    gezinsmigranten (``'groepen'``) -- what a sentence calling something unchanged or equal
    must add; None where it cannot be computed."""
    from analysis import precisie

    if soort == "verandering" and h.verandering.empty:
        return None
    mdd, _ = precisie.for_year(h.schattingen, h.jg, h.data_dir)
    begin = "alle inburgeraars" if soort == "verandering" else "asielstatushouders tegenover"
    rij = mdd[mdd.vergelijking.str.startswith(begin)]
    if rij.empty:
        return None
    ruim, streng = float(rij.mdd_ruim.iloc[0]), float(rij.mdd_streng.iloc[0])
    if not (math.isfinite(ruim) and math.isfinite(streng)):
        return None  # e.g. a group nobody of this year belongs to
    return {"ruim": ruim, "streng": streng}


# The year's own texts, written by the researcher in the template language of the chapters.
JAARTEKSTEN = ("conclusies.md", "wat_doet_de_gemeente.md", "wat_doet_de_gemeente.en.md")


def controleer_jaarteksten(folder: Path) -> None:
    """Parse the year's own texts before any chapter runs: a template error names the file
    and its line (raised as the data error it is, exit 2), not a cell of the chapter that
    reads it."""
    from jinja2 import TemplateSyntaxError

    from analysis.load import DataError

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

    from analysis.load import DataError

    if not pad.exists():
        return ""
    try:
        return render(pad.read_text(encoding="utf-8"), ctx)
    except UndefinedError as exc:
        raise DataError(
            f"{pad}: {exc.message} -- geen naam die de hoofdstukken kennen (zie "
            "analysis/tekst.py, context); een tikfout?"
        ) from None


def conclusies(h: Hoofdstuk, ctx: dict[str, Any]) -> str:
    """The year's own conclusions (``data/<jaar>/conclusies.md``), written by the researcher
    in the same template language as the chapters, rendered with the same numbers; '' when
    the year has none (the chapter then says so)."""
    return jaartekst(h.jg.folder / "conclusies.md", ctx)


def context(h: Hoofdstuk) -> dict[str, Any]:
    """Everything a chapter template may use, read from the chapter's estimates."""
    vorige = h.verandering.jaar_vorig if not h.verandering.empty else None

    def verschil(indicator: str) -> Verschil:
        return Verschil(h, h.verschil(indicator))

    def vergelijk(indicator: str, *groepen: str, beantwoord: bool = False) -> Verschil:
        return Verschil(h, h.vergelijk(indicator, list(groepen), beantwoord=beantwoord))

    ctx = {
        "h": h,
        "jaar": h.jaar,
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
        "n": h.jg.n,
        "synthetisch": h.synthetisch,
        "min_cell": MIN_CELL,
        "indicatief_vanaf": INDICATIEF,
        "geen_meting": "" if vorige is None else h.geen_meting_zin(int(vorige.iloc[0])),
        "veranderingen": lambda: kernpunten.veranderingen(
            h.verandering, h.registry.ids, h.registry
        ),
        "zichtbaar": lambda soort="verandering": zichtbaar(h, soort),
        "wacht_op_registratie": [
            str(k["nummer"])
            for k in h.registry.kernindicatoren
            if k.get("registratie") or k.get("niet_gemeten") == "registratie"
        ],
        "kernpunten": lambda hoofdstuk: kernpunten.kies(
            hoofdstuk,
            h.tabel,
            h.schattingen.vergelijkingen,
            h.verandering,
            h.referentie,
            h.registry,
        ),
        "heeft_citaten": h.heeft_citaten,
    }
    ctx["conclusies"] = lambda: conclusies(h, ctx)
    return ctx


# ---------------------------------------------------------------------------- the magic
def tekst_magic(line: str, cell: str) -> None:
    """``%%tekst`` (or ``%%tekst naam`` for a chapter object not called ``h``): render the
    cell as a template with that chapter's numbers and show it as Markdown. ``%%tekst b1``
    and ``%%tekst en``: with the context of the summaries for respondents
    (:func:`context_eenvoudig`, Dutch B1 or English)."""
    from IPython import get_ipython
    from IPython.display import Markdown, display

    woorden_ = line.split()
    # '%%tekst b1' / '%%tekst en': the context of the summaries for respondents
    taal = next((t for t in woorden_ if t in SAMENVATTING_TALEN), None)
    naam = next((t for t in woorden_ if t not in SAMENVATTING_TALEN), "h")
    ns = get_ipython().user_ns
    # The chapter's own set-up (e.g. a list of groups defined in a code cell) is visible
    # too; the names of the estimates take precedence.
    eigen = {k: v for k, v in ns.items() if not k.startswith("_") and k not in VERBORGEN}
    h = ns[naam]
    ctx = context(h) if taal is None else context_eenvoudig(h, SAMENVATTING_TALEN[taal])
    tekst = render(cell, {**eigen, **ctx})
    if tekst:
        display(Markdown(tekst))


def load_ipython_extension(ipython) -> None:
    """``%load_ext analysis.tekst`` registers the ``%%tekst`` cell magic."""
    ipython.register_magic_function(tekst_magic, magic_kind="cell", magic_name="tekst")


def registreer() -> None:
    """Make ``%%tekst`` available in the running IPython kernel, silently and as often as
    asked: a chapter's ``Hoofdstuk(...)`` calls this, so a chapter needs no ``%load_ext``
    (which prints a notice in a kernel that runs several chapters, as the book build's do).
    Registered anew every time, so that the magic is this module's even when a warm kernel
    imported the project's modules anew for another build (:mod:`analysis.kernels`)."""
    from IPython import get_ipython

    ip = get_ipython()
    if ip is not None:
        load_ipython_extension(ip)


# ---------------------------------------------------------------------- summaries for respondents
# "Wat hebben we gehoord?" (Dutch, level B1) and "What we heard" (English): the same numbers
# as the report, in the words people use. A result shows only when it rests on enough
# respondents to be more than an indication (never a highlight on few people), and a change
# is named only when the test supports it.
class Eenvoudig(Aandeel):
    """One indicator's share of all inburgeraars, for the summaries: Dutch B1 (``taal='nl'``,
    'ongeveer 4 van de 10 (41%)') or English (``'en'``, 'about 4 in 10 (41%)'). The same
    share as :class:`Aandeel`, in simpler words."""

    def __init__(self, h: Hoofdstuk, indicator: str, taal: str = "nl") -> None:
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
        from analysis import english

        r = self._h.rij(self.indicator)
        if self.taal == "en":
            return english.percentage_text(r.percentage, r.noemer)
        return percentage_tekst(r.percentage, r.noemer)

    @property
    def woorden(self) -> str:
        """'ongeveer 4 van de 10' / 'about 4 in 10'."""
        from analysis import english

        if self.taal == "en":
            return english.in_words(self.percentage)
        return nederlands.eenvoudig_deel(self.percentage)

    words = woorden

    @property
    def deel(self) -> str:
        """Words with the percentage: 'ongeveer 4 van de 10 (41%)'."""
        return f"{self.woorden} ({self.p})"

    share = deel

    @property
    def mensen(self) -> str:
        """The share as the subject of a sentence, with a plural verb after it: 'ongeveer 4
        van de 10 mensen (41%)' / 'about 4 in 10 people (41%)'."""
        from analysis import english

        if self.taal == "en":
            return f"{english.people(self.percentage)} ({self.p})"
        return f"{nederlands.eenvoudig_mensen(self.percentage)} ({self.p})"

    people = mensen

    @property
    def naam(self) -> str:
        """The registry's label: ``kort`` (Dutch) or ``kort_en`` (English)."""
        ind = self._h.registry[self.indicator]
        return ind.kort_en if self.taal == "en" else ind.kort

    label = naam


def gemeente_tekst(h: Hoofdstuk, ctx: dict[str, Any], taal: str = "nl") -> str:
    """What the municipality does with the results: ``data/<jaar>/wat_doet_de_gemeente.md``
    (or ``.en.md``), written by the researcher in the template language; '' when the year
    has none (the page then says that it follows)."""
    naam = "wat_doet_de_gemeente" + (".en.md" if taal == "en" else ".md")
    return jaartekst(h.jg.folder / naam, ctx)


def eenvoudige_veranderingen(h: Hoofdstuk, taal: str = "nl", maximum: int = 3) -> list[dict]:
    """The changes of all inburgeraars since the previous wave that the test supports, for
    the summaries (largest first, at most ``maximum``): the label, 'meer'/'minder' (or
    'went up'/'went down'), the two shares. Groups are left out: a summary for respondents
    speaks of everyone."""
    from analysis import english

    uit = []
    for k in kernpunten.veranderingen(h.verandering, h.registry.ids, h.registry):
        if k.wie:  # a change within a group
            continue
        r = h.verandering_rij(k.indicator)
        d = shown_difference(r.pct_vorig, r.pct)
        if taal == "en":
            uit.append(
                {
                    "naam": h.registry[k.indicator].kort_en or k.naam,
                    "woord": english.change_word(True, d),
                    "van": english.percentage_text(r.pct_vorig, r.n_vorig),
                    "naar": english.percentage_text(r.pct, r.n),
                    "meer": d > 0,
                }
            )
        else:
            uit.append(
                {
                    "naam": k.naam,
                    "woord": "meer" if d > 0 else "minder",
                    "van": k.a,
                    "naar": k.b,
                    "meer": d > 0,
                }
            )
    return uit[:maximum]


def context_eenvoudig(h: Hoofdstuk, taal: str = "nl") -> dict[str, Any]:
    """The template context of the summaries for respondents: everything of
    :func:`context`, plus ``b1.<indicator>`` (an :class:`Eenvoudig` view in ``taal``),
    ``veranderd()`` (:func:`eenvoudige_veranderingen`), ``gemeente()`` (the year's text on
    what the municipality does) and ``uitgenodigd``. For English also ``en.<indicator>`` and
    the filters ``number``, ``listing``, ``capital`` (registered on the environment)."""
    ctx = context(h)
    ctx["b1"] = _Opzoeker(lambda i: Eenvoudig(h, i, taal))
    ctx["en"] = _Opzoeker(lambda i: Eenvoudig(h, i, "en"))
    ctx["veranderd"] = lambda maximum=3: eenvoudige_veranderingen(h, taal, maximum)
    ctx["uitgenodigd"] = int(h.jg.meta.get("uitgenodigd") or 0)
    ctx["gemeente"] = lambda: gemeente_tekst(h, ctx, taal)
    return ctx


def _engelse_filters(env: Environment) -> None:
    """English number filters next to the Dutch ones (``{{ n | number }}`` -> '1,231')."""
    from analysis import english

    env.filters.setdefault("number", english.number)
    env.filters.setdefault("percent", english.percent)
    env.filters.setdefault("listing", english.listing)
    env.filters.setdefault("capital", english.capital)
    env.filters.setdefault("counted", english.count)  # Jinja's own 'count' is 'length'
