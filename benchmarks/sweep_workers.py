"""Wall time of a 20-member sweep on one and two local workers, with and without sessions.

The sweep: a carbon-price grid (0-380 CNY/tCO2e in steps of 20) on the default scenario, every
member written, audited and with its ledger and provenance, as ``ziya sweep`` does. Four ways:
one worker in one HiGHS session (the default on one worker), one worker rebuilding every
member, two workers each keeping a session (the default on two), two workers rebuilding.
Prints one line per way and the ratios the issue asks for. Usage (from the repository root):

    .venv/bin/python benchmarks/sweep_workers.py [--members 20] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from model.studies.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[1]
WAYS = {"1 worker, one session": (1, True), "1 worker, rebuilt": (1, False),
        "2 workers, a session each": (2, True), "2 workers, rebuilt": (2, False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    prices = ", ".join(str(20 * i) for i in range(args.members))
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sweep.yaml"
        path.write_text(f"sweep: cp\nbase: {ROOT / 'scenarios' / 'baseline.yaml'}\ngrid:\n"
                        f"  price: {{parameter: carbon_price, values: [{prices}], "
                        "unit: CNY/tCO2e}\n")
        for way, (workers, reuse) in WAYS.items():
            start = time.perf_counter()
            manifest = run_sweep(path, Path(folder) / way.replace(" ", "_").replace(",", ""),
                                 workers=workers, reuse=reuse)
            seconds[way] = time.perf_counter() - start
            statuses = {m["status"] for m in manifest.values()}
            sys.stdout.write(f"{way:<28} {seconds[way]:7.1f} s  {args.members / seconds[way]:5.2f} "
                             f"members/s  {sorted(statuses)}\n")
            sys.stdout.flush()
    ratios = {"2 vs 1 worker, sessions": seconds["1 worker, one session"]
              / seconds["2 workers, a session each"],
              "2 vs 1 worker, rebuilt": seconds["1 worker, rebuilt"]
              / seconds["2 workers, rebuilt"],
              "1 worker: session vs rebuilt": seconds["1 worker, rebuilt"]
              / seconds["1 worker, one session"]}
    for name, value in ratios.items():
        sys.stdout.write(f"{name:<28} {value:5.2f}x\n")
    if args.json:
        args.json.write_text(json.dumps({"members": args.members, "seconds": seconds,
                                         "ratios": ratios, "load": os.getloadavg()}, indent=2))


if __name__ == "__main__":
    main()
