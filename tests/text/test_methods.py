"""The methods texts say what the statistics do (issue 25 items 7 and 9)."""

from __future__ import annotations

import pandas as pd

from analysis.text.methods import fpc_beleid_tekst, overlap_tekst, samenstelling_tekst


def test_the_cohorts_are_not_called_different_groups_of_inburgeraars():
    """Trajectories last longer than a year: 'Elk jaar gaat over een andere groep
    inburgeraars' was false."""
    tekst = fpc_beleid_tekst({"niveaus": True, "groepsverschillen": False, "verandering": False})
    assert "een andere groep inburgeraars" not in tekst
    assert "voor een deel anders" in tekst


def test_the_change_test_says_it_treats_the_waves_as_independent_unless_a_panel_key_is_used():
    zonder = pd.DataFrame({"toets": ["chi-kwadraattoets", "exacte toets van Fisher"]})
    tekst = overlap_tekst(zonder)
    assert "onafhankelijke steekproeven" in tekst and "voorzichtig" in tekst
    assert "panel_id" in tekst  # how to do better: deliver the panel key
    met = pd.DataFrame({"toets": ["z-toets voor deels overlappende steekproeven (panel)"]})
    assert "rekent met die overlap" in overlap_tekst(met)
    assert "onafhankelijke" not in overlap_tekst(met)


def test_the_composition_paragraph_opens_with_how_the_waves_are_treated():
    verandering = pd.DataFrame(
        {
            "indicator": ["betaald_werk"],
            "groep": ["totaal"],
            "jaar_vorig": [2023],
            "verschil_gecorrigeerd": [1.0],
            "gecorrigeerd_opmerking": [""],
            "toets": ["chi-kwadraattoets"],
        }
    )
    tekst = samenstelling_tekst(verandering, 555)
    assert tekst.startswith("De toets op een verandering behandelt de twee metingen")
