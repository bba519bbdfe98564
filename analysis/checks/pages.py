"""The rendered pages read as a reader gets them: the text of every HTML page and of the PDF,
checked for what only shows after Quarto has typeset the book.

    python -m analysis.paginatekst build/2024      # every finding; exit 1 if there is one
    python -m analysis.paginatekst /tmp/v/build/2026 /tmp/v/data/2026   # a year elsewhere

The narrative check (:mod:`analysis.checks.narrative`) reads the executed notebooks; this module
reads ``_book/``: markup that Pandoc did not take as markup, typography, cross-references
and text meant for one format only. Each rule is a small function over a page's text, so
the tests can hold each one against a known defect (``tests/checks/test_pages.py``) as well
as against the rendered books of both years and of the stress variants.

Rules (the words are those of ``data/typografie.yml``, which ``_typografie.lua`` applies):

- **rest**: no markup or template residue (``:::``, ``{.``, ``{{``, ``{%``, ``@fig-``,
  ``@tbl-``, ``@sec-``, ``?@``, a backslash, a literal ``*``, ``None``, ``nan``);
- **reeks**: a number range has an en dash without spaces (not "18-65", not "0,64 – 1,98");
- **hard**: a number and its word are kept together ("40 jaar", "Tabel 7.1"): a
  non-breaking space in the HTML, no line break in the PDF;
- **aanhaling**: one kind of quotation marks per language (Dutch ‘…’, English “…”);
- **kop**: a difference in a table header is in "procentpunten", not "punten";
- **verwijzing**: a chapter reference reads as prose ("hoofdstuk 7"), never the bare
  number and title ("in 7 Kernindicatoren en blik vooruit");
- **formaat**: text meant for one format (``content-visible when-format``/``unless-format``
  in the executed notebooks) appears only in that format.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NBSP = "\u00a0"


@dataclass(frozen=True)
class Bevinding:
    """One defect on one page: where, which rule, and the text around it."""

    pagina: str  # "chapters/03_taal.html" or "pdf p. 12"
    regel: str
    fragment: str

    def __str__(self) -> str:
        return f"{self.pagina}: [{self.regel}] …{self.fragment}…"


@dataclass(frozen=True)
class Pagina:
    """The text of one rendered page. ``tekst`` keeps non-breaking spaces and, for a PDF
    page, its line breaks; ``koppen`` are the table header cells (HTML only)."""

    naam: str
    tekst: str
    taal: str = "nl"
    engels: str = ""  # the parts of the page in English (a div or span with lang="en")
    koppen: tuple[str, ...] = ()
    pdf: bool = False


@lru_cache(maxsize=1)
def typografie() -> dict:
    """The house typography (``data/typografie.yml``), as the book's filter gets it."""
    from analysis.publication.book import typography

    return typography()


def _fragment(tekst: str, start: int, end: int, marge: int = 30) -> str:
    return " ".join(tekst[max(0, start - marge) : end + marge].split())


def _zoek(pagina: Pagina, regel: str, patroon: re.Pattern, tekst: str | None = None):
    tekst = pagina.tekst if tekst is None else tekst
    return [
        Bevinding(pagina.naam, regel, _fragment(tekst, m.start(), m.end()))
        for m in patroon.finditer(tekst)
    ]


# ------------------------------------------------------------------------------- the rules
# An asterisk on its own ("registratiebestanden *") is a table's note marker; one that
# clings to a word ("**Werk.") is emphasis that Pandoc could not pair.
REST = re.compile(
    r":::|\{\.|\{\{|\{%|%\}|\}\}|@(?:fig|tbl|sec|eq)-|\?@|\\|\*+(?=\w)|(?<=\w)\*+"
    r"|\bNone\b|\bnan\b|\bNaN\b"
)
URL = re.compile(r"https?://\S+|doi\.org/\S+|\b10\.\d{4,}/\S+")


def rest(pagina: Pagina, citaten: tuple[str, ...] = ()) -> list[Bevinding]:
    """Markup or template syntax that reached the reader as text. Respondents' quotes are
    data and print verbatim, asterisks and all (:func:`analysis.data.quotes.letterlijk`): their
    text is left out of this rule."""
    tekst = _vlak(URL.sub(" ", pagina.tekst))
    for citaat in citaten:
        tekst = tekst.replace(_vlak(citaat), " ")
    return _zoek(pagina, "rest", REST, tekst)


