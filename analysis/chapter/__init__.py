"""What a chapter notebook calls: :class:`Hoofdstuk` (the year's numbers, figures, tables and
quotes in one object) and the display tables the appendices print.

Public face: ``Hoofdstuk``. Imports text, statistics and data.
"""

from analysis.chapter.notebook import Hoofdstuk

__all__ = ["Hoofdstuk"]
