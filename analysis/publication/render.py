"""Rendering the executed book with Quarto -- or saying clearly that it cannot be done here.

Quarto is a separate program (conda-forge ``quarto``, or ``pip install quarto-cli`` where the
internet is reachable: that package downloads Quarto while it installs). The notebooks are
already executed; Quarto only typesets them (``execute: enabled: false`` in ``_quarto.yml``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

MIN_VERSION = (1, 9)

INSTALL_HINT = (
    "Installeer Quarto (>= 1.9) en draai opnieuw, bijvoorbeeld:\n"
    "  conda env create -f environment.yml && conda activate inburgeringsmonitor\n"
    "of, met internettoegang:  pip install quarto-cli"
)


class QuartoMissing(RuntimeError):
    """No usable ``quarto`` command: rendering is skipped, never faked."""


class RenderError(RuntimeError):
    """Quarto ran but failed, or warned about unresolved citations or cross-references."""


def quarto_version(executable: str) -> tuple[int, ...]:
    out = subprocess.run(
        [executable, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return tuple(int(x) for x in re.findall(r"\d+", out)[:3])


def quarto_candidates() -> list[str]:
    """Where ``quarto`` may be: the virtual environment's ``bin/`` (``pip install quarto-cli``,
    which ``make setup`` tries) and the PATH. The venv's is found even when the venv is not
    activated, as when the pipeline runs as ``.venv/bin/python -m analysis.pipeline``."""
    found = []
    for folder in (Path(sys.prefix) / "bin", Path(sys.executable).parent):
        exe = folder / ("quarto.exe" if os.name == "nt" else "quarto")
        if exe.is_file() and os.access(exe, os.X_OK):
            found.append(str(exe))
    on_path = shutil.which("quarto")
    if on_path:
        found.append(on_path)
    return list(dict.fromkeys(found))


def find_quarto() -> str:
    """The quarto executable (>= 1.9), from the venv or the PATH; raises :class:`QuartoMissing`."""
    candidates = quarto_candidates()
    if not candidates:
        raise QuartoMissing(
            "Quarto ontbreekt: de stap 'renderen naar HTML en PDF' is OVERGESLAGEN.\n"
            "De uitgevoerde notebooks en de exports zijn wel geschreven.\n"
            + INSTALL_HINT
            + "\n(Quarto is missing: rendering was skipped; nothing was rendered.)"
        )
    versions = []
    for exe in candidates:
        try:
            version = quarto_version(exe)
        except (OSError, subprocess.CalledProcessError):
            continue  # e.g. a quarto-cli wrapper whose download failed
        if version[:2] >= MIN_VERSION:
            return exe
        versions.append(".".join(map(str, version)))
    raise QuartoMissing(
        f"Quarto {', '.join(versions) or '(onbruikbaar)'} is te oud of werkt niet: een "
        "Typst-boek vraagt >= 1.9. Renderen is OVERGESLAGEN.\n" + INSTALL_HINT
    )


UNRESOLVED = re.compile(
    r"(citation .* not found|Unable to resolve crossref|"
    r"unresolved (cross-?)?reference)",
    re.IGNORECASE,
)


FORMATS = ("html", "typst")
# What a render copy leaves out of the build: Quarto's outputs, the stored estimates (the
# notebooks already hold what they print) and scratch folders.
NIET_KOPIEREN = ("_book", "schattingen", ".render", "render.log")


def git(*args: str) -> str | None:
    """The output of a git command in the project (stripped), or None where git or the
    repository is missing: what an edition says about its code is then 'onbekend'."""
    from analysis.data.paths import ROOT

    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def publicatiedatum(book: Path) -> int:
    """The moment the rendered book says it was made (PDF creation date), as Unix time:
    ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), else the time of
    the commit the code is at, else 1 January after the survey year. Never the clock: the
    same build and code render to the same bytes."""
    import datetime as dt

    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    out = git("log", "-1", "--format=%ct")
    if out and out.isdigit():
        return int(out)
    jaar_in_naam = re.search(r"\d{4}", book.name)  # build/2024, build/.verify-2024
    jaar = int(jaar_in_naam.group()) if jaar_in_naam else 2000
    return int(dt.datetime(jaar + 1, 1, 1, tzinfo=dt.UTC).timestamp())


def typst_datum(epoch: int) -> str:
    """A Typst rule that sets the PDF's creation date (Typst otherwise takes the clock)."""
    import datetime as dt

    d = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return (
        "\n// Set by analysis/publication/render.py: the creation date from the build, not the "
        "clock.\n"
        f"#set document(date: datetime(year: {d.year}, month: {d.month}, day: {d.day}, "
        f"hour: {d.hour}, minute: {d.minute}, second: {d.second}))\n"
    )


