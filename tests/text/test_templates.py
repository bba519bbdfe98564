"""Chapter prose as templates (text.templates, chapters/_zinnen.jinja, the %%tekst magic)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2
import pytest

from analysis.chapter.notebook import Hoofdstuk
from analysis.data.paths import ROOT
from analysis.publication import preview
from analysis.text import context, results, summaries, templates
from analysis.text.formatting import telwoord

# Every notebook with prose that carries numbers writes it as %%tekst templates (the
# questionnaire appendix prints the Markdown that analysis.data.questionnaire generates).
TEMPLATES = (
    "index",
    "01_inleiding",
    "02_werk",
    "03_taal",
    "04_gezondheid",
    "05_leefomgeving",
    "06_zelfredzaamheid",
    "07_kernindicatoren",
    "wat_hebben_we_gehoord",
    "what_we_heard",
    "08_bijlage_kernindicatoren",
    "10_bijlage_respons",
    "11_bijlage_methode",
)


def test_a_condition_keeps_a_sentence_only_when_it_holds():
    sjabloon = "Eerste zin.\n{% if x %}\nTweede zin.\n{% endif %}\nDerde zin."
    assert templates.render(sjabloon, {"x": True}) == "Eerste zin. Tweede zin. Derde zin."
    assert templates.render(sjabloon, {"x": False}) == "Eerste zin. Derde zin."


def test_paragraphs_are_those_of_the_template_not_of_its_tags():
    sjabloon = (
        "Een\nregel.\n\n{% if x %}\nWeg.\n{% endif %}\n\n"
        "Twee.\n{% for i in [1, 2] %}\n{{ i }}.\n{% endfor %}"
    )
    assert templates.render(sjabloon, {"x": False}) == "Een regel.\n\nTwee. 1. 2."


def test_lists_figures_and_quarto_identifiers_survive():
    sjabloon = (
        'In dit hoofdstuk:\n\n- a;\n- b.\n\n![Titel](f.png){#fig-x fig-alt="y"}\n\n'
        "<# opmerking #>Zie @fig-x."
    )
    uit = templates.render(sjabloon, {})
    assert "- a;\n- b." in uit
    assert '{#fig-x fig-alt="y"}' in uit
    assert uit.endswith("Zie @fig-x.") and "opmerking" not in uit


def test_a_misspelled_placeholder_stops_the_chapter():
    with pytest.raises(jinja2.UndefinedError):
        templates.render("{{ ind_typo.taalles }}", {})


@pytest.fixture(scope="module")
def h(tmp_path_factory):
    return Hoofdstuk(2023, ROOT / "data", tmp_path_factory.mktemp("b"))


def test_group_comparison_says_vaker_only_where_the_test_supports_it(h):
    ctx = context.context(h)
    sjabloon = (
        "{% call z.groepsverschil(v, 'dit') %}Asielstatushouders doen dat {{ v.vaker_dan }} "
        "gezinsmigranten{% endcall %}"
    )
    gezien = set()
    for indicator, v in h.groepsverschillen.items():
        zin = templates.render(sjabloon, {**ctx, "v": ctx["verschil"][indicator]})
        woorden = ("vaker", "minder vaak")
        if v.te_klein:
            assert "te weinig" in zin
        elif v.significant:
            assert any(w in zin for w in woorden), zin
        else:
            assert not any(w in zin for w in woorden), zin
            assert "niet aantoonbaar" in zin
        gezien.add(not v.te_klein and v.significant)
    assert gezien == {True, False}  # both kinds of verdict occur in 2023


def test_shares_in_a_template_are_the_chapters_numbers(h):
    ctx = context.context(h)
    assert templates.render("{{ ind.taalles.p }}", ctx) == h.p("taalles")
    assert templates.render("{{ ind.taalles.in_groep('gezinsmigrant').p }}", ctx) == h.p(
        "taalles", "gezinsmigrant"
    )
    assert templates.render("{{ ind.taalles.naam }}", ctx) == h.registry["taalles"].kort


def test_no_change_sentence_in_a_first_wave(h):
    zin = "{{ z.sinds(verandering.taalles, 'taalles volgt') }}"
    assert templates.render(zin, context.context(h)) == ""


@pytest.mark.parametrize("naam", TEMPLATES)
def test_templated_chapters_hold_no_python_prose(naam):
    nb = json.loads((ROOT / "chapters" / f"{naam}.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for c in code:
        assert "lambda" not in c and "h.md(" not in c and 'f"""' not in c, c[:80]
        assert not c.lstrip().startswith("def "), c[:80]  # logic belongs in analysis/
    assert any(c.startswith("%%tekst") for c in code)


