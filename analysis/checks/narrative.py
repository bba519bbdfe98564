"""Narrative check: the text of a built year, read as a policy reader would read it.

Together with the editorial rules of :mod:`analysis.checks.editorial` (verdict words that
follow the test, no sentence starting with a numeral, no wall of text, statistics out of the running
text), which :func:`controleer_build` applies too.

Why: words that depend on results are chosen by code, and code can leave traces that no
researcher would publish -- ``nan`` from an empty group, ``{…}`` from an f-string that was not
one, ``groep=asielstatushouder`` from a group specification, "Hoofdstuk Hoofdstuk", a colon
announcing a quote that this year's file does not have, a comparison one side of which is
suppressed, a raw p-value next to a verdict taken from an adjusted one, a year that only
held for the baseline, or a placeholder that promises text instead of giving it. The check
reads what Quarto typesets (Markdown cells and Markdown outputs of the executed notebooks, see
``tests/notebooktext.py``) and returns findings with chapter, cell and rule. It never reports
respondent data: only the built text, which itself holds no respondent values.

Scope of the rules (what counts as "prose"): Markdown tables (``|`` lines), table captions
(``: …``), block quotes (``>``: respondents' verbatim words), code spans and Quarto attribute
blocks (``{#fig-x fig-alt="…"}``) are not running text; the raw-value rules (``nan``, braces,
doubled words) still read tables and captions, the wording rules do not. The methods appendix
(a chapter whose name contains ``methode``) may give test names, p-values and the history of
the monitor. Usage::

    python -m analysis.narratief build/2024        # prints findings, exit 1 if any
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from analysis.checks import editorial
from analysis.checks.typeset import (
    ATTRIBUUT,
    CODE,
    WISKUNDE,
    Bevinding,
    Blok,
    _proza,
    _snippet,
    _zinnen,
    _zonder_citaten,
    _zonder_opmaak,
    blokken,
    notebooks,
)
from analysis.data.privacy import MIN_CELL
from analysis.statistics.disclosure import MARK
from analysis.text.formatting import percentage_tekst

METHODE = "methode"  # chapters whose name holds this word are the methods' appendix

MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
TOEGESTANE_DUBBELS = {"dat", "die"}  # "dat dat" and "die die" are correct Dutch
LEEG_RESULTAAT = re.compile(r"(?<![\w-])(?:nan|NaN|None|inf|-inf|Infinity|NaT)(?![\w-])|<NA>")
ACCOLADE = re.compile(r"\{[^{}\n]*\}")
GROEPSSPECIFICATIE = re.compile(r"\b[a-z][a-z0-9_]+=[^\s,.;:)]+")
DUBBEL_WOORD = re.compile(r"\b(\w{2,})\s+\1\b", re.IGNORECASE)
P_WAARDE = re.compile(r"\bp\s*(?:=|<|>|≤|≥)\s*[0-9]")
TOETSNAAM = re.compile(r"chi-kwadraat|\bFisher|\bHolm\b|\bodds ?ratio", re.IGNORECASE)
JAARTAL = re.compile(r"(?<![\w/.-])(?:19|20)\d\d(?![\w/-])")
VERGELIJKING = re.compile(
    r"\b(?:vaker|minder vaak|even vaak|hoger|lager|meer dan|minder dan|tegenover|"
    r"vergeleken met|vergelijkbaar met|het meest|het minst)\b",
    re.IGNORECASE,
)
UITERST_HOOG = re.compile(r"\b(?:vaakst|meest|hoogst\w*)\b", re.IGNORECASE)
UITERST_LAAG = re.compile(r"\b(?:minst|laagst\w*)\b", re.IGNORECASE)
GENESTE_HAAKJES = re.compile(r"\([^()\n]*\((?!zeer\))[^()\n]*\)[^()\n]*\)")  # not "(zeer)"
EEN_MEERVOUD = re.compile(r"(?<![\d,.])\b(?:1|één)\s+([a-zë]{3,}(?:en|s))\b")
OPSOMMING = re.compile(r"^(?:>|[-*+] |\d+[.)] |\|)")  # list, quote or table


def onderdrukt_teksten() -> list[str]:
    """What the report prints instead of a suppressed figure (analysis.statistics.disclosure)."""
    return [percentage_tekst(0.0, 0), MARK, "te weinig respondenten", "te kleine groep"]






# --------------------------------------------------------------------------- reading












# --------------------------------------------------------------------------- rules
def leeg_resultaat(tekst: str) -> list[str]:
    """``nan``, ``None``, ``inf``, ``<NA>``: an empty or undefined result printed as text."""
    t = _zonder_citaten(_zonder_opmaak(tekst))
    return [_snippet(t, m.start(), m.end()) for m in LEEG_RESULTAAT.finditer(t)]


def accolades(tekst: str) -> list[str]:
    """``{…}`` left in the text: a placeholder that was not filled in."""
    t = _zonder_citaten(CODE.sub(" ", ATTRIBUUT.sub(" ", WISKUNDE.sub(" ", tekst))))
    return [_snippet(t, m.start(), m.end()) for m in ACCOLADE.finditer(t)]


def groepsspecificaties(tekst: str) -> list[str]:
    """``groep=asielstatushouder`` or ``leeftijdsgroep=41+`` in running text."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end()) for m in GROEPSSPECIFICATIE.finditer(t)]


