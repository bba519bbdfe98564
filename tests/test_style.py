"""The code stays ruff-clean (the project's lint settings live in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from analysis.data.paths import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "analysis", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
