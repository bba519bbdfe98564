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
- **readable sentences**: no sentence of running text over :data:`MAX_ZIN` words; no frame
  (the first words of a sentence) more than :data:`MAX_KADER` times on one page; never two
  brackets in a row ("(65%) (Gemeente Utrecht, 2021)"): the source goes inside;
- **house spelling and word order**: no form that ``data/spelling.yml`` corrects, no
  comparative split around what it compares ("vaker dan gezinsmigranten tevreden");
- **over the pages together** (:mod:`analysis.checks.bookwide`): key findings backed by
  the body, supported changes on every page that should carry them, the samenvatting
  opening with its key messages, tables in the words of the methods appendix;
- **figures titled by their finding**: a figure's caption opens with what it shows, chosen
  from the result, and only then the label (:func:`figuur_met_label`);
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
from functools import lru_cache
from pathlib import Path

from analysis.checks.bookwide import controleer_boek, lopende_tekst
from analysis.checks.typeset import (
    Bevinding,
    _proza,
    _zinnen,
    _zonder_opmaak,
    blokken,
)

MAX_ALINEA = 1000  # characters of running text in one paragraph
MAX_ZIN = 40  # words in one sentence of running text
MAX_KADER = 3  # sentences on one page that open with the same words
KADER_WOORDEN = 4  # how many opening words make a frame
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


LIJSTITEM = re.compile(r"\n(?=\s*(?:[-*+]|\d+\.)\s)")
GESTAPELD = re.compile(r"\)\s*(?:\[-?@|\((?!zeer\)|heel\)))")


def _lopende_zinnen(tekst: str, lijsten: bool = True) -> list[str]:
    """The sentences of running text, a list item (bulleted or numbered) on its own; without
    the list items when ``lijsten`` is false. The 'Cijfers bij Figuur …' line that opens the
    numbers under a figure is no sentence."""
    tekst = re.sub(r"<summary>.*?</summary>", " ", tekst, flags=re.S)
    proza = "\n".join(
        r for r in _proza(tekst).splitlines() if not r.lstrip().startswith(("![", ":::"))
    )
    items = LIJSTITEM.split(proza)
    if not lijsten:
        items = [i for i in items if not re.match(r"\s*(?:[-*+]|\d+\.)\s", i)]
    return [z for item in items for z in _zinnen(item)]


def te_lange_zin(tekst: str) -> list[str]:
    """Sentences of running text longer than :data:`MAX_ZIN` words."""
    return [
        f"{len(z.split())} woorden: {z[:100]}…"
        for z in _lopende_zinnen(tekst)
        if len(z.split()) > MAX_ZIN
    ]


def gestapelde_haakjes(tekst: str) -> list[str]:
    """Two brackets in a row, such as a share and then its source ("(65%) [@bron]", which
    prints as "(65%) (Gemeente Utrecht, 2021)"): the source belongs inside the same
    brackets ("[65%, @bron]"). Table rows are not running text."""
    regels = [r for r in _zonder_opmaak(tekst).splitlines() if not r.lstrip().startswith("|")]
    vlak = " ".join(regels)
    return [vlak[max(0, m.start() - 50) : m.end() + 30] for m in GESTAPELD.finditer(vlak)]


def kader(zin: str) -> str:
    """A sentence's frame: its first :data:`KADER_WOORDEN` words, numbers and brackets left
    out, in lower case ('onder asielstatushouders is dat')."""
    woorden = [w for w in (re.sub(r"[\d%,.;:()*_]", "", w).lower() for w in zin.split()) if w]
    return " ".join(woorden[:KADER_WOORDEN])


def herhaalde_kaders(teksten: list[str]) -> list[str]:
    """Frames that open more than :data:`MAX_KADER` sentences of one page's paragraphs (the
    items of a list are parallel by design, and not counted)."""
    from collections import Counter

    tel = Counter(kader(z) for t in teksten for z in _lopende_zinnen(t, lijsten=False))
    return [f"{n}x '{k} …'" for k, n in sorted(tel.items()) if k and n > MAX_KADER]


def _spelling() -> list[tuple[re.Pattern, str, str]]:
    from analysis.data.paths import config_dir

    return _spelling_uit(config_dir() / "spelling.yml")


@lru_cache(maxsize=4)
def _spelling_uit(pad: Path) -> list[tuple[re.Pattern, str, str]]:
    """The rules of one spelling file, read once (the path is resolved before the cache, so a
    changed ``INBURGERING_CONFIG`` is seen)."""
    from analysis.data.files import read_yaml

    regels = read_yaml(pad)["spelling"]
    return [
        (re.compile(rf"(?<!\w){re.escape(r['fout'])}(?!\w)", re.IGNORECASE), r["fout"], r["goed"])
        for r in regels
    ]