SLIM = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', NBSP: " "})


def _vlak(tekst: str) -> str:
    """Text with one kind of space and straight quotes: what Pandoc's smart typography
    and the line breaks of a page do not change."""
    return " ".join(tekst.translate(SLIM).split())


REEKS_STREEP = re.compile(r"(?<![\w/.-])\d+(?:,\d+)?\s?-\s?\d+(?:,\d+)?(?![\w/-])")
REEKS_SPATIES = re.compile(r"\d\s+[\u2013\u2014]\s+[+\u2212]?\d")


def reeks(pagina: Pagina) -> list[Bevinding]:
    """A range of numbers with a hyphen ("18-65") or a spaced dash ("0,64 – 1,98")."""
    tekst = URL.sub(" ", pagina.tekst)
    return _zoek(pagina, "reeks", REEKS_STREEP, tekst) + _zoek(
        pagina, "reeks", REEKS_SPATIES, tekst
    )


def _woorden(woorden: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(woorden, key=len, reverse=True))


@lru_cache(maxsize=2)
def _hard_patronen(pdf: bool) -> tuple[re.Pattern, re.Pattern]:
    t = typografie()
    na = [w for w in t["na_getal"] if w != "%"]
    # In the HTML a breakable space where a non-breaking one belongs; in the PDF a line
    # break (what a reader sees; the running heads and cell borders are plain spaces).
    breuk = r"[ \t]*\n[ \t]*" if pdf else r"[ \t]+"
    na_getal = re.compile(rf"\d{breuk}(?:{_woorden(na)})\b", re.IGNORECASE)
    voor_getal = re.compile(
        rf"(?<![\w-])(?:{_woorden(t['voor_getal'])}){breuk}(?:\d|[A-Z]\.\d|[A-Z]\b)"
    )
    return na_getal, voor_getal


def hard(pagina: Pagina) -> list[Bevinding]:
    """A number and its word that a line may separate ("40 | jaar", "Tabel | 7.1")."""
    return [b for p in _hard_patronen(pagina.pdf) for b in _zoek(pagina, "hard", p)]


def _aanhaling_patroon(taal: str) -> re.Pattern:
    eigen = typografie()["aanhalingstekens"][taal]
    vreemd = {"\u201c", "\u201d", "\u201e", "\u2018", '"', "\u00ab", "\u00bb"} - set(eigen)
    # the closing single mark is also the apostrophe ("foto’s"): only an opening mark of
    # another kind, or a straight double quote, is counted
    return re.compile("[" + re.escape("".join(sorted(vreemd))) + "]")


def _verkeerd_om(taal: str) -> re.Pattern:
    """An opening mark where a closing one belongs: after a word or a full stop, or before
    a space ("met ‘ca.‘ voor")."""
    open_ = re.escape(typografie()["aanhalingstekens"][taal][0])
    return re.compile(rf"[\w.,;:!?)]{open_}|{open_}\s")


def aanhaling(pagina: Pagina) -> list[Bevinding]:
    """Quotation marks of another kind than the language's (Dutch ‘…’, English “…”), or
    an opening mark turned the wrong way."""
    nl = pagina.tekst if pagina.taal == "nl" else ""
    en = pagina.engels if pagina.taal == "nl" else pagina.tekst
    if pagina.taal == "nl" and pagina.engels:
        nl = nl.replace(pagina.engels, " ")
    return [
        b
        for taal, tekst in (("nl", nl), ("en", en))
        for patroon in (_aanhaling_patroon(taal), _verkeerd_om(taal))
        for b in _zoek(pagina, "aanhaling", patroon, tekst)
    ]


PUNTEN = re.compile(r"(?<!procent)(?<!procent\u00ad)punten\b", re.IGNORECASE)


def kop(pagina: Pagina) -> list[Bevinding]:
    """A table header that says "punten" for a difference in percentage points."""
    return [Bevinding(pagina.naam, "kop", k) for k in pagina.koppen if PUNTEN.search(k)]


