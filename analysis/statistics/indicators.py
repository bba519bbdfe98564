"""The indicator registry (``data/indicatoren.yml``) and the tidy indicator table.

One definition of every indicator: which item, which codes count, who is in the denominator
(the item's routing in the codebook). Chapters, tables, figures, exports and the back-test
all call :func:`indicator_table` or :func:`indicator_flags`, never their own arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.codebook import Codebook, load_codebook
from analysis.data.errors import ConfigError
from analysis.data.files import read_yaml
from analysis.data.paths import config_dir
from analysis.statistics.disclosure import indicatief
from analysis.statistics.sampling import effective_size, kish_effective_n, wilson

TOTAAL = "totaal"
GROEPEN = ("asielstatushouder", "gezinsmigrant")
MEERVOUD = {"asielstatushouder": "asielstatushouders", "gezinsmigrant": "gezinsmigranten"}
TABLE_COLUMNS = [
    "jaar",
    "indicator",
    "groep",
    "teller",
    "noemer",
    "percentage",
    "ci_laag",
    "ci_hoog",
    "gewogen",
    "indicatief",
]


@dataclass(frozen=True)
class Indicator:
    """One registry entry."""

    id: str
    items: tuple[str, ...]
    teller: tuple[int, ...]
    label: str
    kort: str
    kern: int | None
    hoofdstuk: str
    tabel_7_1: bool
    aanvullend: bool = False  # a mirror image or part of another indicator (see the registry)
    # English short label (``kort_en``) for the English summary; '' where none is written
    kort_en: str = ""
    # the measure as a sentence's predicate ('heeft betaald werk') and as a clause after 'het
    # aandeel dat' ('betaald werk heeft'): what makes a key finding a sentence, not a label
    zin: str = ""
    dat: str = ""
    kop: bool = False  # the chapter's headline figure

    @property
    def item(self) -> str:
        """The (first) survey column: the one whose routing defines the denominator."""
        return self.items[0]


@dataclass(frozen=True)
class Registry:
    """All indicators plus the list of original kernindicatoren."""

    indicatoren: tuple[Indicator, ...]
    kernindicatoren: tuple[dict, ...]
    niet_gemeten_redenen: dict[str, str]
    # the theme chapters in the order of the report (top-level 'hoofdstukken')
    hoofdstukken: tuple[str, ...] = ()

    def __getitem__(self, id_: str) -> Indicator:
        for ind in self.indicatoren:
            if ind.id == id_:
                return ind
        raise KeyError(f"Onbekende indicator '{id_}' (zie data/indicatoren.yml)")

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicatoren]

    def kop(self, hoofdstuk: str) -> Indicator | None:
        """The chapter's headline indicator (``kop: true``), or None where it names none."""
        return next((i for i in self.indicatoren if i.kop and i.hoofdstuk == hoofdstuk), None)


REGISTRY_KEYS = {
    "id", "label", "kort", "kort_en", "item", "teller", "kern", "hoofdstuk", "tabel_7_1",
    "aanvullend", "kop", "zin", "dat",
}
# Without these an indicator cannot be named in a sentence (the key findings are sentences).
ZINSDELEN = ("zin", "dat")


def load_registry(path: Path | None = None) -> Registry:
    """Read and check the registry against the codebook (the path is resolved before the
    cache, so a changed ``INBURGERING_CONFIG`` is seen)."""
    return _load_registry(path or config_dir() / "indicatoren.yml")


