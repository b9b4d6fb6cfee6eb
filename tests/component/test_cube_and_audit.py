"""The result cube: netCDF round trip, units on every variable, and the independent audit."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import model
from model.results.audit import audit
from tests.conftest import DATA


@pytest.fixture(scope="module")
def toy() -> tuple[model.ModelData, xr.Dataset]:
    data = model.load_data(DATA / "toy")
    return data, model.solve_data(data)


def test_netcdf_round_trip_is_identical(toy, tmp_path) -> None:  # noqa: ANN001
    _, cube = toy
    path = model.write_results(cube, tmp_path / "sub" / "toy.nc")
    xr.testing.assert_identical(model.read_results(path), cube)
    assert not list(path.parent.glob("*.part"))


def test_every_variable_has_units_and_long_name(toy) -> None:  # noqa: ANN001
    _, cube = toy
    for name, array in cube.data_vars.items():
        assert array.attrs.get("units"), name
        assert array.attrs.get("long_name"), name
    for key in ("status", "objective", "input_hash", "solver", "build_seconds",
                "solve_seconds", "extract_seconds", "n_variables", "versions"):
        assert key in cube.attrs


def test_routes_stay_sparse_with_origin_destination_coords(toy) -> None:  # noqa: ANN001
    _, cube = toy
    assert cube["flow"].dims == ("route", "material", "year")
    assert list(cube["origin"].sel(route=["src-plant"]).values) == ["src"]
    assert "destination" not in cube["flow"].dims


def test_audit_catches_a_perturbed_flow(toy) -> None:  # noqa: ANN001
    data, cube = toy
    bad = cube.copy(deep=True)
    bad["flow"].loc[{"route": "plant-mkt", "material": "metal", "year": 2025}] = 799.0
    with pytest.raises(model.AuditError, match=r"node='mkt', material='metal', year=2025"):
        audit(bad, data)


def test_audit_catches_a_wrong_objective(toy) -> None:  # noqa: ANN001
    data, cube = toy
    bad = cube.copy(deep=True)
    # tolerance is 1e-6 of |objective|: 100 CNY is well above it here
    bad.attrs["objective"] = cube.attrs["objective"] + 100.0
    with pytest.raises(model.AuditError, match="objective recomputed"):
        audit(bad, data)


def test_audit_catches_wrong_emissions(toy) -> None:  # noqa: ANN001
    data, cube = toy
    bad = cube.copy(deep=True)
    bad["emissions"].loc[{"source": "process", "year": 2026}] = 0.0
    with pytest.raises(model.AuditError, match="emissions recomputed"):
        audit(bad, data)


def test_unused_combinations_are_nan_not_zero(toy) -> None:  # noqa: ANN001
    _, cube = toy
    assert np.isnan(float(cube["flow"].sel(route="src-plant", material="metal", year=2025)))


def test_audit_catches_a_process_that_creates_mass(toy) -> None:  # noqa: ANN001
    data, cube = toy
    bad = cube.copy(deep=True)
    bad["process_output"].loc[{"process": "smelt", "material": "metal", "year": 2026}] = 900.0
    with pytest.raises(model.AuditError, match="process_output of process"):
        audit(bad, data)
