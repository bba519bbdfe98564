"""conda (environment.yml) and pip (requirements.txt) install the same thing."""

from __future__ import annotations

import re
import sys

import yaml

from analysis.data.paths import ROOT


def test_environment_yml_installs_the_pinned_requirements_and_quarto():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    assert "conda-forge" in env["channels"]
    pip_section = next(d for d in deps if isinstance(d, dict))["pip"]
    assert pip_section == ["-r requirements.txt", "-e ."]
    assert any(re.fullmatch(r"quarto>=1\.(9|\d\d)", str(d)) for d in deps)
    python = next(d for d in deps if str(d).startswith("python="))
    assert python == f"python={sys.version_info.major}.{sys.version_info.minor}"


def test_requirements_are_pinned_and_include_the_product_packages():
    lines = [
        ln.strip()
        for ln in (ROOT / "requirements.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert all("==" in ln for ln in lines), lines
    names = {ln.split("==")[0].lower() for ln in lines}
    assert {"jupyter", "pandas", "seaborn", "statsmodels", "papermill", "nbval"} <= names
