# supportbot: `make run` starts the bot, `make test` runs the linters (ruff, mypy) and the whole suite.
# Both create .venv and install the project (with its test tools) when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench kb-eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/supportbot run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/kb_bench.py

kb-eval: $(STAMP)
	$(BIN)/supportbot kb eval ../shared/eval/banking77-dev
	$(BIN)/supportbot kb eval benchmarks/datasets/fr-starter
	$(BIN)/supportbot kb eval benchmarks/datasets/en-starter

clean:
	rm -rf $(VENV) var .pytest_cache
