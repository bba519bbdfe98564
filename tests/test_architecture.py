"""The house rules of ``analysis/`` (README: Architecture), read from the code's own imports.

Every import, also one inside a function or under ``TYPE_CHECKING``, counts: a lazy import
that runs up a layer is still a dependency that runs up.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from analysis.compat import OUDE_NAMEN
from analysis.data.paths import ROOT

PAKKET = ROOT / "analysis"
LAGEN = ("data", "statistics", "text", "chapter", "publication", "checks")  # from the ground up
MAX_REGELS, MAX_KLASSE = 500, 300


def _modules() -> dict[str, Path]:
    return {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for p in sorted(PAKKET.rglob("*.py"))
    }


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, str, int]]:
    """(module imported, name, line) for every ``from analysis... import name`` in a file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                out.append((sub if sub in MODULES else node.module, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, "", node.lineno) for a in node.names if a.name.startswith("analysis")]
    return out


def _laag(module: str) -> int | None:
    delen = module.split(".")
    return LAGEN.index(delen[1]) if len(delen) > 1 and delen[1] in LAGEN else None


def _graaf() -> dict[str, set[str]]:
    graaf: dict[str, set[str]] = defaultdict(set)
    for naam, pad in MODULES.items():
        for doel, _, _ in _imports(pad):
            if doel != naam:
                graaf[naam].add(doel)
    return graaf


def test_every_module_lives_in_a_layer_package():
    los = [m for m in MODULES if _laag(m) is None and m not in ("analysis", "analysis.compat")]
    assert los == [], f"modules outside the layer packages: {los}"


def test_imports_point_down_the_layers():
    omhoog = [
        f"{pad.relative_to(ROOT)}:{regel} imports {doel} ({naam})"
        for mod, pad in MODULES.items()
        if _laag(mod) is not None
        for doel, naam, regel in _imports(pad)
        if _laag(doel) is not None and _laag(doel) > _laag(mod)
    ]
    assert omhoog == [], "\n".join(omhoog)


def test_no_module_imports_a_module_that_imports_it_back():
    graaf, cirkels = _graaf(), []
    kleur: dict[str, int] = {}

    def bezoek(m: str, pad: list[str]) -> None:
        kleur[m] = 1
        for n in sorted(graaf.get(m, ())):
            if kleur.get(n) == 1:
                cirkels.append(" -> ".join([*pad[pad.index(n) :], n]))
            elif n not in kleur:
                bezoek(n, [*pad, n])
        kleur[m] = 2

    for m in sorted(MODULES):
        if m not in kleur:
            bezoek(m, [m])
    # the package faces hand on names of their own modules; a face is not a cycle
    face = re.compile(r"analysis\.\w+ -> analysis\.\w+\.\w+ -> analysis\.\w+$")
    cirkels = [c for c in cirkels if not face.search(c)]
    assert cirkels == [], "\n".join(cirkels)


def test_no_private_name_is_imported_across_packages():
    gevonden = [
        f"{pad.relative_to(ROOT)}:{regel} {doel}.{naam}"
        for mod, pad in MODULES.items()
        for doel, naam, regel in _imports(pad)
        if naam.startswith("_") and doel.split(".")[:2] != mod.split(".")[:2]
    ]
    assert gevonden == [], "\n".join(gevonden)


def test_no_private_name_is_read_from_a_module_of_another_package():
    """``module._name`` is the same reach inside as importing ``_name``."""
    gevonden = []
    for mod, pad in MODULES.items():
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        vreemd = {
            (a.asname or a.name)
            for n in ast.walk(boom)
            if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("analysis.")
            for a in n.names
            if f"{n.module}.{a.name}" in MODULES and n.module.split(".")[:2] != mod.split(".")[:2]
        }
        gevonden += [
            f"{pad.relative_to(ROOT)}:{n.lineno} {n.value.id}.{n.attr}"
            for n in ast.walk(boom)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id in vreemd and n.attr.startswith("_") and not n.attr.startswith("__")
        ]
    assert gevonden == [], "\n".join(gevonden)


def test_no_file_over_500_lines_and_no_class_over_300():
    te_groot = []
    for pad in MODULES.values():
        tekst = pad.read_text(encoding="utf-8")
        if (n := len(tekst.splitlines())) > MAX_REGELS:
            te_groot.append(f"{pad.relative_to(ROOT)}: {n} regels")
        for node in ast.walk(ast.parse(tekst)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_KLASSE:
                te_groot.append(f"{pad.relative_to(ROOT)}: class {node.name}")
    assert te_groot == [], "\n".join(te_groot)


def test_every_package_says_what_it_holds():
    for laag in LAGEN:
        doc = ast.get_docstring(ast.parse((PAKKET / laag / "__init__.py").read_text()))
        assert doc and len(doc) > 40, f"analysis/{laag}/__init__.py has no docstring"
    zonder = [m for m, p in MODULES.items() if not ast.get_docstring(ast.parse(p.read_text()))]
    assert zonder == []


def test_no_two_modules_differ_only_by_a_prefix():
    namen = defaultdict(list)
    for m in MODULES:
        namen[m.rsplit(".", 1)[-1]].append(m)
    dubbel = {k: v for k, v in namen.items() if len(v) > 1 and k != "__init__"}
    assert dubbel == {}, f"one name, two modules: {dubbel}"
    kort = sorted(namen)
    paren = [(a, b) for a in kort for b in kort if a != b and b.endswith("_" + a)]
    assert paren == [], f"names that differ only by a prefix: {paren}"


def test_no_code_uses_the_old_flat_names():
    """The old names are for the notebooks and the README's commands; code and tests import
    from the packages, so that each name has one home to read."""
    oud = re.compile(r"from analysis\.(" + "|".join(OUDE_NAMEN) + r") import|from analysis import")
    gevonden = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in [*PAKKET.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
        if p.name not in ("compat.py", "__init__.py", "test_architecture.py")
        for i, regel in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if oud.search(regel) and "OUDE_NAMEN" not in regel
        and not regel.lstrip().startswith(("#", '"', "'"))
        and not re.search(r"from analysis import (" + "|".join(LAGEN) + r")\b", regel)
    ]
    assert gevonden == [], "\n".join(gevonden)


def _notebook_imports() -> list[tuple[str, str, str]]:
    uit = []
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cel in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            bron = "".join(cel["source"])
            if cel["cell_type"] != "code" or bron.startswith("%%"):
                continue  # a %%tekst cell is a template, not Python
            code = "\n".join(r for r in bron.splitlines() if not r.startswith(("%", "!")))
            for node in ast.walk(ast.parse(code)):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
                    uit += [(nb.name, node.module, a.name) for a in node.names]
    assert uit, "the notebooks import nothing from analysis: the scan is broken"
    return uit


@pytest.mark.parametrize(("notebook", "module", "naam"), _notebook_imports())
def test_every_name_a_notebook_imports_still_resolves(notebook, module, naam):
    assert hasattr(importlib.import_module(module), naam), f"{notebook}: {module}.{naam}"


def test_every_command_of_the_readme_and_makefile_runs_a_main():
    tekst = (ROOT / "README.md").read_text() + (ROOT / "Makefile").read_text()
    commandos = sorted(set(re.findall(r"-m (analysis(?:\.\w+)+)", tekst)))
    assert "analysis.pipeline" in commandos and "analysis.intake" in commandos
    for naam in commandos:
        spec = importlib.util.find_spec(naam)
        assert spec is not None, naam
        code = spec.loader.get_code(naam)
        assert "main" in code.co_names and "__main__" in code.co_consts, naam
