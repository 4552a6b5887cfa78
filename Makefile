# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench eval clean

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
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.dispatcher
	$(BIN)/python -m bench.database
	$(BIN)/python -m bench.broadcast

# Scored on a freshly seeded database: the shipped entries, not a local one's edits.
# Another set: make eval EVAL_SET=../shared/eval/dev-hard.jsonl (it also checks figures).
EVAL_SET ?= ../shared/eval/dev.jsonl
eval: $(STAMP)
	rm -f build/eval.sqlite3*
	BILIMBOT_DB=build/eval.sqlite3 $(BIN)/python ../shared/eval/score.py $(EVAL_SET) --repo . \
		--cmd "$(BIN)/bilimbot ask --json --batch" \
		--export "$(BIN)/bilimbot export --format json" --baseline

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
