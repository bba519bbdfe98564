"""The questionnaire appendix is generated from the codebook and never shows column names."""

from __future__ import annotations

import re

from analysis.codebook import load_codebook
from analysis.questionnaire import questionnaire_markdown


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
