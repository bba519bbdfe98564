"""The report: every chapter executes for 2023 and 2024, and the executed book is complete,
consistent, private and reproducible. The book is built once per session (the build is the
test, as in python4DS); rendering needs Quarto and is skipped where it is absent."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from analysis.data.paths import ROOT
from analysis.publication import book as bookmod
from analysis.publication import execution
from analysis.statistics.targets import load_targets
from tests.notebooktext import notebook_text

YEARS = (2023, 2024)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Pandoc citation keys may hold internal punctuation (``@arq-psychosociale-statushouders``);
# an "@" inside a word (an e-mail address) is not a citation.
CITATION = re.compile(r"(?<![\w.])\[?@([A-Za-z0-9_]+(?:[-:.][A-Za-z0-9_]+)*)")
CROSSREF = re.compile(r"@((?:fig|tbl|sec)-[a-z0-9-]+)")
LABEL = re.compile(r"\{#((?:fig|tbl|sec)-[a-z0-9-]+)")


def executed(book: Path) -> list[Path]:
    return [book / c.entry for c in bookmod.chapters()]


# ------------------------------------------------------------------ sources
def test_chapter_sources_are_stored_without_outputs():
    for src in bookmod.CHAPTERS_DIR.glob("*.ipynb"):
        nb = nbformat.read(src, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, src.name


def test_every_chapter_has_a_parameters_cell_with_the_year_data_build_and_weighting():
    for src in bookmod.CHAPTERS_DIR.glob("*.ipynb"):
        nb = nbformat.read(src, as_version=4)
        cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, src.name
        for name in ("jaar", "data_dir", "build_dir", "gewogen"):
            assert re.search(rf"^{name} = ", cells[0].source, re.M), (src.name, name)


def test_quarto_book_lists_exactly_the_chapter_notebooks():
    listed = {Path(c.entry).name for c in bookmod.chapters()}
    present = {p.name for p in bookmod.CHAPTERS_DIR.glob("*.ipynb")}
    assert listed == present


def test_book_configuration_is_dutch_typst_with_citeproc_and_no_execution():
    cfg = bookmod.book_config()
    assert cfg["lang"] == "nl"
    assert cfg["execute"]["enabled"] is False and cfg["execute"]["echo"] is False
    assert "typst" in cfg["format"] and cfg["format"]["typst"]["citeproc"] is True
    assert cfg["bibliography"] == "references.bib"


def test_year_configuration_names_the_year_and_flags_synthetic_data():
    cfg = bookmod.year_config(2024, {"synthetisch": True})
    assert "2024" in cfg["book"]["subtitle"] and "synthetische" in cfg["book"]["subtitle"]
    assert cfg["book"]["output-file"] == "monitor-inburgeraars-2024"
    assert "synthetische" in bookmod.synthetic_banner({"synthetisch": True})
    assert bookmod.synthetic_banner({"synthetisch": False}) == ""


@pytest.mark.parametrize("jaar", YEARS)
def test_built_book_holds_every_file_its_configuration_includes(builds, jaar):
    cfg = yaml.safe_load((builds[jaar] / "_quarto.yml").read_text("utf-8"))
    wanted = [cfg["bibliography"], cfg["csl"]]
    for fmt in cfg["format"].values():
        for key in ("include-before-body", "include-in-header", "include-after-body"):
            value = fmt.get(key, [])
            wanted += [value] if isinstance(value, str) else value
    assert len(wanted) >= 4
    for name in wanted:
        assert (builds[jaar] / name).is_file(), name


def test_typst_running_headers_get_the_configured_dutch_chapter_word(builds):
    cfg = bookmod.book_config()
    assert cfg["format"]["typst"]["include-before-body"][0] == "_hoofdstuk.typ"
    word = cfg["language"]["crossref-ch-prefix"]
    assert word == "Hoofdstuk"
    rule = (builds[2023] / "_hoofdstuk.typ").read_text("utf-8")
    assert f'#show heading.where(level: 1): set heading(supplement: "{word}")' in rule
    other = bookmod.typst_chapter_word({"language": {"crossref-ch-prefix": 'Kapitel "B"'}})
    assert 'supplement: "Kapitel \\"B\\"")' in other  # quoted as a Typst string
    spanish = bookmod.typst_chapter_word({"language": {"crossref-ch-prefix": "Capítulo"}})
    assert '"Capítulo"' in spanish  # Typst has no \uXXXX escapes: keep the letters


# ------------------------------------------------------------------ the executed books
@pytest.mark.parametrize("jaar", YEARS)
def test_every_chapter_executes_and_writes_its_exports(builds, jaar):
    book = builds[jaar]
    for path in executed(book):
        assert path.exists(), path
        nb = nbformat.read(path, as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        streams = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream"]
        assert not errors and not streams, (path.name, streams[:1])
    assert (book / "indicatoren.csv").exists()
    assert (book / "downloads" / f"monitor-inburgeraars-{jaar}-data.zip").exists()
    cfg = yaml.safe_load((book / "_quarto.yml").read_text(encoding="utf-8"))
    assert str(jaar) in cfg["book"]["subtitle"]


@pytest.mark.parametrize("jaar", YEARS)
def test_every_figure_has_caption_alt_text_image_and_data(builds, jaar):
    book = builds[jaar]
    figures = 0
    for path in executed(book):
        for m in re.finditer(
            r'!\[([^\]]+)\]\(([^)]+)\)\{#(fig-[a-z0-9-]+) fig-alt="([^"]+)"\}', notebook_text(path)
        ):
            caption, image, label, alt = m.groups()
            figures += 1
            assert caption and len(alt) > len(caption), label
            assert re.search(r"\d+%|te weinig", alt), label  # alt text carries the values
            png = (path.parent / image).resolve()
            assert png.exists() and png.stat().st_size > 5000, label
            assert png.with_suffix(".csv").exists(), label
    assert figures >= 20


@pytest.mark.parametrize("jaar", YEARS)
def test_cross_references_resolve_and_citations_exist(builds, jaar):
    book = builds[jaar]
    text = "\n".join(notebook_text(p) for p in executed(book))
    labels = set(LABEL.findall(text))
    refs = set(CROSSREF.findall(text))
    assert refs <= labels, refs - labels
    bib = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text("utf-8")))
    cited = {k for k in CITATION.findall(text) if not k.startswith(("fig-", "tbl-", "sec-"))}
    assert cited <= bib, cited - bib


def test_every_bibliography_entry_is_cited_somewhere_in_the_book(builds):
    text = "\n".join(notebook_text(p) for jaar in YEARS for p in executed(builds[jaar]))
    bib = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text("utf-8")))
    # listed without a citation in the text (_quarto.yml nocite): the Wet inburgering 2021
    nocite = set(re.findall(r"@([\w:-]+)", str(bookmod.book_config().get("nocite", ""))))
    cited = set(CITATION.findall(text)) | nocite
    assert bib <= cited, bib - cited


@pytest.mark.parametrize("jaar", YEARS)
def test_no_respondent_rows_identifiers_or_emails_in_outputs(builds, jaar):
    book = builds[jaar]
    ids = set(pd.read_csv(ROOT / "data" / str(jaar) / "enquete.csv")["respondent_id"])
    files = [*executed(book), *book.rglob("*.csv")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not EMAIL.search(text), path
        assert not any(rid in text for rid in ids), path
        assert "respondent_id" not in text, path


@pytest.mark.parametrize("jaar", YEARS)
def test_figure_and_table_exports_suppress_small_cells(builds, jaar):
    for path in (builds[jaar] / "figuren").glob("*.csv"):
        data = pd.read_csv(path)
        if {"noemer", "percentage"} <= set(data.columns):
            small = data[data["noemer"].notna() & (data["noemer"] < 10)]
            assert small["percentage"].isna().all(), path.name


def test_the_year_that_did_not_ask_an_item_says_so(builds):
    text = notebook_text(builds[2024] / "chapters" / "07_kernindicatoren.ipynb")
    assert "niet gevraagd in 2024" in text
    assert "2023" in text and "tbl-trend" in text  # compared with the previous year


def test_2023_quotes_are_shown_and_2024_shows_none(builds):
    assert "Schriftelijke reactie van inburgeraar" in notebook_text(
        builds[2023] / "chapters" / "03_taal.ipynb"
    )
    text_2024 = "\n".join(notebook_text(p) for p in executed(builds[2024]))
    assert "Schriftelijke reactie" not in text_2024


# ------------------------------------------------------------------ the back-test
def test_2023_export_reproduces_the_published_report(builds):
    """Every published total (rounded) and subgroup figure (within the margin) of 2023."""
    export = pd.read_csv(builds[2023] / "indicatoren.csv")
    targets = load_targets()
    rows = targets[
        (targets.jaar == 2023) & (targets.soort == "indicator") & (targets.noemer == "alle")
    ]
    checked = 0
    for t in rows.itertuples():
        hit = export[(export.indicator == t.indicator) & (export.groep == t.groep)]
        if hit.empty:  # subgroups outside the export (e.g. 'tot 30 jaar') are in test_synth
            continue
        value = hit.percentage.iloc[0]
        if t.toets == "afronding":
            assert int(value + 0.5) == int(t.waarde + 0.5), t
        else:
            assert abs(value - t.waarde) <= t.marge + 1e-9, t
        checked += 1
    assert checked >= 45


# ------------------------------------------------------------------ reproducibility
def test_re_executing_a_chapter_gives_byte_identical_notebooks(builds, tmp_path):
    book = builds[2023]
    stage = book.parent / "2023-opnieuw"  # same depth: same relative paths to the data
    shutil.copytree(book, stage)
    chapter = next(c for c in bookmod.chapters() if c.name == "02_werk")
    bookmod.execute_chapter(chapter, stage, 2023, ROOT / "data", False)
    assert (stage / chapter.entry).read_bytes() == (book / chapter.entry).read_bytes()
    for png in (book / "figuren").glob("fig-werk-*.png"):
        assert (stage / "figuren" / png.name).read_bytes() == png.read_bytes(), png.name


def test_nbval_re_execution_reproduces_the_stored_outputs(builds, tmp_path):
    book = builds[2023]
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    notebooks = [str(p) for p in executed(book)]

    def nbval(deel: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-c",
                str(ini),
                "--rootdir",
                str(book),
                "-p",
                "no:cacheprovider",
                "--nbval",
                *deel,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=book,
        )

    # two halves at once: the machines have two cores and nbval starts a kernel per notebook
    runs = [nbval(notebooks[::2]), nbval(notebooks[1::2])]
    for run in runs:
        out, _ = run.communicate()
        assert run.returncode == 0, out[-3000:]


def test_a_failing_chapter_leaves_the_last_good_build(tmp_path, monkeypatch):
    """A real execution with a chapter that raises: named, and nothing replaced."""
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "jaar = 2023\ndata_dir = ''\nbuild_dir = ''\ngewogen = False",
                metadata={"tags": ["parameters"]},
            ),
            nbformat.v4.new_code_cell("raise KeyError('kapot')"),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, chapters / "kapot.ipynb")
    monkeypatch.setattr(bookmod, "CHAPTERS_DIR", chapters)
    cfg = bookmod.book_config()
    cfg["book"]["chapters"] = ["chapters/kapot.ipynb"]
    cfg["book"]["appendices"] = []
    monkeypatch.setattr(bookmod, "book_config", lambda: json.loads(json.dumps(cfg)))
    monkeypatch.setenv("INBURGERING_BUILD", str(tmp_path / "build"))
    good = tmp_path / "build" / "2023"
    good.mkdir(parents=True)
    (good / "goed.txt").write_text("vorige build", encoding="utf-8")
    with pytest.raises(execution.ChapterError, match=r"kapot.*cel 1.*KeyError"):
        bookmod.execute_book(2023, ROOT / "data")
    assert (good / "goed.txt").exists()
    assert not list((tmp_path / "build").glob(".staging-*"))


# ------------------------------------------------------------------ rendering
def test_render_html_and_pdf_for_2023(builds, rendered):
    book = builds[2023]
    pdf = list(rendered[2023].glob("*.pdf"))
    assert pdf and pdf[0].stat().st_size > 50_000
    from pypdf import PdfReader

    pdf_text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf[0]).pages)
    assert re.search(r"synthetische\s+gegevens", pdf_text)
    assert re.search(r"Hoofdstuk\s+\d+\.\s", pdf_text)  # running headers, in Dutch
    assert not re.search(r"Chapter \d+\.", pdf_text)
    html = (book / "_book" / "index.html").read_text(encoding="utf-8")
    assert "synthetische gegevens" in html
    chapters_html = "\n".join(
        p.read_text(encoding="utf-8") for p in (book / "_book").rglob("*.html")
    )
    assert chapters_html.count("<figure") >= 20
    assert "Centraal Bureau voor de Statistiek" in chapters_html  # bibliography rendered
    from analysis.publication.render import UNRESOLVED

    log = (book / "render.log").read_text(encoding="utf-8")
    assert not [line for line in log.splitlines() if UNRESOLVED.search(line)]


def test_no_percentage_is_typed_into_chapter_narrative():
    """Percentages come from code; only the confidence level ('95%-interval') is fixed text."""
    typed = re.compile(r"\d+(?:,\d+)?\s?%(?!-)")
    for src in bookmod.CHAPTERS_DIR.glob("*.ipynb"):
        for cell in nbformat.read(src, as_version=4).cells:
            text = (
                cell.source
                if cell.cell_type == "markdown"
                else re.sub(r"\{[^{}]*\}", "", cell.source)
            )  # f-string fields are computed
            assert not typed.search(text), (src.name, typed.search(text).group())
