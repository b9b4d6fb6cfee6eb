"""Sweeps: grids, Pareto fronts and Monte Carlo studies expanded into scenarios and run.

A sweep file names a base scenario and one of three studies:

.. code-block:: yaml

   sweep: carbon_price_grid
   base: baseline.yaml
   grid:                                  # cartesian product (combine: zip pairs them up)
     price: {parameter: carbon_price, values: [0, 50, 100], unit: CNY/tCO2e}
     li: {parameter: market_price, where: {material: lithium_carbonate}, scale: [0.8, 1.2]}

   pareto: {points: 8}                    # cost vs emissions, epsilon-constraint on the budget

   monte_carlo:                           # seeded, reproducible multiplicative factors
     samples: 30
     seed: 7
     parameters:
       - {parameter: market_price, where: {material: secondary_al},
          distribution: triangular, low: 0.8, mode: 1.0, high: 1.2}

Each member scenario is solved on its own (worker processes with one HiGHS thread each, or a
Dask cluster), written atomically as ``<out>/<member>.nc``. A local worker (or the sweep's own
process, with one worker) loads the base data once and keeps one HiGHS session
(``model.lp.session``): each member's program is rebuilt and HiGHS moves to it by a diff,
warm from the basis of the last member that worker solved. A rerun skips members whose stored
input and scenario hashes match, retries crashes (not deterministic failures: bad input, a
failed audit), and keeps infeasible results as results. Ctrl-C stops a sweep within seconds:
finished members are kept and the manifest marks the others ``cancelled`` (``SweepCancelled``).
"""

from __future__ import annotations

import functools
import itertools
import json
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from model.data.io import atomic_write, input_hash, remove_stale_parts
from model.data.scenarios import Override, Scenario, Where, _read_yaml, load_scenario
from model.data.validate import IDENTIFIER
from model.errors import AuditError, InputError, Problem, ScenarioError, SolveError
from model.studies.workers import in_worker, start_pool, stop_pool

if TYPE_CHECKING:
    from model.data.dataset import ModelData
    from model.lp.session import HighsSession

__all__ = ["Member", "Sweep", "SweepCancelled", "expand", "load_sweep", "run_sweep"]

DETERMINISTIC = (AuditError, SolveError)  # the same member fails the same way again: no retry


