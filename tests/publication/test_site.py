"""The website of every edition (``make site``): one folder per year, a landing page, a year
switcher, nothing loaded from outside, findable pages, byte-identical builds."""

from __future__ import annotations

import filecmp
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.checks.rendered import (
    StaticServer,
    axe_violations,
    chromium_executable,
    externe_bronnen,
    verzoeken_naar_buiten,
)
from analysis.publication import site
from analysis.text.formatting import percentage_tekst

needs_chromium = pytest.mark.skipif(
    chromium_executable() is None,
    reason="Chromium ontbreekt (Debian: apt-get install chromium); de site wordt erin geladen",
)

# What Quarto's methods page loaded before MathML, and cosmo's web font: the checks must see it.
OUD_METHODEPAGINA = """<!DOCTYPE html><html lang="nl"><head><title>Methode</title>
<script src="https://cdnjs.cloudflare.com/polyfill/v3/polyfill.min.js?features=es6"></script>
<script id="MathJax-script" async src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml-full.js"></script>
<style>@import"https://fonts.googleapis.com/css2?family=Source+Sans+Pro&display=swap";</style>
</head><body><main><p>Zie <a href="https://www.cbs.nl/">CBS</a>.</p></main></body></html>
"""


@pytest.fixture(scope="module")
def gebouwd(rendered, tmp_path_factory) -> Path:
    """Both shipped years, rendered, assembled into a site."""
    root = rendered[2024].parent.parent
    return site.bouw_site(tmp_path_factory.mktemp("site") / "site", root, progress=lambda _m: None)


def _pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def test_every_edition_has_its_folder_and_the_landing_page_links_the_newest(gebouwd, builds):
    assert (gebouwd / "2023" / "index.html").exists() and (gebouwd / "2024" / "index.html").exists()
    landing = (gebouwd / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'href="2024/index.html">Monitor inburgeraars 2024</a> \(nieuwste editie\)', landing
    )
    assert (
        'href="2023/index.html"' in landing
        and "(nieuwste editie)" not in landing.split("2023/index")[1]
    )
    # the key figures are each edition's own published numbers, as the book prints them
    for jaar in (2023, 2024):
        ind = pd.read_csv(builds[jaar] / "indicatoren.csv")
        rij = ind[(ind.indicator == "betaald_werk") & (ind.groep == "totaal")].iloc[0]
        assert f">{percentage_tekst(rij.percentage, rij.noemer)}</td>" in landing
    assert "synthetische gegevens" in landing