def _render_copy(book: Path, target: Path) -> None:
    shutil.copytree(
        book,
        target,
        ignore=lambda d, names: [n for n in names if n in NIET_KOPIEREN and Path(d) == book],
    )


def render_book(book: Path, progress=None) -> list[Path]:
    """Render HTML and PDF (Typst) into ``<book>/_book``; return the main outputs.

    The two formats render at the same time, each in its own copy of the build (Quarto keeps
    state in the project folder, so two renders must not share one), with the same date:
    on two cores that takes the time of the slower one. The result replaces ``_book`` only
    when both succeeded, so a failed render leaves the previous pages in place."""
    return render_books([book], progress)[book]


GELIJKTIJDIG = 2  # Quarto processes at once: the machine's two cores


def render_books(books: list[Path], progress=None) -> dict[Path, list[Path]]:
    """Render several builds (e.g. the stress variants): every format of every book is one
    job, and two jobs run at a time, the longer (HTML) first, so no core waits while a book's
    other format finishes. Each book is assembled as in :func:`render_book`; the first
    failure is raised after all jobs have ended."""
    import concurrent.futures as cf

    exe = find_quarto()
    klaar: dict[Path, list[Path]] = {}
    werk = {book: book / ".render" for book in books}
    try:
        jobs = []
        for book in books:
            epoch = publicatiedatum(book)
            shutil.rmtree(werk[book], ignore_errors=True)
            werk[book].mkdir()
            for fmt in FORMATS:
                kopie = werk[book] / fmt
                _render_copy(book, kopie)
                if fmt == "typst":
                    with open(kopie / "_hoofdstuk.typ", "a", encoding="utf-8") as fh:
                        fh.write(typst_datum(epoch))
                jobs.append((book, fmt, epoch))
        jobs.sort(key=lambda j: FORMATS.index(j[1]))  # every HTML job before any PDF job

        def run(job: tuple[Path, str, int]) -> int:
            book, fmt, epoch = job
            env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
            with open(werk[book] / f"{fmt}.log", "w", encoding="utf-8") as log:
                code = subprocess.run(
                    [exe, "render", str(werk[book] / fmt), "--to", fmt],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    check=False,
                ).returncode
            if progress:
                progress(f"{'HTML' if fmt == 'html' else 'PDF'} gerenderd ({book.name})")
            return code

        with cf.ThreadPoolExecutor(GELIJKTIJDIG) as pool:
            codes = dict(zip(jobs, pool.map(run, jobs), strict=True))
        for book in books:
            klaar[book] = _assemble(
                book, werk[book], {fmt: codes[(b, fmt, e)] for b, fmt, e in codes if b == book}
            )
    finally:
        for folder in werk.values():
            shutil.rmtree(folder, ignore_errors=True)
    return klaar


