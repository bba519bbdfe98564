"""House style and the report's recurring chart types.

Why one module: every figure of the report must look alike and read alike, on screen and on
A4. Asielstatushouders, gezinsmigranten, all inburgeraars and Utrecht always have the same
colour (Okabe-Ito, safe for colour-blind readers); every bar shows its value in Dutch
notation, intervals are drawn as whiskers, suppressed bars are labelled instead of drawn, and
every figure carries a "Bron:" line. Each chart function returns a :class:`Figuur` that holds
the figure, the data it shows (exported as CSV beside it) and alt text generated from those
data, so the alt text can never disagree with the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from analysis.data.codebook import load_codebook
from analysis.data.files import atomic_write_text
from analysis.statistics.disclosure import NIET_GETOOND, indicatief, too_small
from analysis.text.formatting import getal, pct, percent_axis, percentage_tekst

matplotlib.use("Agg")  # no display on build machines; notebooks still show the figures

# Okabe-Ito: distinguishable with every common colour-vision deficiency and in greyscale.
KLEUREN = {
    "totaal": "#009E73",
    "asielstatushouder": "#0072B2",
    "gezinsmigrant": "#E69F00",
    "utrecht": "#999999",
}
# Further series (e.g. two indicators side by side) take these, in order of appearance.
EXTRA_KLEUREN = ["#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
REEKS_LABELS = {
    "totaal": "Alle inburgeraars",
    "asielstatushouder": "Asielstatushouders",
    "gezinsmigrant": "Gezinsmigranten",
    "utrecht": "Utrechters",
}
# Agreement / satisfaction scales: two blues (positive), grey (neutral), two oranges
# (negative), light grey for 'weet niet' -- a diverging, colour-blind-safe ramp.
SCHAAL_KLEUREN = ["#08519C", "#6BAED6", "#D9D9D9", "#FDAE6B", "#D94801", "#F0F0F0"]
BREEDTE_CM = 16.0  # text width of an A4 page with normal margins
CM = 1 / 2.54


def set_theme() -> None:
    """The house style: call once at the top of every chapter notebook."""
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        font="DejaVu Sans",
        rc={
            "figure.dpi": 110,
            "savefig.dpi": 200,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "xtick.labelsize": 9,
            "ytick.labelsize": 10,
            "legend.fontsize": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "inburgering",  # deterministic SVG ids
        },
    )


@dataclass
class Figuur:
    """A finished figure with the data it shows and its alt text."""

    fig: plt.Figure
    data: pd.DataFrame
    alt: str
    bron: str

    def write_data(self, path: Path) -> Path:
        """Write the data behind the figure as CSV (suppressed values stay blank)."""
        atomic_write_text(
            path, self.data.to_csv(index=False, lineterminator="\n", float_format="%.2f")
        )
        return path


def _height(n_bars: int) -> float:
    return max(4.5, 1.2 + 0.62 * n_bars) * CM


def _new_figure(height: float) -> tuple[plt.Figure, plt.Axes]:
    """A figure at text width whose layout keeps legend and source line inside the image."""
    fig, ax = plt.subplots(figsize=(BREEDTE_CM * CM, height), layout="constrained")
    return fig, ax


def _finish(fig: plt.Figure, ax: plt.Axes, bron: str, legend_cols: int) -> None:
    """Legend above the bars, 'Bron:' line at the foot, both within the saved image."""
    if legend_cols:
        fig.legend(
            *ax.get_legend_handles_labels(),
            loc="outside upper left",
            ncol=legend_cols,
            frameon=False,
        )
    fig.text(0.005, 0.005, f"Bron: {bron}", ha="left", va="bottom", fontsize=8, color="#444444")
    fig.get_layout_engine().set(rect=(0, 0.07, 1, 0.93))
    plt.close(fig)


def leeg_reden(noemer: object) -> str:
    """Why a bar has no value: too few respondents, or -- on enough respondents -- hidden so
    that a small group cannot be worked out (secondary suppression)."""
    if noemer is not None and pd.notna(noemer) and not too_small(float(noemer)):
        return NIET_GETOOND
    return "te weinig respondenten"


def _alt(kind: str, titel: str, rows: pd.DataFrame) -> str:
    """Alt text from the data shown: every bar's label and value, in reading order."""
    parts = []
    for label, group in rows.groupby("label", sort=False):
        values = []
        for r in group.itertuples():
            noemer = getattr(r, "noemer", None)
            value = (
                leeg_reden(noemer)
                if pd.isna(r.percentage)
                else percentage_tekst(r.percentage, None if pd.isna(noemer) else noemer)
            )
            name = REEKS_LABELS.get(r.reeks, r.reeks)
            single = rows["reeks"].nunique() == 1
            values.append(value if name == label or single else f"{name} {value}")
        # a group with no value shown at all (too few respondents) is said once, not per bar
        redenen = {leeg_reden(getattr(r, "noemer", None)) for r in group.itertuples()}
        if group["percentage"].isna().all() and len(group) > 1 and len(redenen) == 1:
            values = [redenen.pop()]
        parts.append(f"{label}: {', '.join(values)}")
    head = f"{kind}: {titel}." if titel else f"{kind}."
    return f"{head} " + "; ".join(parts) + "."