def indicator_ids(tekst: str, ids: list[str]) -> list[str]:
    """Registry ids (``tevreden_niveau_nl``) in running text. Only ids with an underscore:
    others (``taalles``) are ordinary Dutch words."""
    t = _proza(tekst)
    found = []
    for id_ in ids:
        if "_" in id_:
            found += [_snippet(t, m.start(), m.end()) for m in re.finditer(rf"\b{id_}\b", t)]
    return found


def dubbele_woorden(tekst: str) -> list[str]:
    """The same word twice in a row ("Hoofdstuk Hoofdstuk")."""
    t = _zonder_citaten(_zonder_opmaak(tekst)).replace("*", "")
    return [
        _snippet(t, m.start(), m.end(), 20)
        for m in DUBBEL_WOORD.finditer(t)
        if m.group(1).lower() not in TOEGESTANE_DUBBELS and not m.group(1).isdigit()
    ]


def onderdrukte_vergelijking(tekst: str) -> list[str]:
    """A comparison sentence of which one side is the suppression note."""
    found = []
    notes = onderdrukt_teksten()
    for zin in _zinnen(_proza(tekst)):
        rest = zin
        for note in notes:
            rest = rest.replace(note, " ")
        if rest != zin and VERGELIJKING.search(rest):
            found.append(zin[:200])
    return found


def geneste_haakjes(tekst: str) -> list[str]:
    """Brackets inside brackets in running text, "(niet getoetst (te kleine groep))": a
    helper's note pasted into a sentence's own brackets."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end(), 20) for m in GENESTE_HAAKJES.finditer(t)]


def een_meervoud(tekst: str) -> list[str]:
    """ "1 nationaliteiten": a count of one with a plural noun (a number filled into a fixed
    plural)."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end(), 20) for m in EEN_MEERVOUD.finditer(t)]


def gelijke_uitersten(tekst: str) -> list[str]:
    """A sentence naming the most and the least frequent category where both are the same
    ("het vaakst … de Syrische, het minst vaak … de Syrische"): a ranking of one category."""
    found = []
    for zin in _zinnen(_proza(tekst)):
        if not (UITERST_HOOG.search(zin) and UITERST_LAAG.search(zin)):
            continue
        namen = re.findall(r"(?<=\s)[A-Z][\w-]+", zin)  # capitalised, not the sentence's first
        if any(namen.count(w) > 1 for w in set(namen)):
            found.append(zin[:200])
    return found


def p_waarden(tekst: str) -> list[str]:
    """A p-value in running text. The verdict words ('statistisch significant') are taken
    from the Holm-adjusted p of the indicator family, which the tables and the methods
    appendix give; a p in the sentence is then either redundant or (raw p next to an adjusted
    verdict) contradicts it. So: no p-values in running text outside the methods appendix."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end()) for m in P_WAARDE.finditer(t)]


def toetsnamen(tekst: str) -> list[str]:
    """Test names (chi-kwadraattoets, Fisher, Holm, odds ratio) in running text: they belong
    in table notes and the methods appendix."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end()) for m in TOETSNAAM.finditer(t)]


