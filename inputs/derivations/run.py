"""Run every derivation script in order (idempotent): the default data package from its sources.

Run from the repository root: ``.venv/bin/python inputs/derivations/run.py``. The order
matters: ``prices`` first (the others import its net-of-VAT prices), the stock model (then
``fleet``, which adds to its tables) before the streams it feeds, ``collection`` after
``outside`` (it sets the outside dismantlers' build rates), ``ranges`` last (it fills the
low-high bands the others leave empty). A test runs this on a copy of ``inputs/`` and requires
every committed table to come out byte for byte.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHAIN = ("prices", "stock_model", "fleet", "second_life", "weee", "mixed_scrap", "nmc",
         "production_scrap", "deep_processing", "outside", "collection", "pathways", "exports",
         "carmakers", "trade", "ranges")


def main() -> None:
    here = Path(__file__).resolve().parent
    for script in CHAIN:
        subprocess.run([sys.executable, str(here / f"{script}.py")], check=True)


if __name__ == "__main__":
    main()
