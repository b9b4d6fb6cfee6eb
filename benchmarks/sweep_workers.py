"""Wall time of a 20-member sweep on one and two local workers, with and without sessions.

The sweep: a carbon-price grid (0-380 CNY/tCO2e in steps of 20) on the default scenario, every
member written, audited and with its ledger and provenance, as ``ziya sweep`` does. Four ways:
one worker in one HiGHS session (the default on one worker), one worker rebuilding every
member, two workers each keeping a session (the default on two), two workers rebuilding.
Prints one line per way and the ratios the issue asks for. With ``--rounds N`` the ways are
run in turn N times and the medians are reported (the first round also pays this process's
first imports). Usage (from the repository root):

    .venv/bin/python benchmarks/sweep_workers.py [--members 20] [--rounds 3] [--sessions-only]
                                                 [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--sessions-only", action="store_true",
                        help="leave out the two ways that rebuild every member")
    args = parser.parse_args()
    ways = {w: v for w, v in WAYS.items() if v[1] or not args.sessions_only}
    prices = ", ".join(str(20 * i) for i in range(args.members))
    runs: dict[str, list[float]] = {way: [] for way in ways}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sweep.yaml"
        path.write_text(f"sweep: cp\nbase: {ROOT / 'scenarios' / 'baseline.yaml'}\ngrid:\n"
                        f"  price: {{parameter: carbon_price, values: [{prices}], "
                        "unit: CNY/tCO2e}\n")
        for round_ in range(args.rounds):
            for way, (workers, reuse) in ways.items():
                start = time.perf_counter()
                manifest = run_sweep(path, Path(folder) / f"{round_}_{way}".replace(" ", "_")
                                     .replace(",", ""), workers=workers, reuse=reuse)
                runs[way].append(time.perf_counter() - start)
                statuses = {m["status"] for m in manifest.values()}
                sys.stdout.write(f"{way:<28} {runs[way][-1]:7.1f} s  "
                                 f"{args.members / runs[way][-1]:5.2f} members/s  "
                                 f"{sorted(statuses)}\n")
                sys.stdout.flush()
    seconds = {way: statistics.median(times) for way, times in runs.items()}
    if args.rounds > 1:
        for way, value in seconds.items():
            sys.stdout.write(f"{way:<28} {value:7.1f} s  (median of {args.rounds})\n")
    ratios = {"2 vs 1 worker, sessions": seconds["1 worker, one session"]
              / seconds["2 workers, a session each"]}
    if not args.sessions_only:
        ratios |= {"2 vs 1 worker, rebuilt": seconds["1 worker, rebuilt"]
                   / seconds["2 workers, rebuilt"],
                   "1 worker: session vs rebuilt": seconds["1 worker, rebuilt"]
                   / seconds["1 worker, one session"]}
    for name, value in ratios.items():
        sys.stdout.write(f"{name:<28} {value:5.2f}x\n")
    if args.json:
        args.json.write_text(json.dumps({"members": args.members, "rounds": args.rounds,
                                         "seconds": seconds, "runs": runs,
                                         "ratios": ratios, "load": os.getloadavg()}, indent=2))


if __name__ == "__main__":
    main()
