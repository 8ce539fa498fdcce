# PeerHouse: `make run` and `make test` do all the set-up they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots build clean-venv

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

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m peerhouse.ui.screenshots resources/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) -m peerhouse.ui.kiosk.shots resources/screenshots

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/benchmarks -q -s

# dist/PeerHouse/: the frozen program (PeerHouse = windows, peerhouse-cli = command line).
build: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,build]"
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

clean-venv:
	rm -rf $(VENV)
