"""Readability of the summaries for respondents (analysis.checks.readability), measured."""

from __future__ import annotations

from analysis.checks import readability as lb

EENVOUDIG = """
## Wie hebben we iets gevraagd?

We stelden vragen aan mensen in Utrecht. Er gaven 301 mensen antwoord. Dank u wel!

- **Werk.** Ongeveer 4 van de 10 mensen (41%) hebben betaald werk.
- **Geld.** Ongeveer 2 van de 10 mensen (18%) hebben problemen met geld.

Ga naar het buurtteam in uw wijk [@utrecht2024monitorinburgering].
"""

MOEILIJK = (
    "De respons op de steekproef bedroeg 27,3 procent, waarbij het betrouwbaarheidsinterval "
    "van de geschatte proportie inburgeraars met betaalde arbeid, gecorrigeerd voor "
    "non-responsvertekening via kalibratiegewichten, significant afwijkt van de referentie."
)


def test_plain_dutch_passes_every_rule():
    m = lb.meet(EENVOUDIG, "nl")
    assert not m.fouten, m.fouten
    assert m.flesch_douma is not None and m.frequent is not None


def test_markdown_marks_citations_and_headings_are_not_read_as_words():
    zinnen = lb.leesbare_tekst(EENVOUDIG)
    assert zinnen[0] == "Wie hebben we iets gevraagd?"
    assert "Werk." in zinnen
    assert not any("@" in z or "*" in z for z in zinnen)


def test_a_long_sentence_with_statistics_and_rare_words_breaks_every_rule():
    m = lb.meet(MOEILIJK, "nl")
    regels = " ".join(m.fouten)
    assert "woorden per zin" in regels
    assert "Flesch" in regels
    assert "veelgebruikte woorden" in regels and "kalibratiegewichten" in m.zeldzaam
    assert {"respons", "steekproef", "interval", "significant"} <= set(m.verboden)


def test_numbers_and_names_are_not_counted_as_rare_words():
    m = lb.meet("Er gaven 1.102 mensen antwoord aan VluchtelingenWerk in Utrecht.", "nl")
    assert m.frequent == 1.0 and not m.zeldzaam


def test_a_statistical_term_in_english_is_found_at_the_start_of_a_word():
    m = lb.meet("The difference is significantly larger. Thank you!", "en")
    assert m.verboden == ["significant"]
    assert lb.meet("Thank you for your answers.", "en").fouten == []


def test_the_cli_reports_a_missing_summary_with_exit_1(tmp_path, capsys):
    assert lb.main([str(tmp_path)]) == 1
    assert "niet gevonden" in capsys.readouterr().err