@lru_cache(maxsize=4)
def _load_registry(path: Path) -> Registry:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "indicatoren" not in raw:
        raise ConfigError(f"{path}: verwacht de sleutel 'indicatoren'.")
    codebook = load_codebook()
    indicatoren = []
    for r in raw["indicatoren"]:
        # A comma inside an unquoted value of a {...} entry ends the value and starts a new
        # key: 'kort: hulp van familie, vrienden' silently cut the label. So no key outside
        # the registry's own is accepted.
        onbekend = sorted(set(r) - REGISTRY_KEYS)
        if onbekend:
            raise ConfigError(
                f"{path}: indicator {r.get('id')}: onbekende sleutel(s) {onbekend}; staat er "
                "een komma in een waarde, zet die waarde dan tussen aanhalingstekens"
            )
        ontbreekt = [k for k in ZINSDELEN if not str(r.get(k) or "").strip()]
        if ontbreekt:
            raise ConfigError(
                f"{path}: indicator {r.get('id')}: {' en '.join(ontbreekt)} ontbreekt: de "
                "maat als rest van een zin ('zin: \"heeft betaald werk\"') en na 'het aandeel "
                "dat' ('dat: \"betaald werk heeft\"'); zie de uitleg bovenaan het bestand"
            )
        items = tuple(r["item"]) if isinstance(r["item"], list) else (r["item"],)
        for item in items:
            if item not in codebook:
                raise ValueError(f"{path}: indicator {r['id']} verwijst naar onbekend item {item}")
            allowed = codebook[item].allowed
            if not set(r["teller"]) <= set(allowed):
                raise ValueError(
                    f"{path}: indicator {r['id']}: tellercodes {r['teller']} "
                    f"niet in de codes van {item} {allowed}"
                )
        indicatoren.append(
            Indicator(
                id=r["id"],
                items=items,
                teller=tuple(r["teller"]),
                label=r["label"],
                kort=r["kort"],
                kern=r.get("kern"),
                hoofdstuk=r["hoofdstuk"],
                tabel_7_1=bool(r.get("tabel_7_1", False)),
                aanvullend=bool(r.get("aanvullend", False)),
                kort_en=str(r.get("kort_en") or ""),
                zin=str(r["zin"]).strip(),
                dat=str(r["dat"]).strip(),
                kop=bool(r.get("kop", False)),
            )
        )
    ids = [i.id for i in indicatoren]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: dubbele indicator-id's")
    koppen: dict[str, list[str]] = {}
    for ind in indicatoren:
        if ind.kop:
            koppen.setdefault(ind.hoofdstuk, []).append(ind.id)
    dubbel = {h: i for h, i in koppen.items() if len(i) > 1}
    if dubbel:
        raise ConfigError(
            f"{path}: meer dan één kopcijfer (kop: true) in een hoofdstuk: {dubbel}; kies er "
            "per hoofdstuk één"
        )
    hoofdstukken = tuple(raw.get("hoofdstukken") or ())
    vreemd = sorted({i.hoofdstuk for i in indicatoren} - set(hoofdstukken))
    if vreemd:
        raise ConfigError(
            f"{path}: hoofdstuk {vreemd} staat niet in 'hoofdstukken' {list(hoofdstukken)}; "
            "voeg het daar toe, op zijn plaats in het rapport"
        )
    return Registry(
        tuple(indicatoren),
        tuple(raw["kernindicatoren"]),
        dict(raw["niet_gemeten_redenen"]),
        hoofdstukken,
    )


# Who changes the configuration in a running process (the stress variants) clears this.
load_registry.cache_clear = _load_registry.cache_clear  # type: ignore[attr-defined]


def routed(df: pd.DataFrame, item: str, codebook: Codebook | None = None) -> pd.Series:
    """Boolean mask of respondents who were asked ``item`` (its codebook routing)."""
    codebook = codebook or load_codebook()
    rule = codebook[item].routing
    if not rule:
        return pd.Series(True, index=df.index)
    return df.eval(rule).fillna(False).astype(bool)


def indicator_available(df: pd.DataFrame, indicator: Indicator | str) -> bool:
    """Whether the year's file holds the indicator's item(s) (waves may drop items)."""
    ind = load_registry()[indicator] if isinstance(indicator, str) else indicator
    return all(item in df.columns for item in ind.items)


def indicator_flags(
    df: pd.DataFrame, indicator: Indicator | str, beantwoord: bool = False
) -> pd.Series:
    """Per respondent: 1.0 if counted in the numerator, 0.0 if only in the denominator,
    NaN if not routed to the item. The mean of this series is the indicator's share.

    ``beantwoord=True`` also leaves out who gave no substantive answer (blank, 'weet niet',
    'wil ik niet zeggen'). The report's rule is the default (``False``); the option exists for
    the few published cross-tabulations that can only have been computed that way.
    """
    ind = load_registry()[indicator] if isinstance(indicator, str) else indicator
    if not indicator_available(df, ind):
        raise KeyError(f"Indicator {ind.id}: item(s) {list(ind.items)} ontbreken in dit jaar.")
    hit = np.zeros(len(df), dtype=bool)
    for item in ind.items:
        hit |= df[item].isin(ind.teller).to_numpy()
    flags = pd.Series(hit.astype(float), index=df.index)
    flags[~routed(df, ind.item)] = np.nan
    if beantwoord:
        codebook = load_codebook()
        no_answer = np.ones(len(df), dtype=bool)
        for item in ind.items:
            no_answer &= (df[item].isna() | df[item].isin(codebook.geen_antwoord)).to_numpy()
        flags[no_answer] = np.nan
    return flags


def known_values(dimensie: str) -> tuple[str, ...] | None:
    """The values a breakdown dimension can take (codebook categories, or ja/nee for an
    indicator used as a dimension); None when the codebook does not know them."""
    if dimensie in load_registry().ids:
        return ("ja", "nee")
    codebook = load_codebook()
    if dimensie in codebook and codebook[dimensie].type == "categorisch":
        return codebook[dimensie].categorieen
    return None


