"""The reviewer command: identical on an unchanged build, the cell named when data change."""

from __future__ import annotations

import shutil

from analysis import verify
from analysis.paths import ROOT
from tests.conftest import read_raw, write_raw


def test_unchanged_build_verifies_as_identical(builds, monkeypatch):
    monkeypatch.setenv("INBURGERING_BUILD", str(builds[2023].parent))
    assert verify.verify(2023) == []
    assert not (builds[2023].parent / ".verify-2023").exists()  # scratch removed


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
    diffs = verify.verify(2023)
    assert any(d.startswith("02_werk, cel ") for d in diffs), diffs[:5]
    assert any(d.startswith("indicatoren.csv") for d in diffs)
    monkeypatch.setattr(verify, "verify", lambda jaar: diffs)
    assert verify.main(["--jaar", "2023"]) == 1