def _assemble(book: Path, werk: Path, codes: dict[str, int]) -> list[Path]:
    """One book's two renders made into ``<book>/_book`` (or the reason they cannot be)."""
    logs = "".join((werk / f"{fmt}.log").read_text(encoding="utf-8") for fmt in FORMATS)
    (book / "render.log").write_text(logs, encoding="utf-8")
    failed = {fmt: code for fmt, code in codes.items() if code != 0}
    if failed:
        raise RenderError(
            "quarto render eindigde met "
            + ", ".join(f"code {c} ({f})" for f, c in failed.items())
            + f"; zie {book / 'render.log'}"
        )
    problems = [line for line in logs.splitlines() if UNRESOLVED.search(line)]
    if problems:
        raise RenderError("onopgeloste verwijzingen:\n  " + "\n  ".join(problems))
    nieuw = werk / "html" / "_book"
    for pdf in sorted((werk / "typst" / "_book").glob("*.pdf")):
        shutil.move(str(pdf), nieuw / pdf.name)
    toegankelijk_html(nieuw)
    html_zip(nieuw, book / html_zip_naam(nieuw))
    out = book / "_book"
    if out.exists():
        out.rename(werk / "_oud")
    nieuw.rename(out)
    return sorted([*out.glob("*.pdf"), out / "index.html"])


def html_zip_naam(site: Path) -> str:
    """``monitor-inburgeraars-<jaar>-html.zip``, after the PDF's name."""
    pdf = next(site.glob("*.pdf"), None)
    return f"{pdf.stem if pdf else 'boek'}-html.zip"


def html_zip(site: Path, target: Path) -> Path:
    """The HTML edition as one zip (every file of the site but the PDF), with fixed
    timestamps and order: the same pages give the same bytes, so its SHA-256 identifies
    the published HTML as the PDF's identifies the PDF. The copy in the zip is made to be
    read from a local folder: its search works without a web server (:func:`zoek_offline`)."""
    import tempfile

    from analysis.data.files import vaste_zip

    with tempfile.TemporaryDirectory(prefix="html-zip-") as tmp:
        kopie = Path(tmp) / "boek"
        shutil.copytree(site, kopie, ignore=shutil.ignore_patterns("*.pdf"))
        zoek_offline(kopie)
        files = sorted(p for p in kopie.rglob("*") if p.is_file())
        return vaste_zip(target, kopie, files)


ZOEK_JS = "site_libs/quarto-search/quarto-search.js"
ZOEK_INDEX_JS = "site_libs/quarto-search/zoekindex.js"
# Quarto 1.9's search reads search.json with fetch(), which a browser refuses for a page
# opened from a folder (file://), and says so in an alert. In the offline copy the index
# comes from a script instead; these are the two places in quarto-search.js that change.
ZOEK_VERVANG = (
    (
        'if (window.location.protocol === "file:" && !shownWarning) {',
        'if (window.location.protocol === "file:" && !window.MONITOR_ZOEKINDEX && !shownWarning) {',
    ),
    (
        'const response = await fetch(offsetURL("search.json"));',
        "const response = window.MONITOR_ZOEKINDEX ? { status: 200, json: () => "
        'Promise.resolve(window.MONITOR_ZOEKINDEX) } : await fetch(offsetURL("search.json"));',
    ),
)


def zoek_offline(boek: Path) -> None:
    """Make the search of a rendered book work from a local folder: the index as a script
    (``zoekindex.js``, loaded before Quarto's search on every page) and Quarto's search
    reading it. A Quarto whose search script no longer has the expected lines stops the
    render with that message, so a changed Quarto cannot silently break offline search."""
    script = boek / ZOEK_JS
    index = boek / "search.json"
    if not script.exists() or not index.exists():
        return  # a book without search
    code = script.read_text(encoding="utf-8")
    for oud, nieuw in ZOEK_VERVANG:
        if oud not in code:
            raise RenderError(
                f"{ZOEK_JS} van deze Quarto-versie bevat '{oud}' niet meer; pas "
                "analysis/publication/render.py (ZOEK_VERVANG) aan, anders werkt zoeken in de "
                "offline zip niet."
            )
        code = code.replace(oud, nieuw)
    script.write_text(code, encoding="utf-8")
    (boek / ZOEK_INDEX_JS).write_text(
        "// The search index of this book as a script, for reading it from a local folder.\n"
        f"window.MONITOR_ZOEKINDEX = {index.read_text(encoding='utf-8').strip()};\n",
        encoding="utf-8",
    )
    for pagina in sorted(boek.rglob("*.html")):
        html = pagina.read_text(encoding="utf-8")
        nieuw = re.sub(
            r'<script src="((?:\.\./)*)site_libs/quarto-search/quarto-search\.js"></script>',
            lambda m: f'<script src="{m.group(1)}{ZOEK_INDEX_JS}"></script>\n{m.group(0)}',
            html,
            count=1,
        )
        if nieuw != html:
            pagina.write_text(nieuw, encoding="utf-8")


