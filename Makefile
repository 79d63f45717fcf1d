# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Two installs: serving needs the app and the embedded database; the tests
# and the linter add their tools on top.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test fuzz bench bench-serving wrk backup restore lint format browser clean

# pip is the last thing venv installs: without it the venv is half made.
$(PIP):
	$(PYTHON) -m venv $(VENV) || { echo "Python's venv module is missing: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt requirements-run.txt | $(PIP)
	$(PY) -m pip install --quiet -r requirements-run.txt
	touch $(RUN_STAMP)

$(TEST_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(TEST_STAMP)

run: $(RUN_STAMP)
	$(PY) -m cleaning_app.run

# The browser tests drive Debian's Chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# One pytest worker per core (pytest-xdist); plain `pytest` runs in one process.
test: $(TEST_STAMP) browser
	$(PY) -m pytest -n auto

# The hostile-input tests with twenty times the examples `make test` runs
# (2000 per form or page), new ones each run.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -n auto tests/test_hostile_input.py

# The benchmarks drive the pages with wrk; install it when it is missing.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing wrk for the benchmark..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# Issue 13's pages on a seeded database: bench/report.md and .json
# (bench/pages.py; ARGS="--reseed", "--seconds 20", "--app DIR", ...).
bench: $(RUN_STAMP) wrk
	$(PY) -m bench.pages $(ARGS)

# Serving set-ups compared (throughput, slow clients) and the feed's deep pages.
bench-serving: $(RUN_STAMP) wrk
	$(PY) -m bench.feed_pages
	$(PY) -m bench.serving

# Reliability drills against make run's serving set-up on a throwaway seeded
# database: load, a database outage, signals, slow clients, bounded waits.
# Minutes long; exits 1 when a figure misses its bound (docs/reliability.md).
.PHONY: drills
drills: $(RUN_STAMP)
	$(PY) -m drills $(ARGS)

# Backups of make run's database (DATABASE_URL's when it is set); see the
# README. `make restore FILE=...` replaces what the database holds.
backup: $(RUN_STAMP)
	$(PY) -m cleaning_app.localdb backup $(FILE)

restore: $(RUN_STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=instance/backups/<name>.dump"; exit 2; }
	$(PY) -m cleaning_app.localdb restore --clean "$(FILE)"

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(TEST_STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
