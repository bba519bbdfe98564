"""The reviewer command: identical on an unchanged build, the cell named when data change."""

from __future__ import annotations

import shutil

from analysis.data.paths import ROOT
from analysis.publication import verify
from tests.conftest import read_raw, write_raw


def test_unchanged_build_verifies_as_identical(builds, monkeypatch):
    monkeypatch.setenv("INBURGERING_BUILD", str(builds[2023].parent))
    assert verify.verify(2023, render=False) == []
    assert not (builds[2023].parent / ".verify-2023").exists()  # scratch removed


def test_rendering_the_same_build_again_gives_the_same_pdf_and_html_bytes(
    builds, rendered, monkeypatch
):
    """Two renders of one build (the second in another folder, as make verify does) give a
    byte-identical PDF and HTML zip: no clock, no random id, no path in them."""
    from analysis.publication.render import publicatie_sha256

    monkeypatch.setenv("INBURGERING_BUILD", str(builds[2024].parent))
    printed: list[str] = []
    assert verify.verify(2024, render=True, report=printed.append) == []
    sums = publicatie_sha256(builds[2024])
    assert set(sums) == {"monitor-inburgeraars-2024.pdf", "monitor-inburgeraars-2024-html.zip"}
    assert all(digest in "\n".join(printed) for digest in sums.values())


def test_a_changed_data_value_is_reported_with_chapter_and_cell(builds, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2023", data / "2023")
    path = data / "2023" / "enquete.csv"
    df = read_raw(path)
    row = df.index[(df["v1_betaald_werk"] == "0") & (df["groep"] == "gezinsmigrant")][0]
    df.loc[row, "v1_betaald_werk"] = "1"  # one more person with paid work (v2 left blank)
    write_raw(df, path)
    monkeypatch.setenv("INBURGERING_DATA", str(data))
    monkeypatch.setenv("INBURGERING_BUILD", str(builds[2023].parent))
    diffs = verify.verify(2023, render=False)
    assert any(d.startswith("02_werk, cel ") for d in diffs), diffs[:5]
    assert any(d.startswith("indicatoren.csv") for d in diffs)
    monkeypatch.setattr(verify, "verify", lambda jaar: diffs)
    assert verify.main(["--jaar", "2023"]) == 1
