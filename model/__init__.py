"""ziya: circular-economy material-flow and carbon-accounting LP (Pyomo + HiGHS + xarray).

The pipeline, one public function per arrow::

    load_data(dir) -> ModelData          # read + check + convert units (InputError lists all)
    load_scenario(yaml) -> Scenario      # overrides, solver options
    apply_scenario(data, scenario)       # -> ModelData
    build_index_sets(data) -> IndexSets  # sparse sets
    build_model(data, sets)              # -> pyomo ConcreteModel
    solve(model, options) -> SolveResult
    extract_results(...) -> xr.Dataset   # the result cube
    audit(cube, data)                    # independent mass and cost check
    summary_tables(cube)                 # tidy tables by stage, market, category, ...

``run("scenarios/baseline.yaml")`` does all of it.
"""

import importlib
from typing import Any

#: Public names and the modules that define them (imported on first use, so that
#: ``ziya --help`` and ``import model`` stay fast).
_PUBLIC = {
    "audit": "model.results.audit",
    "build_model": "model.build",
    "ModelData": "model.data.dataset",
    "AuditError": "model.errors",
    "InputError": "model.errors",
    "ModelWarning": "model.errors",
    "ScenarioError": "model.errors",
    "SolveError": "model.errors",
    "run": "model.pipeline",
    "solve_data": "model.pipeline",
    "extract_results": "model.results.cube",
    "read_results": "model.results.cube",
    "write_results": "model.results.cube",
    "headline": "model.results.summary",
    "summary_tables": "model.results.summary",
    "Scenario": "model.data.scenarios",
    "apply_scenario": "model.data.scenarios",
    "load_scenario": "model.data.scenarios",
    "IndexSets": "model.data.sets",
    "build_index_sets": "model.data.sets",
    "SolveOptions": "model.lp.solve",
    "SolveResult": "model.lp.solve",
    "solve": "model.lp.solve",
    "solve_program": "model.lp.solve",
    "build_program": "model.blocks",
    "load_data": "model.data.validate",
}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:  # a subpackage or module, e.g. ``model.pipeline``
        try:
            return importlib.import_module(f"model.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'model' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


__version__ = "0.1.0"

__all__ = [
    "AuditError",
    "IndexSets",
    "InputError",
    "ModelData",
    "ModelWarning",
    "Scenario",
    "ScenarioError",
    "SolveError",
    "SolveOptions",
    "SolveResult",
    "apply_scenario",
    "audit",
    "build_index_sets",
    "build_model",
    "build_program",
    "extract_results",
    "headline",
    "load_data",
    "load_scenario",
    "read_results",
    "run",
    "solve",
    "solve_data",
    "solve_program",
    "summary_tables",
    "write_results",
]