# Inside a sentence Dutch writes "zie hoofdstuk 7", "in bijlage D", "(paragraaf D.7)";
# figures and tables keep their capital ("Figuur 3.2", "Tabel 7.1"), as captions name them.
HOOFDLETTER_IN_ZIN = re.compile(
    r"(?:[a-zë,][ \t]+|\()(?:Hoofdstuk|Bijlage|Paragraaf)[ \t\u00a0]+(?:\d|[A-Z]\b|[A-Z]\.\d)"
)


def verwijzing(pagina: Pagina, titels: list[str]) -> list[Bevinding]:
    """A chapter reference in running text that reads "7 Titel" instead of "hoofdstuk 7",
    or that capitalises its word inside a sentence ("in Hoofdstuk 7"). Headings, the table
    of contents and the running heads start a line with the number or the word; a
    reference in a sentence follows a word."""
    gevonden = _zoek(pagina, "verwijzing", HOOFDLETTER_IN_ZIN)
    if titels:
        patroon = re.compile(rf"[a-zë,(][ \t]+\d{{1,2}}[\s\u00a0]+(?:{_woorden(titels)})")
        gevonden += _zoek(pagina, "verwijzing", patroon)
    return gevonden


def formaat(pagina: Pagina, alleen_ander: list[str]) -> list[Bevinding]:
    """Text of a block meant for the other format only (see :func:`formaatblokken`): the
    download links in the PDF, the PDF's own notes in the HTML."""
    plat = " ".join(pagina.tekst.replace(NBSP, " ").split())
    return [Bevinding(pagina.naam, "formaat", zin) for zin in alleen_ander if zin in plat]


# ------------------------------------------------------------------------ reading the book
BLOKKEN = [
    "p",
    "td",
    "th",
    "li",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "caption",
    "summary",
    "blockquote",
    "div",
]


