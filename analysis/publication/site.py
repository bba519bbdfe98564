"""One website for every edition: what communications puts online (``make site``).

    python -m analysis.site [--uit build/site]

Every rendered edition (``build/<jaar>/_book``) is copied into ``build/site/<jaar>/``, next
to a landing page (``build/site/index.html``) that lists the editions with their key figures
and links the newest. Why a copy and not the books themselves: building one year must never
change another year's pages, and a site is assembled from finished editions. Each copied page
gets, and only in the copy:

- a year switcher: a static link to all editions, and a small local script (``jaarkeuze.js``)
  that reads the list of editions (``edities.js``, written at the root) and links the same
  page in the other years, saying so when a newer edition exists. The page itself names no
  other year, so adding an edition changes only the two root files, never an edition's pages;
- what a search engine and a link preview read: a ``<title>`` with the edition year, a meta
  description taken from the page's own first finding, Open Graph title, description, image
  (the page's first figure) and URL, and a canonical link, all from ``site_url`` in
  ``data/site.yml`` (the one place where the address is set);
- on an edition's first page: the edition year, the fieldwork of its data, and the build's
  version (its build key, the commit, and the SHA-256 of the PDF and the HTML zip that
  ``make verify`` prints), with the HTML zip to download for reading offline.

No page loads anything from outside the site: the book renders its formulas as MathML
(``_quarto.yml``), and the site's own files are plain HTML, CSS and JavaScript written here.
The same editions and code give the same bytes (no clock, sorted listings), so two builds of
the site are identical. Exit 0 written; 2 when no edition has been rendered.
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.errors import ConfigError, DataError
from analysis.data.files import atomic_write_text, read_yaml
from analysis.data.paths import build_root, config_dir, data_dir
from analysis.data.reading import veldwerk
from analysis.text.dutch import periode

EXIT_GEEN = 2
BESCHRIJVING_MAX = 160  # characters: what search results show of a description
MAIN = '<main class="content" id="quarto-document-content">'


@dataclass(frozen=True)
class Editie:
    """One rendered edition: its year, its book folder and its pages (paths relative to it)."""

    jaar: int
    boek: Path
    paginas: tuple[str, ...]

    @property
    def build(self) -> Path:
        return self.boek.parent


def instellingen(path: Path | None = None) -> dict:
    """``data/site.yml``: site_url, naam, kerncijfers."""
    path = path or config_dir() / "site.yml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not all(k in raw for k in ("site_url", "naam", "kerncijfers")):
        raise ConfigError(f"{path}: verwacht de sleutels site_url, naam en kerncijfers.")
    if not re.match(r"^https?://[^/\s]+", str(raw["site_url"])):
        raise ConfigError(f"{path}: site_url moet een volledig adres zijn (https://...).")
    return {**raw, "site_url": str(raw["site_url"]).rstrip("/")}


def edities(root: Path | None = None) -> list[Editie]:
    """Every rendered, unweighted edition under the build root, oldest first."""
    root = root or build_root()
    found = []
    for folder in sorted(root.glob("[0-9][0-9][0-9][0-9]")):
        boek = folder / "_book"
        if (boek / "index.html").exists():
            paginas = tuple(sorted(p.relative_to(boek).as_posix() for p in boek.rglob("*.html")))
            found.append(Editie(int(folder.name), boek, paginas))
    return found


# --------------------------------------------------------------------------- one page
def _tekst(fragment: str) -> str:
    """Visible text of an HTML fragment (one paragraph or list item), whitespace collapsed."""
    zonder = re.sub(r"<[^>]+>", "", fragment)
    return " ".join(html.unescape(zonder).split())


def beschrijving(pagina: str) -> str:
    """The page's own first finding, for search results and link previews: the first item
    of its 'In het kort', else its first paragraph of some length; cut at a word."""
    main = pagina.split(MAIN, 1)[-1]
    kort = re.search(r"In het kort</(?:h\d|strong|span)>.*?<li>(.*?)</li>", main, re.S)
    kandidaten = [kort.group(1)] if kort else []
    kandidaten += re.findall(r"<p>(.*?)</p>", main, re.S)
    for k in kandidaten:
        tekst = _tekst(k)
        if len(tekst) >= 60:
            if len(tekst) <= BESCHRIJVING_MAX:
                return tekst
            zinnen = re.match(rf"^(.{{60,{BESCHRIJVING_MAX}}}[.!?])\s", tekst)
            if zinnen:  # whole sentences where they fit
                return zinnen.group(1)
            return tekst[: BESCHRIJVING_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def eerste_figuur(pagina: str) -> str | None:
    """The ``src`` of the page's first figure image (relative to the page), if any."""
    main = pagina.split(MAIN, 1)[-1]
    m = re.search(r'<img[^>]+src="([^"]+\.png)"', main)
    return m.group(1) if m else None


