"""Peers for ``ziya bench``: the same LP built straight from arrays in highspy, and in linopy.

Neither is used by the model. ``lp_arrays`` takes the LP exactly as ziya handed it to HiGHS
(CSC triplets, costs, bounds); ``reference_run`` rebuilds it from those numpy arrays with
scipy + one ``passModel`` (the floor any Python modelling layer can approach) and solves it
with the same options; ``linopy_run`` builds it as a linopy model (variables with bounds, one
``(row, term)`` expression padded like linopy stores it, ``<=``/``>=``/``=`` constraints;
ranged rows become two) and hands it to highspy with ``linopy.io.to_highspy``. Each peer is
meant to run in a fresh process so that its peak memory is its own:
``model.bench.synthetic`` runs this file as a script (``python peers.py
reference|linopy LP.npz OUT.json``), which imports numpy, scipy and highspy (and linopy) but
not the ziya package.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import highspy
import numpy as np

__all__ = ["linopy_run", "lp_arrays", "peak_rss_mb", "reference_run"]

INF = highspy.kHighsInf


def peak_rss_mb() -> float:
    """Peak resident memory of this process image so far (MB).

    Linux's ``VmHWM`` restarts at ``execve``; ``ru_maxrss`` would carry over the parent's
    peak into a freshly started child process.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lp_arrays(highs: highspy.Highs) -> dict[str, np.ndarray]:
    """The LP held by ``highs`` as plain arrays: COO triplets, costs, column and row bounds."""
    lp = highs.getLp()
    start = np.asarray(lp.a_matrix_.start_, dtype=np.int64)
    col = np.repeat(np.arange(lp.num_col_), np.diff(start))
    return {"row": np.asarray(lp.a_matrix_.index_, dtype=np.int64), "col": col,
            "coef": np.asarray(lp.a_matrix_.value_, dtype=float),
            "cost": np.asarray(lp.col_cost_, dtype=float),
            "offset": np.array([lp.offset_]),
            "col_lower": np.asarray(lp.col_lower_, dtype=float),
            "col_upper": np.asarray(lp.col_upper_, dtype=float),
            "row_lower": np.asarray(lp.row_lower_, dtype=float),
            "row_upper": np.asarray(lp.row_upper_, dtype=float)}


def _load(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as npz:
        return {k: npz[k] for k in npz.files}


def reference_run(path: Path, highs_options: dict[str, Any], solve: bool = True
                  ) -> dict[str, float]:
    """Build the LP in ``path`` directly in highspy (scipy CSC + passModel) and solve it."""
    import scipy.sparse as sp

    lp = _load(path)
    start = time.perf_counter()
    n, m = len(lp["cost"]), len(lp["row_lower"])
    matrix = sp.csc_array((lp["coef"], (lp["row"], lp["col"])), shape=(m, n))
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(n, m, matrix.nnz, 1, 1, float(lp["offset"][0]), lp["cost"],
                    lp["col_lower"], lp["col_upper"], lp["row_lower"], lp["row_upper"],
                    matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32),
                    matrix.data, np.zeros(n, dtype=np.int32))
    build = time.perf_counter() - start
    out = {"build_handoff": build, "highs_run": np.nan, "objective": np.nan}
    if solve:
        for key, value in highs_options.items():
            highs.setOptionValue(key, value)
        highs.run()
        out["highs_run"] = float(highs.getRunTime())
        out["objective"] = float(highs.getInfo().objective_function_value)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _padded(rows: np.ndarray, cols: np.ndarray, coefs: np.ndarray, m: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """(row, term) arrays of variable labels and coefficients; -1 marks an empty slot."""
    order = np.argsort(rows, kind="stable")
    rows, cols, coefs = rows[order], cols[order], coefs[order]
    counts = np.bincount(rows, minlength=m)
    width = max(int(counts.max()) if m else 0, 1)
    term = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    labels = np.full((m, width), -1, dtype=np.int64)
    values = np.full((m, width), np.nan)
    labels[rows, term], values[rows, term] = cols, coefs
    return labels, values


def _add_rows(model: Any, x: Any, lp: dict[str, np.ndarray], rows: np.ndarray, sign: str,
              rhs: np.ndarray, name: str) -> None:
    import linopy
    import xarray as xr

    new = np.full(len(rhs), -1)
    new[rows] = np.arange(len(rows))
    take = new[lp["row"]] >= 0
    labels, coefs = _padded(new[lp["row"][take]], lp["col"][take], lp["coef"][take], len(rows))
    labels = np.where(labels >= 0, np.asarray(x.labels)[np.maximum(labels, 0)], -1)
    dims = (f"i{name}", "_term")
    expr = linopy.LinearExpression(xr.Dataset({"coeffs": (dims, coefs),
                                               "vars": (dims, labels)}), model)
    model.add_constraints(expr, sign, xr.DataArray(rhs[rows], dims=dims[0]))


def linopy_run(path: Path, highs_options: dict[str, Any], solve: bool = False
               ) -> dict[str, float]:
    """Build the LP in ``path`` as a linopy model, hand it to highspy, optionally solve it."""
    import linopy
    import pandas as pd
    import xarray as xr
    from linopy.io import to_highspy

    lp = _load(path)
    start = time.perf_counter()
    model = linopy.Model()
    n = len(lp["cost"])
    x = model.add_variables(lower=lp["col_lower"], upper=lp["col_upper"],
                            coords=[pd.RangeIndex(n, name="j")], name="x")
    model.add_objective((xr.DataArray(lp["cost"], dims="j") * x).sum())
    lo, hi = lp["row_lower"], lp["row_upper"]
    # linopy pads each constraint group to its widest row: group rows by sense and by width
    # class (powers of two), as a linopy user's constraint families would be
    width = np.bincount(lp["row"], minlength=len(lo))
    klass = np.ceil(np.log2(np.maximum(width, 1))).astype(int)
    for sign, keep, rhs in (("=", lo == hi, lo), (">=", (lo > -INF) & (lo < hi), lo),
                            ("<=", (hi < INF) & (lo < hi), hi)):
        for k in np.unique(klass[keep]):
            _add_rows(model, x, lp, np.flatnonzero(keep & (klass == k)), sign, rhs, f"{sign}{k}")
    build = time.perf_counter() - start
    start = time.perf_counter()
    highs = to_highspy(model)
    handoff = time.perf_counter() - start
    out = {"build": build, "handoff": handoff, "highs_run": np.nan, "objective": np.nan}
    if solve:
        highs.setOptionValue("output_flag", False)
        for key, value in highs_options.items():
            highs.setOptionValue(key, value)
        highs.run()
        out["highs_run"] = float(highs.getRunTime())
        out["objective"] = float(highs.getInfo().objective_function_value) \
            + float(lp["offset"][0])
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def main(argv: list[str]) -> None:
    """``peers.py reference|linopy LP.npz OUT.json [OPTIONS_JSON]``: write the figures."""
    kind, lp, out = argv[0], Path(argv[1]), Path(argv[2])
    options = json.loads(argv[3]) if len(argv) > 3 else {}
    run = {"reference": reference_run, "linopy": linopy_run}[kind]
    out.write_text(json.dumps(run(lp, options, kind == "reference")))


if __name__ == "__main__":
    main(sys.argv[1:])
