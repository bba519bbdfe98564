"""The editorial rules over the pages of a book together (checks.bookwide)."""

from __future__ import annotations

from analysis.checks import bookwide


def _boek(tmp_path, teksten: dict[str, str]):
    """A build folder with executed notebooks holding the given Markdown outputs."""
    import nbformat

    (tmp_path / "chapters").mkdir(parents=True)
    for stem, tekst in teksten.items():
        nb = nbformat.v4.new_notebook()
        cel = nbformat.v4.new_code_cell("")
        cel.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": tekst})]
        nb.cells = [cel]
        pad = tmp_path / (f"{stem}.ipynb" if stem == "index" else f"chapters/{stem}.ipynb")
        nbformat.write(nb, pad)
    return tmp_path


def test_a_key_finding_the_chapter_body_does_not_back_is_found(tmp_path, monkeypatch):
    """Chapter 6 opened with help with money matters, 46% against 28%, that no body text or
    figure gave."""
    monkeypatch.setattr(bookwide, "lopende_tekst", lambda b: sorted(b.rglob("0*.ipynb")))
    kort = (
        "## In het kort\n\n- Onder asielstatushouders is het aandeel dat hulp krijgt, hoger dan "
        "onder gezinsmigranten (46% tegenover 28%).\n\nIn dit hoofdstuk:\n\n"
    )
    zonder = _boek(tmp_path / "a", {"06_zelfredzaamheid": kort + "Ruim een derde krijgt hulp."})
    assert bookwide.kernpunten_zonder_onderbouwing(zonder)
    met = _boek(
        tmp_path / "b",
        {
            "06_zelfredzaamheid": kort
            + "Onder asielstatushouders is dat aandeel hoger (46% tegenover 28%)."
        },
    )
    assert not bookwide.kernpunten_zonder_onderbouwing(met)


def test_a_samenvatting_that_opens_with_context_is_found(tmp_path):
    kern = "## Wat betekent dit?\n\nDe duiding."
    oud = _boek(
        tmp_path / "a",
        {
            "index": "## Waar gaat dit onderzoek over?\n\nContext.\n\n## Uitkomsten\n\nX.",
            "07_kernindicatoren": kern,
        },
    )
    assert bookwide.samenvatting_opent_met_boodschappen(oud)
    nieuw = _boek(
        tmp_path / "b",
        {
            "index": "## In het kort\n\n- X.\n\n" + kern + "\n\n## Waar gaat dit onderzoek over?",
            "07_kernindicatoren": kern,
        },
    )
    assert not bookwide.samenvatting_opent_met_boodschappen(nieuw)


def test_a_supported_change_missing_from_a_page_is_found(tmp_path, builds):
    """The B1 and English pages said they only name clear changes, then named none; section
    3.4 gave only the change of all inburgeraars. The change comes from the build's estimates."""
    import pandas as pd

    from analysis.statistics.indicators import load_registry
    from analysis.text.key_points import veranderingen

    tabel = pd.read_csv(builds[2024] / "schattingen" / "verandering.csv")
    k = veranderingen(tabel, load_registry().ids, load_registry())[0]
    zin = f"Het aandeel is gedaald van {k.a} naar {k.b}."
    stems = ("index", "03_taal", "07_kernindicatoren", "wat_hebben_we_gehoord", "what_we_heard")
    boek = _boek(tmp_path / "a", {s: zin for s in stems})
    (boek / "schattingen").mkdir()
    tabel.to_csv(boek / "schattingen" / "verandering.csv", index=False)
    assert not [b for b in bookwide.veranderingen_ontbreken(boek) if b.hoofdstuk in stems]
    leeg = _boek(
        tmp_path / "b", {s: (zin if s != "what_we_heard" else "Nothing changed.") for s in stems}
    )
    (leeg / "schattingen").mkdir()
    tabel.to_csv(leeg / "schattingen" / "verandering.csv", index=False)
    assert [b.hoofdstuk for b in bookwide.veranderingen_ontbreken(leeg)] == ["what_we_heard"]


def test_a_table_that_words_a_verdict_or_a_difference_otherwise_than_the_methods_is_found():
    """Issue 24 item 8: Tabel D said 'statistisch significant', Tabel 7.2 'significant',
    and the weighting table headed a difference in points 'verschil'."""
    oud = (
        "| indicator | verschil (95%-interval) | oordeel |\n|:--|--:|:--|\n"
        "| betaald werk | −46 (−54 tot −35) | statistisch significant |\n"
        "| taalles | +1 (−6 tot +9) | niet statistisch significant |\n\n"
        "| indicator | ongewogen | gewogen | verschil |\n|:--|--:|--:|--:|\n| a | 1% | 2% | +1 |"
    )
    assert len(bookwide.tabelwoorden(oud)) == 4
    nieuw = (
        "| indicator | verschil in procentpunten (95%-interval) | oordeel |\n|:--|--:|:--|\n"
        "| betaald werk | −46 (−54 tot −35) | significant |\n"
        "| taalles | +1 (−6 tot +9) | niet significant |"
    )
    assert bookwide.tabelwoorden(nieuw) == []
    citaat = (  # the 2023 report's own verdict, quoted in the reconciliation table
        "| vergelijking | gepubliceerd | oordeel hier |\n|:--|:--|:--|\n"
        "| a | geen verschil (§3.2 (niet statistisch significant)) | niet significant |"
    )
    assert bookwide.tabelwoorden(citaat) == []
