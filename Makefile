# The README's two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ROWS ?= 200000
DATA_DIR ?= data
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: install install-dev run demo etl serve test test-fast lint bench geodata image clean

# constraints.txt pins every dependency to the versions tested (README, "Deploying").
# `make run` needs the app alone; tests, lint and benches add the test extra and the Spark
# engine (a JVM-backed extra the dashboard never needs).
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,spark]'
	touch $@

# Browser-side packages from the npm registry, installed into build/node (ignored, never
# committed): plotly.js's geo-only and basic bundles, served to pages that need only those
# traces (they must match the plotly.js inside the Python plotly package), the regenerator
# runtime (all Dash needs from its legacy polyfill bundle), and axe-core for the accessibility
# tests.
# Without npm the app falls back to the full plotly.js and the axe tests are skipped.
PLOTLYJS_VERSION = $(shell $(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())" 2>/dev/null)
NODE_DIR := build/node
$(NODE_DIR)/.installed: Makefile $(BIN)/.installed
	@mkdir -p $(NODE_DIR)
	@if command -v npm >/dev/null; then \
	  npm install --prefix $(NODE_DIR) --no-audit --no-fund --silent axe-core@4 \
	    plotly.js-geo-dist-min@$(PLOTLYJS_VERSION) plotly.js-basic-dist-min@$(PLOTLYJS_VERSION) \
	    regenerator-runtime@0.14 \
	    && touch $@; \
	else echo "npm not found: browser accessibility tests will be skipped"; fi

install: $(BIN)/.installed $(NODE_DIR)/.installed

install-dev: install $(BIN)/.installed-dev

# Demo records are written once per size; rerunning `make run` reuses them.
$(DATA_DIR)/.demo-$(DEMO_ROWS): $(BIN)/.installed
	$(BIN)/fotavtrykk demo-data --rows $(DEMO_ROWS) --out $(DATA_DIR)/inbox
	touch $@

demo: $(DATA_DIR)/.demo-$(DEMO_ROWS)

etl: demo
	$(BIN)/fotavtrykk etl run

serve: install
	$(BIN)/fotavtrykk serve

run: etl serve

test: install-dev
	$(BIN)/python -m pytest -q

# The inner loop: everything but browser, PostgreSQL, kill, store-comparison and rebuild tests.
test-fast: install-dev
	$(BIN)/python -m pytest -q -n auto -m "not browser and not postgres and not slow"

lint: install-dev
	$(BIN)/ruff check core etl dashboard tests bench

# Lighthouse (npm) for the dashboard bench, installed on first use into build/node.
$(NODE_DIR)/.lighthouse: $(NODE_DIR)/.installed
	@if command -v npm >/dev/null; then \
	  npm install --prefix $(NODE_DIR) --no-audit --no-fund --silent lighthouse@12 && touch $@; \
	else echo "npm not found: the dashboard bench skips Lighthouse"; fi

bench: install-dev $(NODE_DIR)/.lighthouse
	$(BIN)/python -m bench.run

geodata: install
	$(BIN)/fotavtrykk geodata build

# The image as the slow test builds it (Podman on a local Debian base, see tests/deploy/).
image: install-dev
	$(BIN)/python -m pytest -q -s tests/deploy/test_image.py

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache
