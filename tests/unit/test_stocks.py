"""Dynamic stock model against closed-form outflows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.data.stocks import Lifetime, competing_retire_shares, inflow_driven, stock_driven


def test_fixed_lifetime_shifts_inflow() -> None:
    inflow = np.array([10.0, 20, 30, 40, 50, 60])
    outflow, stock = inflow_driven(inflow, Lifetime("fixed", mean=3))
    np.testing.assert_allclose(outflow, [0, 0, 0, 10, 20, 30])
    np.testing.assert_allclose(stock, [10, 30, 60, 90, 120, 150])


@pytest.mark.parametrize("lifetime", [
    Lifetime("normal", mean=12, sd=3), Lifetime("lognormal", mean=12, sd=4),
    Lifetime("weibull", shape=2.5, scale=13), Lifetime("fixed", mean=7),
])
def test_stock_mass_balance(lifetime: Lifetime) -> None:
    inflow = np.linspace(100, 300, 30)
    outflow, stock = inflow_driven(inflow, lifetime)
    change = np.diff(np.concatenate([[0.0], stock]))
    np.testing.assert_allclose(change, inflow - outflow, atol=1e-9)


def test_weibull_single_cohort_closed_form() -> None:
    k, lam = 2.0, 10.0
    inflow = np.zeros(25)
    inflow[0] = 1000.0
    outflow, _ = inflow_driven(inflow, Lifetime("weibull", shape=k, scale=lam))
    ages = np.arange(25)
    survive = np.exp(-(ages / lam) ** k)
    expected = 1000 * (np.concatenate([[1.0], survive[:-1]]) - survive)
    np.testing.assert_allclose(outflow, expected, rtol=1e-12)
    assert outflow[10] == pytest.approx(1000 * (np.exp(-0.81) - np.exp(-1.0)))


def test_normal_lifetime_mean_age_at_retirement() -> None:
    inflow = np.zeros(60)
    inflow[0] = 1.0
    outflow, _ = inflow_driven(inflow, Lifetime("normal", mean=15, sd=4))
    assert outflow.sum() == pytest.approx(1.0, abs=1e-6)
    # retirements counted at the end of the year in which the lifetime ends: mean + 0.5
    assert np.dot(np.arange(60), outflow) == pytest.approx(15.5, abs=0.01)


def test_stock_driven_recovers_the_inflow() -> None:
    inflow = np.array([50.0, 60, 80, 90, 120, 150, 160, 170, 200, 210])
    lifetime = Lifetime("lognormal", mean=6, sd=2)
    outflow, stock = inflow_driven(inflow, lifetime)
    back_in, back_out = stock_driven(stock, lifetime)
    np.testing.assert_allclose(back_in, inflow, rtol=1e-10)
    np.testing.assert_allclose(back_out, outflow, rtol=1e-10, atol=1e-12)


def test_stock_driven_with_an_initial_stock_balances() -> None:
    lifetime = Lifetime("weibull", shape=3, scale=8)
    stock = np.array([1000.0, 1050, 1100, 1150, 1200, 1250])
    inflow, outflow = stock_driven(stock, lifetime, initial_stock=1000.0)
    change = np.diff(np.concatenate([[1000.0], stock]))
    np.testing.assert_allclose(change, inflow - outflow, atol=1e-9)
    with pytest.raises(ValueError, match="falls faster"):
        stock_driven(np.array([1000.0, 10.0]), lifetime, initial_stock=1000.0)


def test_competing_risks_by_hand() -> None:
    """Exponential lives (Weibull shape 1): a pack with rate 0.1/yr (scale 10) in a car with
    rate 0.05/yr (scale 20). The earlier of the two is exponential with rate 0.15, and the
    pack's own life ends first with probability 0.1 / 0.15 = 2/3 at every age, so over age a
    (the year (a-1, a]) the pack leaves on its own in the share
    2/3 (e^(-0.15 (a-1)) - e^(-0.15 a)) and inside the car in 1/3 of that:
    a = 1: 2/3 x (1 - 0.860708) = 0.092861 and 0.046431;
    a = 2: 2/3 x (0.860708 - 0.740818) = 0.079927 and 0.039963."""
    own, host = competing_retire_shares(Lifetime("weibull", shape=1, scale=10),
                                        Lifetime("weibull", shape=1, scale=20), 60)
    assert own[0] == host[0] == 0
    assert own[1:3] == pytest.approx([0.092861, 0.079927], abs=2e-6)
    assert host[1:3] == pytest.approx([0.046431, 0.039963], abs=2e-6)
    assert own.sum() == pytest.approx(2 / 3 * (1 - np.exp(-0.15 * 59)), abs=1e-5)
    # fixed lives: a pack of 3 years in a car of 5 leaves on its own at 3, never with the car
    own, host = competing_retire_shares(Lifetime("fixed", mean=3), Lifetime("fixed", mean=5), 8)
    assert own.tolist() == [0, 0, 0, 1, 0, 0, 0, 0] and host.sum() == 0
    # each component leaves exactly once: the two shares add up to the earlier life's
    own, host = competing_retire_shares(Lifetime("weibull", shape=2.5, scale=9),
                                        Lifetime("weibull", shape=4, scale=16), 40)
    ages = np.arange(-1, 40)
    alive = np.exp(-(np.maximum(ages, 0) / 9) ** 2.5 - (np.maximum(ages, 0) / 16) ** 4)
    np.testing.assert_allclose(own + host, alive[:-1] - alive[1:], atol=1e-12)


def _with_cars(package, lifetime: str = "fixed", mass: str | None = "1.2"):  # noqa: ANN001, ANN202
    head = "value,unit,source,confidence"
    extra = {"product_mass": f"product,{head}\ncar,{mass},t,x,L\n"} if mass else {}
    return package(
        products=f"product,label,material,node,lifetime\ncar,Car,scrap,src,{lifetime}\n",
        product_inflow=f"product,cohort,{head}\ncar,2020,300,1/yr,x,L\ncar,2021,600,1/yr,x,L\n",
        product_lifetime_mean=f"product,{head}\ncar,5,yr,x,L\n",
        **extra,
    )


def test_stock_model_feeds_supply(package) -> None:  # noqa: ANN001
    import model
    from model.data.supply import product_outflows, with_stock_supply

    data = model.load_data(_with_cars(package))
    flows = product_outflows(data)
    # fixed 5-year life: the 2020 cohort retires in 2025, the 2021 cohort in 2026
    assert flows["units"].tolist() == pytest.approx([300, 600])
    assert flows["tonnes"].tolist() == pytest.approx([360, 720])
    supply = with_stock_supply(data).params["supply_max"]
    assert supply.loc[("src", "scrap", 2025)] == pytest.approx(1500 + 360)
    assert supply.loc[("src", "scrap", 2026)] == pytest.approx(1500 + 720)
    assert model.solve_data(with_stock_supply(data)).attrs["status"] == "optimal"


def test_stock_model_errors(package) -> None:  # noqa: ANN001
    import model
    from model.data.supply import product_outflows

    with pytest.raises(model.InputError, match="lifetime must be one of"):
        product_outflows(model.load_data(_with_cars(package, lifetime="gamma")))
    with pytest.raises(model.InputError, match="product_mass.csv"):
        product_outflows(model.load_data(_with_cars(package, mass=None)))


HEAD = "value,unit,source,confidence"


def test_cohort_shares_masses_and_collection(package) -> None:  # noqa: ANN001
    """Hand values: fixed 5-year life; cohort 2020 (300 units) is 10% type 'metal' and
    cohort 2021 (600 units) 50%; 'metal' units weigh 1.6 t (2020) and 2.0 t (2021), the rest
    product_mass 1.2 t; half of 2026's end-of-life units are collected.
    2025: scrap 270 units = 324 t, metal 30 units = 48 t.
    2026: scrap 300 x 0.5 = 150 units = 180 t, metal 300 x 0.5 = 150 units = 300 t."""
    import model
    from model.data.scenarios import Scenario
    from model.data.supply import product_outflows, stock_dataset
    from model.pipeline import prepare_data

    path = _with_cars(package)
    (path / "product_share.csv").write_text(
        f"product,material,cohort,{HEAD}\ncar,metal,2020,0.1,1,x,L\ncar,metal,2021,0.5,1,x,L\n")
    (path / "product_unit_mass.csv").write_text(
        f"product,material,cohort,{HEAD}\ncar,metal,2018,1.6,t,x,L\ncar,metal,2021,2.0,t,x,L\n")
    (path / "product_collection.csv").write_text(  # every model year: a gap is an error
        f"product,year,{HEAD}\ncar,2025,1,1,x,L\ncar,2026,0.5,1,x,L\n")
    data = model.load_data(path)
    flows = product_outflows(data).set_index(["material", "year"])
    assert flows.loc[("scrap", 2025), ["units", "tonnes"]].tolist() == pytest.approx([270, 324])
    assert flows.loc[("metal", 2025), ["units", "tonnes"]].tolist() == pytest.approx([30, 48])
    assert flows.loc[("scrap", 2026), ["units", "tonnes"]].tolist() == pytest.approx([150, 180])
    assert flows.loc[("metal", 2026), ["units", "tonnes"]].tolist() == pytest.approx([150, 300])
    assert flows.loc[("metal", 2026), "retired_units"] == pytest.approx(300)
    cube = stock_dataset(data)
    assert float(cube["collected_tonnes"].sel(product="car", material="metal", year=2026)) \
        == pytest.approx(300)
    # a scenario lever moves the stock model because overrides come before it
    lever = Scenario.model_validate({"name": "more_metal", "overrides": [
        {"parameter": "product_share", "scale": 2.0}]})
    lifted = product_outflows(prepare_data(path, lever)).set_index(["material", "year"])
    assert lifted.loc[("metal", 2025), "units"] == pytest.approx(60)


def test_stock_driven_supply_by_hand(package) -> None:  # noqa: ANN001
    """Stock path 100, 100, 120, 120 (2023-2026), fixed 2-year life, 1.2 t per unit:
    inflows 100, 0, 120, 0; the 2023 cohort (100 units) retires in 2025, nothing in 2026."""
    import model
    from model.data.supply import product_outflows

    path = _with_cars(package)
    (path / "product_inflow.csv").unlink()
    (path / "product_lifetime_mean.csv").write_text(f"product,{HEAD}\ncar,2,yr,x,L\n")
    (path / "product_stock.csv").write_text(
        f"product,cohort,{HEAD}\n" + "".join(f"car,{y},{s},1,x,L\n" for y, s in
                                              ((2023, 100), (2024, 100), (2025, 120),
                                               (2026, 120))))
    flows = product_outflows(model.load_data(path)).set_index("year")
    assert flows["units"].tolist() == pytest.approx([100, 0])
    assert flows["tonnes"].tolist() == pytest.approx([120, 0])
    assert flows["inflow_units"].tolist() == pytest.approx([120, 0])
    assert flows["stock_units"].tolist() == pytest.approx([120, 120])
    (path / "product_stock.csv").write_text(f"product,cohort,{HEAD}\ncar,2023,100,1,x,L\n")
    with pytest.raises(model.InputError, match="reach the last model year"):
        product_outflows(model.load_data(path))


def test_kept_stock_model_follows_every_lever(package) -> None:  # noqa: ANN001
    """The stock model is kept while its inputs are unchanged, recomputed when one moves."""
    import model
    from model.data.supply import _product_outflows, product_outflows

    data = model.load_data(_with_cars(package))
    first = product_outflows(data)
    price = data.params["market_price"]
    assert product_outflows(data.with_param("market_price", price * 2)) is first
    for name, factor in (("product_inflow", 2.0), ("product_lifetime_mean", 0.8),
                         ("product_mass", 1.5)):
        moved = data.with_param(name, data.params[name] * factor)
        got = product_outflows(moved)
        pd.testing.assert_frame_equal(got, _product_outflows(moved))
        assert not got.equals(first), name
    assert product_outflows(data) is not first  # recomputed after the levers (one value kept)
    pd.testing.assert_frame_equal(product_outflows(data), first)
