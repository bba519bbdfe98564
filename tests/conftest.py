"""Shared fixtures: copies of a real year folder that a test may break on purpose, and the
book of both years built once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.paths import ROOT
from analysis.publication import kernels, pipeline

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


@pytest.fixture(scope="session")
def rendered(builds) -> dict[int, Path]:
    """Both years rendered by Quarto, once per session (the pipeline's render step: HTML and
    PDF at the same time). Tests that use it are skipped where Quarto is missing -- and fail
    on CI, see :func:`pytest_runtest_makereport`."""
    from analysis.publication import render

    try:
        render.find_quarto()
    except render.QuartoMissing as exc:
        pytest.skip(f"Quarto >= 1.9 ontbreekt ({str(exc).splitlines()[0]})")
    render.render_books([builds[jaar] for jaar in YEARS])
    return {jaar: builds[jaar] / "_book" for jaar in YEARS}


# A render test that skips on CI is a failure: CI installs Quarto and Chromium (.ci/run), so
# a skip there means a check of what readers get did not run.
RENDER_SKIP = ("quarto", "chromium")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") != "true" or not report.skipped:
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
    if any(word in reason.lower() for word in RENDER_SKIP):
        report.outcome = "failed"
        report.longrepr = f"CI=true: een rendertest werd overgeslagen ({reason})"