def _url(basis: str, jaar: int, pad: str) -> str:
    pad = "" if pad == "index.html" else pad
    return f"{basis}/{jaar}/{pad}"


def _naar(pad: str, doel: str) -> str:
    """A relative link from the page at ``pad`` (inside an edition) to ``doel`` at the root
    of the site."""
    diepte = pad.count("/") + 1  # the edition folder itself
    return "../" * diepte + doel


def kop(pagina: str, editie: Editie, pad: str, cfg: dict) -> str:
    """The head of a copied page: title with the year, description, canonical, Open Graph."""
    titel_m = re.search(r"<title>(.*?)</title>", pagina, re.S)
    titel = " ".join(html.unescape(titel_m.group(1)).split()) if titel_m else cfg["naam"]
    titel = f"{titel} {editie.jaar}" if str(editie.jaar) not in titel else titel
    url = _url(cfg["site_url"], editie.jaar, pad)
    regels = [
        f'<link rel="canonical" href="{html.escape(url)}">',
        "<style>nav.jaarkeuze{font-size:.9rem;margin:0 0 1rem}"
        ".editie-versie{font-size:.85rem;border-top:1px solid #767676;margin-top:2rem;"
        "padding-top:.75rem}.editie-versie code{word-break:break-all}</style>",
    ]
    # a page without a paragraph of its own (the literature list) is described by its title
    tekst = beschrijving(pagina) or f"{titel}: {cfg['naam']}."
    regels.append(f'<meta name="description" content="{html.escape(tekst)}">')
    regels += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{html.escape(cfg["naam"])}">',
        f'<meta property="og:title" content="{html.escape(titel)}">',
        f'<meta property="og:url" content="{html.escape(url)}">',
    ]
    regels.append(f'<meta property="og:description" content="{html.escape(tekst)}">')
    figuur = eerste_figuur(pagina)
    if figuur:
        beeld = _url(
            cfg["site_url"],
            editie.jaar,
            posixpath.normpath(posixpath.join(posixpath.dirname(pad), figuur)),
        )
        regels.append(f'<meta property="og:image" content="{html.escape(beeld)}">')
    nieuw = re.sub(
        r"<title>.*?</title>",
        lambda _m: f"<title>{html.escape(titel)}</title>",
        pagina,
        count=1,
        flags=re.S,
    )
    return nieuw.replace("</head>", "\n".join(regels) + "\n</head>", 1)


def jaarkeuze(editie: Editie, pad: str) -> str:
    """The year switcher block: a static link to every edition, filled in by jaarkeuze.js."""
    return (
        f'<nav class="jaarkeuze" aria-label="Edities van de monitor" '
        f'data-jaar="{editie.jaar}" data-pagina="{html.escape(pad)}">'
        f'<a href="{_naar(pad, "index.html")}">Alle edities van de monitor</a>'
        '<span class="jaarkeuze-jaren"></span></nav>\n'
        f'<script src="{_naar(pad, "edities.js")}"></script>\n'
        f'<script src="{_naar(pad, "jaarkeuze.js")}"></script>\n'
    )


def _veldwerk_woorden(meta: dict) -> str:
    """'veldwerk oktober 2023'; 'veldwerk onbekend' where the edition's meta.yml is gone."""
    return f"veldwerk {periode(veldwerk(meta))}" if meta else "veldwerk onbekend"