def test_preview_executes_one_chapter_and_never_pretends_to_render(tmp_path, monkeypatch):
    monkeypatch.setenv("INBURGERING_BUILD", str(tmp_path))
    code = preview.main(["03_taal", "--jaar", "2024"])
    out = preview.folder(2024)
    assert out.parent == tmp_path
    tekst_ = (out / "chapters" / "03_taal.md").read_text(encoding="utf-8")
    assert "## Taalles" in tekst_ and "{{" not in tekst_ and "{%" not in tekst_
    assert "sinds 2023" in tekst_  # the second wave compares with the first
    html = out / "_book" / "chapters" / "03_taal.html"
    try:
        from analysis.publication.render import find_quarto

        find_quarto()
    except Exception:
        assert code == preview.EXIT_NO_QUARTO and not html.exists()
    else:
        assert code == 0 and html.exists()
    assert not (tmp_path / "2024").exists()  # the book build is never touched


def test_a_subgroup_against_utrecht_follows_the_utrecht_rule_and_leaves_out_a_small_group(h):
    ctx = context.context(h)
    jong = "leeftijdsgroep=18-25,26-30,31-40"
    u = ctx["ind"]["vrijwilligerswerk"].in_groep(jong).utrecht("Utrechters 18-40")
    assert u.bekend
    assert u.hoger or u.lager  # the Utrecht figure lies outside the subgroup's interval
    assert u.tov == h.tov_utrecht("vrijwilligerswerk", "Utrechters 18-40", jong)
    klein = ctx["ind"]["vrijwilligerswerk"].in_groep("groep=gezinsmigrant&nationaliteit=Chinese")
    assert not klein.utrecht("Utrechters 18-40").bekend


@pytest.fixture(scope="module")
def h24(tmp_path_factory):
    return Hoofdstuk(2024, ROOT / "data", tmp_path_factory.mktemp("b24"))


def test_the_verb_of_a_change_comes_from_its_test_and_an_unchanged_one_is_folded(h24):
    ctx = context.context(h24)
    zin = "{{ z.sinds(v, 'x') }}"
    tabel = h24.verandering
    gezien = set()
    for r in tabel[tabel.groep.isin(["totaal", "asielstatushouder", "gezinsmigrant"])].itertuples():
        v = ctx["verandering"][r.indicator].in_groep(r.groep)
        tekst_ = templates.render(zin, {**ctx, "v": v})
        if not v.bekend:
            continue
        if not v.aantoonbaar and not v.binnen_groepen:
            # folded: the chapter says once that the others did not change
            assert tekst_ == "", tekst_
            gezien.add(False)
            continue
        tekst_ = tekst_.split(").")[0]  # the change of v itself, before any group's change
        beweegt = "gestegen" in tekst_ or "gedaald" in tekst_
        assert beweegt == (r.oordeel == "significant"), tekst_
        assert "sinds 2023" in tekst_ and "1 procentpunten" not in tekst_
        gezien.add(beweegt)
    assert gezien == {True, False}  # 2024 has both kinds


def test_an_explanation_follows_the_verdict_and_a_small_group_gets_its_own_sentence(h):
    from dataclasses import replace

    ctx = context.context(h)
    v = ctx["verschil"]["betaald_werk"]
    assert v.lager and not v.hoger  # 2023: 6% against 54%
    klein = results.Verschil(h, replace(v.v, noemers=(5, v.v.noemers[1])))
    assert klein.te_klein and not klein.lager and not klein.aantoonbaar
    sjabloon = "{% call z.groepsverschil(v, 'betaald werk') %}X{% endcall %}"
    assert "te weinig" in templates.render(sjabloon, {**ctx, "v": klein})


def test_a_quote_intro_is_written_only_in_a_year_with_quotes_on_the_theme(h, h24):
    sjabloon = "{% if heeft_citaten('taal') %}Zo zeggen zij:{% endif %}"
    assert templates.render(sjabloon, context.context(h)) == "Zo zeggen zij:"
    assert templates.render(sjabloon, context.context(h24)) == ""


