# fieldcheck: `make run` serves the product with a demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := chromium poppler-utils postgresql-client fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast test-slow bench system-deps install clean

run: install
	$(BIN)/fieldcheck demo
	$(BIN)/fieldcheck serve --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not e2e and not slow"

test-slow: install system-deps
	$(BIN)/pytest -m slow --run-slow

# Every bench runs, even after one fails; the failures are listed at the end.
bench: install system-deps
	@failed=""; for script in bench/bench_*.py; do echo "== $$script"; \
		$(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "benches that failed:$$failed"; exit 1; fi

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# Browsers and PDF tools come from Debian; nothing downloads its own binaries.
system-deps:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "missing system packages:$$missing (install them with: sudo apt-get install$$missing)"; \
			exit 1; \
		fi; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache
