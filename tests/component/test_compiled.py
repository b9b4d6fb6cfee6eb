"""The array hand-off compiles exactly the LP Pyomo's standard-form compiler sees."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest

import model
from model.compiled import compile_arrays, compile_model, compile_pyomo
from model.linear import registry
from model.solve import solve

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"toy": ROOT / "tests" / "data" / "toy", "default": ROOT / "inputs"}


def _build(which: str) -> pyo.ConcreteModel:
    from model.supply import with_stock_supply

    data = with_stock_supply(model.load_data(PACKAGES[which]))
    return model.build_model(data, model.build_index_sets(data))


@pytest.mark.parametrize("which", ["toy", "default"])
def test_arrays_equal_pyomo_standard_form(which: str) -> None:
    m = _build(which)
    ours, theirs = compile_arrays(m), compile_pyomo(m)
    assert ours.path == "arrays" and theirs.path == "pyomo"
    col = {id(v): j for j, v in enumerate(ours.columns)}
    cols = np.array([col[id(v)] for v in theirs.columns])
    row = {id(r): i for i, r in enumerate(ours.rows)}
    rows = np.array([row[id(r)] for r in theirs.rows])
    assert len(ours.rows) == len(theirs.rows)
    # Pyomo drops columns that appear nowhere; ours keeps them with zero cost and no rows
    unused = np.setdiff1d(np.arange(len(ours.columns)), cols)
    assert ours.A[:, unused].nnz == 0 and not ours.cost[unused].any()
    assert ours.A.nnz == theirs.A.nnz  # duplicates summed, no explicit zeros
    a = ours.A.tocsr()[rows][:, cols].toarray()
    np.testing.assert_allclose(a, theirs.A.toarray(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(ours.cost[cols], theirs.cost, rtol=1e-12)
    for name in ("col_lower", "col_upper"):
        np.testing.assert_array_equal(getattr(ours, name)[cols], getattr(theirs, name))
    for name in ("row_lower", "row_upper"):
        np.testing.assert_allclose(getattr(ours, name)[rows], getattr(theirs, name))


def test_edits_to_the_pyomo_model_are_honoured() -> None:
    """A bound set on a variable is read; an added constraint switches to Pyomo's compiler."""
    m = _build("toy")
    free = solve(m)
    flows = registry(m).families["flow"]
    assert compile_model(m).path == "arrays"
    first = flows.items[0]
    first.setub(0.5 * first.value if first.value else 0.0)
    assert compile_model(m).path == "arrays"
    assert compile_model(m).col_upper[flows.offset] == pytest.approx(first.ub)
    capped = solve(m)
    assert capped.objective >= free.objective - 1e-6
    m.extra = pyo.Constraint(expr=sum(flows.items) <= 1.0)
    lp = compile_model(m)
    assert lp.path == "pyomo" and len(lp.rows) == len(compile_arrays(m).rows) + 1
    tight = solve(m)
    assert tight.status == "optimal" and sum(v.value for v in flows.items) <= 1.0 + 1e-7