def bar_shares(
    rows: pd.DataFrame,
    titel: str = "",
    bron: str = "enquête inburgeraars",
    kind: str = "Staafdiagram",
    legenda: bool = True,
) -> Figuur:
    """Horizontal grouped bars of percentages.

    ``rows``: one row per bar with ``label`` (the bar group, top to bottom), ``reeks`` (colour
    key: totaal, asielstatushouder, gezinsmigrant, utrecht), ``percentage`` and optionally
    ``ci_laag``, ``ci_hoog`` and ``noemer``. Bars with fewer than the disclosure minimum of
    respondents are not drawn but labelled.
    """
    rows = rows.copy()
    for col in ("ci_laag", "ci_hoog"):
        if col not in rows.columns:
            rows[col] = np.nan
    rows["indicatief"] = False
    if "noemer" in rows.columns:
        small = rows["noemer"].map(lambda n: pd.notna(n) and too_small(n))
        rows.loc[small, ["percentage", "ci_laag", "ci_hoog"]] = np.nan
        rows["indicatief"] = rows["noemer"].map(lambda n: pd.notna(n) and indicatief(n))
    labels = list(dict.fromkeys(rows["label"]))
    reeksen = list(dict.fromkeys(rows["reeks"]))
    # One bar per label (a group comparison): full-width bars, coloured by series. Several
    # bars per label: side by side within the label's slot.
    slots = int(rows.groupby("label", sort=False).size().max())
    height = 0.8 / slots if slots > 1 else 0.6
    extra = iter(EXTRA_KLEUREN)
    kleur = {r: KLEUREN[r] if r in KLEUREN else next(extra) for r in reeksen}
    fig, ax = _new_figure(_height(len(rows) if slots > 1 else len(labels) + 1))
    for j, reeks in enumerate(reeksen):
        sub = rows[rows["reeks"] == reeks].set_index("label")
        present = np.array([lab in sub.index for lab in labels])
        sub = sub.reindex(labels)
        offset = (j - (len(reeksen) - 1) / 2) * height if slots > 1 else 0.0
        y = np.arange(len(labels)) + offset
        values = sub["percentage"].to_numpy(dtype=float)
        bars = ax.barh(
            y,
            np.nan_to_num(values),
            height=height * 0.92,
            color=kleur[reeks],
            label=REEKS_LABELS.get(reeks, reeks),
        )
        vaag = sub["indicatief"].fillna(False).to_numpy(dtype=bool)
        for bar_, is_vaag in zip(bars, vaag, strict=True):
            if is_vaag:  # fewer than INDICATIEF respondents: hatched, as the methods say
                bar_.set_hatch("///")
                bar_.set_edgecolor("white")
        low, high = sub["ci_laag"].to_numpy(float), sub["ci_hoog"].to_numpy(float)
        has_ci = ~np.isnan(low) & ~np.isnan(values)
        if has_ci.any():
            ax.errorbar(
                values[has_ci],
                y[has_ci],
                xerr=np.clip(
                    [values[has_ci] - low[has_ci], high[has_ci] - values[has_ci]], 0, None
                ),
                fmt="none",
                ecolor="#222222",
                elinewidth=0.9,
                capsize=2.5,
            )
        noemers = sub["noemer"] if "noemer" in sub.columns else [None] * len(labels)
        for yi, v, hi, there, is_vaag, n in zip(
            y, values, high, present, vaag, noemers, strict=True
        ):
            if not there:  # e.g. no Utrecht comparison figure for this item
                continue
            if np.isnan(v):
                ax.text(1, yi, leeg_reden(n), va="center", fontsize=8, color="#444")
            else:
                x = (hi if not np.isnan(hi) else v) + 1.2
                ax.text(x, yi, ("ca. " if is_vaag else "") + pct(v), va="center", fontsize=9)
    ax.set_yticks(np.arange(len(labels)), labels=labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 108)
    percent_axis(ax, "x")
    if titel:
        ax.set_title(titel, loc="left")
    ax.grid(axis="y", visible=False)
    _finish(fig, ax, bron, len(reeksen) if legenda and len(reeksen) > 1 else 0)
    data = rows[
        ["label", "reeks", "percentage", "ci_laag", "ci_hoog"]
        + (["noemer", "indicatief"] if "noemer" in rows.columns else [])
        + [c for c in ("percentage_beantwoord", "noemer_beantwoord") if c in rows.columns]
    ]
    return Figuur(fig, data.reset_index(drop=True), _alt(kind, titel, rows), bron)


