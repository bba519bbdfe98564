"""Sentences of the methods: the policy on the finite-population correction, the planning of
the next wave, the composition of a change, and why a verdict differs from the published one.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.data.privacy import MIN_CELL
from analysis.statistics.change import GEEN_GECORRIGEERD
from analysis.statistics.comparisons import ALPHA, Vergelijking
from analysis.statistics.design import fpc_beleid
from analysis.statistics.indicators import (
    load_registry,
)
from analysis.text.formatting import (
    getal,
    p_waarde,
    telwoord,
)


def fpc_beleid_tekst(beleid: dict[str, bool] | None = None) -> str:
    """The finite-population policy in plain Dutch for the methods appendix, per kind of
    inference as ``data/toetsfamilies.yml`` declares it (the reasons follow the choice)."""
    beleid = beleid or fpc_beleid()

    def keuze(soort: str) -> str:
        return "met" if beleid[soort] else "zonder"

    zinnen = [
        f"De percentages en hun intervallen worden {keuze('niveaus')} "
        "eindige-populatiecorrectie berekend: zij beschrijven de inburgeraars van dit jaar, "
        "een eindige groep waarvan een flink deel meedeed."
    ]
    if not beleid["groepsverschillen"]:
        zinnen.append(
            "Verschillen tussen groepen binnen een jaar (asielstatushouders en "
            "gezinsmigranten, mannen en vrouwen, leeftijdsgroepen) worden zonder die correctie "
            "getoetst. Zo'n vergelijking gaat over de vraag of de situatie van zulke groepen "
            "verschilt, niet over de vraag of twee aandelen in deze ene groep mensen precies "
            "gelijk zijn: in een eindige populatie zijn ze dat vrijwel nooit. Bovendien "
            "koos een deel van de uitgenodigden zelf om mee te doen; de respons is geen "
            "aselecte steekproef."
        )
    else:
        zinnen.append(
            "Verschillen tussen groepen binnen een jaar worden met die correctie getoetst: "
            "ze beschrijven de groepen zoals ze dit jaar zijn."
        )
    if not beleid["verandering"]:
        zinnen.append(
            "Ook veranderingen tussen jaren worden zonder correctie getoetst. De groep "
            "inburgeraars is elk jaar voor een deel anders, want mensen stromen in en uit, en "
            "twee groepen mensen verschillen altijd een beetje; de vraag is of de situatie van "
            "inburgeraars verandert. Zo geldt voor elk oordeel in woorden dezelfde regel."
        )
    else:
        zinnen.append(
            "Veranderingen tussen jaren worden met de correctie getoetst: ze vergelijken de "
            "inburgeraars van twee jaren zoals die waren."
        )
    zinnen.append(
        "Het interval van een verschil rust op dezelfde keuze als de toets, zodat interval "
        "en oordeel bij elkaar passen. Elk oordeel is ook met de andere keuze berekend."
    )
    return " ".join(zinnen)


def samenstelling_tekst(verandering: pd.DataFrame, n_standaard: int, gewogen: bool = False) -> str:
    """The methods paragraph on the composition-adjusted change: its standard population,
    its interval, and which adjusted changes are missing and why ('' in a first year)."""
    from analysis.text.formatting import getal
    from analysis.text.labels import group_words

    if verandering.empty:
        return ""
    vorig = int(verandering["jaar_vorig"].iloc[0])
    reg = load_registry()
    tekst = overlap_tekst(verandering) + (
        " Bij elke verandering staat in `verandering.csv` ook de verandering bij een gelijke "
        "samenstelling naar groep, leeftijdsgroep en geslacht (`verschil_gecorrigeerd`). De "
        f"standaard is de respons van {vorig} en van dit jaar samen ({getal(n_standaard)} "
        f"respondenten{', gewogen' if gewogen else ''}): voor ieder van hen voorspelt een "
        "logistisch model de kans in beide jaren, en de verandering is het gemiddelde "
        "verschil. Het 95%-interval (`verschil_gecorrigeerd_laag` en `_hoog`) volgt uit de "
        "deltamethode."
    )
    gewoon = (GEEN_GECORRIGEERD["te_klein"], GEEN_GECORRIGEERD["verborgen"])
    ontbreekt = verandering[
        verandering["verschil_gecorrigeerd"].isna()
        & ~verandering["gecorrigeerd_opmerking"].isin(gewoon)
    ]
    waar = (
        "waar een kant te weinig respondenten heeft of verborgen is (zie Geheimhouding)"
        if verandering["gecorrigeerd_opmerking"].eq(GEEN_GECORRIGEERD["verborgen"]).any()
        else "waar een kant te weinig respondenten heeft"
    )
    if ontbreekt.empty:
        return tekst + f" Het ontbreekt {waar}."
    items = [
        f"'{reg[r.indicator].kort}' ({group_words(r.groep)}): {r.gecorrigeerd_opmerking}"
        for r in ontbreekt.itertuples()
    ]
    return (
        tekst
        + f" Het ontbreekt {waar}, en verder bij "
        + "; ".join(items)
        + " (kolom `gecorrigeerd_opmerking`)."
    )


def overlap_tekst(verandering: pd.DataFrame) -> str:
    """How the change test treats the two waves: as independent samples, which is
    conservative when the same people answer in both (their answers correlate), or with the
    overlap where the bureau delivered a pseudonymous ``panel_id``."""
    panel = verandering.get("toets", pd.Series(dtype=str)).astype(str).str.contains("panel")
    if panel.any():
        return (
            "Een deel van de respondenten deed in beide jaren mee; het onderzoeksbureau "
            "leverde voor hen een pseudoniem dat in beide jaren gelijk is (`panel_id`). De "
            "toets op een verandering rekent met die overlap."
        )
    return (
        "De toets op een verandering behandelt de twee metingen als onafhankelijke "
        "steekproeven. Dat zijn ze niet helemaal: een inburgeringstraject duurt meestal "
        "langer dan een jaar, dus een deel van de inburgeraars hoort in beide jaren bij de "
        "populatie en kan twee keer hebben geantwoord. Wie dat doet, antwoordt vaak ongeveer "
        "hetzelfde; dan is de toets voorzichtig en ziet hij een verandering eerder te laat dan "
        "te vroeg. Levert het onderzoeksbureau een pseudoniem dat in beide jaren gelijk is "
        "(kolom `panel_id`), dan rekent de toets met die overlap."
    )


def planning_tekst(
    nodig: pd.DataFrame, alles: dict[str, float], populatie: float, jaar: int, n_nu: int
) -> str:
    """The planning paragraph of the methods: what the next wave needs to see a change
    against this one (whose ``n_nu`` respondents are now fixed), whether that can be done,
    and what inviting everyone would give (:mod:`analysis.statistics.precision`)."""
    zinnen = [
        f"De volgende meting wordt vergeleken met die van {jaar}. Het aantal respondenten van "
        f"{jaar} ({getal(n_nu)}) ligt nu vast en bepaalt mee welke verandering de volgende "
        "uitgave kan aantonen."
    ]
    for r in nodig.itertuples():
        d = f"{getal(r.verandering)} procentpunten"
        if not math.isfinite(r.n_ruim):
            zinnen.append(
                f"Een verandering van {d} is tegenover {jaar} niet aan te tonen, hoeveel mensen "
                f"de volgende keer ook meedoen: daarvoor is de meting van {jaar} zelf te klein."
            )
            continue
        zin = f"Voor een verandering van {d} zijn de volgende keer ongeveer {getal(r.n_ruim)}"
        if math.isfinite(r.n_streng):
            zin += f" tot {getal(r.n_streng)}"
        zin += " respondenten nodig"
        if hasattr(r, "uitnodigingen_ruim"):
            if not r.haalbaar_ruim:
                zin += (
                    f". Bij de respons van {jaar} vraagt dat ongeveer "
                    f"{getal(r.uitnodigingen_ruim)} uitnodigingen, meer dan er inburgeraars "
                    f"zijn ({getal(populatie)}): dat is niet haalbaar"
                )
            elif math.isfinite(r.n_streng) and not r.haalbaar_streng:
                zin += (
                    f"; bij de respons van {jaar} vraagt dat {getal(r.uitnodigingen_ruim)} "
                    "uitnodigingen, en bij de strenge drempel meer dan er inburgeraars zijn"
                )
            elif math.isfinite(r.n_streng):
                zin += (
                    f"; bij de respons van {jaar} vraagt dat {getal(r.uitnodigingen_ruim)} tot "
                    f"{getal(r.uitnodigingen_streng)} uitnodigingen"
                )
            else:
                zin += (
                    f"; bij de respons van {jaar} vraagt dat {getal(r.uitnodigingen_ruim)} "
                    "uitnodigingen"
                )
        zinnen.append(zin + ".")
    eindig = nodig[nodig["n_ruim"].map(math.isfinite)]
    if not eindig.empty and not eindig["n_streng"].map(math.isfinite).any():
        zinnen.append(
            "Bij de strenge drempel (als alleen deze vergelijking verschilt) is geen van deze "
            "veranderingen aan te tonen, bij welk aantal respondenten ook."
        )
    if alles and math.isfinite(alles["mdd_ruim"]):
        zinnen.append(
            f"Wie de volgende keer alle {getal(populatie)} inburgeraars uitnodigt, krijgt bij "
            f"die respons ongeveer {getal(alles['respondenten'])} respondenten; dan toont de "
            f"monitor een verandering tegenover {jaar} aan vanaf ongeveer "
            f"{getal(alles['mdd_ruim'], 1)} tot {getal(alles['mdd_streng'], 1)} procentpunten "
            f"(bij een populatie zo groot als die van {jaar})."
        )
    return " ".join(zinnen)


def groups_sentence(mdd: pd.DataFrame) -> str:
    """What the monitor can see between the two groups, or why it cannot compare them."""
    eerste = mdd.iloc[0]
    if not np.isfinite(eerste.mdd_ruim):
        waarom = (
            "heeft geen respondenten"
            if min(eerste.n_a, eerste.n_b) == 0
            else f"heeft minder dan {telwoord(MIN_CELL)} respondenten"
        )
        return (
            "Tussen asielstatushouders en gezinsmigranten is dit jaar geen vergelijking "
            f"mogelijk: een van beide groepen {waarom}."
        )
    return (
        "Zo ziet de monitor tussen asielstatushouders en gezinsmigranten een verschil van "
        f"ongeveer {getal(eerste.mdd_ruim)} tot {getal(eerste.mdd_streng)} procentpunten."
    )


_p = p_waarde


def reason(v: Vergelijking, gepubliceerd: str = "") -> str:
    """Why our verdict is what it is, from the numbers -- for a verdict reproduced as well
    as for one that differs from the published one."""
    if v.te_klein:
        return "te weinig respondenten om te toetsen"
    if v.simultaan:  # the verdict is the test over all groups, not the printed pair
        tekst = (
            f"toets over alle {telwoord(len(v.groepen))} groepen: ongecorrigeerd p = "
            f"{_p(v.p)}, na correctie voor het aantal vergelijkingen in de familie "
            f"p = {_p(v.p_oordeel)}; het interval van het grootste verschil is simultaan "
            "(geldt voor alle paren tegelijk)"
        )
    elif v.significant:
        low = v.interval[0]
        tekst = (
            f"na correctie voor het aantal vergelijkingen in de familie p = {_p(v.p_oordeel)}; "
            f"het interval ligt geheel {'boven' if low > 0 else 'onder'} 0"
        )
    elif v.p < ALPHA:
        tekst = (
            f"ongecorrigeerd p = {_p(v.p)}, na correctie voor het aantal vergelijkingen "
            f"in de familie p = {_p(v.p_oordeel)}"
        )
    else:
        tekst = f"ook zonder correctie niet aantoonbaar (p = {_p(v.p)}); het interval omvat 0"
    if v.oordeel_wisselt_fpc:
        tekst += "; met de andere keuze voor de eindige-populatiecorrectie viel het anders uit"
    if v.verkennend:
        tekst += "; verkennend (gekozen na het zien van de gegevens)"
    return tekst
