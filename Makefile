# Hamyar: `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-frozen lint format typecheck i18n forms screenshots bench package clean venv

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hamyar $(if $(DB),--db $(DB),)

lint: $(STAMP)
	$(PY) -m ruff check desktop tests bench
	$(PY) -m ruff format --check desktop tests bench

typecheck: $(STAMP)
	$(PY) -m mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# Only the frozen-build test: builds build.spec into a temp folder and runs the bundle (~1 min).
# It also runs in `make test`; `pytest -m "not frozen"` leaves it out.
test-frozen: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m frozen tests/packaging

format: $(STAMP)
	$(PY) -m ruff format desktop tests bench
	$(PY) -m ruff check --fix desktop tests bench

# Compile the Qt Designer sources ui/NAME.ui into desktop/gui/forms/ui_NAME.py (generated code,
# committed, never edited by hand; tests/gui/test_compiled_forms.py fails when it is stale).
UI_SOURCES := $(wildcard ui/*.ui)
forms: $(STAMP)
	@for ui in $(UI_SOURCES); do \
		name=$$(basename $$ui .ui); \
		echo "pyside6-uic $$ui -> desktop/gui/forms/ui_$$name.py"; \
		$(VENV)/bin/pyside6-uic $$ui -o desktop/gui/forms/ui_$$name.py || exit 1; \
	done

# Extract every translatable string (Python and .ui) and merge it into the catalogs.
i18n: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k _ -k ngettext:1,2 \
		--no-location --sort-output -o resources/locale/messages.pot .
	$(VENV)/bin/pybabel update -i resources/locale/messages.pot -d resources/locale \
		--no-fuzzy-matching --ignore-obsolete

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop.gui.screenshots docs

bench: $(STAMP)
	$(PY) bench/run_all.py

package: $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm build.spec

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