def test_every_page_names_its_year_and_has_switcher_description_preview_and_canonical(gebouwd):
    cfg = site.instellingen()
    for jaar in (2023, 2024):
        for pad in _pages(gebouwd / str(jaar)):
            page = (gebouwd / str(jaar) / pad).read_text(encoding="utf-8")
            titel = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
            assert str(jaar) in titel, (jaar, pad, titel)
            assert f'data-jaar="{jaar}" data-pagina="{pad}"' in page
            beschrijving = re.search(r'<meta name="description" content="([^"]+)"', page)
            assert beschrijving and len(beschrijving.group(1)) <= site.BESCHRIJVING_MAX, pad
            assert re.search(r'<meta property="og:(title|description|url)"', page)
            url = f"{cfg['site_url']}/{jaar}/{'' if pad == 'index.html' else pad}"
            assert f'<link rel="canonical" href="{url}">' in page
    werk = (gebouwd / "2024" / "chapters" / "02_werk.html").read_text(encoding="utf-8")
    beeld = re.search(r'<meta property="og:image" content="([^"]+)"', werk).group(1)
    assert beeld.startswith(f"{cfg['site_url']}/2024/figuren/") and beeld.endswith(".png")
    assert (gebouwd / "2024" / beeld.removeprefix(f"{cfg['site_url']}/2024/")).exists()
    sitemap = (gebouwd / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == 1 + len(_pages(gebouwd / "2023")) + len(
        _pages(gebouwd / "2024")
    )


def test_the_first_page_of_an_edition_states_year_data_version_and_checksums(gebouwd, builds):
    from analysis.publication.render import publicatie_sha256

    first = (gebouwd / "2024" / "index.html").read_text(encoding="utf-8")
    blok = first.split('class="editie-versie"')[1].split("</section>")[0]
    assert "Editie 2024." in blok and "veldwerk" in blok and "bouwsleutel" in blok
    for naam, sha in publicatie_sha256(builds[2024]).items():
        assert naam in blok and sha in blok
    zip_naam = re.search(r'href="downloads/([^"]+-html\.zip)"', blok).group(1)
    assert (gebouwd / "2024" / "downloads" / zip_naam).exists()


def test_the_offline_zip_holds_a_readable_copy_with_formulas_as_mathml(gebouwd):
    zip_pad = next((gebouwd / "2024" / "downloads").glob("*-html.zip"))
    with zipfile.ZipFile(zip_pad) as z:
        names = set(z.namelist())
        assert "index.html" in names and "chapters/11_bijlage_methode.html" in names
        methode = z.read("chapters/11_bijlage_methode.html").decode("utf-8")
    assert "<math" in methode and "mathjax" not in methode.lower()
    assert any(n.startswith("figuren/") and n.endswith(".png") for n in names)


def test_nothing_on_the_site_is_loaded_from_outside_it_and_the_scan_sees_what_was(
    gebouwd, tmp_path
):
    assert externe_bronnen(gebouwd) == []
    (tmp_path / "oud.html").write_text(OUD_METHODEPAGINA, encoding="utf-8")
    found = externe_bronnen(tmp_path)
    assert len(found) == 3, found  # polyfill, MathJax, Google font; not the link to CBS
    assert not any("cbs.nl" in f for f in found)


@needs_chromium
def test_with_every_outside_request_blocked_no_page_misses_anything(gebouwd, tmp_path):
    pages = [
        "index.html",
        *[
            f"{jaar}/{p}"
            for jaar in (2023, 2024)
            for p in ("index.html", "chapters/02_werk.html", "chapters/11_bijlage_methode.html")
        ],
    ]
    with StaticServer(gebouwd) as base:
        found = verzoeken_naar_buiten([f"{base}/{p}" for p in pages])
    assert {u: v for u, v in found.items() if v} == {}
    (tmp_path / "oud.html").write_text(OUD_METHODEPAGINA, encoding="utf-8")
    with StaticServer(tmp_path) as base:
        oud = verzoeken_naar_buiten([f"{base}/oud.html"])[f"{base}/oud.html"]
    assert any("mathjax" in v for v in oud) and any("polyfill" in v for v in oud)


@needs_chromium
def test_the_year_switcher_links_the_same_page_in_the_other_year_and_says_when_newer(gebouwd):
    from playwright.sync_api import sync_playwright

    with StaticServer(gebouwd) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/2023/chapters/03_taal.html")
            nav = page.locator("nav.jaarkeuze")
            # (Quarto's own script makes the links absolute once the page has loaded)
            links = nav.locator("a").evaluate_all("as => as.map(a => a.href)")
            assert f"{base}/2024/chapters/03_taal.html" in links
            assert "nieuwere editie" in nav.inner_text()
            page.goto(f"{base}/2024/index.html")
            nav = page.locator("nav.jaarkeuze")
            links = nav.locator("a").evaluate_all("as => as.map(a => a.href)")
            assert {f"{base}/2023/", f"{base}/2023/index.html"} & set(links)
            assert "nieuwere editie" not in nav.inner_text()
        finally:
            browser.close()


@needs_chromium
def test_axe_core_finds_no_violations_on_the_landing_page_and_the_added_blocks(gebouwd):
    pages = [
        "index.html",
        "2023/index.html",
        "2024/index.html",
        "2024/chapters/05_leefomgeving.html",
    ]
    with StaticServer(gebouwd) as base:
        found = axe_violations([f"{base}/{p}" for p in pages])
    problems = {
        u: [(v["id"], v["nodes"][0]["target"]) for v in vs] for u, vs in found.items() if vs
    }
    assert not problems


def test_building_one_year_never_changes_another_years_pages(rendered, tmp_path):
    """The site with only 2023 and the site with 2023 and 2024 have the same 2023 pages:
    only the two root files that list the editions differ."""
    root = rendered[2024].parent.parent
    alleen = tmp_path / "alleen-2023"
    alleen.mkdir()
    (alleen / "2023").symlink_to(root / "2023", target_is_directory=True)
    een = site.bouw_site(tmp_path / "een", alleen, progress=lambda _m: None)
    twee = site.bouw_site(tmp_path / "twee", root, progress=lambda _m: None)
    verschil = filecmp.dircmp(een / "2023", twee / "2023")
    assert _diff(verschil) == []


def _diff(d: filecmp.dircmp) -> list[str]:
    found = [*d.left_only, *d.right_only, *d.diff_files, *d.funny_files]
    for sub in d.subdirs.values():
        found += _diff(sub)
    return found


def test_two_builds_of_the_site_are_byte_identical(rendered, tmp_path):
    root = rendered[2024].parent.parent
    a = site.bouw_site(tmp_path / "a", root, progress=lambda _m: None)
    b = site.bouw_site(tmp_path / "b", root, progress=lambda _m: None)
    assert _diff(filecmp.dircmp(a, b)) == []
    assert sorted(p.relative_to(a) for p in a.rglob("*")) == sorted(
        p.relative_to(b) for p in b.rglob("*")
    )


def test_a_site_without_any_rendered_edition_says_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INBURGERING_BUILD", str(tmp_path / "leeg"))
    (tmp_path / "leeg").mkdir()
    assert site.main([]) == site.EXIT_GEEN
    assert "make report JAAR=" in capsys.readouterr().err
    assert not (tmp_path / "leeg" / "site").exists()


def test_a_failed_site_build_leaves_the_previous_site_in_place(rendered, tmp_path, monkeypatch):
    root = rendered[2024].parent.parent
    uit = site.bouw_site(tmp_path / "site", root, progress=lambda _m: None)
    before = (uit / "index.html").read_bytes()

    def kapot(*_a, **_k):
        raise site.DataError("kapot")

    monkeypatch.setattr(site, "landingspagina", kapot)
    with pytest.raises(site.DataError):
        site.bouw_site(uit, root, progress=lambda _m: None)
    assert (uit / "index.html").read_bytes() == before
    assert not uit.with_name(".site.nieuw").exists()


@needs_chromium
def test_the_offline_zip_searches_from_a_local_folder(gebouwd, tmp_path):
    """Opened from a folder (file://), without a web server: Quarto's search finds pages
    (its fetch of search.json is refused there; the zip's copy reads a script instead)."""
    from playwright.sync_api import sync_playwright

    zip_pad = next((gebouwd / "2024" / "downloads").glob("*-html.zip"))
    with zipfile.ZipFile(zip_pad) as z:
        z.extractall(tmp_path / "los")
    meldingen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (meldingen.append(d.message), d.dismiss()))
            page.goto((tmp_path / "los" / "chapters" / "02_werk.html").as_uri())
            page.locator("#quarto-search").click()
            page.locator("input.aa-Input").fill("taalles")
            page.locator(".aa-Item").first.wait_for(timeout=5000)
            gevonden = page.locator(".aa-Item").all_inner_texts()
        finally:
            browser.close()
    assert meldingen == []
    assert any("Nederlands leren en spreken" in t for t in gevonden)


def test_a_key_figure_the_registry_does_not_know_is_a_configuration_error(
    rendered, tmp_path, monkeypatch
):
    root = rendered[2024].parent.parent
    cfg = {**site.instellingen(), "kerncijfers": ["betaald_werk", "geluk_in_de_buurt"]}
    monkeypatch.setattr(site, "instellingen", lambda: cfg)
    with pytest.raises(site.ConfigError, match="geluk_in_de_buurt"):
        site.bouw_site(tmp_path / "site", root, progress=lambda _m: None)
    assert not (tmp_path / "site").exists()
