"""How much of a synthetic bench LP can never carry anything, and what leaving it out saves
the warm re-solves of a carbon-budget study (what sessions that re-solve do, ``model.lp.live``).

A balance row ``sum_j a_j x_j = 0`` whose live columns (``x_j >= 0``, not fixed at 0) all have
coefficients of one sign forces them all to 0: a material that can reach a node but never
leave it, or leave it but never reach it. Fixing those columns can make further rows forcing;
the rounds repeat until none is found (HiGHS's presolve calls this rule "forcing row"). The
script counts the columns and rows that are left, then solves the same 20 carbon budgets as
``ziya bench --resolve`` (95 % to 5 % of the unconstrained emissions) in one HiGHS instance,
once on the whole LP and once on the live part only: a cold interior-point solve, then 19 warm
dual-simplex re-solves after each change of the budget's bound. The objectives must agree.

Usage (from the repository root):

    .venv/bin/python benchmarks/dead_structure.py [--sizes S,M] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from model.bench.synthetic import SIZES, generate
from model.blocks import build_program
from model.data.sets import build_index_sets
from model.data.validate import parse_tables
from model.lp.live import Live, live_part, reduce
from model.lp.program import LPArrays
from model.lp.solve import SolveOptions, solve_program


def budget_members(size: str) -> list[LPArrays]:
    """The 20 members of the budget study of ``ziya bench --resolve``, as LP arrays."""
    data = parse_tables(generate(SIZES[size], seed=0), source=f"bench:{size}",
                        digest=f"bench-{size}-0")
    program = build_program(data, build_index_sets(data))
    first = solve_program(program, SolveOptions(highs_options={"solver": "ipm"}))
    assert first.x is not None
    free = float(first.x[program.columns["emissions"].span].sum())
    members = []
    for share in np.linspace(0.95, 0.05, 20):
        member = data.with_params({"carbon_budget": pd.Series([free * share],
                                                              index=pd.RangeIndex(1))})
        members.append(build_program(member, build_index_sets(member)).arrays())
    return members


def study(members: list[LPArrays], live: Live | None) -> tuple[float, float, int, list[float]]:
    """Seconds of the cold solve and of the 19 warm ones, warm iterations, objectives."""
    def part(lp: LPArrays) -> tuple:
        lp = lp if live is None else reduce(lp, live)
        return (sp.csc_array(lp.A), lp.cost, lp.col_lower, lp.col_upper, lp.row_lower,
                lp.row_upper)

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    a, cost, low, high, row_low, row_high = part(members[0])
    h.passModel(a.shape[1], a.shape[0], a.nnz, 1, 1, 0.0, cost, low, high, row_low, row_high,
                a.indptr.astype(np.int32), a.indices.astype(np.int32), a.data.astype(float),
                np.zeros(a.shape[1], np.int32))
    h.setOptionValue("solver", "ipm")
    start = time.perf_counter()
    h.run()
    cold = time.perf_counter() - start
    h.setOptionValue("solver", "choose")
    objectives = [h.getInfo().objective_function_value]
    warm, iterations = 0.0, 0
    for lp in members[1:]:
        _, _, _, _, new_low, new_high = part(lp)
        changed = np.flatnonzero((new_low != row_low) | (new_high != row_high)).astype(np.int32)
        h.changeRowsBounds(  # type: ignore[attr-defined]
            len(changed), changed, new_low[changed], new_high[changed])
        row_low, row_high = new_low, new_high
        start = time.perf_counter()
        h.run()
        warm += time.perf_counter() - start
        iterations += h.getInfo().simplex_iteration_count
        objectives.append(h.getInfo().objective_function_value)
    return cold, warm, iterations, objectives


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for size in args.sizes.split(","):
        members = budget_members(size)
        start = time.perf_counter()
        live = live_part(members[0])
        found = time.perf_counter() - start
        shape, rounds = members[0].shape, int(live.round_of_row.max()) + 1
        sys.stdout.write(f"{size}: {len(live.cols):,} of {shape[1]:,} columns and "
                         f"{len(live.rows):,} of {shape[0]:,} rows may carry something "
                         f"({rounds} rounds, {found * 1e3:.0f} ms)\n")
        for label, keep in (("whole LP", None), ("live part", live)):
            runs = [study(members, keep) for _ in range(args.rounds)]
            objectives = np.array(runs[0][3])
            sys.stdout.write(
                f"  {label:<10} cold {statistics.median(r[0] for r in runs):5.2f} s, "
                f"19 warm {statistics.median(r[1] for r in runs):5.2f} s, "
                f"{runs[0][2]:,} iterations, objectives {objectives[0]:.6e} .. "
                f"{objectives[-1]:.6e}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
