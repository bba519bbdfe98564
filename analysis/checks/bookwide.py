"""Editorial rules over the pages of a book together, as an editor checks before publishing.

Why apart from :mod:`analysis.checks.editorial` (the rules per paragraph and per page): these
read several pages at once --

- **findings wherever readers look**: every key finding of a chapter's "In het kort" is
  backed by its body (:func:`kernpunten_zonder_onderbouwing`); every change since the
  previous wave that the test supports is on the samenvatting, its chapter, chapter 7 and
  both summaries for respondents (:func:`veranderingen_ontbreken`); the samenvatting opens
  with its key messages and, where the year has them, "Wat betekent dit?" before context and
  method (:func:`samenvatting_opent_met_boodschappen`);
- **tables in the words of the methods** (:func:`tabelwoorden`): one verdict label,
  'significant' / 'niet significant', and every difference with its unit, on every page.

    python -m analysis.redactie build/2024     # runs these with the per-page rules
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.checks.typeset import Bevinding, markdown_teksten, notebooks


def lopende_tekst(build: Path) -> list[Path]:
    """The samenvatting and the chapters: where statistics stay out of the text."""
    from analysis.publication.book import book_config

    hoofdstukken = {Path(e).stem for e in book_config()["book"]["chapters"]}
    return [nb for nb in notebooks(build) if nb.stem in hoofdstukken and nb.stem != "literatuur"]


SAMENVATTING = "index"
KERNINDICATOREN = "07_kernindicatoren"
SAMENVATTINGEN = ("wat_hebben_we_gehoord", "what_we_heard")
PAAR = re.compile(r"(?:van|\()\s*(?:ca\.\s*)?(\d+)%\s*(?:naar|tegenover)\s*(?:ca\.\s*)?(\d+)%")


def _tekst(build: Path, stem: str) -> str:
    pad = next((nb for nb in notebooks(build) if nb.stem == stem), None)
    return "" if pad is None else "\n\n".join(t for _, t in markdown_teksten(pad))


def _paar(a: str, b: str) -> re.Pattern:
    """Two shares as any page prints them, the first before the second ('van 94% naar 76%',
    'Eerst was dat 94%, nu is het 76%', 'from 94% to 76%', '94% in 2023, nu 76%'), in one
    paragraph (a share and its Utrecht figure may be a sentence apart)."""

    def getal(x: str) -> str:
        return re.escape(re.sub(r"[^\d,]", "", x))

    return re.compile(rf"(?<![\d,]){getal(a)}\s*%[^\n]{{0,300}}?(?<![\d,]){getal(b)}\s*%", re.S)


def kernpunten_zonder_onderbouwing(build: Path) -> list[Bevinding]:
    """Key findings of a chapter's "In het kort" whose pair of shares ('14% tegenover 60%',
    'van 94% naar 76%') appears nowhere in the chapter's body."""
    found = []
    for nb in lopende_tekst(build):
        tekst = "\n\n".join(t for _, t in markdown_teksten(nb))
        if "In het kort" not in tekst or nb.stem == SAMENVATTING:
            continue
        kort, _, rest = tekst.partition("In dit hoofdstuk")
        kort = kort.split("In het kort", 1)[1]
        for a, b in PAAR.findall(kort):
            if not _paar(a + "%", b + "%").search(rest):
                found.append(Bevinding(nb.stem, 0, "kernpunt zonder onderbouwing", f"{a}% en {b}%"))
    return found


def veranderingen_ontbreken(build: Path) -> list[Bevinding]:
    """A change since the previous wave that the test supports, missing from a page that must
    carry it: the samenvatting, the chapter of its indicator, chapter 7 and both summaries
    for respondents. The changes come from the build's own estimates, chosen by the rule of
    :func:`analysis.text.key_points.veranderingen` that the pages use."""
    import pandas as pd

    from analysis.statistics.indicators import load_registry
    from analysis.text.key_points import veranderingen

    pad = build / "schattingen" / "verandering.csv"
    if not pad.exists():
        return []
    tabel = pd.read_csv(pad)
    if tabel.empty:
        return []
    registry = load_registry()
    stems = [nb.stem for nb in notebooks(build)]
    found = []
    for k in veranderingen(tabel, registry.ids, registry):
        hoofdstuk = next(
            (s for s in stems if s.endswith("_" + registry[k.indicator].hoofdstuk)), None
        )
        for stem in (SAMENVATTING, hoofdstuk, KERNINDICATOREN, *SAMENVATTINGEN):
            if stem is None or stem not in stems:
                continue
            if not _paar(k.a, k.b).search(_tekst(build, stem)):
                found.append(
                    Bevinding(
                        stem,
                        0,
                        "verandering ontbreekt",
                        f"{k.naam} {k.wie}: van {k.a} naar {k.b}".replace("  ", " "),
                    )
                )
    return found


