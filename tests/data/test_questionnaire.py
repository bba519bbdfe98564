"""The questionnaire appendix is generated from the codebook and never shows column names."""

from __future__ import annotations

import re

from analysis.data.codebook import load_codebook
from analysis.data.questionnaire import questionnaire_markdown


def test_routing_and_dropped_items_are_described_in_words_not_column_names():
    columns = [v.naam for v in load_codebook().variabelen]
    for jaar in (2023, 2024):
        text = questionnaire_markdown(jaar)
        for naam in columns:
            if "_" in naam:  # column names such as v1_betaald_werk
                assert not re.search(rf"\b{re.escape(naam)}\b", text), (jaar, naam)
        assert "is aangevinkt" in text


def test_an_item_dropped_this_year_is_named_by_its_question_once():
    cb = load_codebook()
    dropped = [v for v in cb.variabelen if v.asked_in(2023) and not v.asked_in(2024)]
    assert dropped  # V3 was not asked in 2024
    text = questionnaire_markdown(2024)
    assert "Niet meer gesteld in 2024" in text and dropped[0].vraag in text
    assert "Niet meer gesteld" not in questionnaire_markdown(2023)


def test_after_a_gap_year_items_dropped_in_the_gap_are_named_and_new_items_listed():
    """2026 compared with 2024 (no measurement in 2025): V3, last asked in 2023, is no news;
    an item asked in 2024 and not in 2026 would be. Built on the shipped codebook, in which
    every item of 2024 is still asked, so the 2024 -> 2026 comparison lists nothing dropped,
    and 2023 -> 2026 lists V3."""
    cb = load_codebook()
    v3 = cb["v3"]
    text = questionnaire_markdown(2026, vorig=2023)
    assert "Niet meer gesteld in 2026 (sinds de meting van 2023)" in text and v3.vraag in text
    assert "Niet meer gesteld" not in questionnaire_markdown(2026, vorig=2024)


def test_an_item_nobody_answered_is_said_so():
    text = questionnaire_markdown(2024, niet_beantwoord=["v7"])
    assert "door niemand beantwoord in 2024" in text and load_codebook()["v7"].vraag in text
