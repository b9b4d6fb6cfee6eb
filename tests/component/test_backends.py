"""The two backends give the same LP: the program's arrays (lean path) and Pyomo's view."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest

import model
from model.blocks import build_program
from model.data.supply import with_stock_supply
from model.lp.compile import _from_pyomo, compile_model
from model.lp.program import Program
from model.lp.pyomo_model import link_of, to_pyomo
from model.lp.solve import solve, solve_program

pytestmark = pytest.mark.component

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"toy": ROOT / "tests" / "data" / "toy", "default": ROOT / "inputs"}


def _program(which: str) -> Program:
    data = with_stock_supply(model.load_data(PACKAGES[which]))
    return build_program(data, model.build_index_sets(data))


@pytest.mark.parametrize("which", ["toy", "default"])
def test_lean_arrays_equal_pyomo_standard_form(which: str) -> None:
    """Matrix, costs, column and row bounds: the program's arrays == Pyomo's compiler."""
    program = _program(which)
    m = to_pyomo(program)
    ours, theirs = program.arrays(), _from_pyomo(m, link_of(m), integer=False)
    assert theirs.path == "pyomo" and (theirs.row_of >= 0).all()
    cols, rows = theirs.col_of, theirs.row_of
    assert len(rows) == ours.shape[0]
    # Pyomo drops columns that appear nowhere; ours keeps them with zero cost and no rows
    unused = np.setdiff1d(np.arange(ours.shape[1]), cols)
    assert ours.A[:, unused].nnz == 0 and not ours.cost[unused].any()
    assert ours.A.nnz == theirs.lp.A.nnz  # duplicates summed, no explicit zeros
    a = ours.A.tocsr()[rows][:, cols].toarray()
    np.testing.assert_allclose(a, theirs.lp.A.toarray(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(ours.cost[cols], theirs.lp.cost, rtol=1e-12)
    for name in ("col_lower", "col_upper"):
        np.testing.assert_array_equal(getattr(ours, name)[cols], getattr(theirs.lp, name))
    for name in ("row_lower", "row_upper"):
        np.testing.assert_allclose(getattr(ours, name)[rows], getattr(theirs.lp, name))


@pytest.mark.parametrize("which", ["toy", "default"])
def test_backends_give_the_same_solution_and_duals(which: str) -> None:
    program = _program(which)
    lean = solve_program(program)
    m = to_pyomo(program)
    assert compile_model(m).path == "arrays"
    via_pyomo = solve(m)
    assert lean.optimal and via_pyomo.optimal
    assert lean.objective == pytest.approx(via_pyomo.objective, rel=1e-12)
    assert lean.x is not None and via_pyomo.x is not None
    np.testing.assert_allclose(lean.x, via_pyomo.x, rtol=1e-9, atol=1e-9)
    assert lean.row_dual is not None and via_pyomo.row_dual is not None
    np.testing.assert_allclose(lean.row_dual, via_pyomo.row_dual, rtol=1e-9, atol=1e-9)
    # the Pyomo variables hold the values too
    values = np.array([v.value for v in link_of(m).columns])
    np.testing.assert_allclose(values, via_pyomo.x, rtol=0, atol=0)


def test_edits_to_the_pyomo_model_are_honoured() -> None:
    """A bound set on a variable is read; an added constraint switches to Pyomo's compiler."""
    m = model.build_model(*_toy())
    free = solve(m)
    flow = m.flows.flow
    assert compile_model(m).path == "arrays"
    first = flow[0]
    first.setub(0.5 * first.value if first.value else 0.0)
    assert compile_model(m).path == "arrays"
    program = link_of(m).program
    assert compile_model(m).lp.col_upper[program.columns["flow"].offset] == pytest.approx(first.ub)
    capped = solve(m)
    assert capped.objective >= free.objective - 1e-6
    m.extra = pyo.Constraint(expr=sum(flow.values()) <= 1.0)
    lp = compile_model(m)
    assert lp.path == "pyomo" and lp.lp.shape[0] == program.n_rows + 1
    tight = solve(m)
    assert tight.status == "optimal" and sum(v.value for v in flow.values()) <= 1.0 + 1e-7
    assert tight.x is not None
    assert tight.x[program.columns["flow"].span].sum() <= 1.0 + 1e-7


def _toy() -> tuple[model.ModelData, model.IndexSets]:
    data = with_stock_supply(model.load_data(PACKAGES["toy"]))
    return data, model.build_index_sets(data)
