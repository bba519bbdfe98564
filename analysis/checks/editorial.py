"""Editorial rules: what an editor checks before the report is published.

Why next to :mod:`analysis.checks.narrative`: that module finds traces of code in the text (``nan``,
braces, group specifications); this one holds the text to the house style of a statistical
publication, measured the same way on every build and every stress variant:

- **the verdict word follows the test**: a sentence that says a change or difference is not
  demonstrable never calls it *gestegen, gedaald, toegenomen, afgenomen, vaker* or *minder
  vaak*;
- **no sentence starts with a numeral** ("14% volgt …"; Dutch house style writes "Van de
  inburgeraars volgt 14% …");
- **no wall of text**: no paragraph of running text is longer than :data:`MAX_ALINEA`
  characters;
- **one vocabulary**: the running text says a difference is *(niet) aantoonbaar*, never
  *(statistisch) significant* or *statistisch niet aantoonbaar*; that word belongs to the
  tables and the methods appendix;
- **statistics out of the running text** (:func:`maten`): "statistisch" at most
  :data:`MAX_STATISTISCH` times per 1,000 words, no "95%-interval", and at most
  :data:`MAX_HAAKJES` of the words inside statistical brackets, in the samenvatting and the
  chapters (not the appendices: the methods appendix is where statistics belong).

    python -m analysis.redactie build/2024     # the measures and the findings
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.checks.typeset import Bevinding, _proza, _zinnen, blokken, notebooks

MAX_ALINEA = 1000  # characters of running text in one paragraph
MAX_STATISTISCH = 2.0  # per 1,000 words
MAX_HAAKJES = 0.02  # share of the words inside statistical brackets

BEWEGING = re.compile(
    r"\b(?:gestegen|gedaald|toegenomen|afgenomen|vaker|minder vaak)\b", re.IGNORECASE
)
GEEN_OORDEEL = re.compile(
    r"\bniet (?:statistisch )?(?:aantoonbaar|significant)|\bstatistisch niet\b|"
    r"\bgeen aantoonbare?\b",
    re.IGNORECASE,
)
SIGNIFICANT = re.compile(r"\bsignificant\w*|\bstatistisch\s+niet\s+aantoonbaar", re.IGNORECASE)
BEGINT_MET_GETAL = re.compile(r"^[\s*_(\[\"'“‘-]*(?:ca\.[\s\u2060]*)?[0-9]")
AFKORTING = re.compile(r"\b(?:ca|bijv|o\.a|nr|resp|zgn)\.\s")  # no sentence ends here
STATISTISCH = re.compile(r"\bstatistisch\w*", re.IGNORECASE)
INTERVAL = re.compile(r"95\s*%-?\s*(?:betrouwbaarheids)?interval", re.IGNORECASE)
HAAKJES = re.compile(r"\([^()]*\)")
STATISTISCHE_TERMEN = re.compile(
    r"interval|significant|procentpunt|statistisch|\bp\s*[=<>]", re.IGNORECASE
)
WOORD = re.compile(r"[A-Za-zÀ-ÿ0-9][\w'’-]*")


# --------------------------------------------------------------------------- per paragraph
def oordeel_tegen_werkwoord(tekst: str) -> list[str]:
    """Sentences that move ('gestegen', 'vaker') while saying the test does not support it."""
    return [
        zin[:200]
        for zin in _zinnen(_proza(tekst))
        if BEWEGING.search(zin) and GEEN_OORDEEL.search(zin)
    ]


def significant_in_lopende_tekst(tekst: str) -> list[str]:
    """Sentences of running text that call a result (statistisch) significant: the text says
    (niet) aantoonbaar, the tables and the methods appendix name the test. A figure's caption
    is not running text."""
    proza = "\n".join(r for r in _proza(tekst).splitlines() if not r.lstrip().startswith("!["))
    return [zin[:160] for zin in _zinnen(proza) if SIGNIFICANT.search(zin)]


def begint_met_getal(tekst: str) -> list[str]:
    """Sentences that start with a numeral (a list item starts with its label, if any)."""
    found = []
    items: list[str] = []
    for regel in _proza(tekst).splitlines():
        item = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", regel)
        if item != regel or not items:  # a list item (its label dropped) starts anew
            items.append(item)
        else:
            items[-1] += " " + regel
    for item in items:
        for zin in _zinnen(AFKORTING.sub(lambda m: m.group().rstrip() + "\u2060", item)):
            if BEGINT_MET_GETAL.match(zin):
                found.append(zin[:120])
    return found


def te_lange_alinea(tekst: str) -> list[str]:
    """A paragraph of running text longer than :data:`MAX_ALINEA` characters."""
    proza = re.sub(r"\s+", " ", _proza(tekst)).strip()
    if len(proza) > MAX_ALINEA and not proza.startswith(("-", "*", "|")):
        return [f"{len(proza)} tekens: {proza[:80]}…"]
    return []


def controleer_notebook(nb_path: Path) -> list[Bevinding]:
    """The editorial rules over one executed notebook."""
    found = []
    for blok in blokken(nb_path):
        for regel, fragmenten in {
            "werkwoord tegen het oordeel": oordeel_tegen_werkwoord(blok.tekst),
            "zin begint met een getal": begint_met_getal(blok.tekst),
            "significant in de lopende tekst": significant_in_lopende_tekst(blok.tekst),
            "te lange alinea": te_lange_alinea(blok.tekst),
        }.items():
            found += [Bevinding(nb_path.stem, blok.cel, regel, f) for f in fragmenten]
    return found


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class Maten:
    """How statistical the running text reads (samenvatting and chapters)."""

    woorden: int
    statistisch: int
    intervallen: int
    woorden_in_haakjes: int

    @property
    def statistisch_per_1000(self) -> float:
        return 1000 * self.statistisch / max(self.woorden, 1)

    @property
    def aandeel_haakjes(self) -> float:
        return self.woorden_in_haakjes / max(self.woorden, 1)

    @property
    def voldoet(self) -> bool:
        return (
            self.statistisch_per_1000 <= MAX_STATISTISCH
            and self.intervallen == 0
            and self.aandeel_haakjes <= MAX_HAAKJES
        )

    def __str__(self) -> str:
        return (
            f"{self.woorden} woorden; 'statistisch' {self.statistisch_per_1000:.1f} per 1.000 "
            f"(doel <= {MAX_STATISTISCH:g}); '95%-interval' {self.intervallen}x (doel 0); "
            f"woorden in statistische haakjes {100 * self.aandeel_haakjes:.1f}% "
            f"(doel <= {100 * MAX_HAAKJES:g}%)"
        )


def maten_tekst(tekst: str) -> Maten:
    # a figure's caption explains what is drawn (whiskers: the 95% interval); not prose
    proza = "\n".join(r for r in _proza(tekst).splitlines() if not r.lstrip().startswith("!["))
    haakjes = [h for h in HAAKJES.findall(proza) if STATISTISCHE_TERMEN.search(h)]
    return Maten(
        woorden=len(WOORD.findall(proza)),
        statistisch=len(STATISTISCH.findall(proza)),
        intervallen=len(INTERVAL.findall(proza)),
        woorden_in_haakjes=sum(len(WOORD.findall(h)) for h in haakjes),
    )


def lopende_tekst(build: Path) -> list[Path]:
    """The samenvatting and the chapters: where statistics stay out of the text."""
    from analysis.publication.book import book_config

    hoofdstukken = {Path(e).stem for e in book_config()["book"]["chapters"]}
    return [nb for nb in notebooks(build) if nb.stem in hoofdstukken and nb.stem != "literatuur"]


def maten(build: Path) -> Maten:
    """The measures over the samenvatting and chapters of a build."""
    teksten = [b.tekst for nb in lopende_tekst(build) for b in blokken(nb)]
    return maten_tekst("\n\n".join(teksten))


def controleer_build(build: Path) -> list[Bevinding]:
    """The editorial rules over the samenvatting and chapters of a build."""
    return [b for nb in lopende_tekst(build) for b in controleer_notebook(nb)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Redactionele controle van een build.")
    parser.add_argument("build", type=Path, help="bv. build/2024")
    args = parser.parse_args(argv)
    m = maten(args.build)
    found = controleer_build(args.build)
    for b in found:
        print(b)
    print(m)
    return 0 if m.voldoet and not found else 1


if __name__ == "__main__":
    raise SystemExit(main())
