"""``ziya bench``: seeded synthetic networks shaped like the real data, timed phase by phase.

``generate(regions, years, seed)`` writes string tables like a data package: 4 sources per
region, one sorting plant per region, one recycling plant per two regions, one market per
region; 6 waste streams -> 8 fractions -> 6 products + residue; each node ships to its 3
nearest successors by truck, some also by rail or sea. Sizes: S ~1e4, M ~1e5, L ~1e6 variables.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import logging
import multiprocessing as mp
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.bench.peers import lp_arrays, peak_rss_mb
from model.data.dataset import ModelData
from model.data.validate import parse_tables

__all__ = ["SIZES", "bench_size", "generate", "resolve_bench", "run_bench"]

log = logging.getLogger(__name__)

SIZES = {"S": 7, "M": 70, "L": 700, "XL": 2100}  # regions (x 10 years): ~1e4, 1e5, 1e6, 3e6
WASTES, FRACTIONS, PRODUCTS = 6, 8, 6
P = "value,unit,source,confidence"


def _nearest(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k nearest points of b for each point of a (chunked brute force)."""
    out = np.empty((len(a), min(k, len(b))), dtype=int)
    for start in range(0, len(a), 2048):
        d = ((a[start:start + 2048, None, :] - b[None, :, :]) ** 2).sum(-1)
        out[start:start + 2048] = np.argsort(d, axis=1)[:, : out.shape[1]]
    return out


def _processes(rng: np.random.Generator) -> tuple[list[tuple], list[tuple]]:
    """Technologies: 6 sorting (a waste -> 2 fractions + residue), 8 recycling (a fraction ->
    a product + residue); transfer coefficients random, losses 3-5%."""
    techs, io = [], []
    for t in range(WASTES):
        outs = (t % FRACTIONS, (t + 2) % FRACTIONS)
        loss = rng.uniform(0.03, 0.05)
        split = rng.dirichlet([1, 1]) * (1 - loss)
        io.append((f"sort{t}", f"waste{t}", "in", 1.0))
        io += [(f"sort{t}", f"frac{f}", "out", s) for f, s in zip(outs, split, strict=True)]
        io.append((f"sort{t}", "residue", "out", loss))
        techs.append(("sort", t))
    for t in range(FRACTIONS):
        loss = rng.uniform(0.03, 0.05)
        io += [(f"rec{t}", f"frac{t}", "in", 1.0),
               (f"rec{t}", f"prod{t % PRODUCTS}", "out", 1 - loss),
               (f"rec{t}", "residue", "out", loss)]
        techs.append(("rec", t))
    return techs, io