def versieblok(editie: Editie, meta: dict, versie: dict) -> str:
    """On the edition's first page: year, data, version and the offline download."""
    zip_naam = versie.get("zip_naam")
    zip_regel = (
        f' <a href="downloads/{html.escape(zip_naam)}">Download deze editie als HTML-zip</a> om '
        "haar zonder internet te lezen (uitpakken en index.html openen)."
        if zip_naam
        else ""
    )
    sha = "; ".join(f"{html.escape(n)}: <code>{h}</code>" for n, h in versie["sha256"].items())
    return (
        f'<section class="editie-versie" aria-label="Over deze editie"><p><strong>Editie '
        f"{editie.jaar}.</strong> Gegevens: {html.escape(_veldwerk_woorden(meta))}"
        f"{' (synthetische gegevens)' if meta.get('synthetisch') else ''}. Versie: bouwsleutel "
        f"<code>{versie['bouwsleutel']}</code>, code <code>{versie['commit']}</code>."
        f"{zip_regel}</p><p>SHA-256 (controle met <code>make verify JAAR={editie.jaar}</code>): "
        f"{sha}.</p></section>\n"
    )


def pagina_voor_site(
    pagina: str, editie: Editie, pad: str, cfg: dict, meta: dict, versie: dict
) -> str:
    """One page of an edition as the site publishes it."""
    if MAIN not in pagina:
        raise DataError(f"{editie.boek / pad}: geen <main> van Quarto gevonden.")
    nieuw = kop(pagina, editie, pad, cfg)
    nieuw = nieuw.replace(MAIN, MAIN + "\n" + jaarkeuze(editie, pad), 1)
    if pad == "index.html":  # after the page's own text: readers first, provenance last
        voor, na = nieuw.rsplit("</main>", 1)
        nieuw = voor + versieblok(editie, meta, versie) + "</main>" + na
    return nieuw


# --------------------------------------------------------------------------- the site
def _commit() -> str:
    """The commit the code is at, and whether the working tree differs from it."""
    from analysis.publication.render import git

    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "onbekend"
    gewijzigd = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" (met lokale wijzigingen)" if gewijzigd else "")


def versie_van(editie: Editie) -> dict:
    """The build key, the commit and the publication's checksums of an edition."""
    from analysis.publication import cache
    from analysis.publication.render import html_zip_naam, publicatie_sha256

    manifest = cache.read(editie.build) or {}
    zip_naam = html_zip_naam(editie.boek)
    return {
        "bouwsleutel": str(manifest.get("common", "onbekend"))[:12],
        "commit": _commit(),
        "sha256": publicatie_sha256(editie.build),
        "zip_naam": zip_naam if (editie.build / zip_naam).exists() else None,
    }


def kerncijfers(editie: Editie, ids: list[str]) -> dict[str, str]:
    """The landing page's key figures of an edition, from its own export (as published:
    a suppressed figure stays suppressed)."""
    from analysis.text.formatting import percentage_tekst

    ind = pd.read_csv(editie.build / "indicatoren.csv")
    totaal = ind[ind["groep"] == "totaal"].set_index("indicator")
    out = {}
    for i in ids:
        if i in totaal.index:
            r = totaal.loc[i]
            out[i] = percentage_tekst(float(r["percentage"]), float(r["noemer"]))
        else:
            out[i] = "niet gevraagd"
    return out


STIJL = """\
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;
max-width:52rem;margin:0 auto;padding:1.5rem;line-height:1.5}
a{color:#0b5394}a:focus{outline:3px solid #0b5394;outline-offset:2px}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #767676;
padding:.4rem .8rem;text-align:left}td.getal{text-align:right}
caption{text-align:left;font-weight:600;padding-bottom:.4rem}
.synthetisch{background:#fff3cd;border:1px solid #856404;padding:.75rem;margin:1rem 0}
"""

