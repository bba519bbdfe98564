# Utrecht integration monitor -- the commands of the README.
#   make report            set up (first time) and build the newest year
#   make report JAAR=2023  build another year
#   make test              set up (first time) and run the test suite
#   make verify JAAR=2023  re-execute everything and compare with the build (reviewers)
#   make preview HOOFDSTUK=03_taal JAAR=2024 [VOLG=1]   one chapter executed and its page rendered
#   make bench             time the execution stage against the naive papermill loop
#   make data              regenerate the synthetic waves from data/synth/<jaar>.yml
#   make intake DELIVERY=levering.sav JAAR=2025   the bureau's .sav/.xlsx -> data/<jaar>/enquete.csv
#   make site              every year built and rendered, assembled into one website (build/site)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.requirements-installed
JAAR   ?=

.PHONY: setup report test verify bench data intake lint clean preview site

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@echo ">> Omgeving opzetten in $(VENV) (eenmalig, enkele minuten: pakketten uit requirements.txt)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(MAKE) --no-print-directory quarto
	@touch $(STAMP)

# Quarto (>= 1.9) renders HTML and PDF. Where none is found (venv or PATH), the set-up tries
# the quarto-cli package, pinned to the release the book is checked with. That package
# downloads Quarto while it builds: on a machine that reaches package registries but not
# the internet it fails within seconds, and the set-up goes on -- `make report` then says
# that rendering was skipped (exit 3). Not part of requirements.txt for the same reason.
QUARTO_CLI ?= quarto-cli==1.9.38
.PHONY: quarto
quarto:
	@if $(PY) -c "import sys; from analysis.publication.render import find_quarto, QuartoMissing; \
	  exec('try:\n find_quarto()\nexcept QuartoMissing:\n sys.exit(1)')" 2>/dev/null; then \
	  echo ">> Quarto gevonden: $$($(PY) -c 'from analysis.publication.render import find_quarto; print(find_quarto())')"; \
	elif $(PY) -m pip install --quiet --disable-pip-version-check $(QUARTO_CLI) >$(VENV)/quarto-install.log 2>&1; then \
	  echo ">> Quarto geinstalleerd in $(VENV) ($(QUARTO_CLI))"; \
	else \
	  echo ">> Quarto kon niet worden geinstalleerd ($(QUARTO_CLI); zie $(VENV)/quarto-install.log)."; \
	  echo "   De set-up gaat door; renderen naar HTML en PDF wordt overgeslagen tot Quarto er is (README: Quarto)."; \
	fi

report: setup
	$(PY) -m analysis.pipeline $(if $(JAAR),--jaar $(JAAR),)

test: setup
	$(PY) -m pytest

# Every year of data/ built and rendered (cached: an unchanged year costs nothing), then
# assembled into one website in build/site/ (README: Publishing the website).
site: setup
	@for j in $$($(PY) -c "from analysis.data.paths import available_years; print(*available_years())"); do \
	  $(MAKE) --no-print-directory report JAAR=$$j || exit $$?; \
	done
	$(PY) -m analysis.site

preview: setup
	@test -n "$(HOOFDSTUK)" || { echo "Gebruik: make preview HOOFDSTUK=03_taal [JAAR=2024] [VOLG=1]"; exit 2; }
	$(PY) -m analysis.preview "$(HOOFDSTUK)" $(if $(JAAR),--jaar $(JAAR),) $(if $(VOLG),--volg,)

verify: setup
	$(PY) -m analysis.verify $(if $(JAAR),--jaar $(JAAR),)

bench: setup
	$(PY) -m analysis.bench $(if $(JAAR),--jaar $(JAAR),)

data: setup
	$(PY) -m analysis.synth --year 2023
	$(PY) -m analysis.synth --year 2024

intake: setup
	@test -n "$(DELIVERY)" -a -n "$(JAAR)" || { echo "Gebruik: make intake DELIVERY=<levering.sav|.xlsx> JAAR=<jaar> [OVERSCHRIJF=1] [WERKBLAD=naam]"; exit 2; }
	$(PY) -m analysis.intake "$(DELIVERY)" --jaar $(JAAR) $(if $(OVERSCHRIJF),--overschrijf,) $(if $(WERKBLAD),--werkblad "$(WERKBLAD)",)

lint: setup
	$(PY) -m ruff check analysis tests

clean:
	rm -rf build