def _split_values(dimensie: str, text: str) -> tuple[str, ...]:
    """``'a,b'`` -> ``('a', 'b')``, matching the longest known category names first.

    Why: a register name may itself hold a comma ('Congolese (DR Congo, Kinshasa)'); split
    blindly it became two groups nobody is in. Text that matches no known category is split
    on commas, as written (a mask then finds nobody, and the table has no such group).
    """
    known = known_values(dimensie)
    if not known or text in known:
        return (text,) if known else tuple(text.split(","))
    values, rest = [], text
    while rest:
        match = max(
            (k for k in known if rest == k or rest.startswith(k + ",")), key=len, default=None
        )
        if match is None:
            return tuple(text.split(","))
        values.append(match)
        rest = rest[len(match) + 1 :]
    return tuple(values)


def _parts(spec: str) -> list[str]:
    """Split a spec on '&' only where a new ``dimensie=`` or bare group name follows, so that
    a category holding '&' stays whole."""
    parts: list[str] = []
    for token in spec.split("&"):
        dim = token.split("=", 1)[0]
        if not parts or token in GROEPEN or ("=" in token and dim.isidentifier()):
            parts.append(token)
        else:
            parts[-1] += "&" + token
    return parts


def parse_group(spec: str) -> list[tuple[str, tuple[str, ...]]]:
    """``'groep=asielstatushouder&taalles=nee'`` ->
    ``[('groep', ('asielstatushouder',)), ('taalles', ('nee',))]``: structured values.

    Besides ``totaal`` and a bare group name, a breakdown is written ``dimensie=waarde``;
    several joined with ``&`` select their intersection, and ``dimensie=a,b`` selects either
    value (e.g. ``leeftijdsgroep=18-25,26-30`` for 'tot 30 jaar'). Values are matched against
    the codebook's categories, so a name holding a comma or '&' is one value
    (:func:`_split_values`); callers use the tuples and never split a spec themselves.
    """
    if spec == TOTAAL:
        return []
    parts = []
    for part in _parts(spec):
        if part in GROEPEN:
            parts.append(("groep", (part,)))
            continue
        if "=" not in part:
            raise ValueError(f"Groep '{spec}': verwacht 'dimensie=waarde'")
        dim, value = part.split("=", 1)
        parts.append((dim, _split_values(dim, value)))
    return parts


def group_spec(dimensie: str, *waarden: str) -> str:
    """The spec of the group of respondents with one of ``waarden`` on ``dimensie`` (the
    inverse of :func:`parse_group`), e.g. for a register name with a comma."""
    return f"{dimensie}={','.join(waarden)}"


def dimension_values(df: pd.DataFrame, dimensie: str) -> pd.Series:
    """Values of a breakdown dimension as strings.

    A dimension is a codebook column, or an indicator id (values ``ja``/``nee``/NaN), so that
    cross-tabulations such as 'satisfied with own Dutch' x 'neighbourhood' use the same
    definitions as everything else. ``taalles`` is the indicator of that name.
    """
    registry = load_registry()
    if dimensie in registry.ids:
        flags = indicator_flags(df, dimensie)
        return flags.map({1.0: "ja", 0.0: "nee"})
    if dimensie not in df.columns:
        raise KeyError(f"Onbekende dimensie '{dimensie}'")
    return df[dimensie].astype("string")


def group_mask(df: pd.DataFrame, spec: str) -> pd.Series:
    """Boolean mask of the respondents in group ``spec`` (see :func:`parse_group`)."""
    mask = pd.Series(True, index=df.index)
    for dim, values in parse_group(spec):
        mask &= dimension_values(df, dim).isin(values).fillna(False).astype(bool)
    return mask


def share(
    df: pd.DataFrame,
    indicator: Indicator | str,
    groep: str = TOTAAL,
    weights: pd.Series | None = None,
    beantwoord: bool = False,
) -> tuple[float, float]:
    """Numerator and denominator of an indicator within a group (weighted when given)."""
    flags = indicator_flags(df, indicator, beantwoord)[group_mask(df, groep)].dropna()
    if weights is None:
        return float(flags.sum()), float(len(flags))
    w = weights.loc[flags.index]
    return float((flags * w).sum()), float(w.sum())


