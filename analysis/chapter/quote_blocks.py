"""A chapter's quotes: the year's curated, anonymised answers (``data/<jaar>/citaten.yml``).

Part of :class:`analysis.chapter.Hoofdstuk` (it reads ``self.jg``); :mod:`analysis.data.quotes`
reads and escapes them, so a quote always prints literally.
"""

from __future__ import annotations

from functools import cached_property

from IPython.display import Markdown, display


class Citaten:
    """See the module: one part of :class:`analysis.chapter.Hoofdstuk`."""

    @cached_property
    def citaten(self) -> list[dict]:
        """Curated respondents' quotes of the year (``data/<jaar>/citaten.yml``), if any."""
        from analysis.data.quotes import load_quotes

        return load_quotes(self.jg.folder)

    def citaat(self, thema: str) -> None:
        """Show the year's quotes on a theme as block quotes with their attribution."""
        from analysis.data.quotes import quote_markdown

        text = quote_markdown(self.citaten, thema)
        if text:
            display(Markdown(text))

    def heeft_citaten(self, thema: str) -> bool:
        """Whether the year's quotes file has a quote on ``thema`` (a quote intro ending in a
        colon is only written when a quote follows)."""
        return any(q.get("thema") == thema for q in self.citaten)

    def citaat_met_inleiding(self, thema: str, inleiding: str) -> None:
        """The year's quotes on a theme, preceded by ``inleiding`` (a sentence ending in a
        colon); nothing at all in a year without such quotes."""
        if self.heeft_citaten(thema):
            self.md(inleiding)
            self.citaat(thema)
