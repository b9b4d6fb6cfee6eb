"""Non-optimal outcomes are explained in domain words; nothing half-written is left behind."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import model
from model.lp.solve import SolveResult
from model.results.diagnose import diagnose
from tests.conftest import DATA, ROOT


def _series(value: float, keys: list[tuple], names: list[str]) -> pd.Series:
    return pd.Series([value] * len(keys), index=pd.MultiIndex.from_tuples(keys, names=names))


@pytest.fixture(scope="module")
def toy() -> model.ModelData:
    return model.load_data(DATA / "toy")


def test_infeasible_must_serve_market_names_market_and_capacity(toy) -> None:  # noqa: ANN001
    need = _series(5000.0, [("mkt", "metal", 2025)], ["node", "material", "year"])
    cube = model.solve_data(toy.with_params({"market_min": need}))
    text = cube.attrs["diagnosis"]
    assert cube.attrs["status"] == "infeasible"
    assert "market 'mkt' must buy at least 5,000 t of 'metal' in 2025 (market_min)" in text
    assert "process 'smelt' at 'plant' can handle at most 1,000 t in 2025" in text
    assert "supply_max" not in text  # the IIS is irreducible: supply is not part of the conflict


def test_infeasible_carbon_cap_reports_least_achievable_emissions(toy) -> None:  # noqa: ANN001
    cap = _series(100.0, [(2026,)], ["year"])
    must = _series(900.0, [("src", "scrap", 2026)], ["node", "material", "year"])
    cube = model.solve_data(toy.with_params({"carbon_cap": cap, "supply_min": must}))
    text = cube.attrs["diagnosis"]
    # 900 t of scrap must be taken and processed at 0.431 tCO2e/t: at least 387.9 tCO2e
    assert "at or below 100 tCO2e (carbon_cap); the least achievable is 387.9 tCO2e" in text
    assert "source 'src' must deliver at least 900 t of 'scrap' in 2026 (supply_min)" in text


def test_unbounded_names_the_unbounded_profit(toy) -> None:  # noqa: ANN001
    supply = toy.params["supply_max"] * np.inf
    capacity = toy.params["process_capacity"] * np.inf
    cube = model.solve_data(toy.with_params({"supply_max": supply, "process_capacity": capacity}))
    assert cube.attrs["status"] == "unbounded"
    assert "sales {'node': 'mkt', 'material': 'metal', 'year': 2025} has no upper bound" in (
        cube.attrs["diagnosis"])


def test_time_limit_is_never_called_optimal() -> None:
    data = model.load_data(ROOT / "inputs")
    cube = model.solve_data(data, model.SolveOptions(time_limit_s=1e-6))
    assert cube.attrs["status"] == "time_limit"
    assert "not optimal" in cube.attrs["diagnosis"]
    assert "flow" not in cube or cube.attrs["status"] != "optimal"


def test_numerical_trouble_reports_ranges_and_rescaling_hint(toy) -> None:  # noqa: ANN001
    sets = model.build_index_sets(toy)
    m = model.build_model(toy, sets)
    result = SolveResult(status="error", termination_condition="error", has_solution=False,
                         objective=None, bound=None, seconds=0.0, solver="HiGHS",
                         ranges={"matrix": (1e-9, 1e7)})
    text = diagnose(m, toy, result)
    assert "numerical trouble" in text and "matrix 1e-09..1e+07" in text and "kt" in text


def test_optimal_cube_records_coefficient_ranges(toy) -> None:  # noqa: ANN001
    cube = model.solve_data(toy)
    assert cube.attrs["diagnosis"] == ""
    assert "matrix" in cube.attrs["coefficient_ranges"]


def test_interrupted_write_keeps_previous_result(toy, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    cube = model.solve_data(toy)
    target = model.write_results(cube, tmp_path / "r.nc")
    before = target.read_bytes()

    def broken(self, path, **kwargs):  # noqa: ANN001, ANN003, ANN202
        with open(path, "wb") as handle:
            handle.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr("xarray.Dataset.to_netcdf", broken)
    with pytest.raises(OSError, match="disk full"):
        model.write_results(cube, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.nc"]


def test_interrupted_first_write_leaves_nothing(toy, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    cube = model.solve_data(toy)
    monkeypatch.setattr("xarray.Dataset.to_netcdf",
                        lambda self, path, **kw: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        model.write_results(cube, tmp_path / "new.nc")
    assert list(tmp_path.iterdir()) == []