def jaartallen(tekst: str, jaar: int, vorig: int | None = None) -> list[str]:
    """Years other than the edition's and the previous one in running text.

    ``vorig`` is the previous *measurement* (default the year before): after a gap year
    ('sinds 2024' in 2026) that year and the years without a measurement between may be
    named.

    Not counted: citations, dates ("1 januari 2022") and years that are part of a name
    ("Wet inburgering 2021", "Inwonersenquête 2021": a capitalised word among the three words
    before the year that does not start the sentence)."""
    found = []
    for zin in _zinnen(_proza(tekst)):
        for m in JAARTAL.finditer(zin):
            if jaar - 1 <= int(m.group()) <= jaar or (
                vorig is not None and vorig <= int(m.group()) <= jaar
            ):
                continue
            before = re.findall(r"[\w-]+", zin[: m.start()])
            if before and before[-1].lower() in MAANDEN:
                continue
            start = len(before) - 3
            naam = [w for k, w in enumerate(before) if k >= max(start, 1) and w[:1].isupper()]
            if naam:
                continue
            found.append(_snippet(zin, m.start(), m.end()))
    return found


def dubbelepunt_zonder_vervolg(blokken_: list[Blok]) -> list[tuple[int, str]]:
    """A paragraph that ends in a colon and is not followed by what it announces (a list,
    quote or table), but by a heading, other prose, a figure or the end of the chapter.
    (Figures are announced by cross-reference in this report, never by a colon.)"""
    found = []
    for k, blok in enumerate(blokken_):
        last = blok.tekst.rstrip().splitlines()[-1].rstrip()
        if not last.endswith(":") or re.match(r"^\s*(?::\s|\||:::)", last):
            continue
        volgende = blokken_[k + 1].tekst.lstrip() if k + 1 < len(blokken_) else ""
        if not OPSOMMING.match(volgende):
            found.append((blok.cel, _snippet(last, len(last) - 80, len(last))))
    return found


# --------------------------------------------------------------------------- a chapter, a build
PLAATSHOUDER = re.compile(
    r"\b(?:later op deze pagina|schrijven we later|volg(?:t|en) later|"
    r"nog (?:in te vullen|aan te vullen)|(?:will be )?written on this page later|"
    r"to be (?:added|written|completed)|tbd|todo|"
    r"lorem ipsum|xxx)\b",
    re.IGNORECASE,
)


def plaatshouders(tekst: str) -> list[str]:
    """Text that promises content instead of giving it ('schrijven we later op deze pagina',
    'will be written on this page later'): nothing unfinished is published. A section
    without content for the year is left out instead."""
    t = _zonder_citaten(tekst)  # a respondent's quote may blank a name as 'xxx'
    return [_snippet(t, m.start(), m.end()) for m in PLAATSHOUDER.finditer(t)]


VORIG_JAAR = re.compile(r"\b(?:het )?vorige? jaar\b", re.IGNORECASE)
LEGE_HAAKJES = re.compile(r"\(\s*\)")
# A share of 0% or 100% said as a number ('tegenover 0% van de mannen'); a change ('van 34%
# naar 0%', 'nu 0%'), a range ('van 0% tot 12%') or brackets after the words ('alle mensen
# (100%)') may name it.
UITERSTE = re.compile(r"(?<![\d,.])(?:0|100)%")
UITERSTE_MAG = re.compile(
    r"(?:\bnaar|\bnu|\bhet|\bvan|\btot|\bto|\bfrom|–|-|\()\s*(?:ca\.\s*)?$"
)


TELWOORD = r"(?:één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|\d+)"
# 'drie op de tien inburgeraars (31%) hebben': the report's one rule is the singular verb
# ('heeft', as with 'het aandeel'); a plural verb after 'X op de Y' breaks it.
OP_DE_MEERVOUD = re.compile(
    rf"\b{TELWOORD}\s+op\s+de\s+{TELWOORD}(?:\s+[a-zë]+)?(?:\s+\([^)]*\))?\s+"
    r"(hebben|zijn|doen|volgen|voelen|noemen|vinden|willen|krijgen|gaan|ontvangen|spreken|"
    r"wonen|werken|ervaren|geven|zeggen|kunnen|weten)\b",
    re.IGNORECASE,
)
# 'Mensen bij wie ze terecht kunnen, heeft 67%': the object put before the verb and the share
# (not a sentence that opens with a preposition: 'Van wie taalles volgt, doet 14% dat').
VOOROP = re.compile(
    r"(?:^|(?<=[.!?]\s))(?!(?:Van|Onder|Bij|In|Na|Voor|Sinds|Over|Binnen|Tegenover|Als|Wie)\b)"
    r"[A-Z][^,.!?]{3,90},\s+(?:heeft|hebben|ervaart|ervaren|noemt|noemen|"
    r"vindt|vinden|krijgt|krijgen|doet|doen)\s+(?:ca\.\s+)?\d+%"
)


