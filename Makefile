# Two Hats: every target sets up what it needs, so a fresh clone only runs `make serve` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SEED ?= 1
REPS ?= 20
PORT ?= 8000

.PHONY: install browser results site serve test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

install: $(STAMP)

browser:
	@bash .ci/install-chromium

results: $(STAMP)
	$(VENV)/bin/twohats validate scenarios/*.yaml
	for f in scenarios/*.yaml; do \
	  $(VENV)/bin/twohats run $$f --reps $(REPS) --seed $(SEED) --out results/ --force --quiet || exit 1; \
	done

site: $(STAMP)
	$(PY) -m sim.site
	$(PY) web/build.py
	$(VENV)/bin/mkdocs build --strict --quiet

# Serves at once; the simulated pages fill in while it serves (sim/site/serve.py says how).
serve: $(STAMP)
	$(PY) -m sim.site.serve --port $(PORT)

# Test modules are spread over the cores; --dist loadscope keeps each module (and the
# browser page its tests share) in one worker.
test: $(STAMP) browser site
	$(PY) -m ruff check sim tests
	$(PY) -m pytest -q -n auto --dist loadscope

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser"

lint: $(STAMP)
	$(PY) -m ruff check sim tests
	$(PY) -m ruff format --check sim tests

# web/build.py first: the Pyodide/native ratio times the what-if page's runtime with this checkout's model.
bench: $(STAMP)
	$(PY) web/build.py
	$(PY) -m sim.bench

clean:
	rm -rf site results docs/assets/generated docs/_snippets/generated