def html_pagina(pad: Path, naam: str) -> Pagina:
    """The text of ``<main>`` of one HTML page as a reader sees it (no navigation, no
    scripts; the "Cijfers bij figuur" tables included, alt texts not)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(pad.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main") or soup
    for weg in main.find_all(["script", "style", "nav"]):
        weg.decompose()
    for formule in main.select(".math"):  # a formula (MathML, or TeX for MathJax)
        formule.replace_with(" ")
    for formule in main.find_all("math"):  # MathML anywhere, with its TeX annotation
        formule.replace_with(" ")
    for blok in main.find_all(BLOKKEN):  # a cell or paragraph ends a line of text
        blok.append("\n")
    for weg in main.select(".quarto-title-meta, .page-navigation, #quarto-appendix .hidden"):
        weg.decompose()
    html = soup.find("html")
    taal = ((html.get("lang") if html else None) or "nl").split("-")[0]
    engels = " ".join(d.get_text() for d in main.find_all(attrs={"lang": re.compile(r"^en")}))
    koppen = tuple(" ".join(th.get_text(" ").split()) for th in main.find_all("th"))
    return Pagina(naam, main.get_text(), taal, engels, koppen)


def pdf_paginas(pdf: Path) -> list[Pagina]:
    """Every page of the PDF, with its line breaks (pypdf's text extraction)."""
    from pypdf import PdfReader

    paginas = []
    for i, page in enumerate(PdfReader(pdf).pages, start=1):
        regels = (page.extract_text() or "").splitlines()
        # the running head ("30 Hoofdstuk 7. Kernindicatoren ...", "D.4 Geheimhouding 45")
        # and a page number alone are not text that runs on from line to line
        if regels and re.match(rf"^{i}\s|.*\s{i}\s*$", regels[0]):
            regels = regels[1:]
        if regels and regels[-1].strip() == str(i):
            regels = regels[:-1]
        paginas.append(Pagina(f"pdf p. {i}", "\n".join(regels), pdf=True))
    return paginas


DIV = re.compile(
    r"^:::+\s*\{\.content-visible\s+(when|unless)-format=\"(\w+)\"\}\s*$(.*?)^:::+\s*$",
    re.MULTILINE | re.DOTALL,
)


def _platte_zinnen(markdown: str) -> list[str]:
    """Plain-text pieces of a Markdown block that a reader would see verbatim: the parts of
    each paragraph between punctuation, without markup, of at least five words (links keep
    their text)."""
    zinnen = []
    for regel in re.split(r"\n\s*\n", markdown):  # a paragraph at a time
        regel = re.sub(r"\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?", r"\1", regel)
        regel = re.sub(r"[*_`#>]|\{[^}]*\}|@[\w-]+|\(\s*\)", "", regel)
        regel = " ".join(regel.split())
        for deel in re.split(r"[.:;!?()\"“”‘’]", regel):
            deel = deel.strip(" ,·")
            if len(deel.split()) >= 5:
                zinnen.append(deel)
    return zinnen


def formaatblokken(build: Path) -> dict[str, list[str]]:
    """What the executed notebooks mark for one format only: {"html": [...], "typst": [...]}
    (pieces of text a reader of that format alone should see). A piece that the other
    format also says in its own block, or that every HTML page says in its banner (the
    synthetic-data note, which the PDF gives as a note of its own), is no defect."""
    from analysis.checks.typeset import markdown_teksten, notebooks

    uit: dict[str, list[str]] = {"html": [], "typst": []}
    for nb_pad in notebooks(build):
        for _cel, bron in markdown_teksten(nb_pad):
            for soort, formaat_naam, inhoud in DIV.findall(bron):
                html_alleen = (soort == "when") == (formaat_naam == "html")
                uit["html" if html_alleen else "typst"].extend(_platte_zinnen(inhoud))
    banner = build / "_synthetisch.html"
    gedeeld = {
        z
        for eigen, ander in (("html", "typst"), ("typst", "html"))
        for z in uit[eigen]
        if any(z in a for a in uit[ander])
    }
    if banner.exists():
        from bs4 import BeautifulSoup

        plat = " ".join(BeautifulSoup(banner.read_text("utf-8"), "html.parser").get_text().split())
        gedeeld |= {z for z in uit["typst"] if z in plat}
    return {k: sorted(set(v) - gedeeld) for k, v in uit.items()}


def hoofdstuktitels(site: Path) -> list[str]:
    """The titles of the numbered chapters (from the HTML sidebar)."""
    from analysis.checks.rendered import html_numbers

    return [t for t, nummer in html_numbers(site)["chapters"].items() if nummer]


def citaten(jaarmap: Path) -> tuple[str, ...]:
    """The year's respondents' quotes (``data/<jaar>/citaten.yml``) as printed."""
    from analysis.data.quotes import load_quotes

    return tuple(str(q["tekst"]) for q in load_quotes(jaarmap))


def controleer(build: Path, jaarmap: Path | None = None) -> list[Bevinding]:
    """Every finding on every HTML page and PDF page of ``<build>/_book``; ``jaarmap`` is
    the year's data folder (for its quotes; default ``data/<name of the build folder>``)."""
    from analysis.data.paths import data_dir

    site = build / "_book"
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site} is niet gerenderd (make report)")
    if jaarmap is None:
        jaarmap = data_dir() / build.name
    titels = hoofdstuktitels(site)
    blokken = formaatblokken(build)
    eigen = citaten(jaarmap) if jaarmap.exists() else ()
    gevonden: list[Bevinding] = []
    for pad in sorted(site.rglob("*.html")):
        pagina = html_pagina(pad, pad.relative_to(site).as_posix())
        gevonden += _alle(pagina, titels, blokken["typst"], eigen)
    for pdf in sorted(site.glob("*.pdf")):
        for pagina in pdf_paginas(pdf):
            gevonden += _alle(pagina, titels, blokken["html"], eigen)
    return gevonden


def _alle(
    pagina: Pagina, titels: list[str], alleen_ander: list[str], citaten: tuple[str, ...] = ()
) -> list[Bevinding]:
    return [
        *rest(pagina, citaten),
        *reeks(pagina),
        *hard(pagina),
        *aanhaling(pagina),
        *kop(pagina),
        *verwijzing(pagina, titels),
        *formaat(pagina, alleen_ander),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (1, 2):
        print(
            "Gebruik: python -m analysis.paginatekst build/<jaar> [<datamap van het jaar>]",
            file=sys.stderr,
        )
        return 2
    gevonden = controleer(Path(argv[0]), Path(argv[1]) if len(argv) == 2 else None)
    for b in gevonden:
        print(b)
    print(f"{len(gevonden)} bevindingen", file=sys.stderr, flush=True)
    return 1 if gevonden else 0


if __name__ == "__main__":
    raise SystemExit(main())