def op_de_meervoud(tekst: str) -> list[str]:
    """'drie op de tien inburgeraars hebben': a plural verb after 'X op de Y' (the report's
    one agreement rule is the singular, 'heeft')."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end()) for m in OP_DE_MEERVOUD.finditer(t)]


def vooropgeplaatst(tekst: str) -> list[str]:
    """'Mensen bij wie ze terecht kunnen, heeft 67%': an object fronted before the verb and
    the share; the sentence starts with who (the share), then what."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end()) for m in VOOROP.finditer(t)]


def vorig_jaar(tekst: str) -> list[str]:
    """'vorig jaar', 'het vorige jaar': wrong after a gap year and vague in any year; the
    text says 'sinds de vorige meting (2024)' or names the year."""
    t = _proza(tekst)
    return [_snippet(t, m.start(), m.end()) for m in VORIG_JAAR.finditer(t)]


def lege_haakjes(tekst: str) -> list[str]:
    """'( )': brackets around a figure that was not filled in."""
    t = _zonder_citaten(tekst)  # as written: a stripped cross-reference '(@fig-x)' is no gap
    return [_snippet(t, m.start(), m.end()) for m in LEGE_HAAKJES.finditer(t)]


def uitersten_als_getal(tekst: str) -> list[str]:
    """'0% voelde zich …', 'tegenover 0% van de mannen': an outcome no one or everyone has
    reads as a sentence ('niemand voelde zich …'), or the sentence is left out."""
    t = _proza(tekst)
    return [
        _snippet(t, m.start(), m.end())
        for m in UITERSTE.finditer(t)
        if not UITERSTE_MAG.search(t[max(0, m.start() - 12) : m.start()])
    ]


def controleer_notebook(
    nb_path: Path,
    jaar: int,
    ids: list[str] | None = None,
    methode: bool | None = None,
    vorig: int | None = None,
) -> list[Bevinding]:
    """Every rule over one executed notebook."""
    if ids is None:
        from analysis.statistics.indicators import load_registry

        ids = load_registry().ids
    naam = nb_path.stem
    methode = METHODE in naam if methode is None else methode
    bl = blokken(nb_path)
    found: list[Bevinding] = []
    for blok in bl:
        regels = {
            "nan/None/inf": leeg_resultaat(blok.tekst),
            "accolades": accolades(blok.tekst),
            "groepsspecificatie": groepsspecificaties(blok.tekst),
            "indicator-id": indicator_ids(blok.tekst, ids),
            "dubbel woord": dubbele_woorden(blok.tekst),
            "vergelijking met onderdrukte kant": onderdrukte_vergelijking(blok.tekst),
            "geneste haakjes": geneste_haakjes(blok.tekst),
            "één met meervoud": een_meervoud(blok.tekst),
            "gelijke uitersten": gelijke_uitersten(blok.tekst),
            "plaatshouder": plaatshouders(blok.tekst),
            "vorig jaar": vorig_jaar(blok.tekst),
            "lege haakjes": lege_haakjes(blok.tekst),
            "0% of 100% als getal": uitersten_als_getal(blok.tekst),
            "meervoud na 'X op de Y'": op_de_meervoud(blok.tekst),
            "vooropgeplaatst voorwerp": vooropgeplaatst(blok.tekst),
        }
        if not methode:
            regels["p-waarde in lopende tekst"] = p_waarden(blok.tekst)
            regels["toetsnaam in lopende tekst"] = toetsnamen(blok.tekst)
            regels["jaartal"] = jaartallen(blok.tekst, jaar, vorig)
        for regel, fragmenten in regels.items():
            found += [Bevinding(naam, blok.cel, regel, f) for f in fragmenten]
    found += [
        Bevinding(naam, cel, "dubbele punt zonder vervolg", f)
        for cel, f in dubbelepunt_zonder_vervolg(bl)
    ]
    return sorted(found, key=lambda b: (b.cel, b.regel, b.fragment))




