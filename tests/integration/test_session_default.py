"""On the default data: one-worker sweeps equal their members rebuilt, whole cube.

The reported bug: with ``--workers 1`` every member's ``cost`` and ``revenue`` came from the
first member's prices (carbon cost 0 at 300 CNY/t; discounted cost - revenue missed the
objective by 1.8e9 CNY). The Pareto front moves the carbon budget through the whole range, and
its warm members end on other optimal vertices than cold ones, with 1e-12 t where a cold solve
has 0: the ledger and the intensities must not turn that round-off into entries and ratios.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model.results.cube import read_results
from model.studies.sweep import run_sweep
from tests.cubes import assert_same_cube, money_identity

ROOT = Path(__file__).resolve().parents[2]


def test_default_carbon_price_sweep_in_session_equals_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "sweep.yaml"
    path.write_text(f"sweep: cp\nbase: {ROOT / 'scenarios' / 'baseline.yaml'}\ngrid:\n"
                    "  price: {parameter: carbon_price, values: [0, 300], unit: CNY/tCO2e}\n")
    session = run_sweep(path, tmp_path / "session")
    run_sweep(path, tmp_path / "rebuilt", workers=2, reuse=False)
    assert {m["method"] for m in session.values()} == {"session"}
    for price in (0, 300):
        got = read_results(tmp_path / "session" / f"cp_price-{price}.nc")
        want = read_results(tmp_path / "rebuilt" / f"cp_price-{price}.nc")
        assert_same_cube(got, want, f"cp_price-{price}")
        assert money_identity(got) < 1e-9
        carbon = got["cost"].sel(cost_category="carbon").fillna(0).to_numpy()
        covered = (got["emissions"].sum("source").to_numpy() if price else 0)
        assert np.all(carbon >= 0) and (price == 0 or carbon.sum() > 0)
        assert carbon.sum() <= price * np.sum(covered) + 1e-6


def test_default_pareto_front_in_session_equals_rebuilt(tmp_path: Path) -> None:
    sweep = ROOT / "scenarios" / "sweep_pareto.yaml"
    session = run_sweep(sweep, tmp_path / "session")
    rebuilt = run_sweep(sweep, tmp_path / "rebuilt", workers=2, reuse=False)
    assert len(session) == 8 and {m["status"] for m in rebuilt.values()} == {"optimal"}
    loads = [m["lp_load"] for _, m in sorted(session.items())]
    assert loads[0] == "built" and all(load.startswith("updated in place") for load in loads[1:])
    for name, member in sorted(session.items()):
        got = read_results(tmp_path / "session" / member["file"])
        want = read_results(tmp_path / "rebuilt" / rebuilt[name]["file"])
        assert_same_cube(got, want, name)
        assert money_identity(got) < 1e-9