def spelling(tekst: str) -> list[str]:
    """Forms the house spelling corrects (``data/spelling.yml``): 'er bij te horen' is
    'erbij te horen', 'gebruik maakt' is 'gebruikmaakt', 'één van de' is 'een van de'."""
    proza = " ".join(_lopende_zinnen(tekst))
    return [
        f"'{m.group()}' wordt '{goed}'"
        for patroon, _fout, goed in _spelling()
        for m in patroon.finditer(proza)
    ]


# A comparative split around what is compared: "hebben minder vaak dan gezinsmigranten betaald
# werk" (the report writes "hebben minder vaak betaald werk dan gezinsmigranten"). Found where
# the compared group is followed by a word of the clause instead of a bracket or the end.
GESPLITST = re.compile(
    r"\b(?:vaker|minder vaak|even vaak) dan (?:asielstatushouders|gezinsmigranten|inburgeraars|"
    r"andere Utrechters|(?:alle )?Utrechters|de anderen|de tevredenen|de ontevredenen|"
    r"vrouwelijke|mannelijke)"
    r" (?!en\b|of\b|die\b|dat\b|van\b|met\b|zonder\b|tot\b|in\b|uit\b|onder\b|bij\b)"
    r"(?=[a-z]|\([a-z])"  # a word, or a bracketed qualifier: '(heel) vaak gelukkig'"
)


def gesplitste_vergelijking(tekst: str) -> list[str]:
    """Sentences whose comparative is split around the verb's complement (see
    :data:`GESPLITST`)."""
    return [z[:140] for z in _lopende_zinnen(tekst) if GESPLITST.search(z)]


FIGUUR = re.compile(r"!\[(?P<onderschrift>[^\]]*)\]\([^)]*\)\{#fig-")
LABEL = re.compile(
    r"^(?:Aandeel|Percentage|Oordeel|Verdeling|Antwoorden|Overzicht|De kernindicatoren)\b"
    r"|, naar [\w\s]+$"
)


def _eerste_zin(tekst: str) -> tuple[str, bool]:
    """The first sentence of a caption, and whether another follows it."""
    for m in re.finditer(r"\. ", tekst):
        if not AFKORTING.match(tekst[max(0, m.start() - 4) : m.end()].split()[-1] + " "):
            return tekst[: m.start()], True
    return tekst.rstrip("."), False


def figuur_met_label(tekst: str) -> list[str]:
    """Figures whose caption opens with a label ("Aandeel inburgeraars met betaald werk,
    naar groep") instead of the finding: the published report titles each figure with what
    it shows ("Grote verschillen in betaald werk tussen ..."), the label follows. Why a
    rule: a title is chosen from the result by code (``Figuurtitels.figuurtitel``); a figure
    added without one would quietly fall back to a label."""
    found = []
    for m in FIGUUR.finditer(tekst):
        titel, meer = _eerste_zin(m["onderschrift"].replace("**", "").strip())
        if not meer or LABEL.search(titel):
            found.append(m["onderschrift"][:140])
    return found


def controleer_notebook(nb_path: Path) -> list[Bevinding]:
    """The editorial rules over one executed notebook."""
    found = []
    alle = blokken(nb_path)
    for blok in alle:
        for regel, fragmenten in {
            "werkwoord tegen het oordeel": oordeel_tegen_werkwoord(blok.tekst),
            "zin begint met een getal": begint_met_getal(blok.tekst),
            "significant in de lopende tekst": significant_in_lopende_tekst(blok.tekst),
            "te lange alinea": te_lange_alinea(blok.tekst),
            "te lange zin": te_lange_zin(blok.tekst),
            "haakjes na haakjes": gestapelde_haakjes(blok.tekst),
            "spelling": spelling(blok.tekst),
            "vergelijking gesplitst": gesplitste_vergelijking(blok.tekst),
            "figuur zonder titel": figuur_met_label(blok.tekst),
        }.items():
            found += [Bevinding(nb_path.stem, blok.cel, regel, f) for f in fragmenten]
    found += [
        Bevinding(nb_path.stem, 0, "herhaald zinsbegin", f)
        for f in herhaalde_kaders([b.tekst for b in alle])
    ]
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


def maten(build: Path) -> Maten:
    """The measures over the samenvatting and chapters of a build."""
    teksten = [b.tekst for nb in lopende_tekst(build) for b in blokken(nb)]
    return maten_tekst("\n\n".join(teksten))


def controleer_build(build: Path) -> list[Bevinding]:
    """The editorial rules over the samenvatting and chapters of a build."""
    return [b for nb in lopende_tekst(build) for b in controleer_notebook(nb)] + controleer_boek(
        build
    )


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
