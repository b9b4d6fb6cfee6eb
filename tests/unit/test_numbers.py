"""The one number formatter: hand-picked values in both languages (issue 17)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from model.report.numbers import (
    amount,
    net_result,
    plain,
    readable_columns,
    readable_table,
    share,
    unit_text,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("value", "quantity", "lang", "expected"), [
    (41_043_904_747.4, "money", "en", "41.04 bn CNY"),
    (41_043_904_747.4, "money", "zh", "410.44 亿元"),
    (-62_324_958_384, "money", "en", "-62.32 bn CNY"),
    (12_345_678, "money", "en", "12.35 M CNY"),
    (12_345_678, "money", "zh", "1,234.57 万元"),
    (950, "money", "zh", "950 元"),
    (8_790_000, "mass", "en", "8.79 Mt"),
    (8_790_000, "mass", "zh", "879.00 万吨"),
    (45_600, "mass", "en", "45.60 kt"),
    (1_133_120, "emissions", "en", "1.13 MtCO2e"),
    (11_331_205, "emissions", "zh", "1,133.12 万吨二氧化碳当量"),
    (-1.11e-16, "money", "en", "0 CNY"),
    (-0.0, "mass", "zh", "0 吨"),
    (math.nan, "money", "en", "–"),
])
def test_amounts_in_both_languages(value: float, quantity: str, lang: str, expected: str) -> None:
    assert amount(value, quantity, lang) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (-1.11e-16, "0"), (-0.0, "0"), (1e-12, "0"), (944_600.0, "944,600"),
    (944_612.7, "944,613"), (0.01234, "0.0123"), (2.5, "2.50"), (-0.4, "-0.400"),
    (math.nan, "–"), (math.inf, "∞"),
])
def test_plain_numbers_have_no_e_notation_and_no_negative_zero(value: float,
                                                               expected: str) -> None:
    assert plain(value) == expected
    assert "e" not in plain(value).lower()


def test_rounding_to_zero_drops_the_sign() -> None:
    assert plain(-0.004, 2) == "0.00"
    assert share(-1e-12) == "0%"


def test_shares_are_percentages() -> None:
    assert share(0.1) == "10%"
    assert share(0.9834, 1) == "98.3%"


def test_net_result_is_revenue_minus_cost() -> None:
    assert net_result(-62_324_958_384.0) == 62_324_958_384.0
    assert amount(net_result(-62_324_958_384.0), "money", "en", signed=True) == "+62.32 bn CNY"
    assert net_result(-0.0) == 0.0 and math.copysign(1, net_result(0.0)) == 1


def test_units_in_chinese() -> None:
    assert unit_text("CNY/tCO2e", "zh") == "元/吨二氧化碳当量"
    assert unit_text("t/yr", "zh") == "吨/年"
    assert unit_text("CNY/t", "en") == "CNY/t"


def test_summary_tables_get_one_unit_each() -> None:
    # the unit suits the typical row (median), not only the largest one
    frame = pd.DataFrame({2025: [41_043_904_747.4, 3e7, 5e6, -1.11e-16]})
    title, shown = readable_table("cost by category [CNY/yr]", frame)
    assert title == "cost by category [M CNY/yr]"
    assert list(shown[2025]) == ["41,043.9", "30.0", "5.0", "0.0"]
    title, shown = readable_table("cost by category [CNY/yr]", frame, "zh")
    assert title == "cost by category [万元/年]"
    title, shown = readable_table("capacity use [activity / capacity]",
                                  pd.DataFrame({2025: [0.1, 1.0]}))
    assert title == "capacity use [%]" and list(shown[2025]) == ["10.0%", "100.0%"]
    _, prices = readable_table("shadow prices [CNY/t, CNY/tCO2e]",
                               pd.DataFrame({"min": [22_015.4, -0.0]}))
    assert list(prices["min"]) == ["22,015", "0"]  # prices are not rescaled


def test_columns_named_with_units() -> None:
    frame = pd.DataFrame({"budget_tco2e": [11_331_205.0, 9e6], "status": ["optimal"] * 2,
                          "shadow_price_cny_per_tco2e": [-0.0, 12.5], "seconds": [0.5, 1.25]})
    shown = readable_columns(frame)
    assert list(shown.columns) == ["budget [MtCO2e]", "status", "shadow_price [CNY/tCO2e]",
                                   "seconds"]
    assert list(shown["budget [MtCO2e]"]) == ["11.3", "9.0"]
    assert list(shown["shadow_price [CNY/tCO2e]"]) == ["0", "12.5"]
