"""Standalone PDFs of the summaries (analysis.publication.one_page): prepared without Quarto, and
honestly skipped where Quarto is missing."""

from __future__ import annotations

import json

import yaml

from analysis.publication import one_page, render
from analysis.publication.pipeline import EXIT_NO_QUARTO


def _book(tmp_path):
    book = tmp_path / "2024"
    (book / "chapters").mkdir(parents=True)
    for stem in ("wat_hebben_we_gehoord", "what_we_heard"):
        (book / "chapters" / f"{stem}.ipynb").write_text(json.dumps({"cells": []}))
    (book / "references.bib").write_text("@misc{x, title={x}}\n")
    return book


def test_each_summary_is_rendered_on_its_own_in_its_language_with_the_bibliography(tmp_path):
    book = _book(tmp_path)
    stappen = one_page.opzet(book, tmp_path / "werk")
    project = yaml.safe_load((tmp_path / "werk" / "_quarto.yml").read_text(encoding="utf-8"))
    assert project["format"]["typst"]["papersize"] == "a4"
    assert project["bibliography"] == "references.bib"
    assert (tmp_path / "werk" / "references.bib").exists()
    talen = {args[1]: args[-1] for args, _, _ in stappen}
    assert talen == {"wat_hebben_we_gehoord.ipynb": "lang:nl", "what_we_heard.ipynb": "lang:en"}
    doelen = [doel.name for _, _, doel in stappen]
    assert doelen == ["wat-hebben-we-gehoord-2024.pdf", "what-we-heard-2024.pdf"]


def test_without_quarto_the_step_says_it_is_skipped_and_writes_nothing(
    tmp_path, monkeypatch, capsys
):
    book = _book(tmp_path)
    monkeypatch.setattr(render, "quarto_candidates", lambda: [])
    assert one_page.main([str(book)]) == EXIT_NO_QUARTO
    assert "OVERGESLAGEN" in capsys.readouterr().err
    assert not (book / "_book").exists()
