# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench eval calibrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bilimbot run $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.dispatcher
	$(BIN)/python -m bench.database
	$(BIN)/python -m bench.throttling
	$(BIN)/python -m bench.instances
	$(BIN)/python -m bench.broadcast

# Scored on a freshly seeded database: the shipped entries, not a local one's edits.
# Both shared sets by default; one set: make eval EVAL_SETS=../shared/eval/dev-hard.jsonl
EVAL_SETS ?= ../shared/eval/dev.jsonl ../shared/eval/dev-hard.jsonl
eval: $(STAMP)
	for set in $(EVAL_SETS); do \
		rm -f build/eval.sqlite3*; \
		echo "== $$set"; \
		BILIMBOT_DB=build/eval.sqlite3 $(BIN)/python ../shared/eval/score.py $$set \
			--repo . --cmd "$(BIN)/bilimbot ask --json --batch" \
			--export "$(BIN)/bilimbot export --format json" --baseline || exit 1; \
	done

# Refit the answer / ask-back / refuse decision on tests/data (never on the held-out set).
calibrate: $(STAMP)
	$(BIN)/python -m bench.calibrate

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
