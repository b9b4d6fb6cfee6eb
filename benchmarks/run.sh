#!/usr/bin/env bash
# The figures in BENCHMARKS.md: sizes S, M, L, medians of 3 runs, both backends (lean highs,
# pyomo), 20-member re-solves in one session (budgets; prices and supply bounds) at S and M.
# Each pipeline run and each peer (direct highspy, linopy) runs in its own process.
# Takes ~25 minutes on 2 cores; needs ~3 GB of memory at L. Usage: bash benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
make install >/dev/null
.venv/bin/ziya bench --sizes "${SIZES:-S,M,L}" --repeat "${REPEAT:-3}" --resolve S,M \
    --json "benchmarks/results-$(date +%Y%m%d).json"
