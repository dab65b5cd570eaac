# Inburgering Desktop. The two commands that matter:
#   make run    start the program (installs what is missing first)
#   make test   run every test, headless
# Both work from a fresh clone on a bare Debian 12 machine: they install the few Debian
# packages Qt needs (only those missing), create .venv and install the project into it.
# Extra arguments: make test ARGS="-k i18n -x"   make run ARGS="--db /tmp/test.db"

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install; pip runs again only when pyproject.toml is newer.
STAMP := $(VENV)/.installed-stamp
ARGS ?=
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
# Languages with a catalog besides Dutch, the msgid language.
LANGUAGES := en

# Qt's wheels link these even offscreen (libdbus too: libQt6Gui links libQt6DBus).
QT_DEBS := libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
# A real window on X11 (or XWayland) also needs the xcb platform plugin's libraries.
XCB_DEBS := libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
            libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
# pdftotext/pdffonts, for the tests that check rendered letters.
TEST_DEBS := poppler-utils

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_PROGRESS_BAR := off

.PHONY: help run test lint catalogs letter-catalogs bench install clean distclean

help:
	@echo "make run        start Inburgering Desktop (ARGS=... passes arguments)"
	@echo "make test       run all tests headless (ARGS=... passes pytest arguments)"
	@echo "make lint       ruff check"
	@echo "make catalogs   extract messages to translations/messages.pot, update the .po files"
	@echo "make letter-catalogs  the same for the letters (translations/letters/)"
	@echo "make bench      run the benchmarks"
	@echo "make install    only set up .venv (Debian packages for Qt, editable install)"
	@echo "make clean      remove caches and build output; make distclean also removes .venv"

$(BIN)/python:
	@# Debian splits venv/ensurepip off into python3-venv.
	@if ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then .ci/ensure-debs python3-venv; fi
	@# Only reached when .venv has no interpreter, i.e. it is absent or broken.
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

install: $(STAMP)

run: $(STAMP)
	@debs="$(QT_DEBS)"; \
	if [[ -n "$${DISPLAY:-}" || -n "$${WAYLAND_DISPLAY:-}" ]]; then debs="$$debs $(XCB_DEBS)"; \
	elif [[ -z "$${QT_QPA_PLATFORM:-}" ]]; then \
	  echo "make run: no DISPLAY or WAYLAND_DISPLAY; Qt will not find a screen" >&2; fi; \
	.ci/ensure-debs $$debs
	$(BIN)/inburgering-desktop $(ARGS)

test: $(STAMP)
	.ci/ensure-debs $(QT_DEBS) $(TEST_DEBS)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# The same keywords as babel.cfg (which newer Babel also reads), for Babel versions that do not.
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k ngettext:1,2 \
	  --project="Inburgering Desktop" --version="$(VERSION)" \
	  --copyright-holder="Inburgering Desktop contributors" \
	  --sort-by-file --add-location=file -o translations/messages.pot .
	@for lang in $(LANGUAGES); do \
	  if [[ -f translations/$$lang/LC_MESSAGES/messages.po ]]; then \
	    $(BIN)/pybabel update -i translations/messages.pot -d translations -l $$lang \
	      --ignore-obsolete --no-fuzzy-matching; \
	  else \
	    $(BIN)/pybabel init -i translations/messages.pot -d translations -l $$lang; \
	  fi; \
	done
	@echo "Now translate the empty and fuzzy entries; tests/test_i18n.py lists any left."

# The letters have their own catalog domain (translations/letters/). Not `pybabel update`: it
# drops the X-Certified-Translation header, which this keeps (and resets to "no" when a text
# changes, since a certified check no longer covers it).
letter-catalogs: $(STAMP)
	$(BIN)/python -c "from inburgering_desktop.documents import texts; texts.extract_letter_messages(); print(texts.update_letter_catalogs())"

bench: $(STAMP)
	.ci/ensure-debs $(QT_DEBS)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BIN)/python benchmarks/run.py $(ARGS)

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis ./*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
