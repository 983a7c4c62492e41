# Two Hats: every target sets up what it needs, so a fresh clone only runs `make serve` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SEED ?= 1
REPS ?= 20
PORT ?= 8000

# uv installs the locked versions (uv.lock). It is itself installed by the Python that runs make,
# with pip into a folder of this checkout, so nothing is installed globally. uv uses the index
# pip is configured with here (.ci/pip-index-url), and never downloads a Python of its own.
UV_VERSION := 0.13.10
UV := .tools/uv/bin/uv
# Asked only by the recipes that run uv: with no index set for pip, uv keeps its default.
UV_RUN = index="$$($(PYTHON) .ci/pip-index-url)"; $${index:+env UV_DEFAULT_INDEX="$$index"} $(UV)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install lock browser results site fragments whatif checks serve test test-fast lint bench clean

$(UV):
	$(PYTHON) -m pip install --quiet --quiet --root-user-action=ignore \
	  --target .tools/uv 'uv==$(UV_VERSION)'

# --locked: exactly the versions in uv.lock, and an error if pyproject.toml has moved on
# without `make lock`. --compile-bytecode: uv, unlike pip, leaves the packages uncompiled, and
# where PYTHONDONTWRITEBYTECODE is set (as on the project's VM) every Python process then
# compiles numpy, scipy, matplotlib and pydantic again: about 3 CPU s each, against 25 once here.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV_RUN) sync --locked --compile-bytecode --extra dev --extra cluster \
	  --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $(STAMP)

install: $(STAMP)

# Re-resolves every dependency to the newest release pyproject.toml allows.
lock: | $(UV)
	$(UV_RUN) lock --upgrade

browser:
	@bash .ci/install-chromium

results: $(STAMP)
	$(VENV)/bin/twohats validate scenarios/*.yaml
	for f in scenarios/*.yaml; do \
	  $(VENV)/bin/twohats run $$f --reps $(REPS) --seed $(SEED) --out results/ --force --quiet || exit 1; \
	done

# The simulated fragments (CPU), the what-if runtime (mostly downloads) and, for the tests,
# Chromium (apt) and the static checks do not wait on each other, so they run side by side;
# then the strict build.
site: $(STAMP)
	$(MAKE) --no-print-directory -j4 --output-sync=target fragments whatif \
	  $(if $(WITH_BROWSER),browser) $(if $(WITH_CHECKS),checks)
	$(VENV)/bin/mkdocs build --strict --quiet

fragments: $(STAMP)
	$(PY) -m sim.site

whatif: $(STAMP)
	$(PY) web/build.py

# Serves at once; the simulated pages fill in while it serves (sim/site/serve.py says how).
serve: $(STAMP)
	$(PY) -m sim.site.serve --port $(PORT)

# ruff and mypy (about 17 CPU seconds cold) run beside the site's simulations, not after them.
# Test modules are spread over the cores; --dist loadscope keeps each module (and the
# browser page its tests share) in one worker.
test: $(STAMP)
	$(MAKE) --no-print-directory site WITH_BROWSER=1 WITH_CHECKS=1
	$(PY) -m pytest -q -n auto --dist loadscope --durations=25

checks: $(STAMP)
	$(PY) -m ruff check sim tests
	$(PY) -m mypy

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser"

lint: $(STAMP)
	$(PY) -m ruff check sim tests
	$(PY) -m ruff format --check sim tests
	$(PY) -m mypy

# web/build.py first: the Pyodide/native ratio times the what-if page's runtime with this checkout's model.
bench: $(STAMP)
	$(PY) web/build.py
	$(PY) -m sim.bench

clean:
	rm -rf site results docs/assets/generated docs/_snippets/generated