def samenvatting_opent_met_boodschappen(build: Path) -> list[Bevinding]:
    """The one-minute read: the samenvatting's first section is its key messages ("In het
    kort"), and where the year has its own conclusions (chapter 7 says "Wat betekent dit?")
    they follow before the context and method."""
    tekst = _tekst(build, SAMENVATTING)
    # a callout's own heading (the PDF's note on synthetic data) is no section
    tekst = re.sub(r"^:::\s*\{\.callout[^\n]*\n.*?^:::\s*$", "", tekst, flags=re.S | re.M)
    koppen = [k.strip() for k in re.findall(r"^##\s+([^\n{]+)", tekst, re.M)]
    found = []
    if not koppen or koppen[0] != "In het kort":
        found.append(
            Bevinding(
                SAMENVATTING, 0, "samenvatting opent niet met de kern", f"eerste kop: {koppen[:1]}"
            )
        )
    if "Wat betekent dit?" in _tekst(build, KERNINDICATOREN) and koppen[1:2] != [
        "Wat betekent dit?"
    ]:
        found.append(
            Bevinding(
                SAMENVATTING,
                0,
                "samenvatting opent niet met de kern",
                f"'Wat betekent dit?' niet direct na de kern: {koppen[:3]}",
            )
        )
    return found


TABEL_RIJ = re.compile(r"^\|(.+)\|\s*$")
TABEL_SCHEIDING = re.compile(r"^\|[\s:|-]+\|\s*$")
OORDEEL_ANDERS = re.compile(r"statistisch\s+(?:niet\s+)?significant|niet\s+statistisch", re.I)


def tabelwoorden(tekst: str) -> list[str]:
    """Table cells and headers that do not say what the methods appendix says: a verdict
    other than its 'significant' / 'niet significant' ('statistisch significant' in one
    table, 'significant' in the next is two labels for one verdict), and a difference
    whose header does not name its unit, procentpunten ('verschil' next to percentages
    reads as a percentage)."""
    found: list[str] = []
    regels = tekst.splitlines()
    koppen: list[str] = []
    for i, regel in enumerate(regels):
        m = TABEL_RIJ.match(regel)
        if not m or TABEL_SCHEIDING.match(regel):
            continue
        cellen = [c.strip() for c in m[1].split("|")]
        if i + 1 < len(regels) and TABEL_SCHEIDING.match(regels[i + 1]):
            koppen = cellen
            found += [
                f"kolom '{c}' zonder eenheid (procentpunten)"
                for c in cellen
                if c.lower().startswith("verschil") and "procentpunt" not in c.lower()
            ]
            continue
        # a column that quotes a published report keeps that report's words
        eigen = [
            c for k, c in zip(koppen, cellen, strict=False) if not k.startswith("gepubliceerd")
        ]
        found += [f"oordeel '{c}'" for c in eigen if OORDEEL_ANDERS.search(c)]
    return found


def tabellen_in_woorden_van_de_methode(build: Path) -> list[Bevinding]:
    """:func:`tabelwoorden` over every page of the book, the appendices included."""
    return [
        Bevinding(nb.stem, cel, "tabel in andere woorden dan de methode", f)
        for nb in notebooks(build)
        for cel, tekst in markdown_teksten(nb)
        for f in tabelwoorden(tekst)
    ]


def controleer_boek(build: Path) -> list[Bevinding]:
    """The rules over the pages together (see the module's docstring)."""
    return (
        kernpunten_zonder_onderbouwing(build)
        + veranderingen_ontbreken(build)
        + samenvatting_opent_met_boodschappen(build)
        + tabellen_in_woorden_van_de_methode(build)
    )