def controleer_build(build: Path, jaar: int | None = None) -> list[Bevinding]:
    """Every rule over every executed notebook of ``build`` (``build/<jaar>/``)."""
    jaar = int(jaar if jaar is not None else build.name)
    from analysis.statistics.indicators import load_registry

    ids = load_registry().ids
    vorig = vorige_meting(build)
    maten = editorial.maten(build)
    return (
        [b for nb in notebooks(build) for b in controleer_notebook(nb, jaar, ids, vorig=vorig)]
        + controleer_export(build, jaar)
        # the editorial rules and measures (checks.editorial) over samenvatting and chapters
        + editorial.controleer_build(build)
        + ([] if maten.voldoet else [Bevinding("lopende tekst", -1, "statistiek", str(maten))])
    )


def controleer_export(build: Path, jaar: int, data: Path | None = None) -> list[Bevinding]:
    """Two properties of every published percentage (``indicatoren.csv``), against the
    year's data and codebook:

    - it rests on answers to a question asked that year: its items are in the year's
      questionnaire (codebook ``jaren``), not declared unanswered, and answered by someone;
    - its group exists in the data under its own name: every value of the group spec is a
      value some respondent has (a register name split at a comma would not be).

    Why here and not only in validation: these are what a reader would be misled by, and a
    property over the published table holds for deliveries nobody has thought of yet."""
    import pandas as pd

    from analysis.data.codebook import load_codebook
    from analysis.data.load import load_year
    from analysis.data.paths import data_dir
    from analysis.statistics.indicators import dimension_values, load_registry, parse_group

    path = build / "indicatoren.csv"
    base = data or data_dir()
    if not path.exists() or not (base / str(jaar)).exists():
        return []
    export = pd.read_csv(path, dtype={"groep": str})
    published = export[export["percentage"].notna()]
    jg = load_year(jaar, base)
    codebook, registry = load_codebook(), load_registry()
    leeg = set(jg.meta.get("niet_beantwoord") or [])
    found: list[Bevinding] = []
    for ind in sorted(set(published["indicator"])):
        for item in registry[ind].items:
            if not codebook[item].asked_in(jaar) or item in leeg:
                reden = "niet gesteld" if item not in leeg else "door niemand beantwoord"
                found.append(
                    Bevinding(
                        "indicatoren.csv",
                        -1,
                        "cijfer zonder vraag",
                        f"{ind}: {item} is in {jaar} {reden}",
                    )
                )
            elif item not in jg.enquete.columns or jg.enquete[item].notna().sum() == 0:
                found.append(
                    Bevinding(
                        "indicatoren.csv",
                        -1,
                        "cijfer zonder antwoorden",
                        f"{ind}: niemand beantwoordde {item}",
                    )
                )
    for groep in sorted(set(published["groep"]) - {"totaal"}):
        for dim, values in parse_group(groep):
            present = set(dimension_values(jg.enquete, dim).dropna())
            missing = [v for v in values if v not in present]
            if missing:
                found.append(
                    Bevinding(
                        "indicatoren.csv",
                        -1,
                        "groep niet in de gegevens",
                        f"{groep}: {dim} {missing}",
                    )
                )
    return found


def vorige_meting(build: Path) -> int | None:
    """The year the build compares with (its stored estimates), None in a first year."""
    import pandas as pd

    for path in (build / "schattingen" / "verandering.csv", build / "tabellen" / "verandering.csv"):
        if path.exists():
            jaren = pd.read_csv(path, usecols=["jaar_vorig"])["jaar_vorig"].dropna()
            return int(jaren.iloc[0]) if len(jaren) else None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Controleer de tekst van een build.")
    parser.add_argument("build", type=Path, help="bv. build/2024")
    parser.add_argument("--jaar", type=int, default=None, help="standaard: de mapnaam")
    args = parser.parse_args(argv)
    found = controleer_build(args.build, args.jaar)
    for b in found:
        print(b)
    print(f"{len(found)} bevinding(en); kleinste publiceerbare groep: {MIN_CELL}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