def group_population(
    df: pd.DataFrame,
    spec: str,
    populatie: float | None,
    populatie_tabel: pd.DataFrame | None = None,
) -> tuple[float | None, str]:
    """Size of group ``spec`` in the population the year describes, and where it comes from.

    Why: the finite-population correction needs, for a subgroup, the size of that subgroup in
    the population. ``populatie.csv`` gives it for the dimensions it holds (sex, age group,
    nationality); for any other group (asielstatushouders, those taking lessons, an
    intersection) it is estimated pro rata -- the group's share of the respondents times the
    population -- and the second value says so (``"populatie.csv"`` or ``"naar rato"``).
    """
    if populatie is None:
        return None, "geen correctie"
    if spec == TOTAAL:
        return float(populatie), "meta.yml"
    parts = parse_group(spec)
    if populatie_tabel is not None and len(parts) == 1:
        dim, values = parts[0]
        rows = populatie_tabel[
            (populatie_tabel["dimensie"] == dim)
            & populatie_tabel["categorie"].astype(str).isin(values)
        ]
        if len(rows) == len(values):
            return float(rows["aantal"].sum()), "populatie.csv"
    n = float(group_mask(df, spec).sum())
    return (float(populatie) * n / len(df) if len(df) else None), "naar rato"


def indicator_table(
    df: pd.DataFrame,
    jaar: int,
    indicators: Iterable[str] | None = None,
    groepen: Sequence[str] = (TOTAAL, *GROEPEN),
    breakdowns: Sequence[str] = (),
    populatie: float | None = None,
    weights: pd.Series | None = None,
    beantwoord: bool = False,
    populatie_tabel: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The tidy indicator table of a year.

    One row per indicator and group: ``jaar, indicator, groep, teller, noemer, percentage,
    ci_laag, ci_hoog, gewogen, indicatief`` (percentages 0-100, Wilson intervals with
    finite-population correction). ``breakdowns`` adds every value of those dimensions as
    ``dimensie=waarde`` groups. ``populatie`` is the size of the population the year
    describes (``meta.yml``: ``populatie``); a group's size in it comes from
    ``populatie_tabel`` (``populatie.csv``) where that has the group's dimension, else pro
    rata (:func:`group_population`). An indicator asked of part of a group (routing) gets the
    same part of the group's population. Indicators whose item was not asked this year are
    left out.

    With ``weights`` the percentage and interval are weighted (the interval on Kish's
    effective sample size); ``teller`` and ``noemer`` stay the unweighted numbers of
    respondents, because disclosure control and the reader's "based on n" need those.
    ``beantwoord`` leaves non-answers out of the denominator (see :func:`indicator_flags`).
    ``indicatief`` marks a percentage on fewer respondents than
    :data:`analysis.statistics.disclosure.INDICATIEF` (see there).
    """
    registry = load_registry()
    ids = list(indicators) if indicators is not None else registry.ids
    groups = list(groepen)
    for dim in breakdowns:
        values = dimension_values(df, dim).dropna().unique()
        groups += [f"{dim}={v}" for v in sorted(values)]
    masks = {g: group_mask(df, g) for g in groups}
    sizes = {g: group_population(df, g, populatie, populatie_tabel)[0] for g in groups}
    rows = []
    for id_ in ids:
        if not indicator_available(df, id_):
            continue
        flags = indicator_flags(df, id_, beantwoord)
        for g in groups:
            sel = flags[masks[g]].dropna()
            teller, noemer = float(sel.sum()), float(len(sel))
            share_, kish = (teller / noemer if noemer else np.nan), None
            if weights is not None and noemer:
                w = weights.loc[sel.index].to_numpy(dtype=float)
                share_ = float((w * sel.to_numpy()).sum() / w.sum())
                kish = kish_effective_n(w)
            n_group = float(masks[g].sum())
            pop = None if sizes[g] is None or not n_group else sizes[g] * noemer / n_group
            n_eff = effective_size(noemer, pop, kish)
            low, high = wilson(share_, n_eff) if noemer else (np.nan, np.nan)
            rows.append(
                {
                    "jaar": jaar,
                    "indicator": id_,
                    "groep": g,
                    "teller": int(teller),
                    "noemer": int(noemer),
                    "percentage": 100 * share_,
                    "ci_laag": 100 * low,
                    "ci_hoog": 100 * high,
                    "gewogen": weights is not None,
                    "indicatief": indicatief(noemer),
                }
            )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def percentage_in_group(
    df: pd.DataFrame, what: str, groep: str = TOTAAL, beantwoord: bool = False
) -> float:
    """The percentage of a group that meets ``what``: an indicator id (its share, with the
    indicator's denominator) or a condition written like a group (``groep=gezinsmigrant``),
    then as a share of everyone in the group. NaN for an empty group."""
    if what in load_registry().ids:
        teller, noemer = share(df, what, groep, beantwoord=beantwoord)
    else:
        in_group = group_mask(df, groep)
        teller = float((group_mask(df, what) & in_group).sum())
        noemer = float(in_group.sum())
    return float("nan") if noemer == 0 else 100 * teller / noemer