JAARKEUZE_JS = """\
// Year switcher of the monitor's website: links this page in the other editions.
// Reads window.MONITOR_EDITIES from edities.js at the root (written by make site).
(function () {
  var nav = document.querySelector("nav.jaarkeuze");
  var edities = window.MONITOR_EDITIES || [];
  if (!nav || !edities.length) { return; }
  var jaar = Number(nav.getAttribute("data-jaar"));
  var pagina = nav.getAttribute("data-pagina");
  var diepte = pagina.split("/").length;
  var terug = new Array(diepte + 1).join("../");
  var plek = nav.querySelector(".jaarkeuze-jaren");
  var nieuwste = edities[edities.length - 1].jaar;
  var delen = [];
  edities.forEach(function (e) {
    if (e.jaar === jaar) {
      delen.push("<strong>" + e.jaar + "</strong> (deze editie)");
    } else {
      var doel = e.paginas.indexOf(pagina) >= 0 ? pagina : "index.html";
      delen.push('<a href="' + terug + e.jaar + "/" + doel + '">' + e.jaar + "</a>");
    }
  });
  var tekst = " · Deze pagina in: " + delen.join(", ") + ".";
  if (nieuwste > jaar) {
    tekst += ' <strong>Er is een nieuwere editie: <a href="' + terug + nieuwste + '/index.html">' +
      nieuwste + "</a>.</strong>";
  }
  plek.innerHTML = tekst;
})();
"""


def landingspagina(lijst: list[Editie], cfg: dict, synthetisch: bool) -> str:
    """``index.html`` at the root: the editions, newest first, with their key figures."""
    from analysis.statistics.indicators import load_registry

    registry = load_registry()
    ids = [str(i) for i in cfg["kerncijfers"]] if isinstance(cfg["kerncijfers"], list) else []
    onbekend = [i for i in ids if i not in registry.ids]
    if not ids or onbekend:
        raise ConfigError(
            "data/site.yml: 'kerncijfers' is een lijst van indicatoren uit "
            f"data/indicatoren.yml; onbekend: {onbekend or cfg['kerncijfers']!r}."
        )
    cijfers = {e.jaar: kerncijfers(e, ids) for e in lijst}
    nieuwste = lijst[-1]
    kop_rij = "".join(f'<th scope="col">{e.jaar}</th>' for e in reversed(lijst))
    rijen = "".join(
        f'<tr><th scope="row">{html.escape(registry[i].kort)}</th>'
        + "".join(
            f'<td class="getal">{html.escape(cijfers[e.jaar][i])}</td>' for e in reversed(lijst)
        )
        + "</tr>"
        for i in ids
    )
    items = "".join(
        f'<li><a href="{e.jaar}/index.html">Monitor inburgeraars {e.jaar}</a>'
        + (" (nieuwste editie)" if e is nieuwste else "")
        + f' · <a href="{e.jaar}/{html.escape(pdf_van(e))}">pdf</a></li>'
        for e in reversed(lijst)
    )
    beschrijving_ = (
        f"Hoe inburgeraars in Utrecht zich thuis weten: werk, taal, gezondheid, buurt, geld en "
        f"hulp. Edities {lijst[0].jaar}–{nieuwste.jaar}."
        if len(lijst) > 1
        else f"Hoe inburgeraars in Utrecht zich thuis weten: werk, taal, gezondheid, buurt, geld "
        f"en hulp. Editie {nieuwste.jaar}."
    )
    waarschuwing = (
        '<p class="synthetisch" role="note"><strong>Reproductie op synthetische gegevens, '
        "geen uitgave van de gemeente Utrecht.</strong> De cijfers komen uit verzonnen "
        "antwoorden die de uitkomsten van het echte onderzoek nabootsen.</p>"
        if synthetisch
        else ""
    )
    url = cfg["site_url"] + "/"
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(cfg["naam"])}</title>
<meta name="description" content="{html.escape(beschrijving_)}">
<link rel="canonical" href="{html.escape(url)}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{html.escape(cfg["naam"])}">
<meta property="og:title" content="{html.escape(cfg["naam"])}">
<meta property="og:description" content="{html.escape(beschrijving_)}">
<meta property="og:url" content="{html.escape(url)}">
<link rel="stylesheet" href="site.css">
</head>
<body>
<main>
<h1>{html.escape(cfg["naam"])}</h1>
{waarschuwing}
<p>{html.escape(beschrijving_)} De nieuwste editie is die van
<a href="{nieuwste.jaar}/index.html">{nieuwste.jaar}</a>.</p>
<h2>Edities</h2>
<ul>{items}</ul>
<table>
<caption>Kerncijfers per editie: aandeel van alle inburgeraars</caption>
<thead><tr><th scope="col">Kerncijfer</th>{kop_rij}</tr></thead>
<tbody>{rijen}</tbody>
</table>
<p>Elke editie is een eigen boek; op elke pagina staat een link naar dezelfde pagina in de
andere edities.</p>
</main>
</body>
</html>
"""


def pdf_van(editie: Editie) -> str:
    """The edition's PDF (its name inside the edition), or its first page when it has none."""
    return next(iter(sorted(p.name for p in editie.boek.glob("*.pdf"))), "index.html")


