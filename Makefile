# The README's two commands are `make up` and `make test`; both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: up test test-unit bench clean

$(BIN)/procure: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

up: $(BIN)/procure
	$(BIN)/procure up

test: $(BIN)/procure
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: $(BIN)/procure
	$(BIN)/pytest -m unit -q

bench: $(BIN)/procure
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