def generate(regions: int, years: int = 10, seed: int = 0) -> dict[str, pd.DataFrame]:
    """String tables of a synthetic data package (see the module docstring)."""
    rng = np.random.default_rng(seed)
    side = np.sqrt(regions) * 100
    kinds = {"src": 4 * regions, "sort": regions, "rec": max(regions // 2, 1), "mkt": regions}
    xy = {k: rng.uniform(0, side, (n, 2)) for k, n in kinds.items()}
    names = {k: [f"{k}{i}" for i in range(n)] for k, n in kinds.items()}
    techs, io = _processes(rng)
    tables: dict[str, list[tuple]] = {"years": [(2025 + y,) for y in range(years)]}
    materials = ([f"waste{i}" for i in range(WASTES)] + [f"frac{i}" for i in range(FRACTIONS)]
                 + [f"prod{i}" for i in range(PRODUCTS)] + ["residue"])
    tables["materials"] = [(m, m, "x") for m in materials]
    tables["nodes"] = [(n, n, "R", "CN", k) for k in kinds for n in names[k]]
    tables["modes"] = [("truck", "Truck"), ("rail", "Rail"), ("sea", "Sea")]
    processes, capacity, cost, elec = [], [], [], []
    for kind in ("sort", "rec"):
        for i, node in enumerate(names[kind]):
            options = [x for x in techs if x[0] == kind]
            for kind_t, t in [options[(i + j) % len(options)] for j in range(3)]:
                name = f"{node}_{kind_t}{t}"
                processes.append((name, node, name, kind))
                capacity += [(name, 2025 + y, rng.uniform(2e4, 6e4)) for y in range(years)]
                cost.append((name, rng.uniform(50, 300)))
                elec.append((name, rng.uniform(0.02, 0.2)))
    tables.update(processes=processes, process_capacity=capacity, process_cost=cost,
                  process_electricity=elec)
    tech_io = pd.DataFrame(io, columns=["tech", "material", "direction", "value"])
    proc = pd.DataFrame(processes, columns=["process", "node", "label", "stage"])
    proc["tech"] = proc["process"].str.split("_").str[-1]
    pio = proc.merge(tech_io, on="tech")
    tables["process_io"] = list(pio[["process", "material", "direction", "value"]]
                                .itertuples(index=False, name=None))
    tables["process_invest_cost"] = [(p[0], rng.uniform(200, 800)) for p in processes]
    _routes(tables, rng, names, xy, pio, years)
    _markets(tables, rng, names, years)
    return _frames(tables)


def _routes(tables: dict, rng: np.random.Generator, names: dict, xy: dict, pio: pd.DataFrame,
            years: int) -> None:
    routes, carried, distance = [], [], []
    made = pio[pio["direction"] == "out"].groupby("node")["material"].agg(set)
    used = pio[pio["direction"] == "in"].groupby("node")["material"].agg(set)
    waste = {f"waste{i}" for i in range(WASTES)}
    products = {f"prod{i}" for i in range(PRODUCTS)}
    for a, b, offers in (("src", "sort", lambda n: waste), ("sort", "rec", made.get),
                         ("rec", "mkt", lambda n: made.get(n, set()) & products)):
        near = _nearest(xy[a], xy[b], 3)
        for i, origin in enumerate(names[a]):
            for j in near[i]:
                destination = names[b][j]
                goods = (offers(origin) or set()) & (used.get(destination, products)
                                                     if b != "mkt" else products)
                if not goods:
                    continue
                km = float(np.hypot(*(xy[a][i] - xy[b][j]))) + 5
                for mode, p, factor in (("truck", 1.0, 1.3), ("rail", 0.5, 1.1),
                                        ("sea", 0.2, 1.5)):
                    if rng.random() < p:
                        route = f"{origin}-{destination}-{mode}"
                        routes.append((route, origin, destination, mode))
                        distance.append((route, km * factor))
                        carried += [(route, m) for m in sorted(goods)]
    fractions = [f"frac{i}" for i in range(FRACTIONS)]
    for node in names["sort"] + names["rec"]:
        routes.append((f"{node}-fill", node, "landfill", "truck"))
        distance.append((f"{node}-fill", 20.0))
        carried += [(f"{node}-fill", m) for m in ["residue", *fractions]
                    if m == "residue" or node.startswith("sort")]
    tables["nodes"].append(("landfill", "landfill", "R", "CN", "disposal"))
    tables.update(routes=routes, route_materials=carried, route_distance=distance)
    tables["disposal_cost"] = [("landfill", m, 150.0) for m in ["residue", *fractions]]
    tables["mode_cost"] = [("truck", 0.4), ("rail", 0.15), ("sea", 0.05)]
    tables["mode_emission_factor"] = [("truck", 1e-4), ("rail", 2e-5), ("sea", 1.6e-5)]
    tables["electricity_price"] = [("R", 2025 + y, 650.0) for y in range(years)]
    tables["grid_emission_factor"] = [("R", 2025 + y, 0.64) for y in range(years)]


def _markets(tables: dict, rng: np.random.Generator, names: dict, years: int) -> None:
    supply, supply_cost, price = [], [], []
    for node in names["src"]:
        for w in rng.choice(WASTES, 2, replace=False):
            for y in range(years):
                supply.append((node, f"waste{w}", 2025 + y, rng.uniform(5e3, 2e4)))
                supply_cost.append((node, f"waste{w}", 2025 + y, rng.uniform(100, 600)))
    for node in names["mkt"]:
        for p in range(PRODUCTS):
            price += [(node, f"prod{p}", 2025 + y, rng.uniform(1500, 4000)) for y in range(years)]
    tables.update(supply_max=supply, supply_cost=supply_cost, market_price=price)
    tables["discount_rate"] = [(0.05,)]
    tables["carbon_price"] = [(2025 + y, 50.0) for y in range(years)]


HEADERS = {
    "years": "year", "materials": "material,label,category",
    "nodes": "node,label,region,country,kind", "modes": "mode,label",
    "processes": "process,node,label,stage", "routes": "route,origin,destination,mode",
    "route_materials": "route,material", "discount_rate": P,
    "process_io": f"process,material,direction,{P}", "process_cost": f"process,{P}",
    "process_electricity": f"process,{P}", "process_capacity": f"process,year,{P}",
    "process_invest_cost": f"process,{P}", "supply_max": f"node,material,year,{P}",
    "supply_cost": f"node,material,year,{P}", "market_price": f"node,material,year,{P}",
    "route_distance": f"route,{P}", "mode_cost": f"mode,{P}",
    "mode_emission_factor": f"mode,{P}", "disposal_cost": f"node,material,{P}",
    "electricity_price": f"region,year,{P}", "grid_emission_factor": f"region,year,{P}",
    "carbon_price": f"year,{P}",
}
UNITS = {"process_io": "t/t", "process_cost": "CNY/t", "process_electricity": "MWh/t",
         "process_capacity": "t/yr", "process_invest_cost": "CNY/(t/yr)", "supply_max": "t/yr",
         "supply_cost": "CNY/t", "market_price": "CNY/t", "route_distance": "km",
         "mode_cost": "CNY/(t*km)", "mode_emission_factor": "tCO2e/(t*km)",
         "disposal_cost": "CNY/t", "electricity_price": "CNY/MWh",
         "grid_emission_factor": "tCO2e/MWh", "carbon_price": "CNY/tCO2e", "discount_rate": "1"}


def _frames(tables: dict[str, list[tuple]]) -> dict[str, pd.DataFrame]:
    frames = {}
    for name, rows in tables.items():
        columns = HEADERS[name].split(",")
        if name in UNITS:
            rows = [(*r, UNITS[name], "bench", "L") for r in rows]
        frame = pd.DataFrame(rows, columns=columns)
        if "value" in frame:
            frame["value"] = [repr(float(v)) for v in frame["value"]]
        frames[TABLE.get(name, name)] = frame.astype(str)
    return frames


TABLE = {"years": "year", "materials": "material", "nodes": "node", "modes": "mode",
         "processes": "process", "routes": "route", "route_materials": "route_material"}


@dataclass
class BenchResult:
    """Timings (s), sizes and memory of one benchmark run."""

    size: str
    variables: int = 0
    constraints: int = 0
    nonzeros: int = 0
    prepare: float = 0.0
    build: float = 0.0
    solve_call: float = 0.0
    highs_run: float = 0.0
    extract: float = 0.0
    audit: float = 0.0
    peak_rss_mb: float = 0.0
    objective: float = np.nan
    status: str = ""

    def ratios(self) -> dict[str, float]:
        handoff = max(self.solve_call - self.highs_run, 0.0)
        return {"handoff": handoff,
                "overhead_ratio": (self.build + handoff + self.extract) / max(self.highs_run,
                                                                              1e-9)}


# interior point with crossover: the fastest cold start on these networks
IPM: dict[str, bool | int | float | str] = {"solver": "ipm"}


def _instance(size: str, seed: int) -> ModelData:
    return parse_tables(generate(SIZES[size], seed=seed), source=f"bench:{size}",
                        digest=f"bench-{size}-{seed}")


def _import_lazy_modules() -> None:
    """Import what xarray imports on first use (``dask.array``, 0.2 s, probed when it makes
    its first array), so that it counts with the other imports, outside the timed phases."""
    from xarray.namedarray.pycompat import array_type

    array_type("dask")


def run_bench(size: str, seed: int = 0, time_limit_s: float = 600.0,
              lp_path: Path | None = None, backend: str = "highs") -> BenchResult:
    """Generate, validate, build, solve, extract and audit one synthetic instance.

    ``backend``: ``highs`` (the lean path: program arrays straight to HiGHS) or ``pyomo``
    (the program made into a Pyomo model, then handed over). With ``lp_path`` the LP as
    handed to HiGHS is also saved there (for the peers).
    """
    from model.blocks import build_program
    from model.data.sets import build_index_sets
    from model.lp.pyomo_model import to_pyomo
    from model.lp.session import HighsSession
    from model.lp.solve import SolveOptions, solve, solve_program
    from model.pipeline import ranging_if_needed
    from model.results.audit import audit
    from model.results.cube import extract_results

    _import_lazy_modules()
    result = BenchResult(size)
    start = time.perf_counter()
    data = _instance(size, seed)
    result.prepare = time.perf_counter() - start
    start = time.perf_counter()
    sets = build_index_sets(data)
    program = build_program(data, sets)
    m = to_pyomo(program) if backend == "pyomo" else None
    result.build = time.perf_counter() - start
    gc.collect()
    session = HighsSession()
    options = ranging_if_needed(SolveOptions(time_limit_s=time_limit_s, highs_options=IPM),
                                data, sets)
    solved = (solve(m, options, session) if m is not None
              else solve_program(program, options, session))
    result.solve_call, result.status = solved.seconds, solved.status
    result.highs_run = float(solved.highs_seconds)
    result.objective = float(solved.objective) if solved.objective is not None else np.nan
    result.variables = int(solved.size.get("columns", 0))
    result.constraints = int(solved.size.get("rows", 0))
    result.nonzeros = int(solved.size.get("nonzeros", 0))
    if lp_path is not None and session.highs is not None:
        np.savez(lp_path, allow_pickle=False, **lp_arrays(session.highs))
    del session  # HiGHS is let go before the cube, as in ``solve_data``
    if solved.has_solution:
        start = time.perf_counter()
        cube = extract_results(program, data, sets, solved)
        result.extract = time.perf_counter() - start
        if solved.optimal:
            start = time.perf_counter()
            audit(cube, data)
            result.audit = time.perf_counter() - start
    result.peak_rss_mb = peak_rss_mb()
    return result


def _moved(data: ModelData, kind: str, step: int, changes: int, free: float,
           rng: np.random.Generator) -> ModelData:
    """Member ``step`` of a re-solve study: a carbon budget, or prices and supply moved."""
    if kind == "budget":
        budget = free * np.linspace(0.95, 0.05, changes)[step]
        return data.with_params({"carbon_budget": pd.Series([budget], index=pd.RangeIndex(1))})
    moved = {}
    for name in ("market_price", "supply_cost", "supply_max"):
        series = data.params[name]
        moved[name] = series * rng.uniform(0.8, 1.2, len(series))
    return data.with_params(moved)


def resolve_bench(size: str, changes: int = 20, seed: int = 0,
                  kind: str = "budget", rounds: int = 1) -> dict[str, float]:
    """Seconds to solve ``changes`` members: each rebuilt vs all in one HiGHS session.

    ``kind``: ``budget`` (carbon budgets from 95% to 5% of the unconstrained emissions) or
    ``prices`` (market prices, supply costs and supply bounds each moved by a factor drawn
    from 0.8-1.2). Rebuilt: sets, program, Pyomo model, hand-off and a cold IPM solve per
    member (the default path). Session: the program rebuilt and moved into the one HiGHS
    instance by a diff, then re-solved with the dual simplex from the previous basis (an
    IPM cannot warm-start). Neither extracts a cube (the cubes are compared in the tests).
    ``rounds``: the two ways are timed in turn that many times (a new session each round);
    the seconds are the medians over the rounds, so the first round's one-off work in this
    process (first calls, memory first touched) does not fall on one way only.
    """
    from model.blocks import build_program
    from model.blocks.memo import BlockMemo
    from model.data.sets import build_index_sets
    from model.lp.pyomo_model import to_pyomo
    from model.lp.session import HighsSession
    from model.lp.solve import SolveOptions, solve, solve_program
    from model.pipeline import ranging_if_needed

    data = _instance(size, seed)
    sets = build_index_sets(data)
    free_program = build_program(data, sets)
    warm_options = ranging_if_needed(SolveOptions(), data, sets)  # as solve_data does
    cold_options = warm_options.model_copy(update={"highs_options": IPM})
    first = solve_program(free_program, cold_options)
    assert first.x is not None
    free = float(sum(first.x[free_program.columns["emissions"].span]))
    members = [_moved(data, kind, i, changes, free, np.random.default_rng(seed + i))
               for i in range(changes)]
    warm_s, cold_s, highs_s = [], [], []
    for _ in range(rounds):
        session, memo = HighsSession(prune=True), BlockMemo()
        warm_objective, highs, start = [], 0.0, time.perf_counter()
        for member in members:
            solved = solve_program(build_program(member, memo.index_sets(member), memo),
                                   warm_options, session)
            warm_objective.append(solved.objective)
            highs += solved.highs_seconds
        warm_s.append(time.perf_counter() - start)
        highs_s.append(highs)
        del session, memo
        cold_objective, start = [], time.perf_counter()
        for member in members:
            m = to_pyomo(build_program(member, build_index_sets(member)))
            cold_objective.append(solve(m, cold_options).objective)
        cold_s.append(time.perf_counter() - start)
    warm_o, cold_o = np.array(warm_objective, float), np.array(cold_objective, float)
    diff = np.abs(warm_o - cold_o)
    cold, warm = float(np.median(cold_s)), float(np.median(warm_s))
    return {f"{kind}_changes": changes, f"{kind}_rounds": rounds, f"{kind}_rebuild_s": cold,
            f"{kind}_session_s": warm, f"{kind}_resolve_ratio": cold / max(warm, 1e-9),
            # HiGHS's own run time within the session: rebuild / this is the ratio's ceiling
            f"{kind}_session_highs_s": float(np.median(highs_s)),
            f"{kind}_max_objective_gap": float(np.max(diff / np.maximum(np.abs(cold_o), 1.0)))}


def _fresh(fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(*args)`` in a new Python process (its own peak memory) and return the result."""
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _peer(kind: str, lp_path: Path, options: dict[str, Any]) -> dict[str, float] | None:
    """Run a peer of ``model.bench.peers`` as a script in a new process (no ziya imports)."""
    if kind == "linopy" and importlib.util.find_spec("linopy") is None:
        return None
    out = lp_path.with_suffix(f".{kind}.json")
    script = Path(__file__).with_name("peers.py")
    subprocess.run([sys.executable, "-P", str(script), kind, str(lp_path), str(out),
                    json.dumps(options)], check=True, capture_output=True)
    return dict(json.loads(out.read_text()))


def bench_size(size: str, repeat: int = 1, time_limit_s: float = 600.0,
               resolve: bool = False, backend: str = "highs",
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Medians over ``repeat`` runs of the pipeline and its peers, each in a fresh process.

    Ratios (issue 7): overhead = (build + hand-off + extract) / HiGHS; build = (build +
    hand-off) / the direct-highspy reference; linopy = (build + hand-off) / linopy's build +
    hand-off of the same LP; memory = pipeline peak RSS / the reference's (HiGHS holding and
    solving the LP built from arrays); re-solve (with ``resolve``) = 20 budgets rebuilt /
    moved in place, and 20 price members alike (medians of ``repeat`` rounds). ``progress``
    is called with a short message before each step.
    """
    say = progress or (lambda message: None)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ziya-bench-") as tmp:
        lp_path = Path(tmp) / "lp.npz"
        for i in range(repeat):
            say(f"{size} {backend}: run {i + 1} of {repeat}")
            run: BenchResult = _fresh(run_bench, size, 0, time_limit_s, lp_path, backend)
            row: dict[str, Any] = {**run.__dict__, **run.ratios()}
            say(f"{size} {backend}: peers (direct highspy, linopy)")
            ref = _peer("reference", lp_path, {**IPM, "time_limit": time_limit_s})
            assert ref is not None
            row.update(ref_build=ref["build_handoff"], ref_highs=ref["highs_run"],
                       ref_peak_rss_mb=ref["peak_rss_mb"],
                       ref_objective_gap=abs(ref["objective"] - run.objective)
                       / max(abs(run.objective), 1.0))
            peer = _peer("linopy", lp_path, IPM)
            if peer is not None:
                row.update(linopy_build=peer["build"], linopy_handoff=peer["handoff"])
            rows.append(row)
    frame = pd.DataFrame(rows)
    out: dict[str, Any] = {"size": size, "status": rows[-1]["status"], "runs": repeat,
                           **frame.drop(columns=["size", "status"]).median().to_dict()}
    ours = out["build"] + out["handoff"]
    out["build_ratio"] = ours / max(out["ref_build"], 1e-9)
    out["memory_ratio"] = out["peak_rss_mb"] / max(out["ref_peak_rss_mb"], 1e-9)
    if "linopy_build" in out:
        out["linopy_ratio"] = ours / max(out["linopy_build"] + out["linopy_handoff"], 1e-9)
    out["backend"] = backend
    if resolve:
        for kind in ("budget", "prices"):
            say(f"{size} {backend}: 20 re-solves ({kind})")
            out.update(_fresh(resolve_bench, size, 20, 0, kind, repeat))
    return out
