"""A chapter's tables: shown as cross-referenced Quarto tables and written as CSV.

Part of :class:`analysis.chapter.Hoofdstuk`; :mod:`analysis.chapter.appendix` formats them.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display

from analysis.data.files import atomic_write_text, export_csv


def _escape(cell: object) -> str:
    text = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell)
    return text.replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


PIPE_COLUMNS = 72  # Pandoc's --columns: wider pipe tables get relative column widths
BREEDTE_DASHES = 100  # dashes of a wide table's separator line (their ratio is what counts)


def column_weights(cols: list[str], rows: list[list[str]]) -> list[int]:
    """Relative widths of a wide table's columns, from what they hold.

    Why: Pandoc (and so Quarto, in HTML and Typst) sizes the columns of a pipe table wider
    than 72 characters by the number of dashes under each header, and spreads the table over
    the full text width. Equal dashes gave Tabel 7.1 four equal columns, so a number column
    took a quarter of the page and every text cell wrapped into many lines. Here a column
    gets dashes in proportion to its longest cell (capped, so one long sentence does not
    starve the others), and never fewer than its longest word needs.
    """
    weights = []
    for j, name in enumerate(cols):
        cells = [name, *(r[j] for r in rows)]
        longest_word = max((len(w) for c in cells for w in c.split()), default=1)
        weights.append(max(longest_word, min(60, max(len(c) for c in cells)), 1))
    total = sum(weights)
    return [max(3, round(BREEDTE_DASHES * w / total)) for w in weights]


def to_markdown(df: pd.DataFrame, align: str | None = None) -> str:
    """A Markdown pipe table; ``align`` is one letter per column (l, r, c).

    A table wider than Pandoc's 72 columns gets dashes in proportion to its content
    (:func:`column_weights`), so that it uses the page width with sensible columns."""
    cols = [str(c) for c in df.columns]
    align = align or "l" * len(cols)
    rows = [[_escape(v) for v in row] for row in df.itertuples(index=False)]
    lines = ["| " + " | ".join(_escape(c) for c in cols) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if max(len(line) for line in lines) > PIPE_COLUMNS:
        dashes = column_weights([_escape(c) for c in cols], rows)
    else:
        dashes = [3] * len(cols)
    marks = [
        {"l": ":" + "-" * d, "r": "-" * d + ":", "c": ":" + "-" * d + ":"}[a]
        for a, d in zip(align, dashes, strict=True)
    ]
    lines.insert(1, "|" + "|".join(marks) + "|")
    return "\n".join(lines)


class Tabellen:
    """See the module: one part of :class:`analysis.chapter.Hoofdstuk`."""

    def tabel_md(
        self,
        data: pd.DataFrame,
        label: str,
        caption: str,
        align: str | None = None,
        export: pd.DataFrame | None = None,
    ) -> None:
        """Show a table as a cross-referenced Quarto table (``@tbl-<label>``) and write its
        data (``export``, default the shown table) as CSV in the build, to four decimals
        like every published export."""
        csv = export_csv(export if export is not None else data)
        atomic_write_text(self._out("tabellen", f"tbl-{label}.csv"), csv)
        display(Markdown(f"{to_markdown(data, align)}\n\n: {caption} {{#tbl-{label}}}"))
