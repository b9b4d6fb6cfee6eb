# ziya: the two commands. Both create .venv and install pinned versions from PyPI.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint docs clean

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PY)" || { echo "need python3.11 on PATH"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ziya run scenarios/baseline.yaml --out results/baseline.nc --report reports/baseline

test: $(STAMP)
	$(BIN)/ruff check model tests
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check model tests

docs: $(STAMP)
	$(BIN)/python -m model.docs > docs/formulation.md
	$(BIN)/python -m model.datapackage inputs

clean:
	rm -rf $(VENV) results .pytest_cache
