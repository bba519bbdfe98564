"""Reading rendered output back: the text and numbers of HTML pages and PDF pages, PDF fonts,
overflow and tags, and axe-core in headless Chromium.

Why here and not in the build: only checks and tests read pages back; rendering never does.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# ---------------------------------------------------------------- checking a rendered book
# Used by tests/publication/test_render.py on what Quarto rendered; testable without Quarto on
# any PDF or HTML page (the tests also run them on small stand-ins with a known defect).

CM = 72 / 2.54
# Quarto 1.9's Typst book template (orange-book) sets its page margins to 3 cm left and
# right, 3 cm top and 2.5 cm bottom; the running head lives in the top margin and the page
# number of a chapter's first page in the bottom one.
MARGINS = {"right": 3 * CM, "bottom": 2.5 * CM}


def pdf_glyphs(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every non-empty text run on a pypdf page, in page coordinates."""
    runs = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def pdf_overflow(pdf: Path, margins: dict | None = None) -> dict[int, list[str]]:
    """Text placed outside the page's text area, per page (1-based): {page: [texts]}.

    A table that cannot break runs on below the foot of the page: its glyphs end up in the
    bottom margin under the page number, or off the page. A glyph counts as outside when it
    starts left of the page, in the right margin, above the page, or in the bottom margin --
    except the page number, which belongs there."""
    from pypdf import PdfReader

    m = {**MARGINS, **(margins or {})}
    reader = PdfReader(pdf)
    labels = list(reader.page_labels) if reader.page_labels else []
    found: dict[int, list[str]] = {}
    for i, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        numbers = {str(i + 1), labels[i] if i < len(labels) else str(i + 1)}
        bad = [
            text
            for x, y, text in pdf_glyphs(page)
            if x < 0
            or x > width - m["right"]
            or y > height
            or (y < m["bottom"] and text not in numbers)
        ]
        if bad:
            found[i + 1] = bad
    return found


def compact(text: str) -> str:
    """Text without white space, hyphens and soft hyphens, lower case: for finding a table
    cell in a PDF's text whatever its line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).lower()


def pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def pdf_archive_and_tags(pdf: Path) -> dict:
    """What the PDF declares: PDF/A part and conformance (XMP), whether it is tagged, its
    language, and the /Alt texts of its figure structure elements."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    xmp = root.get("/Metadata")
    xml = xmp.get_object().get_data().decode("utf-8", "replace") if xmp else ""
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xml)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")\s*([ABUabu])", xml)
    alts: list[str] = []

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 200:
            return
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, depth + 1)
        elif isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"], depth + 1)

    tree = root.get("/StructTreeRoot")
    if tree is not None:
        walk(tree.get_object())
    mark = root.get("/MarkInfo")
    return {
        "pdfa": (
            part.group(1) if part else None,
            (conformance.group(1) if conformance else "").upper(),
        ),
        "tagged": tree is not None and bool(mark and mark.get_object().get("/Marked")),
        "lang": str(root.get("/Lang", "")),
        "alts": alts,
    }


# \s+: the PDF's text of a justified caption line can hold a stretched space after the
# non-breaking one ("Figuur\u00a0 5.4:"), which is one space on the page.
NUMBER = re.compile(r"\b(Figuur|Tabel)\s+(\d+|[A-Z])\.(\d+)")


def numbers_in_text(text: str) -> set[str]:
    """Every "Figuur x.y" / "Tabel x.y" in a text (captions and cross-references)."""
    return {f"{k} {a}.{b}" for k, a, b in NUMBER.findall(text.replace("\u00a0", " "))}


def html_numbers(site: Path) -> dict:
    """Chapter numbers by title (from the sidebar) and every figure/table number of the
    rendered HTML book."""
    from bs4 import BeautifulSoup

    index = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    chapters = {}
    for item in index.select("#quarto-sidebar .sidebar-item-text"):
        num = item.select_one(".chapter-number")
        title = item.select_one(".chapter-title") or item
        chapters[" ".join(title.get_text(" ", strip=True).split())] = (
            num.get_text(strip=True) if num else None
        )
    numbers: set[str] = set()
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for cap in soup.select("figcaption"):
            numbers |= numbers_in_text(cap.get_text(" ", strip=True))
    return {"chapters": chapters, "numbers": numbers}


def pdf_numbers(pdf: Path) -> dict:
    """Chapter numbers by title (from the PDF's outline) and every figure/table number in
    the PDF's captions ("Figuur 3.1:")."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    chapters = {}
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        title = " ".join(str(entry.title).split())
        m = re.match(r"^(\d+|[A-Z])\.?\s+(.*)$", title)
        chapters[m.group(2) if m else title] = m.group(1) if m else None
    caption = re.compile(r"\b(?:Figuur|Tabel)\s+(?:\d+|[A-Z])\.\d+:")
    text = pdf_text(pdf).replace("\u00a0", " ")
    return {"chapters": chapters, "numbers": numbers_in_text(" ".join(caption.findall(text)))}


# ---------------------------------------------------------------- axe-core in Chromium

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_EXTRA_RULES = ["landmark-unique", "empty-table-header"]


def chromium_executable() -> str | None:
    """Debian's ``chromium`` (apt-get install chromium), or another on the PATH."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


