"""The benchmark runs end to end at size S (a smoke test: no timing assertions)."""

from __future__ import annotations

from model.bench import SIZES, generate, run_bench
from model.validate import parse_tables


def test_generated_network_is_a_valid_data_package() -> None:
    data = parse_tables(generate(SIZES["S"], years=3, seed=1), source="bench", digest="x")
    assert len(data.sets["route"]) > 20 and len(data.years) == 3


def test_bench_smoke() -> None:
    result = run_bench("S", seed=0, time_limit_s=60)
    assert result.status == "optimal"
    assert result.variables > 5_000 and result.nonzeros > result.variables
    assert result.build > 0 and result.highs_run > 0 and result.audit > 0
