"""The benchmark runs end to end at size S (a smoke test: no timing assertions)."""

from __future__ import annotations

import numpy as np

from model.bench.synthetic import SIZES, bench_size, generate, run_bench
from model.data.validate import parse_tables


def test_generated_network_is_a_valid_data_package() -> None:
    data = parse_tables(generate(SIZES["S"], years=3, seed=1), source="bench", digest="x")
    assert len(data.sets["route"]) > 20 and len(data.years) == 3


def test_bench_smoke() -> None:
    result = run_bench("S", seed=0, time_limit_s=60, backend="pyomo")
    assert result.status == "optimal"
    lean = run_bench("S", seed=0, time_limit_s=60, backend="highs")
    assert abs(lean.objective - result.objective) <= 1e-9 * abs(result.objective)
    assert result.variables > 5_000 and result.nonzeros > result.variables
    assert result.build > 0 and result.highs_run > 0 and result.audit > 0


def test_peers_solve_the_same_lp_and_resolves_match_rebuilds() -> None:
    """The direct-highspy reference reaches our objective; 20 warm re-solves equal rebuilds."""
    out = bench_size("S", repeat=1, time_limit_s=60, resolve=True)
    assert out["status"] == "optimal"
    assert out["ref_objective_gap"] < 1e-9
    assert out["ref_peak_rss_mb"] > 0 and np.isfinite(out["memory_ratio"])
    assert out["linopy_build"] > 0 and np.isfinite(out["linopy_ratio"])
    for kind in ("budget", "prices"):
        assert out[f"{kind}_changes"] == 20 and out[f"{kind}_max_objective_gap"] < 1e-7
        assert out[f"{kind}_rebuild_s"] > 0 and out[f"{kind}_session_s"] > 0
