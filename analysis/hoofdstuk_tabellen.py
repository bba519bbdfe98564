"""A chapter's tables: shown as cross-referenced Quarto tables and written as CSV.

Part of :class:`analysis.chapter.Hoofdstuk`; :mod:`analysis.tables` formats them.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display

from analysis.output import atomic_write_text, export_csv
from analysis.tables import to_markdown


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
