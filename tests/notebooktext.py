"""The text of an executed notebook, as the tests read it."""

from __future__ import annotations

from pathlib import Path

import nbformat


def notebook_text(nb_path: Path, markdown_only: bool = False) -> str:
    """Markdown cells and outputs, in order, separated by blank lines.

    ``markdown_only`` keeps just the Markdown outputs: what Quarto typesets when code is
    hidden. Otherwise every output is included (all representations and streams), so a test
    looking for something that must not be printed sees everything."""
    nb = nbformat.read(nb_path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if markdown_only:
                if "text/markdown" in data:
                    parts.append(data["text/markdown"])
                continue
            parts.extend(str(v) for v in data.values())
            if "text" in out:
                parts.append(out["text"])
    return "\n\n".join(parts)