def test_the_summaries_give_the_chapters_shares_in_plain_words_in_dutch_and_english(h):
    from analysis.text import dutch, english

    b1, en = summaries.context_eenvoudig(h, "nl"), summaries.context_eenvoudig(h, "en")
    p = float(h.rij("betaald_werk").percentage)
    assert templates.render("{{ b1.betaald_werk.p }}", b1) == h.p("betaald_werk")
    assert templates.render("{{ b1.betaald_werk.mensen }}", b1) == (
        f"{dutch.eenvoudig_mensen(p)} ({h.p('betaald_werk')})"
    )
    assert templates.render("{{ b1.betaald_werk.people }}", en) == (
        f"{english.people(p)} ({english.percent(p)})"
    )
    assert templates.render("{{ en.betaald_werk.label }}", b1) == h.registry["betaald_werk"].kort_en
    assert templates.render("{{ 1102 | number }} / {{ 1102 | getal }}", en) == "1,102 / 1.102"


def test_a_summary_shows_no_result_on_few_respondents(h):
    from analysis.data.privacy import INDICATIEF

    for indicator in h.registry.ids:
        if not h.gevraagd(indicator):
            continue
        view = summaries.Eenvoudig(h, indicator)
        assert view.tonen == (h.rij(indicator).noemer >= INDICATIEF), indicator


def test_a_first_wave_names_no_change_and_a_year_without_its_own_text_gets_none(h, tmp_path):
    assert summaries.eenvoudige_veranderingen(h, "nl") == []
    assert summaries.eenvoudige_veranderingen(h, "en") == []
    assert "De gemeente wil" in summaries.context_eenvoudig(h, "nl")["gemeente"]()
    h24 = Hoofdstuk(2024, ROOT / "data", tmp_path)
    assert not (h24.jg.folder / "wat_doet_de_gemeente.md").exists()
    assert summaries.context_eenvoudig(h24, "en")["gemeente"]() == ""


def test_every_indicator_has_an_english_label():
    from analysis.statistics.indicators import load_registry

    assert all(i.kort_en for i in load_registry().indicatoren)