def axe_script() -> Path:
    """axe-core's browser script, as bundled by the ``axe-playwright-python`` package."""
    from importlib import resources

    return Path(str(resources.files("axe_playwright_python") / "axe.min.js"))


class StaticServer:
    """A static file server on 127.0.0.1 (a free port) for a folder, in a thread; a context
    manager that stops it again. Pages are checked over HTTP as a reader gets them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> str:
        import functools
        import http.server
        import threading

        handler = functools.partial(QuietHandler, directory=str(self.folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _quiet_handler():
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # no request log on the test's output
            pass

    return Handler


QuietHandler = _quiet_handler()


AXE_RUN = """async ([tags, extra]) => {
  const ids = axe.getRules(tags).map(r => r.ruleId).concat(extra);
  const result = await axe.run(document, {runOnly: {type: 'rule', values: ids}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                              summary: n.failureSummary}))}));
}"""


def axe_violations(urls: list[str], chromium: str | None = None) -> dict[str, list[dict]]:
    """axe-core over every URL in headless Chromium: {url: [violations]} for the WCAG 2.x A
    and AA rule sets (wcag2a ... wcag22aa) plus ``landmark-unique`` and ``empty-table-header``."""
    from playwright.sync_api import sync_playwright

    exe = chromium or chromium_executable()
    if exe is None:
        raise RuntimeError("Chromium ontbreekt: apt-get install chromium")
    script = axe_script().read_text(encoding="utf-8")
    found: dict[str, list[dict]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for url in urls:
                page.goto(url, wait_until="load")
                page.add_script_tag(content=script)
                found[url] = page.evaluate(AXE_RUN, [AXE_TAGS, AXE_EXTRA_RULES])
        finally:
            browser.close()
    return found


# ---------------------------------------------------------------- nothing from outside the site
# What a page loads (not what it links to): scripts, styles, fonts, images, frames, media.
_LAADT = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|input)\b[^>]*?\s(?:src|srcset|data)="
    r"[\"']\s*((?:https?:)?//[^\"'\s]+)"
    r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|icon|preload|prefetch|modulepreload|"
    r"manifest|apple-touch-icon|shortcut icon))[^>]*?\shref=[\"']\s*((?:https?:)?//[^\"'\s]+)",
    re.IGNORECASE,
)
_CSS_LAADT = re.compile(
    r"@import\s*(?:url\()?\s*[\"']?((?:https?:)?//[^\"')\s;]+)"
    r"|url\(\s*[\"']?((?:https?:)?//[^\"')\s]+)",
    re.IGNORECASE,
)


def externe_bronnen(folder: Path) -> list[str]:
    """Every resource a page or style sheet of ``folder`` loads from outside it: 'file:
    address'. Links in the text to sources (``<a href>``) are not loads and pass; the
    ``og:``/canonical addresses are metadata for other sites, not loads, and pass too."""
    found = []
    for path in sorted(folder.rglob("*")):
        suffix = path.suffix.lower()
        if suffix not in (".html", ".htm", ".css", ".svg") or not path.is_file():
            continue  # what scripts load at run time, the Chromium check sees
        text = path.read_text(encoding="utf-8", errors="replace")
        patroon = _CSS_LAADT if suffix == ".css" else _LAADT
        for m in patroon.finditer(text):
            url = next(g for g in m.groups() if g)
            found.append(f"{path.relative_to(folder).as_posix()}: {url}")
        if suffix in (".html", ".htm"):
            for blok in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
                for m in _CSS_LAADT.finditer(blok):
                    found.append(
                        f"{path.relative_to(folder).as_posix()}: {next(g for g in m.groups() if g)}"
                    )
    return found


def _alleen_eigen(eigen: str, mislukt: list[str]):
    """A Playwright route handler that lets requests to ``eigen`` (host:port) through and
    aborts, and notes, every other one. (One parameter: Playwright passes the request as
    a second argument to a handler that takes two.)"""
    from urllib.parse import urlsplit

    def handler(route) -> None:
        doel = urlsplit(route.request.url)
        if doel.scheme in ("data", "blob", "about") or doel.netloc == eigen:
            route.continue_()
        else:
            mislukt.append(f"geblokkeerd: {route.request.url}")
            route.abort()

    return handler


def verzoeken_naar_buiten(urls: list[str], chromium: str | None = None) -> dict[str, list[str]]:
    """Load every URL in headless Chromium with every request outside its own server
    blocked; per URL the requests that were blocked or failed. Empty lists: the pages work
    with the outside world cut off."""
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    exe = chromium or chromium_executable()
    if exe is None:
        raise RuntimeError("Chromium ontbreekt: apt-get install chromium")
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=["--no-sandbox"])
        try:
            context = browser.new_context()
            for url in urls:
                eigen = urlsplit(url).netloc
                mislukt: list[str] = []

                page = context.new_page()
                page.route("**/*", _alleen_eigen(eigen, mislukt))
                page.on(
                    "requestfailed",
                    lambda req, mislukt=mislukt: (
                        None
                        if any(req.url in m for m in mislukt)
                        else mislukt.append(f"mislukt: {req.url}")
                    ),
                )
                page.goto(url, wait_until="load")
                page.wait_for_timeout(200)
                page.close()
                found[url] = mislukt
        finally:
            browser.close()
    return found
