# ziya: the two commands. Both create .venv and install pinned versions from PyPI.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint docs clean system-deps

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PY)" || { echo "need python3.11 on PATH"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ziya run scenarios/baseline.yaml --out results/baseline.nc --report reports/baseline

# Debian packages the report tests use: a real browser, PDF rasteriser, a CJK font.
system-deps:
	@if command -v chromium >/dev/null && command -v pdftoppm >/dev/null \
	    && fc-list :lang=zh 2>/dev/null | grep -q .; then exit 0; fi; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q chromium poppler-utils fonts-noto-cjk >/dev/null 2>&1 \
	    || { apt-get update -q >/dev/null && apt-get install -y -q chromium poppler-utils fonts-noto-cjk >/dev/null; }; \
	else echo "note: install chromium, poppler-utils and fonts-noto-cjk for the report tests"; fi

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

docs: $(STAMP)
	$(BIN)/python -m model.docs > docs/formulation.md
	$(BIN)/python -m model.data.datapackage inputs

clean:
	rm -rf $(VENV) results .pytest_cache
