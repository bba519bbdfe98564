"""Unchanged rebuilds do nothing; a changed chapter is the only one executed again."""

from __future__ import annotations

import shutil

import nbformat

from analysis.data.paths import ROOT
from analysis.publication import book, cache, pipeline


def test_fingerprint_changes_with_data_code_parameters_and_chapter(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2023", data / "2023")
    sources = {c.name: c.source for c in book.chapters()}
    base = cache.fingerprint(2023, data, False, sources)
    assert base == cache.fingerprint(2023, data, False, sources)
    assert cache.fingerprint(2023, data, True, sources)["common"] != base["common"]
    (data / "2023" / "meta.yml").write_text(
        (data / "2023" / "meta.yml").read_text(encoding="utf-8") + "# edit\n", encoding="utf-8"
    )
    assert cache.fingerprint(2023, data, False, sources)["common"] != base["common"]
    changed = tmp_path / "02_werk.ipynb"
    changed.write_bytes(sources["02_werk"].read_bytes() + b"\n")
    other = cache.fingerprint(2023, ROOT / "data", False, {**sources, "02_werk": changed})
    assert cache.reusable_chapters(
        cache.fingerprint(2023, ROOT / "data", False, sources), other
    ) == set(sources) - {"02_werk"}


def test_a_change_to_any_module_of_the_library_changes_the_fingerprint(tmp_path, monkeypatch):
    """The library is packages by layer: a module two folders deep counts as much as one at
    the top (a glob of analysis/*.py alone would reuse a build made with other code)."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "analysis", root / "analysis")
    shutil.copytree(ROOT / "data" / "2023", root / "data" / "2023")
    monkeypatch.setattr(cache, "ROOT", root)
    base = cache.common_key(2023, root / "data", False)
    for module in ("text/dutch.py", "publication/book.py", "statistics/sampling.py"):
        path = root / "analysis" / module
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edit\n")
        assert cache.common_key(2023, root / "data", False) != base, module
        path.write_bytes(original)
    assert cache.common_key(2023, root / "data", False) == base


def test_unchanged_build_is_recognised_without_executing(builds, monkeypatch):
    monkeypatch.setenv("INBURGERING_BUILD", str(builds[2023].parent))
    assert pipeline.is_current(2023, False)
    assert not pipeline.is_current(2023, True)


def test_only_the_edited_chapter_is_executed_again(builds, tmp_path, monkeypatch):
    root = tmp_path / "build"
    shutil.copytree(builds[2023], root / "2023")
    chapters = tmp_path / "chapters"
    shutil.copytree(book.CHAPTERS_DIR, chapters)
    nb = nbformat.read(chapters / "02_werk.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Een nieuwe alinea van de onderzoeker."))
    nbformat.write(nb, chapters / "02_werk.ipynb")
    monkeypatch.setattr(book, "CHAPTERS_DIR", chapters)
    monkeypatch.setenv("INBURGERING_BUILD", str(root))
    messages = []
    out = book.execute_book(2023, ROOT / "data", progress=messages.append)
    reused = [m for m in messages if "ongewijzigd" in m]
    executed = [m for m in messages if "uitgevoerd" in m]
    assert len(reused) == len(book.chapters()) - 1
    assert len(executed) == 1 and "02_werk" in executed[0]
    assert "Een nieuwe alinea" in (out / "chapters" / "02_werk.ipynb").read_text("utf-8")
    for rel in book.chapter_files(out / "chapters" / "04_gezondheid.ipynb"):
        assert (out / rel).exists(), rel  # files of reused chapters came along
