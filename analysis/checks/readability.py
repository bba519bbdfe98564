"""How readable the summaries for respondents are, measured: Dutch at level B1, plain English.

Why measured: "Wat hebben we gehoord?" is written for people who are learning Dutch at level
B1. Its text is generated from each year's numbers, so a sentence that reads well in 2024 can
grow long or technical in another year or a stress variant. The rules
(``data/leesbaarheid.yml``) are checked on every build the tests make, with the same code a
researcher runs by hand::

    python -m analysis.leesbaarheid build/2024

- average sentence length in words (Dutch at most 12);
- Flesch–Douma reading ease (``textstat`` with ``set_lang("nl")``, at least 70);
- the share of words, numbers and names aside, that are frequent Dutch words
  (``wordfreq.zipf_frequency(w, "nl") >= 3.5``, at least 95%);
- no statistical terms (significant, procentpunt, interval, ...).

The measure is taken on the text a reader gets: Markdown marks, links' addresses,
citation keys and fenced-div lines removed; headings and list items count as sentences.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from analysis.data.paths import ROOT
from analysis.publication.one_page import PAGINAS

REGELS = ROOT / "data" / "leesbaarheid.yml"

_WOORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*%?", re.UNICODE)
_ZINSEINDE = re.compile(r"(?<=[.!?])\s+")


@cache
def regels() -> dict:
    """The rules of ``data/leesbaarheid.yml``."""
    return yaml.safe_load(REGELS.read_text(encoding="utf-8"))


def leesbare_tekst(markdown: str) -> list[str]:
    """The sentences a reader reads in ``markdown``: fenced divs, HTML comments, citation
    keys, link addresses, emphasis marks and list bullets removed; a heading, a list item
    and a line that ends a paragraph each end a sentence."""
    markdown = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    markdown = re.sub(r"\s*\[@[^\]]*\]", "", markdown)  # [@key]
    markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # [text](address)
    markdown = re.sub(r"\{[^}]*\}", "", markdown)  # {.unnumbered}, {lang="en"}
    zinnen: list[str] = []
    for blok in re.split(r"\n\s*\n", markdown):
        regels_ = []
        for regel in blok.splitlines():
            regel = regel.strip()
            if not regel or regel.startswith(":::"):
                continue
            if re.match(r"^(#+\s|[-*+]\s|\d+\.\s)", regel):  # a heading or a list item
                if regels_:
                    zinnen.extend(_zinnen(" ".join(regels_)))
                    regels_ = []
                zinnen.extend(_zinnen(re.sub(r"^(#+|[-*+]|\d+\.)\s+", "", regel)))
            else:
                regels_.append(regel)
        if regels_:
            zinnen.extend(_zinnen(" ".join(regels_)))
    return [z for z in zinnen if woorden(z)]


def _zinnen(tekst: str) -> list[str]:
    tekst = re.sub(r"[*_`]", "", tekst).strip()
    return [z.strip() for z in _ZINSEINDE.split(tekst) if z.strip()]


def woorden(zin: str) -> list[str]:
    """The words of a sentence, numbers and percentages included ('41%' is one word)."""
    return _WOORD.findall(zin)


def _is_naam(woord: str, eerste: bool, namen: set[str]) -> bool:
    """A name: listed in the rules, or capitalised where a sentence does not start."""
    return woord.lower() in namen or (not eerste and woord[:1].isupper())


@dataclass
class Meting:
    """The measures of one text and what breaks the rules (``fouten``, Dutch messages)."""

    taal: str
    zinnen: int
    woorden: int
    gemiddelde_zinslengte: float
    flesch_douma: float | None
    frequent: float | None
    zeldzaam: list[str] = field(default_factory=list)
    verboden: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        delen = [
            f"{self.zinnen} zinnen, {self.woorden} woorden",
            f"gemiddeld {self.gemiddelde_zinslengte:.1f} woorden per zin",
        ]
        if self.flesch_douma is not None:
            delen.append(f"Flesch–Douma {self.flesch_douma:.1f}")
        if self.frequent is not None:
            delen.append(f"{100 * self.frequent:.1f}% veelgebruikte woorden")
        return "; ".join(delen)


def meet(markdown: str, taal: str = "nl") -> Meting:
    """Measure ``markdown`` against the rules for ``taal`` ('nl' or 'en')."""
    r = regels()[taal]
    namen = {n.lower() for n in regels().get("namen", [])}
    zinnen = leesbare_tekst(markdown)
    per_zin = [woorden(z) for z in zinnen]
    aantal = sum(len(w) for w in per_zin)
    gemiddeld = aantal / len(zinnen) if zinnen else 0.0
    m = Meting(taal, len(zinnen), aantal, gemiddeld, None, None)
    if gemiddeld > r["max_zinslengte"]:
        m.fouten.append(
            f"gemiddeld {gemiddeld:.1f} woorden per zin (hoogstens {r['max_zinslengte']})"
        )
    if r.get("min_flesch_douma") is not None:
        import textstat

        textstat.set_lang(r["taal"])
        # one sentence per line, each closed, so textstat counts the sentences we count
        tekst = " ".join(z if z[-1] in ".!?" else z + "." for z in zinnen)
        m.flesch_douma = float(textstat.flesch_reading_ease(tekst))
        if m.flesch_douma < r["min_flesch_douma"]:
            m.fouten.append(f"Flesch–Douma {m.flesch_douma:.1f} (minstens {r['min_flesch_douma']})")
    if r.get("min_frequent") is not None:
        from wordfreq import zipf_frequency

        geteld, zeldzaam = 0, []
        for ws in per_zin:
            for i, w in enumerate(ws):
                if any(c.isdigit() for c in w) or _is_naam(w, i == 0, namen):
                    continue
                geteld += 1
                if zipf_frequency(w.lower(), r["taal"]) < r["min_zipf"]:
                    zeldzaam.append(w.lower())
        m.frequent = 1 - len(zeldzaam) / geteld if geteld else 1.0
        m.zeldzaam = sorted(set(zeldzaam))
        if m.frequent < r["min_frequent"]:
            m.fouten.append(
                f"{100 * m.frequent:.1f}% veelgebruikte woorden (minstens "
                f"{100 * r['min_frequent']:.0f}%); weinig gebruikt: {', '.join(m.zeldzaam)}"
            )
    laag = " ".join(zinnen).lower()
    # Dutch writes compounds as one word ('betrouwbaarheidsinterval'): a term counts anywhere
    # in a word there; in English only at the start of one ('sample' is not in 'example')
    begin = "" if r.get("in_samenstellingen") else r"(?<!\w)"
    m.verboden = [t for t in r["verboden"] if re.search(begin + re.escape(t), laag)]
    if m.verboden:
        m.fouten.append(f"statistische termen: {', '.join(m.verboden)}")
    return m


def meet_build(build: Path) -> dict[str, Meting]:
    """Measure the two summaries of an executed build (``build/<jaar>``), by notebook stem."""
    from analysis.checks.typeset import blokken

    uit = {}
    for stem, taal in PAGINAS.items():
        nb = build / "chapters" / f"{stem}.ipynb"
        if nb.exists():
            uit[stem] = meet("\n\n".join(b.tekst for b in blokken(nb)), taal)
    return uit


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.leesbaarheid build/2024``: the measures of both summaries;
    exit 1 when a rule is broken or a summary is missing."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Gebruik: python -m analysis.leesbaarheid build/<jaar>", file=sys.stderr)
        return 2
    build = Path(args[0])
    metingen = meet_build(build)
    code = 0
    for stem in PAGINAS:
        m = metingen.get(stem)
        if m is None:
            print(f"{stem}: niet gevonden in {build / 'chapters'}", file=sys.stderr)
            code = 1
            continue
        print(f"{stem}: {m}")
        for f in m.fouten:
            print(f"  FOUT: {f}")
            code = 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
