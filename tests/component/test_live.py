"""The live part of an LP (``model.lp.live``) and sessions that hand HiGHS only that part.

A hand-made network: supply at A (10 CNY/t, up to 100 t) goes A -> B (1 CNY/t) to a market at
B (30 CNY/t, up to 50 t). Node C can send to B (2 CNY/t) but has a supply only when its bound
allows it (5 CNY/t). Rows are balances (use +, source -) of A, B and C.

By hand, with C's supply fixed at 0: C's balance holds only the flow C -> B, which it forces to
0. The plan sells 50 t from A: objective 50 * (10 + 1) - 50 * 30 = -950. Duals (HiGHS's sign,
d = c - A^T y): y_A = -10 (supply A basic), y_B = -11 (flow A -> B basic); C's completed dual
is the value at which the flow C -> B breaks even: 2 - y_C + y_B = 0, y_C = -9 (a tonne
appearing at C is worth 9: sent to B, where it is worth 11, for 2).
"""

import numpy as np
import pytest
import scipy.sparse as sp

from model.blocks import build_program
from model.data.sets import build_index_sets
from model.data.supply import with_stock_supply
from model.data.validate import load_data
from model.lp.live import complete_duals, live_part, reduce
from model.lp.program import LPArrays
from model.lp.session import HighsSession, SessionOptions
from tests.conftest import DATA

# columns: supply A, flow A->B, sales B, flow C->B, supply C; rows: balance A, B, C
MATRIX = np.array([[-1.0, 1.0, 0.0, 0.0, 0.0],
                   [0.0, -1.0, 1.0, -1.0, 0.0],
                   [0.0, 0.0, 0.0, 1.0, -1.0]])


def _lp(supply_c: float, cost_a: float = 10.0) -> LPArrays:
    zeros = np.zeros(3)
    return LPArrays(sp.csc_array(MATRIX), np.array([cost_a, 1.0, -30.0, 2.0, 5.0]),
                    np.zeros(5), np.array([100.0, np.inf, 50.0, np.inf, supply_c]),
                    zeros, zeros.copy(), np.zeros(5, np.int32))


def test_live_part_by_hand() -> None:
    live = live_part(_lp(0.0))
    assert live.cols.tolist() == [0, 1, 2] and live.rows.tolist() == [0, 1]
    assert live.forced_in.tolist() == [-1, -1, -1, 0, -1]  # supply C is fixed by its bounds
    assert live.round_of_row.tolist() == [-1, -1, 0]
    reduced = reduce(_lp(0.0), live)
    assert reduced.shape == (2, 3)
    assert reduced.A.toarray().tolist() == MATRIX[:2, :3].tolist()
    assert live_part(_lp(20.0)).whole  # with a supply at C everything may carry something


def test_completed_duals_by_hand() -> None:
    y = complete_duals(_lp(0.0), live_part(_lp(0.0)), np.array([-10.0, -11.0]))
    assert y.tolist() == [-10.0, -11.0, -9.0]
    reduced_cost = _lp(0.0).cost - MATRIX.T @ y
    assert reduced_cost[3] == 0.0  # the flow C -> B breaks even


def test_pruning_session_solves_the_whole_lp_by_hand() -> None:
    session = HighsSession(prune=True)
    assert session.load(_lp(0.0)) == "built"
    out = session.run(SessionOptions())
    assert out.objective == pytest.approx(-950.0)
    assert out.x is not None and out.row_dual is not None
    np.testing.assert_allclose(out.x, [50.0, 50.0, 50.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(out.row_dual, [-10.0, -11.0, -9.0], atol=1e-9)
    assert session.held_arrays()["A"].shape == (2, 3)  # HiGHS holds the live part only

    # a supply at C: C is live now, so the LP HiGHS holds changes shape
    load = session.load(_lp(20.0))
    assert load.startswith("rebuilt: the part that can carry something changed: 3 -> 5 columns")
    out = session.run(SessionOptions())
    # 20 t from C at 5 + 2, 30 t from A at 10 + 1: 140 + 330 - 1500
    assert out.objective == pytest.approx(-1030.0)
    np.testing.assert_allclose(out.x, [30.0, 30.0, 50.0, 20.0, 20.0], atol=1e-9)

    # a dearer supply at A: the same live part, moved in place; 140 + 30 * 13 - 1500
    assert session.load(_lp(20.0, cost_a=12.0)) == "updated in place: 1 costs"
    assert session.run(SessionOptions()).objective == pytest.approx(-970.0)


def test_pruning_session_equals_the_whole_lp_on_the_toy() -> None:
    toy = with_stock_supply(load_data(DATA / "toy"))
    lp = build_program(toy, build_index_sets(toy)).arrays()
    assert not live_part(lp).whole  # the toy has rows that force their columns to 0
    whole, pruned = HighsSession(), HighsSession(prune=True)
    whole.load(lp)
    pruned.load(lp)
    a, b = whole.run(SessionOptions()), pruned.run(SessionOptions())
    assert b.objective == pytest.approx(a.objective, rel=1e-12)
    np.testing.assert_allclose(b.x, a.x, rtol=1e-9, atol=1e-9)
    # the toy's dead rows force one column each: HiGHS's duals there are the tight values
    np.testing.assert_allclose(b.row_dual, a.row_dual, rtol=1e-9, atol=1e-9)
