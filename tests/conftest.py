"""Shared fixtures: copies of a real year folder that a test may break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

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
