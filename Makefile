# Utrecht integration monitor -- the commands of the README.
#   make report            set up (first time) and build the newest year
#   make report JAAR=2023  build another year
#   make test              set up (first time) and run the test suite
#   make verify JAAR=2023  re-execute everything and compare with the build (reviewers)
#   make bench             time the execution stage against the naive papermill loop
#   make data              regenerate the synthetic waves from data/synth/<jaar>.yml
#   make intake DELIVERY=levering.sav JAAR=2025   the bureau's .sav/.xlsx -> data/<jaar>/enquete.csv

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.requirements-installed
JAAR   ?=

.PHONY: setup report test verify bench data intake lint clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@echo ">> Omgeving opzetten in $(VENV) (eenmalig, enkele minuten: pakketten uit requirements.txt)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

report: setup
	$(PY) -m analysis.pipeline $(if $(JAAR),--jaar $(JAAR),)

test: setup
	$(PY) -m pytest

verify: setup
	$(PY) -m analysis.verify $(if $(JAAR),--jaar $(JAAR),)

bench: setup
	$(PY) -m analysis.bench $(if $(JAAR),--jaar $(JAAR),)

data: setup
	$(PY) -m analysis.synth --year 2023
	$(PY) -m analysis.synth --year 2024

intake: setup
	@test -n "$(DELIVERY)" -a -n "$(JAAR)" || { echo "Gebruik: make intake DELIVERY=<levering.sav|.xlsx> JAAR=<jaar> [OVERSCHRIJF=1]"; exit 2; }
	$(PY) -m analysis.intake "$(DELIVERY)" --jaar $(JAAR) $(if $(OVERSCHRIJF),--overschrijf,)

lint: setup
	$(PY) -m ruff check analysis tests

clean:
	rm -rf build
