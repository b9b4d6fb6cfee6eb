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

``run("scenarios/baseline.yaml")`` does all of it.
"""

from model.audit import audit
from model.build import build_model
from model.data import ModelData
from model.errors import AuditError, InputError, ModelWarning, ScenarioError, SolveError
from model.pipeline import run, solve_data
from model.results import extract_results, read_results, write_results
from model.scenarios import Scenario, apply_scenario, load_scenario
from model.sets import IndexSets, build_index_sets
from model.solve import SolveOptions, SolveResult, solve
from model.validate import load_data

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
    "extract_results",
    "load_data",
    "load_scenario",
    "read_results",
    "run",
    "solve",
    "solve_data",
    "write_results",
]
