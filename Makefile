# supportbot: `make run` starts the bot, `make test` runs the linters (ruff, mypy) and the whole suite.
# Both create .venv and install the project (with its test tools) when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench bench-core bench-footprint bench-scale bench-chat fault kb-eval kb-calibrate clean

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

# Speed, each beside a baseline measured in the same run; then whole intakes replayed; then the
# core's turns and the bot's start-up and memory (README, "Performance").
bench: $(STAMP)
	$(BIN)/python benchmarks/kb_bench.py --sizes 1000 10000 --baseline
	$(BIN)/python benchmarks/kb_bench.py --long --sizes 200 --baseline --queries 300
	$(BIN)/python benchmarks/intake_replay.py
	$(MAKE) bench-core bench-footprint bench-scale

# Whole intakes through the desk beside a bare one-row transaction, SQLite and PostgreSQL, 1/10/100 users.
bench-core: $(STAMP)
	$(BIN)/python -m benchmarks.core $(CORE_ARGS)

# 1 vs 2 processes (and 2 ingress + 1 worker) on one PostgreSQL, Telegram webhook behind a round-robin balancer:
# turns/s and its ratio, latency, errors, duplicates, CPU. SCALE_ARGS="--people 100" for a bigger crowd.
bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.scale $(SCALE_ARGS)

# The fault campaigns (tests/fault): the real `supportbot run` killed with SIGKILL and fed platform faults
# while a crowd does whole intakes, SQLite and PostgreSQL; each prints its tally. FAULT_LONG=1: longer runs.
fault: $(STAMP)
	SUPPORTBOT_FAULT_LONG=$(FAULT_LONG) $(BIN)/python -m pytest tests/fault -m fault -s $(PYTEST_ARGS)

# Turns/s and answer latency for 1, 10 and 100 customers on Telegram and Slack against the fakes, beside
# bare python-telegram-bot and slack-bolt echo bots; platform calls per turn; filing to agents' card.
bench-chat: $(STAMP)
	$(BIN)/python -m benchmarks.chat $(CHAT_ARGS)

# Start-up of the commands and resident memory, beside Python, typer and a python-telegram-bot echo bot.
# FOOTPRINT_ARGS="--before DIR" adds an earlier source tree (git archive main | tar -x -C DIR) side by side.
bench-footprint: $(STAMP)
	$(BIN)/python -m benchmarks.footprint $(FOOTPRINT_ARGS)

# Quality on every shipped set (with whole intakes replayed), then the cross-domain probes:
# each shipped query set asked of each other KB, where nothing is in scope.
kb-eval: $(STAMP)
	$(BIN)/supportbot kb eval ../shared/eval/banking77-dev
	$(BIN)/supportbot kb eval benchmarks/datasets/fr-starter
	$(BIN)/supportbot kb eval benchmarks/datasets/en-starter
	$(BIN)/supportbot kb eval ../shared/eval/banking77-dev --against kb/articles --intakes 60
	$(BIN)/supportbot kb eval benchmarks/datasets/fr-starter --against ../shared/eval/banking77-dev/articles --intakes 60
	$(BIN)/supportbot kb eval benchmarks/datasets/en-starter --against ../shared/eval/banking77-dev/articles --intakes 60

# The confidence's protocol (docs/kb-calibration.md): judged figures and the reliability diagram.
kb-calibrate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/kb_calibrate.py --diagram docs/kb-reliability.png

clean:
	rm -rf $(VENV) var .pytest_cache
