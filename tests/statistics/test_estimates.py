"""The year's estimates are computed once, stored in the build and read by every chapter."""

from __future__ import annotations

import json

import pandas as pd

from analysis.chapter.notebook import Hoofdstuk
from analysis.data.paths import ROOT
from analysis.statistics import estimates


def test_stored_estimates_read_back_exactly_and_deterministically(builds, tmp_path):
    """Computed here, they are byte for byte those the pipeline stored in its build (another
    process, computed while the kernels started), and read back they are the same frame."""
    s = estimates.bereken(2024, ROOT / "data")
    a = estimates.schrijf(tmp_path / "a", s)
    b = builds[2024] / "schattingen"
    for name in ("indicatoren.csv", "verandering.csv", "vergelijkingen.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    back = estimates.lees(tmp_path / "a", 2024, False)
    pd.testing.assert_frame_equal(back.indicatoren, s.indicatoren)
    assert back.vergelijkingen == s.vergelijkingen or all(
        x.indicator == y.indicator and x.interval == y.interval
        for x, y in zip(back.vergelijkingen, s.vergelijkingen, strict=True)
    )
    assert estimates.lees(tmp_path / "a", 2023, False) is None  # another year: not used
    assert estimates.lees(tmp_path / "a", 2024, True) is None  # another edition: not used


def test_a_chapter_reads_the_numbers_the_build_stored(tmp_path):
    s = estimates.bereken(2023, ROOT / "data")
    folder = estimates.schrijf(tmp_path, s)
    # tamper with the stored table: the chapter must print what is stored, not recompute
    path = folder / "indicatoren.csv"
    table = pd.read_csv(path)
    mask = (table.indicator == "betaald_werk") & (table.groep == "totaal")
    table.loc[mask, "percentage"] = 12.0
    table.to_csv(path, index=False)
    h = Hoofdstuk(2023, ROOT / "data", tmp_path)
    assert h.p("betaald_werk") == "12%"
    fresh = Hoofdstuk(2023, ROOT / "data", tmp_path / "leeg")
    assert fresh.p("betaald_werk") == "31%"  # nothing stored: computed by the same function


def test_the_build_exports_differences_and_changes(builds):
    for jaar, book in builds.items():
        verschillen = pd.read_csv(book / "tabellen" / "verschillen.csv")
        assert {"groepen", "groepen_aanvullend", "hoofdstukken"} <= set(verschillen.familie)
        verandering = pd.read_csv(book / "tabellen" / "verandering.csv")
        small = verandering[(verandering.n < 10) | (verandering.n_vorig < 10)]
        assert small[["verschil", "ci_laag", "ci_hoog"]].isna().all().all()
        if jaar == 2023:
            assert verandering.empty  # the first year has nothing to compare with
        else:
            assert (verandering.jaar_vorig == 2023).all() and len(verandering) > 20
        stored = json.loads((book / "schattingen" / "vergelijkingen.json").read_text())
        assert stored["jaar"] == jaar


def test_estimates_are_not_in_the_published_zip(builds):
    import zipfile

    for jaar, book in builds.items():
        names = zipfile.ZipFile(
            book / "downloads" / f"monitor-inburgeraars-{jaar}-data.zip"
        ).namelist()
        assert "tabellen/verschillen.csv" in names
        assert not any(n.startswith("schattingen/") for n in names)
