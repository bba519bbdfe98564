"""Labels from the registries: group names in words, model terms in words, and the name of a
comparison, as the report prints them.
"""

from __future__ import annotations

from analysis.data.codebook import load_codebook
from analysis.statistics.comparisons import Vergelijking
from analysis.statistics.indicators import (
    MEERVOUD,
    TOTAAL,
    load_registry,
    parse_group,
)
from analysis.statistics.models import REFERENCE


def weergavenaam(dimensie: str, waarde: str, genest: bool = False) -> str:
    """A register name as the reader sees it: the codebook's ``labels_nl`` where given, else
    the name. ``genest=True`` is for text already inside brackets: a name's own brackets
    become square brackets ('Congolese [DR Congo, Kinshasa]'), so brackets never nest.
    (Square brackets not followed by a link target are plain text to Pandoc.)"""
    codebook = load_codebook()
    label = codebook[dimensie].label(waarde) if dimensie in codebook else str(waarde)
    if genest:
        label = label.replace("(", "[").replace(")", "]")
    return label


def group_words(spec: str) -> str:
    """A group spec in words for tables and text: 'groep=gezinsmigrant&geslacht=man' ->
    'gezinsmigranten (man)', 'taalles=nee' -> 'niet: volgt taalles', 'leeftijdsgroep=18-25,26-30'
    -> 'leeftijdsgroep 18-25 of 26-30'. Never shows the raw spec."""
    if spec == TOTAAL:
        return "alle inburgeraars"
    registry = load_registry()
    hoofd, rest = None, []
    for dim, values in parse_group(spec):
        if dim == "groep":
            hoofd = " of ".join(MEERVOUD.get(v, v) for v in values)
        elif dim in registry.ids:
            kort = registry[dim].kort
            rest.append(kort if values == ("ja",) else f"niet: {kort}")
        else:
            shown = (weergavenaam(dim, v, genest=True) for v in values)
            rest.append(f"{dim} {' of '.join(shown)}")
    if hoofd is None:
        return ", ".join(rest)
    return f"{hoofd} ({', '.join(rest)})" if rest else hoofd


def readable_term(term: str, referentie: str | None = None) -> str:
    """A model term as a reader says it: 'groep=asielstatushouder' -> 'asielstatushouder
    (tegenover gezinsmigrant)', 'leeftijdsgroep=41+' -> '41 jaar of ouder (tegenover 18-25
    jaar)', an indicator id -> its short label (tegenover: niet). ``referentie`` is the
    reference level the model used (the default of ``REFERENCE`` when not given)."""
    from analysis.statistics.indicators import load_registry

    registry = load_registry()
    if term in registry.ids:
        return f"{registry[term].kort} (tegenover: niet)"
    if "=" not in term:
        return term
    var, level = term.split("=", 1)
    ref = referentie or REFERENCE.get(var, "")
    if var == "leeftijdsgroep":

        def jaar(x: str) -> str:
            return f"{x[:-1]} jaar of ouder" if x.endswith("+") else f"{x} jaar"

        return f"{jaar(level)} (tegenover {jaar(ref)})"
    return f"{level} (tegenover {ref})" if ref else level


def comparison_name(v: Vergelijking) -> str:
    """A comparison in words: 'betaald werk: gezinsmigranten (geslacht man) tegenover ...'."""
    from analysis.statistics.indicators import load_registry

    return f"{load_registry()[v.indicator].kort}: " + " tegenover ".join(
        map(group_words, v.groepen)
    )
