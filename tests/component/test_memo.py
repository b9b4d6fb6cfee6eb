"""Blocks replayed across members: the replayed program is the program built from scratch.

For every parameter of the default data (and the toy's), a member that moves only that
parameter is built once through the memo of the previous member and once from scratch; the
two programs must be equal in every family, bound, term and array. The memo must also do its
job: a member that moves only the carbon budget replays every block but the carbon limits.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import model
from model.blocks import build_program
from model.blocks import memo as memo_module
from model.blocks.memo import BlockMemo, same
from model.data.dataset import ModelData
from model.data.sets import IndexSets, build_index_sets
from model.data.supply import with_stock_supply
from model.lp.program import Program

pytestmark = pytest.mark.component

ROOT = Path(__file__).resolve().parents[2]


def assert_same_program(got: Program, want: Program) -> None:
    assert same(got.arrays(integer=True), want.arrays(integer=True))
    assert list(got.columns) == list(want.columns) and list(got.rows) == list(want.rows)
    for part in ("columns", "rows", "bounds", "cost_terms", "emission_terms", "balance_terms",
                 "discount"):
        assert same(getattr(got, part), getattr(want, part)), part


def _moved(data: ModelData, name: str, rng: np.random.Generator) -> ModelData:
    series = data.params[name]
    values = series.to_numpy(dtype=float)
    finite = np.isfinite(values) & (values != 0)
    factor = np.where(finite, rng.uniform(0.5, 0.9, len(values)), 1.0)
    if not finite.any():  # all zero or infinite: give some rows a value instead
        values = np.where(np.isfinite(values), values + 0.25, values)
        factor = np.ones(len(values))
    return data.with_param(name, pd.Series(values * factor, index=series.index))


@pytest.fixture(scope="module")
def default_data() -> ModelData:
    return with_stock_supply(model.load_data(ROOT / "inputs"))


def test_every_parameter_moved_alone_builds_the_same_program(default_data: ModelData) -> None:
    rng = np.random.default_rng(7)
    memo = BlockMemo()
    build_program(default_data, memo.index_sets(default_data), memo)
    moved = [n for n, s in default_data.params.items() if len(s) and n != "discount_rate"]
    assert len(moved) > 30
    base = build_program(default_data, build_index_sets(default_data))
    for i, name in enumerate(moved):
        member = _moved(default_data, name, rng)
        got = build_program(member, memo.index_sets(member), memo)
        want = build_program(member, build_index_sets(member))
        assert_same_program(got, want)
        if i % 4 == 0:  # and back to the base: replayed or rebuilt, again the base program
            got = build_program(default_data, memo.index_sets(default_data), memo)
            assert_same_program(got, base)


def test_random_members_on_the_toy(package) -> None:  # noqa: ANN001
    rng = np.random.default_rng(3)
    base = model.load_data(package())
    memo = BlockMemo()
    names = [n for n, s in base.params.items() if len(s)]
    data = base
    for _ in range(10):  # several parameters at once, walking away from the base
        for name in rng.choice(names, size=3, replace=False):
            data = _moved(data, str(name), rng)
        got = build_program(data, memo.index_sets(data), memo)
        assert_same_program(got, build_program(data, build_index_sets(data)))
    accounted = data.with_accounting("substitution")
    got = build_program(accounted, memo.index_sets(accounted), memo)
    assert_same_program(got, build_program(accounted, build_index_sets(accounted)))


def test_a_budget_member_replays_every_block_but_the_limits(default_data: ModelData) -> None:
    def with_budget(tonnes: float) -> ModelData:
        return default_data.with_param("carbon_budget",
                                       pd.Series([tonnes], index=pd.RangeIndex(1)))

    memo = BlockMemo()
    build_program(with_budget(2e8), memo.index_sets(with_budget(2e8)), memo)
    assert memo.replayed == []
    budget = with_budget(1e8)
    sets = memo.index_sets(budget)
    assert sets is memo.index_sets(default_data)
    build_program(budget, sets, memo)
    assert len(memo.records) - len(memo.replayed) == 1
    assert "add_carbon_budget" not in memo.replayed


def test_members_that_move_only_values_keep_the_index_sets(
    default_data: ModelData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sets are made from the tables' keys: a member that moves the values of the tables
    the sets are made from (supply bounds, prices, investment costs) keeps them, without
    building them again (not once per member of a price study)."""
    memo = BlockMemo()
    sets = memo.index_sets(default_data)
    built: list[ModelData] = []

    def counted(data: ModelData) -> IndexSets:
        built.append(data)
        return build_index_sets(data)

    monkeypatch.setattr(memo_module, "build_index_sets", counted)
    rng = np.random.default_rng(3)
    for name in ("supply_max", "market_price", "process_invest_cost", "disposal_cost"):
        member = _moved(default_data, name, rng)
        assert memo.index_sets(member) is sets, name
        assert not built, name
        assert same(sets, build_index_sets(member)), name


def test_same_compares_values() -> None:
    assert same(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert not same(np.array([1.0, 2.0]), np.array([1.0, 2.5]))
    assert not same(np.array([1, 2]), np.array([1.0, 2.0]))  # dtypes differ
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})
    assert same(frame, frame.copy()) and not same(frame, frame.rename(columns={"b": "c"}))
    assert same({"k": [1, (2, 3)]}, {"k": [1, (2, 3)]}) and not same({"k": 1}, {"j": 1})
    assert same(float("nan"), float("nan")) and not same(1, 1.0)
