"""Shared fixtures: copies of a real year folder that a test may break on purpose, and the
book of both years built once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis import kernels, pipeline
from analysis.paths import ROOT

DATA = ROOT / "data"


@pytest.fixture
def year_copy(tmp_path: Path) -> Callable[[int], Path]:
    """Copy ``data/<jaar>/`` to a temporary base folder and return that base."""

    def make(jaar: int = 2023) -> Path:
        shutil.copytree(DATA / str(jaar), tmp_path / str(jaar))
        return tmp_path

    return make


def read_raw(path: Path) -> pd.DataFrame:
    """A survey file as delivered: every cell a string, blanks kept blank."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_raw(df: pd.DataFrame, path: Path, **kwargs) -> None:
    df.to_csv(path, index=False, lineterminator="\n", **kwargs)


YEARS = (2023, 2024)


@pytest.fixture(scope="session", autouse=True)
def warm_kernels():
    """Every build of the session (both years, the stress variants, the reviewer's
    re-execution) runs its chapters in one pool of warm kernels, started at the first build:
    a kernel start and the scientific imports cost more than most chapters."""
    with kernels.gedeeld():
        yield


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[int, Path]:
    """Both years built with the real pipeline into a temporary build root."""
    root = tmp_path_factory.mktemp("build")
    mp = pytest.MonkeyPatch()
    mp.setenv("INBURGERING_BUILD", str(root))
    try:
        return {jaar: pipeline.build(jaar) for jaar in YEARS}
    finally:
        mp.undo()
