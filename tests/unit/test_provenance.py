"""The input appendix shows the values the model used, for every shipped scenario."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import model
from model.data.dataset import Derived, ModelData
from model.data.provenance import input_provenance
from model.data.supply import with_stock_supply
from model.data.units import conversion_factor
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml")
                   if not p.stem.startswith("sweep_"))


@functools.cache
def _inputs(path: Path) -> ModelData:
    return model.load_data(path)


@functools.cache
def _scenario_data(name: str) -> ModelData:
    scenario = model.load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    return with_stock_supply(model.apply_scenario(_inputs(scenario.inputs), scenario))


def _appendix(data: ModelData) -> pd.DataFrame:
    ds = input_provenance(data)
    return pd.DataFrame({c.removeprefix("input_"): ds[c].values for c in ds.coords})


def _key_text(key: object) -> str:
    return ", ".join(map(str, key if isinstance(key, tuple) else (key,)))


def _canonical(rows: pd.DataFrame, canonical: str, appendix: pd.DataFrame) -> pd.Series:
    """Appendix rows in the canonical unit; a row in a foreign currency (``RUB/t``) at the
    appendix's own exchange_rate row for that currency and the row's year (last key)."""
    rates = appendix[appendix["table"] == "exchange_rate"].set_index("key")["value"]

    def factor(unit: str, key: str) -> float:
        code = re.fullmatch(r"([A-Z]{3})(/.*)", unit)
        if code is None or code.group(1) == "CNY":
            return conversion_factor(unit, canonical)
        rate = float(rates[f"{code.group(1)}, {key.split(', ')[-1]}"])
        return conversion_factor("CNY" + code.group(2), canonical) * rate

    factors = [factor(u, k) for u, k in zip(rows["unit"], rows["key"], strict=True)]
    return rows["value"].astype(float) * np.array(factors)


@pytest.mark.parametrize("name", SCENARIOS)
def test_appendix_shows_the_values_the_model_uses(name: str) -> None:
    data = _scenario_data(name)
    appendix = _appendix(data)
    for param, series in data.params.items():
        rows = appendix[appendix["table"] == param]
        assert len(rows) == len(series), param
        if series.empty:
            continue
        spec = data.cat.params[param]
        shown = _canonical(rows, spec.unit, appendix).set_axis(rows["key"] if spec.dims else [""])
        expected = series.set_axis([_key_text(k) if spec.dims else "" for k in series.index])
        assert shown.index.is_unique, param
        np.testing.assert_allclose(shown.reindex(expected.index).to_numpy(),
                                   expected.to_numpy(), rtol=1e-9, atol=1e-12, err_msg=param)


def test_ets_price_appendix_shows_the_path_from_2026() -> None:
    appendix = _appendix(_scenario_data("ets_price"))
    price = appendix[appendix["table"] == "carbon_price"].set_index("key")
    values = price["value"].astype(float)
    assert values.loc["2025"] == 0 and len(values) == 16
    # the path: 74.63 (2026), 110 (2030), 150 (2035), 200 (2040), linear in between
    expected = {"2026": 74.63, "2028": 74.63 + (110 - 74.63) / 2, "2030": 110, "2033": 134,
                "2035": 150, "2038": 180, "2040": 200}
    for year, value in expected.items():
        assert values.loc[year] == pytest.approx(value, abs=0.006), year
    assert (price["unit"] == "CNY/tCO2e").all()
    assert price["source"].drop("2025").str.contains("scenario ets_price").all()


def test_appendix_has_the_old_shape() -> None:
    ds = input_provenance(_scenario_data("baseline"))
    assert isinstance(ds, xr.Dataset) and not ds.data_vars
    assert set(ds.coords) == {f"input_{c}" for c in
                              ("table", "key", "value", "unit", "source", "confidence")}
    assert all(ds[c].dims == ("input_row",) for c in ds.coords)


# --------------------------------------------------------------------------- toy package


def _toy(package, scenario_file, overrides: str, **edits: str) -> ModelData:  # noqa: ANN001
    path = package(**edits)
    text = f"name: toy_case\ninputs: {path}\noverrides:\n{overrides}"
    return model.apply_scenario(model.load_data(path), model.load_scenario(scenario_file(text)))


def test_value_override_is_shown_in_its_own_unit(package, scenario_file) -> None:  # noqa: ANN001
    data = _toy(package, scenario_file, "  - {parameter: carbon_price, where: {year: 2026}, "
                                        "value: 0.15, unit: kCNY/tCO2e}\n")
    assert data.params["carbon_price"].loc[(2026,)] == pytest.approx(150)
    row = data.provenance["carbon_price"].set_index("year").loc[2026]
    assert row["value"] == pytest.approx(0.15) and row["unit"] == "kCNY/tCO2e"
    assert row["source"] == "scenario toy_case: override value 0.15 kCNY/tCO2e"
    assert row["confidence"] == "L"


def test_scale_and_quantile_keep_the_source(package, scenario_file) -> None:  # noqa: ANN001
    cost = "process,value,unit,source,confidence,low,high\nsmelt,0.1,kCNY/t,toy,H,0.08,0.16\n"
    scaled = _toy(package, scenario_file,
                  "  - {parameter: process_cost, scale: 1.5}\n", process_cost=cost)
    row = scaled.provenance["process_cost"].iloc[0]
    assert row["value"] == pytest.approx(0.15) and row["unit"] == "kCNY/t"
    assert row["source"] == "scenario toy_case: scale x1.5 of toy" and row["confidence"] == "H"
    assert scaled.ranges("process_cost").iloc[0].tolist() == pytest.approx([120, 240])
    moved = _toy(package, scenario_file,
                 "  - {parameter: process_cost, quantile: 0.5}\n", process_cost=cost)
    row = moved.provenance["process_cost"].iloc[0]
    assert row["value"] == pytest.approx(0.12) and row["confidence"] == "H"
    assert row["source"] == "scenario toy_case: quantile 0.5 of the low-high range of toy"
    assert moved.ranges("process_cost").iloc[0].tolist() == pytest.approx([80, 160])


def test_rows_a_writer_leaves_alone_keep_their_origin(package) -> None:  # noqa: ANN001
    data = model.load_data(package())
    supply = data.params["supply_max"].copy()
    supply.iloc[0] += 500.0
    changed = data.with_param("supply_max", supply).provenance["supply_max"]
    assert changed["source"].tolist() == ["set in code (was toy)", "toy"]
    assert changed["value"].tolist() == [2000, 1500]


def test_stock_supply_shifts_the_range_and_names_the_stock_model() -> None:
    from model.data.provenance import update_origin
    from model.data.supply import STOCK_CHANGE

    index = pd.MultiIndex.from_tuples([("n", "m", 2025)], names=["node", "material", "year"])
    origin = pd.DataFrame({"unit": ["kt/yr"], "source": ["R1"], "confidence": ["H"],
                           "low_canonical": [800.0], "high_canonical": [1200.0]}, index=index)
    before = pd.Series([1000.0], index=index)
    after = pd.Series([1300.0, 50.0], index=pd.MultiIndex.from_tuples(
        [("n", "m", 2025), ("n", "m", 2026)], names=["node", "material", "year"]))
    updated = update_origin(origin, before, after, STOCK_CHANGE, "t/yr")
    assert updated["source"].tolist() == [
        "R1 + stock model (end-of-life tonnes, products.csv)",
        "stock model (end-of-life tonnes, products.csv)"]
    assert updated["unit"].tolist() == ["kt/yr", "t/yr"]
    assert updated["confidence"].tolist() == ["L", "L"]
    assert updated["low_canonical"].tolist()[0] == 1100 and updated["high_canonical"].iloc[0] == 1500
    assert updated["low_canonical"].isna().tolist() == [False, True]


def test_values_set_around_with_param_still_show_what_the_model_uses(package) -> None:  # noqa: ANN001
    from dataclasses import replace

    data = model.load_data(package())
    supply = data.params["supply_max"] * 2
    bypassed = replace(data, params={**data.params, "supply_max": supply})
    prov = bypassed.provenance["supply_max"]
    assert prov["value"].tolist() == [3000, 3000]  # the value is never stored twice


def test_kept_appendix_rows_follow_the_parameter_moved() -> None:
    """Appendix rows are kept per parameter; a moved parameter's rows are recomputed."""
    data = _scenario_data("baseline")
    before = _appendix(data)
    moved = data.with_param("carbon_price", data.params["carbon_price"] + 50.0)
    after = _appendix(moved)
    fresh = _appendix(dataclasses.replace(moved, derived=Derived()))
    pd.testing.assert_frame_equal(after, fresh)
    changed = after[(after["value"] != before["value"])]
    assert set(changed["table"]) == {"carbon_price"} and len(changed) > 0