def publicatie_sha256(book: Path) -> dict[str, str]:
    """SHA-256 of the rendered publication of a build: the PDF and the HTML zip."""
    import hashlib

    site = book / "_book"
    files = [*sorted(site.glob("*.pdf")), book / html_zip_naam(site)]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


# ---------------------------------------------------------------- after rendering: HTML
# What the theme (_tema.scss) cannot do, because Quarto 1.9 writes the markup: done here,
# on every HTML page of the rendered book, right after `quarto render` (render_book). Each
# change answers an axe-core rule of WCAG 2.1 AA or best practice; running it twice changes
# nothing.

NAV_NAMES = {
    "quarto-sidebar": "Hoofdstukken",
    "TOC": "Op deze pagina",
    "quarto-header": "Boek",
}
NAV_CLASS_NAMES = {
    "page-navigation": "Vorige en volgende pagina",
    "quarto-page-breadcrumbs": "Kruimelpad",
}
LEGE_KOP = "Omschrijving"
HOOFDSTUK_WOORD = "Hoofdstuk"  # _quarto.yml crossref-ch-prefix (a test checks they agree)
# a cross-reference to a chapter: to its section anchor, or (from an unnumbered page such as
# the samenvatting) to the chapter's page itself
HOOFDSTUK_LINK = re.compile(r"(?:#sec-[\w-]+|\.html)$")


def toegankelijk(html: str, page: str) -> str:
    """One rendered page made accessible where Quarto's markup is not; ``page`` is its path
    relative to the book root (to make the synthetic-data link relative to it).

    - every ``nav`` gets its own name (axe ``landmark-unique``: the sidebar and the page's
      table of contents were two unnamed navigation landmarks);
    - the previous/next links lose their ``aria-label`` (the chapter title alone), so that
      their name is their visible text with the chapter number (``label-content-name-mismatch``);
    - an empty header cell gets a name for screen readers (``empty-table-header``);
    - a cross-reference link inside a ``<summary>`` ("Cijfers bij Figuur 3.1") becomes plain
      text: a link inside the disclosure button is nested interactive content;
    - a chapter reference that reads "7  Titel" (Quarto's text from an unnumbered page)
      reads "7" after a sentence's own "hoofdstuk", else "Hoofdstuk 7", as in the PDF;
    - a cross-reference keeps its word with its number ("Hoofdstuk 7": Quarto writes a
      plain space for chapters, a non-breaking one for figures);
    - the synthetic-data banner's link, written from the book root, is made relative to the page;
    - a page whose title is in another language (What we heard) gets that language on
      ``<html>``, and the book's own parts around it keep the book's (:func:`pagina_taal`).
    """
    from bs4 import BeautifulSoup

    from analysis.publication.book import GEGEVENS_PAGINA

    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for i, nav in enumerate(soup.find_all("nav"), start=1):
        if nav.get("aria-label") or nav.get("aria-labelledby"):
            continue
        name = NAV_NAMES.get(nav.get("id", ""))
        if name is None:
            name = next(
                (v for k, v in NAV_CLASS_NAMES.items() if k in (nav.get("class") or [])),
                f"Navigatie {i}",
            )
        nav["aria-label"] = name
        changed = True
    for link in soup.select("a.pagination-link[aria-label]"):
        del link["aria-label"]
        changed = True
    for th in soup.find_all("th"):
        if not th.get_text(strip=True) and not th.get("aria-label"):
            hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
            hidden.string = LEGE_KOP
            th.append(hidden)
            changed = True
    for summary in soup.find_all("summary"):
        for link in summary.find_all("a"):
            link.unwrap()
            changed = True
    for link in soup.select("a.quarto-xref"):
        # "Hoofdstuk 7", "Figuur 3.1": the word and its number on one line
        for deel in link.find_all(string=re.compile(r"[A-Za-z] $|^[A-Za-z]+ \S")):
            nieuw = re.sub(r"(?<=[A-Za-z]) (?=\S|$)", "\u00a0", str(deel))
            if nieuw != str(deel):
                deel.replace_with(nieuw)
                changed = True
    for link in soup.find_all("a", class_="quarto-xref", href=HOOFDSTUK_LINK):
        # Quarto (issue 14132) writes a chapter reference made from an unnumbered page (the
        # samenvatting) as "7  Kernindicatoren en blik vooruit"; the PDF and every other
        # page say "Hoofdstuk 7".
        tekst = " ".join(link.get_text().replace("\u00a0", " ").split())
        nummer = re.match(r"^(\d+) \S", tekst)
        if nummer and not tekst.startswith(HOOFDSTUK_WOORD):
            link.clear()
            ervoor = link.previous_sibling
            if isinstance(ervoor, str) and ervoor.rstrip().lower().endswith(
                HOOFDSTUK_WOORD.lower()
            ):  # the sentence names the word itself: "zie hoofdstuk -@sec-x"
                link.append(nummer.group(1))
                if ervoor.endswith(" "):
                    ervoor.replace_with(ervoor[:-1] + "\u00a0")
            else:
                link.append(f"{HOOFDSTUK_WOORD}\u00a0{nummer.group(1)}")
            changed = True
    changed = pagina_taal(soup) or changed
    depth = page.count("/")
    if depth:
        relative = "../" * depth + GEGEVENS_PAGINA
        for link in soup.select(f'a[href="{GEGEVENS_PAGINA}"]'):
            link["href"] = relative
            changed = True
    return str(soup) if changed else html