def sitemap(lijst: list[Editie], cfg: dict) -> str:
    urls = [cfg["site_url"] + "/"] + [
        _url(cfg["site_url"], e.jaar, p) for e in lijst for p in e.paginas
    ]
    regels = "".join(f"<url><loc>{html.escape(u)}</loc></url>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + regels + "</urlset>\n"
    )


def bouw_site(uit: Path | None = None, root: Path | None = None, progress=print) -> Path:
    """Assemble every rendered edition into one site at ``uit`` (``build/site``).

    Written beside the target and swapped in at the end: a failed run leaves the previous
    site as it was, never half a site."""
    root = root or build_root()
    uit = uit or root / "site"
    lijst = edities(root)
    if not lijst:
        raise DataError(
            f"{root}: geen gerenderde editie gevonden (build/<jaar>/_book/index.html). "
            "Bouw eerst een jaar: make report JAAR=<jaar>."
        )
    cfg = instellingen()
    nieuw = uit.with_name(f".{uit.name}.nieuw")
    shutil.rmtree(nieuw, ignore_errors=True)
    nieuw.mkdir(parents=True)
    try:
        _vul(nieuw, lijst, cfg, progress)
    except BaseException:
        shutil.rmtree(nieuw, ignore_errors=True)
        raise
    oud = uit.with_name(f".{uit.name}.oud")
    shutil.rmtree(oud, ignore_errors=True)
    if uit.exists():
        uit.rename(oud)
    nieuw.rename(uit)
    shutil.rmtree(oud, ignore_errors=True)
    progress(f">> Site geschreven: {uit} ({len(lijst)} edities)")
    return uit


def _vul(nieuw: Path, lijst: list[Editie], cfg: dict, progress) -> None:
    """Write the whole site into the empty folder ``nieuw``."""
    from analysis.data.reading import read_meta

    synthetisch = False
    for e in lijst:
        progress(f">> Editie {e.jaar}: {len(e.paginas)} pagina's")
        meta_pad = data_dir() / str(e.jaar) / "meta.yml"
        meta = read_meta(meta_pad) if meta_pad.exists() else {}
        synthetisch |= bool(meta.get("synthetisch", True))
        versie = versie_van(e)
        doel = nieuw / str(e.jaar)
        shutil.copytree(e.boek, doel)
        if versie["zip_naam"]:
            (doel / "downloads").mkdir(exist_ok=True)
            shutil.copyfile(e.build / versie["zip_naam"], doel / "downloads" / versie["zip_naam"])
        for pad in e.paginas:
            bestand = doel / pad
            tekst = bestand.read_text(encoding="utf-8")
            atomic_write_text(bestand, pagina_voor_site(tekst, e, pad, cfg, meta, versie))
    lijst_js = [{"jaar": e.jaar, "paginas": list(e.paginas)} for e in lijst]
    atomic_write_text(
        nieuw / "edities.js",
        "// The editions of the site (make site); read by jaarkeuze.js.\n"
        f"window.MONITOR_EDITIES = {json.dumps(lijst_js, ensure_ascii=False, indent=1)};\n",
    )
    atomic_write_text(nieuw / "jaarkeuze.js", JAARKEUZE_JS)
    atomic_write_text(nieuw / "site.css", STIJL)
    atomic_write_text(nieuw / "index.html", landingspagina(lijst, cfg, synthetisch))
    atomic_write_text(nieuw / "sitemap.xml", sitemap(lijst, cfg))
    atomic_write_text(
        nieuw / "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {cfg['site_url']}/sitemap.xml\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uit", type=Path, default=None, help="standaard build/site")
    args = parser.parse_args(argv)
    try:
        bouw_site(args.uit)
    except (DataError, ConfigError) as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return EXIT_GEEN
    return 0


if __name__ == "__main__":
    sys.exit(main())
