# PeerHouse: `make run` and `make test` do all the set-up they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots translations dist dist-check build clean-venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/peerhouse $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check peerhouse tests
	$(VENV)/bin/lint-imports

# The tests run on every core (pytest-xdist); a test file's tests stay on one worker, so a
# module's shared demo house is built once. `make test WORKERS=0` runs them in one process.
WORKERS ?= auto
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(WORKERS) --dist loadfile

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m peerhouse.ui.devtools.screenshots resources/screenshots --screen 1366x768
	d=$$(mktemp -d) && QT_QPA_PLATFORM=offscreen $(PY) -m peerhouse.ui.devtools.screenshots $$d --screen 1024x768; \
		status=$$?; rm -rf $$d; exit $$status
	QT_QPA_PLATFORM=offscreen $(PY) -m peerhouse.ui.devtools.kiosk_shots resources/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) -m peerhouse.ui.devtools.kiosk_shots resources/screenshots --language es

# The catalogs (docs/i18n.md): every message marked in peerhouse/ into the template
# peerhouse.pot, merged into each language's .po (translators work there), compiled into
# the .mo the program reads. All three are committed. The -k functions are
# peerhouse.i18n.catalog.EXTRACT_KEYWORDS (a test keeps them in step).
LOCALE := peerhouse/locale
BABEL := $(VENV)/bin/pybabel
translations: $(STAMP)
	mkdir -p $(LOCALE)
	$(BABEL) -q extract -F babel.cfg -k lazy -k lazy_plural:1,2 -k plazy:1c,2 -c "Translators:" \
		--project PeerHouse --copyright-holder PeerHouse --sort-by-file --width 100 \
		-o $(LOCALE)/peerhouse.pot peerhouse
	$(BABEL) -q update -D peerhouse -i $(LOCALE)/peerhouse.pot -d $(LOCALE) -l es \
		--init-missing --ignore-pot-creation-date --no-fuzzy-matching --ignore-obsolete --width 100
	$(BABEL) compile -D peerhouse -d $(LOCALE) --statistics

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/benchmarks -q -s

# dist/peerhouse/: the built program (peerhouse = the windows, peerhouse-cli = command line),
# rebuilt when the code, resources, spec or dependencies change. dist-check tries it from
# the bundle alone (tests/dist_check.py); `build` is the old name of `dist`.
BUILD_STAMP := $(VENV)/.installed-build
DIST_EXE := dist/peerhouse/peerhouse
DIST_INPUTS := build.spec pyproject.toml $(shell find peerhouse resources -type f \
	-not -path '*/__pycache__/*' -not -path 'resources/screenshots/*' 2>/dev/null)

$(BUILD_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,build]"
	touch $(BUILD_STAMP)

$(DIST_EXE): $(BUILD_STAMP) $(DIST_INPUTS)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
	touch $(DIST_EXE)

dist: $(DIST_EXE)
	@du -sh dist/peerhouse

build: dist

dist-check: $(DIST_EXE)
	$(PY) tests/dist_check.py dist/peerhouse

clean-venv:
	rm -rf $(VENV)
