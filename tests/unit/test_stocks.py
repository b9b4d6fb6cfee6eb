"""Dynamic stock model against closed-form outflows."""

from __future__ import annotations

import numpy as np
import pytest

from model.stocks import Lifetime, inflow_driven, stock_driven


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
    from model.supply import product_outflows, with_stock_supply

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
    from model.supply import product_outflows

    with pytest.raises(model.InputError, match="lifetime must be one of"):
        product_outflows(model.load_data(_with_cars(package, lifetime="gamma")))
    with pytest.raises(model.InputError, match="product_mass.csv"):
        product_outflows(model.load_data(_with_cars(package, mass=None)))
