"""Calibration metrics that read the stock model's units from a hand-made cube."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from model.studies.calibrate import collected_units_in_year, stock_in_year


def _cube() -> xr.Dataset:
    return xr.Dataset(
        {"collected_units": (("product", "material", "year"),
                             np.array([[[10.0, 20.0], [1.0, 2.0]], [[30.0, 40.0], [3.0, 4.0]]])),
         "stock_units": (("product", "year"), np.array([[100.0, 110.0], [200.0, 220.0]]))},
        coords={"product": ["cars_a", "cars_b"], "material": ["elv_ice", "elv_bev"],
                "year": [2025, 2026]})


def test_collected_units_sum_the_materials_of_one_year() -> None:
    cube = _cube()
    assert collected_units_in_year(cube, None, {"materials": ["elv_bev"], "year": 2026}) == 6.0
    assert collected_units_in_year(cube, None, {"materials": ["elv_ice", "elv_bev"],
                                                "year": 2025}) == 44.0


def test_stock_sums_the_named_products() -> None:
    cube = _cube()
    assert stock_in_year(cube, None, {"products": ["cars_b"], "year": 2026}) == 220.0
    assert stock_in_year(cube, None, {"products": ["cars_a", "cars_b"], "year": 2025}) == 300.0
    assert math.isnan(stock_in_year(cube.drop_vars("stock_units"), None,
                                    {"products": ["cars_a"], "year": 2025}))