def rows_from_table(
    table: pd.DataFrame,
    indicators: Sequence[str],
    groepen: Sequence[str],
    labels: dict[str, str],
    reeks_van: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Select bars from the tidy indicator table: one per (indicator, group).

    ``labels`` maps each indicator (or, for one indicator by group, each group) to its bar
    label; ``reeks_van`` maps groups to colour keys (default: the group itself).
    """
    sel = table[table["indicator"].isin(indicators) & table["groep"].isin(groepen)].copy()
    by_group = len(indicators) == 1
    sel["label"] = sel["groep"].map(labels) if by_group else sel["indicator"].map(labels)
    sel["reeks"] = sel["groep"].map(reeks_van or {g: g for g in groepen})
    order = {k: i for i, k in enumerate(groepen if by_group else indicators)}
    sel["_o"] = sel["groep" if by_group else "indicator"].map(order)
    sel["_g"] = sel["groep"].map({g: i for i, g in enumerate(groepen)})
    cols = ["label", "reeks", "percentage", "ci_laag", "ci_hoog", "noemer"]
    return sel.sort_values(["_o", "_g"])[cols].reset_index(drop=True)


def with_reference(
    rows: pd.DataFrame,
    reference: pd.DataFrame,
    labels: dict[str, str],
    populatie: str | None = None,
) -> pd.DataFrame:
    """Add the Utrecht comparison bars (``data/referentie/utrecht.csv``) to ``rows``."""
    ref = reference[reference["indicator"].isin(labels)]
    if populatie is not None:
        ref = ref[ref["populatie"] == populatie]
    extra = pd.DataFrame(
        {
            "label": ref["indicator"].map(labels),
            "reeks": "utrecht",
            "percentage": ref["waarde"].astype(float),
        }
    )
    out = pd.concat([rows, extra], ignore_index=True)
    order = {lab: i for i, lab in enumerate(dict.fromkeys(rows["label"]))}
    return out.sort_values("label", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def stacked_scale(
    df: pd.DataFrame, item: str, groepen: dict[str, pd.Series], titel: str, bron: str
) -> Figuur:
    """100% stacked bars of every answer code of one item, per group.

    ``groepen`` maps a bar label to a boolean mask of respondents. Only respondents routed to
    the item count; blank answers are shown as 'geen antwoord'.
    """
    var = load_codebook()[item]
    codes = sorted(var.codes)
    names = [var.codes[c]["nl"] for c in codes] + ["geen antwoord"]
    records = []
    for label, mask in groepen.items():
        values = df.loc[mask, item]
        if var.routing:
            values = values[df.loc[mask].eval(var.routing).fillna(False).astype(bool)]
        n = len(values)
        for code, name in zip([*codes, None], names, strict=True):
            count = int(values.isna().sum()) if code is None else int((values == code).sum())
            share = np.nan if too_small(n) else (100 * count / n if n else np.nan)
            records.append(
                {
                    "label": label,
                    "antwoord": name,
                    "percentage": share,
                    "noemer": n,
                    "indicatief": indicatief(n),
                }
            )
    data = pd.DataFrame(records)
    wide = data.pivot(index="label", columns="antwoord", values="percentage").reindex(
        index=list(groepen), columns=names
    )
    wide = wide.loc[:, (wide.fillna(0) > 0).any(axis=0)]
    colours = dict(zip(names, [*SCHAAL_KLEUREN[: len(codes)], "#FFFFFF"], strict=False))
    if len(codes) == 6 and var.schaal != "frequentie":  # last code is 'weet niet' (9)
        colours[names[-2]] = SCHAAL_KLEUREN[-1]
    fig, ax = _new_figure(_height(len(groepen)) + 1.5 * CM)
    left = np.zeros(len(wide))
    noemers = data.groupby("label", sort=False)["noemer"].first().reindex(wide.index)
    for name in wide.columns:
        vals = wide[name].fillna(0).to_numpy()
        ax.barh(
            np.arange(len(wide)),
            vals,
            left=left,
            color=colours.get(name, "#BBBBBB"),
            edgecolor="white",
            label=name,
        )
        for i, (lft, v, n) in enumerate(zip(left, vals, noemers, strict=True)):
            # the same words as everywhere: 'ca. 12%' on fewer than INDICATIEF respondents
            # (which needs a wider segment to fit)
            if v >= (10 if indicatief(n) else 6):
                ax.text(
                    lft + v / 2,
                    i,
                    percentage_tekst(v, n),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white"
                    if colours.get(name) in SCHAAL_KLEUREN[:1] + SCHAAL_KLEUREN[4:5]
                    else "black",
                )
        left += vals
    ax.set_yticks(np.arange(len(wide)), labels=list(wide.index))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    percent_axis(ax, "x")
    if titel:
        ax.set_title(titel, loc="left")
    ax.grid(False)
    _finish(fig, ax, bron, min(3, len(wide.columns)))
    alt_rows = data.assign(reeks=data["antwoord"])
    alt = _alt("Gestapeld staafdiagram", titel, alt_rows)
    return Figuur(fig, data, alt, bron)


def trend_punten(rows: pd.DataFrame, veranderd: Sequence[str], bron: str) -> Figuur:
    """Every indicator in two waves at a glance: one line per indicator, a dot per wave with
    its 95% interval, the line drawn strong where the test shows a change.

    ``rows`` has the shape of :func:`bar_shares` (``label``, ``reeks`` -- the year as text,
    the earlier first --, ``percentage``, ``ci_laag``, ``ci_hoog``, ``noemer``); ``veranderd``
    lists the labels whose change the test supports (marked in the label as well, so the
    figure reads without colour)."""
    rows = rows.copy()
    small = rows["noemer"].map(lambda n: pd.notna(n) and too_small(n))
    rows.loc[small, ["percentage", "ci_laag", "ci_hoog"]] = np.nan
    labels = list(dict.fromkeys(rows["label"]))
    jaren = list(dict.fromkeys(rows["reeks"]))
    kleur = dict(zip(jaren, ["#999999", KLEUREN["totaal"]], strict=False))
    fig, ax = _new_figure(max(6.0, 1.6 + 0.5 * len(labels)) * CM)
    y_van = {lab: i for i, lab in enumerate(labels)}
    for lab, groep in rows.groupby("label", sort=False):
        waarden = groep.set_index("reeks")["percentage"].reindex(jaren).to_numpy(float)
        if not np.isnan(waarden).any():
            sterk = lab in veranderd
            ax.plot(waarden, [y_van[lab]] * 2, color="#222222" if sterk else "#BBBBBB",
                    linewidth=2.2 if sterk else 1.0, zorder=1)
    for jaar in jaren:
        sub = rows[rows["reeks"] == jaar]
        y = sub["label"].map(y_van).to_numpy(float)
        v = sub["percentage"].to_numpy(float)
        lo, hi = sub["ci_laag"].to_numpy(float), sub["ci_hoog"].to_numpy(float)
        ok = ~np.isnan(v)
        ax.errorbar(v[ok], y[ok], xerr=np.clip([v[ok] - lo[ok], hi[ok] - v[ok]], 0, None),
                    fmt="o", color=kleur[jaar], ecolor=kleur[jaar], elinewidth=0.8,
                    markersize=5, capsize=0, label=jaar, zorder=2)
    namen = [f"{lab} (veranderd)" if lab in veranderd else lab for lab in labels]
    ax.set_yticks(np.arange(len(labels)), labels=namen)
    for tick, lab in zip(ax.get_yticklabels(), labels, strict=True):
        if lab in veranderd:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    percent_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    _finish(fig, ax, bron, len(jaren))
    data = rows[["label", "reeks", "percentage", "ci_laag", "ci_hoog", "noemer"]].assign(
        indicatief=[pd.notna(n) and indicatief(n) for n in rows["noemer"]]
    )
    alt = _alt("Puntdiagram", "", rows.assign(reeks=rows["reeks"].astype(str)))
    if veranderd:
        alt += f" Aantoonbaar veranderd: {', '.join(veranderd)}."
    else:
        alt += " Bij geen van deze uitkomsten is een verandering aantoonbaar."
    return Figuur(fig, data.reset_index(drop=True), alt, bron)


def _interval(laag: object, hoog: object) -> str:
    if pd.isna(laag) or pd.isna(hoog):
        return "–"
    return f"{getal(float(laag), 1)}–{pct(float(hoog), 1)}"


def cijfers_tabel(data: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind a figure, one row per bar (or bar segment), for reading.

    Why: a reader who cannot see the chart, or wants the exact figures, gets the same data as
    the figure's CSV: the percentage, its 95% interval (where the figure shows one) and the
    number of respondents. Blank values (a suppressed cell, a published reference figure
    without interval) read as a dash."""
    out = pd.DataFrame({"groep": data["label"].astype(str)})
    if "reeks" in data.columns and data["reeks"].nunique() > 1:
        reeks = [REEKS_LABELS.get(r, r) for r in data["reeks"].astype(str)]
        if reeks != list(out["groep"]):  # a column that only repeats the group says nothing
            out["reeks"] = reeks
    if "antwoord" in data.columns:
        out["antwoord"] = data["antwoord"].astype(str)
    noemers = data["noemer"] if "noemer" in data.columns else [None] * len(data)
    out["percentage"] = [
        "–"
        if pd.isna(x)
        else percentage_tekst(float(x), None if pd.isna(n) else float(n), 1, onderdrukt="–")
        for x, n in zip(data["percentage"], noemers, strict=True)
    ]
    if "ci_laag" in data.columns:
        out["95%-interval"] = [
            _interval(lo, hi) for lo, hi in zip(data["ci_laag"], data["ci_hoog"], strict=True)
        ]
    if "noemer" in data.columns:
        out["respondenten"] = ["–" if pd.isna(n) else getal(float(n)) for n in data["noemer"]]
    if "percentage_beantwoord" in data.columns:  # non-answer differs by group (issue 18)
        out["onder wie antwoordde"] = [
            "–"
            if pd.isna(x) or pd.isna(n)
            else percentage_tekst(float(x), float(n), 1, onderdrukt="–")
            for x, n in zip(data["percentage_beantwoord"], data["noemer_beantwoord"], strict=True)
        ]
    return out


def cijfers_bij_figuur(data: pd.DataFrame, label: str) -> str:
    """Markdown for the HTML only: a collapsed table "Cijfers bij Figuur x.y" under a figure.

    A native ``<details>`` element (keyboard- and screen-reader-accessible without script);
    ``@fig-<label>`` lets Quarto write the figure's own number in the summary (its link there
    is unwrapped after rendering, see ``analysis.publication.render.toegankelijk_html``). The
    PDF has the numbers in the downloadable CSV files instead."""
    from analysis.chapter.tables import to_markdown

    tabel = cijfers_tabel(data)
    rechts = ("percentage", "respondenten", "onder wie antwoordde")
    align = "".join("r" if c in rechts else "l" for c in tabel.columns)
    return (
        '::: {.content-visible when-format="html"}\n'
        '<details class="cijfers-bij-figuur">\n'
        f"<summary>Cijfers bij @fig-{label}</summary>\n\n"
        f"{to_markdown(tabel, align)}\n\n"
        "</details>\n"
        ":::"
    )