def pagina_taal(soup) -> bool:
    """A page whose title (``<h1 lang="en">`` in ``<main>``), or a ``<div lang>`` holding most
    of its text, is in another language than the book gets that language on ``<html>``
    (WCAG 3.1.1, language of page: the English summary is read out in English); everything
    around the main content -- header, sidebar, banner, footer, all in the book's language --
    gets the book's ``lang`` (WCAG 3.1.2, language of parts). Quarto sets one ``lang`` for
    the whole book. True if changed."""
    html = soup.find("html")
    main = soup.find("main")
    if html is None or main is None:
        return False
    titel = main.find("h1", attrs={"lang": True})
    if titel is None:  # Quarto may rebuild the title: then the div that holds most of the text
        tekst = len(main.get_text(strip=True)) or 1
        delen = [d for d in main.find_all("div", attrs={"lang": True}) if d["lang"]]
        titel = max(delen, key=lambda d: len(d.get_text(strip=True)), default=None)
        if titel is not None and len(titel.get_text(strip=True)) < tekst / 2:
            titel = None
    if titel is None or titel["lang"] == html.get("lang"):
        return False
    boek = html.get("lang")
    html["lang"] = titel["lang"]
    if html.get("xml:lang"):
        html["xml:lang"] = titel["lang"]
    if boek:
        deel = main
        while deel.parent is not None and deel.parent.name not in ("html", "[document]"):
            for zus in deel.parent.find_all(recursive=False):
                if zus is not deel and zus.name not in ("script", "style") and not zus.get("lang"):
                    zus["lang"] = boek
            deel = deel.parent
    return True


def toegankelijk_html(site: Path) -> list[Path]:
    """Apply :func:`toegankelijk` to every HTML page under ``site`` (written atomically)."""
    from analysis.data.files import atomic_write_text

    pages = sorted(site.rglob("*.html"))
    for path in pages:
        page = path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        fixed = toegankelijk(html, page)
        if fixed != html:
            atomic_write_text(path, fixed)
    return pages
