"""Prices in foreign currencies, converted at the exchange rate of their year."""

from __future__ import annotations

import pandas as pd
import pytest

import model
from model.data.currency import foreign
from model.data.provenance import Change, parameter_provenance
from model.errors import InputError, ScenarioError

H = "value,unit,source,confidence"


def _usd(rates: str = "USD,2025,7.0,1,x,H\nUSD,2026,7.2,1,x,H\n") -> dict:
    return {
        "exchange_rate": f"currency,year,{H}\n" + rates,
        "market_price": f"node,material,year,{H},low,high\n"
                        "mkt,metal,2025,300,USD/t,x,H,250,320\nmkt,metal,2026,300,USD/t,x,H,,\n",
    }


def test_foreign_units_are_recognised() -> None:
    assert foreign("USD/t") == ("USD", "CNY/t")
    assert foreign("kRUB/t") is None  # prefixes are not currencies: write RUB/t
    assert foreign("CNY/(t*km)") is None
    assert foreign("t/yr") is None


def test_a_price_in_dollars_is_converted_at_the_rate_of_its_year(package) -> None:  # noqa: ANN001
    data = model.load_data(package(**_usd()))
    prices = data.params["market_price"]
    assert prices[("mkt", "metal", 2025)] == pytest.approx(300 * 7.0)
    assert prices[("mkt", "metal", 2026)] == pytest.approx(300 * 7.2)
    assert data.ranges("market_price").loc[("mkt", "metal", 2025)].tolist() == pytest.approx(
        [250 * 7.0, 320 * 7.0])
    shown = parameter_provenance(data, "market_price")  # the appendix shows what was entered
    assert shown["unit"].tolist() == ["USD/t", "USD/t"]
    assert shown["value"].tolist() == pytest.approx([300, 300])


def test_a_new_rate_reprices_every_row_in_that_currency(package) -> None:  # noqa: ANN001
    data = model.load_data(package(**_usd()))
    dearer = data.params["exchange_rate"] * 1.5
    moved = data.with_param("exchange_rate", dearer, Change("scale 1.5", confidence="L"))
    assert moved.params["market_price"].tolist() == pytest.approx([300 * 10.5, 300 * 10.8])
    assert moved.ranges("market_price").iloc[0].tolist() == pytest.approx(
        [250 * 10.5, 320 * 10.5])
    assert parameter_provenance(moved, "market_price")["value"].tolist() == pytest.approx(
        [300, 300])
    solved = model.solve_data(moved)  # 800 t of metal at 300 USD x 10.5 CNY/USD in 2025
    assert float(solved["revenue"].sel(year=2025)) == pytest.approx(800 * 300 * 10.5)


def test_scenario_overrides_of_a_rate_move_the_prices(package, scenario_file) -> None:  # noqa: ANN001
    folder = package(**_usd())
    path = scenario_file(f"name: dear\ninputs: {folder}\noverrides:\n"
                         "  - {parameter: exchange_rate, where: {currency: USD}, scale: 2}\n")
    data = model.apply_scenario(model.load_data(folder), model.load_scenario(path))
    assert data.params["market_price"].tolist() == pytest.approx([300 * 14.0, 300 * 14.4])
    wrong = scenario_file(f"name: usd\ninputs: {folder}\noverrides:\n  - {{parameter: "
                          "market_price, where: {node: mkt}, value: 310, unit: USD/t}\n",
                          name="usd.yaml")
    with pytest.raises(ScenarioError, match="write the value in CNY"):
        model.apply_scenario(model.load_data(folder), model.load_scenario(wrong))


@pytest.mark.parametrize(("rates", "message"), [
    ("USD,2025,7.0,1,x,H\n", "no exchange_rate for USD in years [2026]"),
    ("EUR,2025,7.9,1,x,H\nEUR,2026,7.9,1,x,H\n", "no exchange_rate rows for currency 'USD'"),
])
def test_a_price_without_its_rate_is_an_error(package, rates: str, message: str) -> None:  # noqa: ANN001
    with pytest.raises(InputError) as err:
        model.load_data(package(**_usd(rates)))
    text = str(err.value)
    assert message in text and "market_price.csv" in text


def test_a_currency_needs_a_year(package) -> None:  # noqa: ANN001
    costs = {"process_cost": f"process,{H}\nsmelt,15,USD/t,x,H\n",
             "exchange_rate": f"currency,year,{H}\nUSD,2025,7,1,x,H\nUSD,2026,7,1,x,H\n"}
    with pytest.raises(InputError, match="needs a year"):
        model.load_data(package(**costs))


def test_default_foreign_prices_are_in_their_own_currency() -> None:
    from pathlib import Path

    data = model.load_data(Path(__file__).resolve().parents[2] / "inputs")
    shown = parameter_provenance(data, "market_price")
    mumbai = shown[shown["node"] == "mumbai"]
    assert set(mumbai["unit"]) == {"INR/t"}
    rate = data.params["exchange_rate"][("INR", 2025)]
    assert data.params["market_price"][("mumbai", "secondary_al", 2025)] == pytest.approx(
        float(mumbai[mumbai["year"] == 2025]["value"].iloc[0]) * rate)
    assert isinstance(rate, float) and 0.07 < rate < 0.1
    assert pd.notna(data.ranges("exchange_rate").loc[("INR", 2025), "low"])
