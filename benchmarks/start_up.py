"""What a new process pays before its first member: loading the data package, and the first
member's one-off work (the stock model, xarray's probes for dask, the input appendix).

These add to every ``ziya run`` and once to every sweep, whatever its number of workers, so
they bound how much two workers can gain over one (``sweep_workers.py``). Each figure is a
median over fresh processes (``--runs``), so imports and first calls count as a user meets
them. Usage (from the repository root):

    .venv/bin/python benchmarks/start_up.py [--runs 5] [--inputs inputs]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# one fresh process: each step timed in order, printed as JSON
STEPS = """
import json, sys, time
out, t = {}, time.perf_counter()
from model.data.validate import load_data
from model.data.provenance import input_provenance
from model.data.supply import with_stock_supply
from xarray.backends.locks import get_dask_scheduler
from xarray.namedarray.pycompat import array_type
out["imports"] = time.perf_counter() - t
steps = [("load_data (first)", lambda: load_data(sys.argv[1])),
         ("load_data (again)", lambda: load_data(sys.argv[1])),
         ("stock model", lambda: with_stock_supply(raw)),
         ("xarray's dask probes", lambda: (array_type("dask"), get_dask_scheduler())),
         ("input appendix", lambda: input_provenance(data))]
raw = data = None
for name, step in steps:
    t = time.perf_counter()
    made = step()
    out[name] = time.perf_counter() - t
    raw = made if raw is None else raw
    data = made if name == "stock model" else data
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--inputs", type=Path, default=ROOT / "inputs")
    args = parser.parse_args()
    runs = [json.loads(subprocess.run([sys.executable, "-c", STEPS, str(args.inputs)],
                                      check=True, capture_output=True, text=True,
                                      cwd=ROOT).stdout) for _ in range(args.runs)]
    for step in runs[0]:
        seconds = [run[step] for run in runs]
        sys.stdout.write(f"{step:<24} {1e3 * statistics.median(seconds):7.0f} ms  "
                         f"(min {1e3 * min(seconds):.0f}, max {1e3 * max(seconds):.0f})\n")


if __name__ == "__main__":
    main()