@pytest.mark.parametrize(
    ("naam", "taal"), [("wat_hebben_we_gehoord", "b1"), ("what_we_heard", "en")]
)
def test_the_summaries_are_templates_in_their_own_context_with_no_python_prose(naam, taal):
    nb = json.loads((ROOT / "chapters" / f"{naam}.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    teksten = [c for c in code if c.startswith("%%tekst")]
    assert teksten and all(c.startswith(f"%%tekst {taal}\n") for c in teksten)
    for c in code:
        assert "h.md(" not in c and 'f"""' not in c and "lambda" not in c, c[:80]


class _MetVeranderingen:
    """Just what :func:`tekst.eenvoudige_veranderingen` reads of a chapter."""

    def __init__(self, rijen: list[dict]) -> None:
        import pandas as pd

        from analysis.statistics.indicators import load_registry

        self.registry = load_registry()
        self.verandering = pd.DataFrame(rijen)

    def verandering_rij(self, indicator: str, groep: str = "totaal"):
        v = self.verandering
        return v[(v.indicator == indicator) & (v.groep == groep)].iloc[0]


def test_a_summary_names_every_supported_change_and_a_groups_in_plain_words():
    """The B1 and English pages said they only name clear changes and named none: the one
    change of 2024 was within a group. They name every supported change now, a group's with
    the group in plain words."""

    def rij(indicator, groep, oordeel, van, naar):
        return dict(
            indicator=indicator,
            groep=groep,
            oordeel=oordeel,
            jaar_vorig=2023,
            pct_vorig=van,
            n_vorig=250,
            pct=naar,
            n=300,
        )

    h = _MetVeranderingen(
        [
            rij("betaald_werk", "totaal", "significant", 30.7, 38.2),
            rij("taalles", "totaal", "niet significant", 50.0, 60.0),
            rij("spannend_nl_spreken", "asielstatushouder", "significant", 94.3, 76.1),
        ]
    )
    nl = summaries.eenvoudige_veranderingen(h, "nl")
    en = summaries.eenvoudige_veranderingen(h, "en")
    assert [(k["naam"], k["woord"], k["van"], k["naar"], k["wie"]) for k in nl] == [
        (h.registry["betaald_werk"].kort, "meer", "31%", "38%", ""),
        (h.registry["spannend_nl_spreken"].kort, "minder", "94%", "76%", "vluchtelingen"),
    ]
    assert [(k["naam"], k["woord"], k["van"], k["naar"], k["wie"]) for k in en] == [
        (h.registry["betaald_werk"].kort_en, "went up", "31%", "38%", ""),
        (h.registry["spannend_nl_spreken"].kort_en, "went down", "94%", "76%", "refugees"),
    ]


@pytest.mark.parametrize(
    ("naam", "taal"), [("wat_hebben_we_gehoord", "nl"), ("what_we_heard", "en")]
)
def test_a_summary_with_a_supported_change_names_it_and_stays_readable(h, naam, taal):
    from analysis.checks import readability

    nb = json.loads((ROOT / "chapters" / f"{naam}.ipynb").read_text(encoding="utf-8"))
    cel = next("".join(c["source"]) for c in nb["cells"] if "".join(c["source"]).startswith("%%"))
    woord = "meer" if taal == "nl" else "went up"
    naam_ = h.registry["betaald_werk"].kort if taal == "nl" else h.registry["betaald_werk"].kort_en
    punt = {
        "naam": naam_,
        "woord": woord,
        "van": "31%",
        "naar": "38%",
        "meer": True,
        "wie": "",
        "dat": h.registry["betaald_werk"].dat,
    }
    ctx = {**summaries.context_eenvoudig(h, taal), "vorig_jaar": 2022}
    ctx["veranderd"] = lambda maximum=None: [punt]
    uit = templates.render(cel.split("\n", 1)[1], ctx)
    if taal == "nl":
        assert "Eerst was dat 31%, nu is het 38%." in uit and "geen duidelijk verschil" in uit
        assert "ongeveer even vaak" not in uit  # not shown is not the same (issue 25)
    else:
        assert "went up: from 31% to 38%." in uit and "no clear change" in uit
        assert "about as often" not in uit
    assert not readability.meet(uit, taal).fouten


def test_the_years_own_texts_name_their_file_and_line_when_they_do_not_parse(year_copy, capsys):
    """A researcher's slip in data/<jaar>/conclusies.md stops the run before anything is
    written (exit 2), naming the file and its line, not a cell of the chapter that reads it."""
    from analysis.publication import pipeline

    base = year_copy(2024)
    shutil.copytree(ROOT / "data" / "2023", base / "2023")
    (base / "2024" / "conclusies.md").write_text(
        "Het beeld is stabiel.\n\n{% if %}Meer.{% endif %}\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INBURGERING_DATA", str(base))
        mp.setenv("INBURGERING_BUILD", str(base / "build"))
        assert pipeline.main(["--jaar", "2024", "--geen-render"]) == pipeline.EXIT_DATA
    err = capsys.readouterr().err
    assert "conclusies.md, regel 3" in err
    assert not (base / "build").exists()


def test_a_name_the_years_own_text_does_not_know_is_reported_with_its_file(tmp_path):
    from analysis.data.errors import DataError
    from analysis.text.templates import jaartekst

    pad = tmp_path / "wat_doet_de_gemeente.md"
    pad.write_text("De gemeente {{ gemeentee }} helpt.\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"wat_doet_de_gemeente\.md: 'gemeentee' is undefined"):
        jaartekst(pad, {})
    assert jaartekst(tmp_path / "ontbreekt.md", {}) == ""


def test_a_years_own_text_that_is_not_utf8_is_refused_with_its_file(tmp_path):
    from analysis.data.errors import DataError
    from analysis.text.templates import controleer_jaarteksten

    (tmp_path / "conclusies.md").write_bytes("Het beeld is één geheel.\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"conclusies\.md: geen UTF-8"):
        controleer_jaarteksten(tmp_path)
    (tmp_path / "conclusies.md").write_text("Het beeld is één geheel.\n", encoding="utf-8")
    controleer_jaarteksten(tmp_path)  # the same text as UTF-8 passes


def test_every_paragraph_macro_the_code_asks_for_is_in_the_template():
    import ast

    from analysis.text import paragraphs, templates

    gevraagd = {
        n.args[0].value
        for n in ast.walk(ast.parse(Path(paragraphs.__file__).read_text(encoding="utf-8")))
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "alinea"
    }
    module = templates.omgeving().get_template(templates.ALINEAS).module
    assert gevraagd and all(hasattr(module, naam) for naam in gevraagd), gevraagd


def test_a_paragraph_macro_prints_one_line_however_its_words_are_wrapped():
    from analysis.text.templates import alinea

    tekst = alinea("oordelen", wat="hulp", sig=["tussen a en b"], niet=["tussen c en d"], klein=[])
    assert tekst == (
        "Het verschil in hulp tussen a en b is aantoonbaar. Tussen c en d is het verschil niet "
        "aantoonbaar."
    )
    assert alinea("oordelen", wat="hulp", sig=[], niet=[], klein=["tussen e en f"]) == (
        "Of hulp verschilt tussen e en f, is niet te zeggen: daarvoor zijn te weinig respondenten."
    )


@pytest.mark.parametrize(("kanaal", "adres"), [("e-mail", "e-mailadres"), ("brief", "postadres")])
def test_how_the_invitation_went_is_worded_from_the_years_meta(h, kanaal, adres):
    """The B1 page and the chapters say what the year's meta.yml says ('We stuurden een
    brief' was printed for a year invited by e-mail)."""
    assert templates.render("{{ z.adres() }}", {"meta": {"uitnodiging": kanaal}}) == adres
    nb = json.loads((ROOT / "chapters" / "wat_hebben_we_gehoord.ipynb").read_text("utf-8"))
    cel = next("".join(c["source"]) for c in nb["cells"] if "".join(c["source"]).startswith("%%"))
    ctx = summaries.context_eenvoudig(h, "nl")
    ctx["meta"] = {**ctx["meta"], "uitnodiging": kanaal}
    uit = templates.render(cel.split("\n", 1)[1], ctx)
    assert f"We stuurden een {kanaal} aan" in uit
    assert ("brief" in uit) == (kanaal == "brief")


def test_a_summary_without_the_municipalitys_text_leaves_the_section_out(h):
    for naam, taal in [("wat_hebben_we_gehoord", "nl"), ("what_we_heard", "en")]:
        nb = json.loads((ROOT / "chapters" / f"{naam}.ipynb").read_text("utf-8"))
        cel = next(
            "".join(c["source"]) for c in nb["cells"] if "".join(c["source"]).startswith("%%")
        )
        ctx = {**summaries.context_eenvoudig(h, taal), "gemeente": lambda: ""}
        uit = templates.render(cel.split("\n", 1)[1], ctx)
        assert "Wat doet de gemeente" not in uit and "What does the municipality" not in uit
        ctx["gemeente"] = lambda: "De gemeente bespreekt de uitkomsten met de taalscholen."
        uit = templates.render(cel.split("\n", 1)[1], ctx)
        assert "De gemeente bespreekt de uitkomsten met de taalscholen." in uit


def test_the_text_layer_reads_of_a_chapter_only_what_its_protocol_declares(h):
    """text/source.Hoofdstukbron is the text layer's whole view of a chapter: every member a
    text module reads (``h.x``, ``self._h.x``) is declared there, and the chapter has it."""
    import re

    from analysis.text import source

    gelezen = {
        m.group(2)
        for p in (ROOT / "analysis" / "text").glob("*.py")
        for m in re.finditer(r"\b(self\._h|h)\.([a-z_]+)", p.read_text(encoding="utf-8"))
    }
    verklaard = set(source.Hoofdstukbron.__annotations__) | {
        n for n in vars(source.Hoofdstukbron) if not n.startswith("_")
    }
    assert gelezen and gelezen <= verklaard, sorted(gelezen - verklaard)
    assert [n for n in sorted(verklaard) if not hasattr(h, n)] == []


def test_a_chapter_says_once_how_many_of_its_figures_changed(h24):
    """Section after section said 'is sinds 2023 niet aantoonbaar veranderd': the chapter now
    says it once, with the count of figures that did change, from the same estimates."""
    ctx = context.context(h24)
    tekst = templates.render('{{ z.veranderd_in_hoofdstuk("taal") }}', ctx)
    s = ctx["sinds_vorige"]("taal")
    assert s["bekend"] > s["veranderd"] >= 1  # 2024: 'spannend' among asielstatushouders
    assert f"Van de {telwoord(s['bekend'])} cijfers" in tekst and "één aantoonbaar" in tekst
    stil = templates.render('{{ z.veranderd_in_hoofdstuk("werk") }}', ctx)
    assert ctx["sinds_vorige"]("werk")["veranderd"] == 0
    assert stil.startswith("Sinds 2023 is geen van de cijfers in dit hoofdstuk aantoonbaar")


def test_the_change_message_does_not_repeat_a_change_a_key_message_told(h24):
    """A year whose headline messages carry its largest change said it twice in a row (the
    reversed variant): the change message then names another change, or points up."""
    ctx = context.context(h24)
    v = ctx["veranderingen"]()
    vers = templates.render("{{ z.verandering_boodschap(p, 2023) }}", {**ctx, "p": v})
    assert f"van {v[0].a} naar {v[0].b}" in vers
    gezegd = templates.render("{{ z.verandering_boodschap(p, 2023, gezegd=p) }}", {**ctx, "p": v})
    assert f"van {v[0].a} naar {v[0].b}" not in gezegd and "hierboven" in gezegd


def test_the_change_message_does_not_repeat_a_measure_a_key_message_told_for_another_group(h24):
    """Seen in the reversed variant: the headline told the change of betaald werk among
    asielstatushouders, the change message then that among gezinsmigranten."""
    from dataclasses import replace

    ctx = context.context(h24)
    v = ctx["veranderingen"]()
    ander = replace(v[0], wie="gezinsmigranten", a="11%", b="22%")
    tekst = templates.render(
        "{{ z.verandering_boodschap(p, 2023, gezegd=g) }}", {**ctx, "p": [v[0], ander], "g": [v[0]]}
    )
    assert "van 11% naar 22%" not in tekst and "hierboven" in tekst


def test_a_figure_title_against_the_utrecht_figure_never_claims_equality_the_test_lacks():
    """'ongeveer even groot als' was said of every difference that was not demonstrable;
    it belongs only to a difference within the equivalence margin."""

    class U:
        bekend, hoger, lager, wie = True, False, False, "alle Utrechters"

        def __init__(self, gelijk: bool) -> None:
            self.gelijk = gelijk

    def titel(u: U) -> str:
        return " ".join(
            templates.render("{{ z.figuurtitel_utrecht(u, 'x doet') }}", {"u": u}).split()
        )

    assert titel(U(False)).endswith("x doet, niet aantoonbaar anders dan onder alle Utrechters")
    assert titel(U(True)).endswith("x doet, ongeveer even groot als onder alle Utrechters")


@pytest.mark.parametrize(
    ("k", "verwacht"),
    [
        (0, "op geen van deze vier punten"),
        (2, "op twee van de vier punten aantoonbaar, het sterkst in het aandeel dat x doet"),
        (4, "op alle vier punten aantoonbaar, het sterkst"),
    ],
)
def test_a_title_over_several_measures_counts_the_differences_in_words(k, verwacht):
    tekst = templates.render(
        "{{ z.figuurtitel_meer(k, 4, 'asielstatushouders en gezinsmigranten', 'x doet') }}",
        {"k": k},
    )
    tekst = " ".join(tekst.split())
    assert tekst.startswith("Asielstatushouders en gezinsmigranten verschillen ")
    assert verwacht in tekst


def test_a_title_that_cannot_compare_names_the_small_group_and_two_measures_are_beide():
    """Seen in the variants: thirteen captions 'Te weinig respondenten in een van de groepen',
    'op alle twee punten', and a title with the register's '(niet: volgt taalles)'."""

    class V:
        te_klein, aantoonbaar, niemand_of_iedereen, te_weinig, uiterst = (
            True, False, "", "gezinsmigranten", "",
        )  # fmt: skip

    def render(macro: str, **ctx: object) -> str:
        return " ".join(templates.render("{{ z." + macro + " }}", ctx).split())

    assert render("figuurtitel_groepen(v, 'x doet')", v=V()) == (
        "Te weinig gezinsmigranten in de enquête om de groepen te vergelijken"
    )
    wie = "asielstatushouders en gezinsmigranten"
    assert "op beide punten aantoonbaar" in render("figuurtitel_meer(2, 2, wie, 'x doet')", wie=wie)
    v = V()
    v.te_klein, v.uiterst = False, "niemand"
    titel = render("figuurtitel_paar(v, 'x doet', 'wie les volgt', 'wie niet', 'doet x')", v=v)
    assert titel == "Niemand onder wie les volgt en wie niet doet x"
