# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo-reset demo test install lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

PORT ?= 8000
HOST ?= 127.0.0.1

demo: $(BIN)/.installed  ## make demo [PORT=8080] [HOST=0.0.0.0]
	$(BIN)/carbonpeak demo --port $(PORT) --host $(HOST)

demo-reset:  ## start the demo again from an empty database (var/carbonpeak.sqlite3)
	rm -f var/carbonpeak.sqlite3

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	bash scripts/ensure-chromium
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