class GridAxis(BaseModel):
    """One axis of a grid: values (with their unit) or scale factors for matching rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parameter: str
    where: Where = Field(default_factory=dict)
    values: list[float] | None = None
    unit: str | None = None
    scale: list[float] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> GridAxis:
        if (self.values is None) == (self.scale is None):
            raise ValueError("give exactly one of `values` (with `unit`) or `scale`")
        if self.values is not None and not self.unit:
            raise ValueError("`values` need a `unit`")
        if not (self.values or self.scale):
            raise ValueError("an axis needs at least one value")
        try:  # each point is an override: its rules hold now, not when the member is made
            self.overrides()
        except ValidationError as exc:
            raise ValueError("; ".join(e["msg"] for e in exc.errors())) from None
        return self

    def overrides(self) -> list[Override]:
        """One override per point of the axis."""
        if self.values is not None:
            return [Override(parameter=self.parameter, where=self.where, value=v, unit=self.unit)
                    for v in self.values]
        return [Override(parameter=self.parameter, where=self.where, scale=s)
                for s in self.scale or []]

    def labels(self) -> list[float]:
        return list(self.values if self.values is not None else self.scale or [])

    @property
    def unit_text(self) -> str:
        """The axis's unit: the values' unit, or ``×`` (a factor on the data's values)."""
        return self.unit or "" if self.values is not None else "×"

    def point_text(self, value: float) -> str:
        """A point of the axis for people: ``75 CNY/tCO2e``, ``×1.02``."""
        return f"×{value:g}" if self.values is None else f"{value:g} {self.unit}"

    def slug(self, value: float) -> str:
        """A point of the axis in a member name: ``75``, ``x1p02``, ``m5`` (for -5)."""
        text = f"{value:g}".replace("-", "m").replace("+", "").replace(".", "p")
        return text if self.values is not None else "x" + text


class Uncertain(BaseModel):
    """A multiplicative factor on the matching rows, drawn from a distribution."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parameter: str
    where: Where = Field(default_factory=dict)
    distribution: Literal["uniform", "triangular", "normal", "lognormal", "input_range"]
    low: float | None = Field(default=None, allow_inf_nan=False)
    mode: float | None = Field(default=None, allow_inf_nan=False)
    high: float | None = Field(default=None, allow_inf_nan=False)
    mean: float | None = Field(default=None, allow_inf_nan=False)
    sd: float | None = Field(default=None, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _parameters(self) -> Uncertain:
        need = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                "normal": ("mean", "sd"), "lognormal": ("mean", "sd"),
                "input_range": ()}[self.distribution]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"{self.distribution} needs {', '.join(missing)}")
        order = [getattr(self, k) for k in ("low", "mode", "high") if k in need]
        if order != sorted(order) or (len(order) == 3 and order[0] == order[2]):  # NumPy's
            raise ValueError(f"{self.distribution} needs low <= mode <= high (low < high)" if
                             len(order) == 3 else "uniform needs low <= high")
        if self.distribution == "lognormal" and float(self.mean or 0.0) <= 0.0:
            raise ValueError("lognormal needs a positive mean (of the factor)")
        return self

    def draw(self, rng: np.random.Generator) -> float:
        """One factor (never negative)."""
        if self.distribution == "input_range":  # a quantile of the rows' own low-high ranges
            value = rng.uniform(0.0, 1.0)
        elif self.distribution == "uniform":
            value = rng.uniform(float(self.low or 0.0), float(self.high or 0.0))
        elif self.distribution == "triangular":
            value = rng.triangular(float(self.low or 0.0), float(self.mode or 0.0),
                                   float(self.high or 0.0))
        elif self.distribution == "normal":
            value = rng.normal(float(self.mean or 0.0), float(self.sd or 0.0))
        else:  # lognormal with the given mean and sd of the factor itself
            mean, sd = float(self.mean or 1.0), float(self.sd or 0.0)
            sigma2 = np.log(1 + (sd / mean) ** 2)
            value = rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2))
        return max(float(value), 0.0)


class MonteCarlo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    samples: int = Field(ge=1, le=100_000)
    seed: int = Field(default=0, ge=0)  # NumPy's generators take non-negative seeds
    parameters: list[Uncertain] = Field(min_length=1)


class Pareto(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    points: int = Field(ge=2, le=1000)


class Sweep(BaseModel):
    """A sweep file (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sweep: str = Field(pattern=IDENTIFIER.pattern)
    description: str = ""
    base: str
    grid: dict[str, GridAxis] | None = None
    combine: Literal["product", "zip"] = "product"
    pareto: Pareto | None = None
    monte_carlo: MonteCarlo | None = None
    retries: int = Field(default=1, ge=0, le=5)

    @model_validator(mode="after")
    def _one_study(self) -> Sweep:
        studies = [s for s in (self.grid, self.pareto, self.monte_carlo) if s is not None]
        if len(studies) != 1:
            raise ValueError("give exactly one of `grid`, `pareto` or `monte_carlo`")
        if self.grid is not None:
            for name in self.grid:
                if not IDENTIFIER.match(name):
                    raise ValueError(f"grid axis name {name!r} is not an identifier")
            if self.combine == "zip" and len({len(a.labels()) for a in self.grid.values()}) > 1:
                raise ValueError("combine: zip needs axes of equal length")
        return self


@dataclass(frozen=True)
class Member:
    """One scenario of a sweep, with its coordinates in the study."""

    name: str
    scenario: Scenario
    coords: dict[str, float] = field(default_factory=dict)
    label: str = ""  # the member for people: "price = 75 CNY/tCO2e", "sample 3"
    units: dict[str, str] = field(default_factory=dict)  # unit of each coordinate

    @property
    def attrs(self) -> dict[str, str]:
        """What the member's cube records of its place in the study."""
        return {"sweep_coords": json.dumps(self.coords), "sweep_label": self.label,
                "sweep_units": json.dumps(self.units)}


def load_sweep(path: Path | str) -> tuple[Sweep, Scenario]:
    """Read a sweep file and its base scenario (paths relative to the sweep file)."""
    path = Path(path)
    raw = _read_yaml(path)
    try:
        sweep = Sweep.model_validate(raw)
    except ValidationError as exc:
        problems = [Problem(str(path), e["msg"], key=".".join(map(str, e["loc"])))
                    for e in exc.errors()]
        raise ScenarioError(problems, header=f"invalid sweep {path}") from None
    return sweep, load_scenario(path.parent / sweep.base)


def _member(base: Scenario, name: str, extra: list[Override], coords: dict[str, float],
            label: str = "", units: dict[str, str] | None = None) -> Member:
    scenario = base.model_copy(update={"name": name, "overrides": [*base.overrides, *extra]})
    return Member(name, scenario, coords, label, units or {})


def expand(sweep: Sweep, base: Scenario) -> list[Member]:
    """All member scenarios of the sweep, in a stable order."""
    if sweep.grid is not None:
        return _expand_grid(sweep, base)
    if sweep.monte_carlo is not None:
        return _expand_monte_carlo(sweep.monte_carlo, sweep, base)
    return _expand_pareto(sweep, base)


def _expand_grid(sweep: Sweep, base: Scenario) -> list[Member]:
    axes = sweep.grid or {}
    names = list(axes)
    points = [list(zip(axes[n].labels(), axes[n].overrides(), strict=True)) for n in names]
    combos = zip(*points, strict=True) if sweep.combine == "zip" else itertools.product(*points)
    members = []
    units = {n: axes[n].unit_text for n in names}
    for combo in combos:
        coords = {n: float(label) for n, (label, _) in zip(names, combo, strict=True)}
        name = "_".join([sweep.sweep, *(f"{n}-{axes[n].slug(v)}" for n, v in coords.items())])
        label = ", ".join(f"{n} = {axes[n].point_text(v)}" for n, v in coords.items())
        members.append(_member(base, name, [o for _, o in combo], coords, label, units))
    return members


def _expand_monte_carlo(study: MonteCarlo, sweep: Sweep, base: Scenario) -> list[Member]:
    rng = np.random.default_rng(study.seed)
    members = []
    for i in range(study.samples):
        factors = [p.draw(rng) for p in study.parameters]
        extra = [Override(parameter=p.parameter, where=p.where, quantile=f)
                 if p.distribution == "input_range" else
                 Override(parameter=p.parameter, where=p.where, scale=f)
                 for p, f in zip(study.parameters, factors, strict=True)]
        coords = {f"factor_{j}": f for j, f in enumerate(factors)} | {"sample": float(i)}
        units = {f"factor_{j}": "×" for j in range(len(factors))} | {"sample": ""}
        members.append(_member(base, f"{sweep.sweep}_{i:03d}", extra, coords, f"sample {i}",
                               units))
    return members


def _expand_pareto(sweep: Sweep, base: Scenario) -> list[Member]:
    from model.pipeline import prepare_data, solve_data
    from model.studies.mac import _budget_emissions, least_budget_emissions

    data = prepare_data(base.inputs, base)
    free = solve_data(data, base.solver)
    high = _budget_emissions(free, data)
    low = least_budget_emissions(data)
    points = sweep.pareto.points if sweep.pareto else 2
    budgets = np.linspace(low + 1e-7 * max(abs(low), 1.0), high, points)
    return [_member(base, f"{sweep.sweep}_{i:03d}",
                    [Override(parameter="carbon_budget", value=float(b), unit="tCO2e")],
                    {"pareto_point": float(i), "budget_tco2e": float(b)},
                    f"budget = {b / 1e6:.3g} MtCO2e", {"pareto_point": "", "budget_tco2e": "tCO2e"})
            for i, b in enumerate(budgets)]


# --------------------------------------------------------------------------- running


def solve_member(scenario_json: str, target: str, attrs: dict[str, str]) -> dict[str, Any]:
    """Solve one member from scratch and write its cube atomically (in a worker process)."""
    from model.pipeline import run
    from model.results.cube import write_results

    scenario = Scenario.model_validate_json(scenario_json)
    cube = run(scenario)
    cube.attrs.update(attrs)
    write_results(cube, target)
    return {"status": str(cube.attrs["status"]), "objective": float(cube.attrs["objective"])}


#: What one process keeps between the members it solves in a session: the base data (keyed by
#: its folder and input hash) and its HiGHS session.
_KEPT: dict[str, Any] = {}


def solve_member_in_session(inputs: str, digest: str, scenario_json: str, target: str,
                            attrs: dict[str, str]) -> dict[str, Any]:
    """Solve one member in this process's HiGHS session and write its cube atomically.

    The base data is loaded once per process; after a member that raised, the session is
    dropped, so no half-updated LP reaches the next member.
    """
    from model.data.validate import load_data
    from model.lp.session import HighsSession

    if _KEPT.get("key") != (inputs, digest):
        _KEPT.clear()
        _KEPT.update(key=(inputs, digest), raw=load_data(inputs))
    scenario = Scenario.model_validate_json(scenario_json)
    try:
        return _solve_in_session(_KEPT["raw"], scenario, Path(target), attrs,
                                 _KEPT.setdefault("session", HighsSession(prune=True)))
    except BaseException:
        _KEPT.pop("session", None)
        raise


def _solve_in_session(raw: ModelData, scenario: Scenario, target: Path, attrs: dict[str, str],
                      session: HighsSession) -> dict[str, Any]:
    """Solve the member ``scenario`` of the base data ``raw`` in ``session``; write its cube."""
    from model.data.scenarios import apply_scenario
    from model.pipeline import solve_data
    from model.results.cube import write_results

    cube = solve_data(apply_scenario(raw, scenario), scenario.solver, attrs, session=session)
    write_results(cube, target)
    return {"status": str(cube.attrs["status"]), "objective": float(cube.attrs["objective"]),
            "seconds": float(cube.attrs.get("solve_seconds", np.nan)), "method": "session",
            "lp_load": str(cube.attrs["lp_load"])}


def _done(target: Path, scenario: Scenario, digest: str) -> bool:
    """True when ``target`` holds a result for exactly this scenario and input data."""
    if not target.exists():
        return False
    from model.results.cube import read_results

    try:
        attrs = read_results(target).attrs
    except (OSError, ValueError):
        return False
    return attrs.get("scenario_hash") == scenario.digest() and attrs.get("input_hash") == digest


@dataclass
class Progress:
    """Counts reported to the progress callback."""

    total: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    running: int = 0
    started: float = field(default_factory=time.perf_counter)

    def eta(self) -> float:
        finished = self.done + self.failed
        if not finished:
            return float("nan")
        rate = (time.perf_counter() - self.started) / finished
        return rate * (self.total - self.skipped - finished)


def _single_threaded(member: Member) -> Scenario:
    """The member on the lean path with one HiGHS thread (workers run side by side)."""
    solver = member.scenario.solver.model_copy(update={"backend": "highs"})
    if solver.threads is None:
        solver = solver.model_copy(update={"threads": 1})
    return member.scenario.model_copy(update={"solver": solver})


def run_sweep(
    path: Path | str,
    out: Path | str | None = None,
    workers: int = 1,
    client: Any = None,
    report: Callable[[Progress], None] | None = None,
    reuse: bool = True,
) -> dict[str, dict[str, Any]]:
    """Run every member of a sweep; return and store (``manifest.json``) what happened.

    ``client``: a ``dask.distributed.Client`` to run on a cluster (each member from scratch);
    otherwise ``workers`` local processes (1 runs in this process). Each local worker loads the
    base data once and solves its members in one HiGHS session, unless ``reuse`` is off: then
    each member is rebuilt and solved from scratch.

    Raises
    ------
    InputError
        If the base scenario's data package is invalid (before any member runs).
    SweepCancelled
        On Ctrl-C or SIGTERM (a ``KeyboardInterrupt``), after the manifest is written.
    """
    sweep, base = load_sweep(path)
    out = Path(out) if out is not None else Path("results") / sweep.sweep
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(out)  # left by a sweep killed outright
    members = expand(sweep, base)
    digest = input_hash(base.inputs)
    manifest: dict[str, dict[str, Any]] = {}
    progress = Progress(total=len(members))
    todo = []
    for member in members:
        target = out / f"{member.name}.nc"
        scenario = _single_threaded(member)
        if _done(target, scenario, digest):
            manifest[member.name] = {"status": "skipped", "file": target.name}
            progress.skipped += 1
        else:
            todo.append((member, scenario, target))
    try:
        _run_members(sweep, base, todo, manifest, progress, workers, client, report, reuse)
    except KeyboardInterrupt:
        for member, scenario, target in todo:
            if member.name not in manifest:
                manifest[member.name] = _interrupted(target, scenario, digest)
        _write_manifest(out, sweep, manifest)
        remove_stale_parts(out)  # of workers that had to be killed
        raise SweepCancelled(manifest) from None
    _write_manifest(out, sweep, manifest)
    return manifest


class SweepCancelled(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C or SIGTERM; ``manifest`` says what was done (and written)."""

    def __init__(self, manifest: dict[str, dict[str, Any]]) -> None:
        self.manifest = manifest
        super().__init__("sweep cancelled")


def _interrupted(target: Path, scenario: Scenario, digest: str) -> dict[str, Any]:
    """The manifest entry of a member the stopped sweep did not record: its file, if written."""
    if not _done(target, scenario, digest):
        return {"status": "cancelled"}
    from model.results.cube import read_results

    attrs = read_results(target).attrs
    return {"status": str(attrs["status"]), "objective": float(attrs["objective"]),
            "file": target.name}


def _write_manifest(out: Path, sweep: Sweep, manifest: dict[str, dict[str, Any]]) -> None:
    text = json.dumps({"sweep": sweep.sweep, "members": manifest}, indent=2, default=str)
    atomic_write(out / "manifest.json", lambda tmp: tmp.write_text(text))


def _run_members(sweep: Sweep, base: Scenario, todo: list, manifest: dict, progress: Progress,
                 workers: int, client: Any, report: Callable[[Progress], None] | None,
                 reuse: bool) -> None:
    """Solve ``todo`` (in one session, or rebuilt), retrying crashed members."""
    from model.data.validate import load_data

    if not todo:
        return
    raw = load_data(base.inputs)  # a bad package stops the sweep here, with its problems
    if workers <= 1 and client is None and reuse:
        todo = _run_in_session(raw, todo, manifest, progress, report)
    # local workers keep a session each; a member that crashed one is retried from scratch
    session = (str(base.inputs), raw.input_hash) if reuse and client is None else None
    if session is not None and workers > 1:
        _hand_down(session, raw)
    try:
        for attempt in range(sweep.retries + 1):
            if not todo:
                break
            failed = _run_batch(todo, manifest, progress, workers, client, report,
                                session if attempt == 0 else None)
            todo = [item for item in todo if item[0].name in failed]
            if not todo:
                break
            for member, _, _ in todo:
                manifest[member.name]["attempts"] = attempt + 1
    finally:
        _KEPT.clear()


def _hand_down(key: tuple[str, str], raw: ModelData) -> None:
    """Keep the base data and the solving modules in this process for the workers it starts:
    forked workers (Linux) inherit them instead of importing and loading each on their own."""
    import model.pipeline
    import model.results.cube  # noqa: F401

    _KEPT.clear()
    _KEPT.update(key=key, raw=raw)


def _run_in_session(raw: ModelData, todo: list, manifest: dict, progress: Progress,
                    report: Callable[[Progress], None] | None) -> list:
    """Every member in one HiGHS session (``model.lp.session``) in this process: its program
    is rebuilt and HiGHS moves to it by a diff, warm from the last basis; returns the members
    that crashed (retried by the rebuild path). ``raw``: the base scenario's ``ModelData``."""
    from model.lp.session import HighsSession

    session = HighsSession(prune=True)
    left = []
    for member, scenario, target in todo:
        progress.running = 1
        try:
            manifest[member.name] = {
                **_solve_in_session(raw, scenario, Path(target), _member_attrs(member, scenario),
                                    session), "file": Path(target).name}
        except InputError as exc:  # a bad member is recorded, as in the rebuild path
            manifest[member.name] = {"status": "invalid", "error": str(exc)}
            progress.failed += 1
            continue
        except DETERMINISTIC as exc:  # the rebuild path would fail alike
            manifest[member.name] = _error(exc)
            progress.failed += 1
            continue
        except Exception:  # retried in a fresh process by the rebuild path
            session = HighsSession(prune=True)
            left.append((member, scenario, target))
            continue
        progress.done += 1
        if report:
            report(progress)
    progress.running = 0
    return left


def _member_attrs(member: Member, scenario: Scenario) -> dict[str, str]:
    """Attributes every member's cube carries, whichever path solved it."""
    return {"scenario": scenario.name, "scenario_description": scenario.description,
            "scenario_description_zh": scenario.description_zh,
            "scenario_resolved": json.dumps(scenario.resolved(), sort_keys=True),
            "scenario_hash": scenario.digest(), **member.attrs}


def _run_batch(todo: list, manifest: dict, progress: Progress, workers: int, client: Any,
               report: Callable[[Progress], None] | None,
               session: tuple[str, str] | None = None) -> set[str]:
    """Run ``todo``; record results in ``manifest``; return the names that crashed.

    ``session``: the base data's folder and input hash, for local workers that keep one HiGHS
    session each (``solve_member_in_session``); otherwise each member is built from scratch.
    """
    failed: set[str] = set()
    progress.failed = 0

    def finish(name: str, target: Path, future_result: Callable[[], dict]) -> None:
        try:
            manifest[name] = {**future_result(), "file": target.name}
            progress.done += 1
        except InputError as exc:  # a bad member is not worth retrying
            manifest[name] = {"status": "invalid", "error": str(exc)}
            progress.failed += 1
        except DETERMINISTIC as exc:  # nor is a failed audit or solve
            manifest[name] = _error(exc)
            progress.failed += 1
        except Exception as exc:  # a crash is an error to retry, not a result
            manifest[name] = _error(exc)
            failed.add(name)
            progress.failed += 1
        progress.running = max(progress.running - 1, 0)
        if report:
            report(progress)

    args = [(m.name, s.model_dump_json(), str(t), m.attrs, t) for m, s, t in todo]
    if client is not None:
        _run_on_cluster(client, args, finish, progress)
    elif workers > 1 and session is not None:
        warm = functools.partial(solve_member_in_session, *session)
        _run_in_pool(workers, [(m.name, warm, s.model_dump_json(), str(t), _member_attrs(m, s), t)
                               for m, s, t in todo], finish, progress)
    elif workers > 1:
        _run_in_pool(workers, [(n, solve_member, *rest) for n, *rest in args], finish, progress)
    else:
        for name, scenario_json, target, coords, path in args:
            progress.running = 1
            finish(name, path, functools.partial(solve_member, scenario_json, target, coords))
    return failed


def _error(exc: BaseException) -> dict[str, str]:
    """The manifest entry of a member that raised ``exc``."""
    return {"status": "error", "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=3)}


def _run_on_cluster(client: Any, args: list, finish: Callable, progress: Progress) -> None:
    """Run the members on a Dask cluster; on Ctrl-C cancel what has not finished."""
    from distributed import as_completed

    futures = {client.submit(solve_member, j, t, c, pure=False): (n, tt)
               for n, j, t, c, tt in args}
    progress.running = len(futures)
    try:
        for future in as_completed(list(futures)):
            name, target = futures[future]
            finish(name, target, future.result)
    except BaseException:
        client.cancel(list(futures))
        raise


def _run_in_pool(workers: int, args: list, finish: Callable, progress: Progress) -> None:
    """Run the members on ``workers`` local processes; on Ctrl-C stop them within seconds.

    ``args``: (name, function, scenario JSON, target, attributes, target path) per member.
    """
    from concurrent.futures import as_completed

    pool = start_pool(workers)
    try:
        pending: dict[Future, tuple[str, Path]] = {
            pool.submit(in_worker, f, j, t, c): (n, tt) for n, f, j, t, c, tt in args}
        left = len(pending)
        for future in as_completed(pending):
            left -= 1
            progress.running = min(workers, left) + 1  # ``finish`` counts this one out
            name, target = pending[future]
            finish(name, target, future.result)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
