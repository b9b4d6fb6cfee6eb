"""Give every cost, volume and lifetime row a low-high range for uncertainty studies (idempotent).

Run last, from the repository root: ``.venv/bin/python inputs/derivations/ranges.py``. Rows
whose source states a range keep it (written by the other scripts or by hand); the others get
a symmetric band by confidence grade, a convention rather than a measurement: H +-5 %, M +-15 %,
L +-40 % (lifetimes +-20 %: mean car lives of 12-17 years are reported for China [HAO2011]).
``ziya sweep scenarios/sweep_input_ranges.yaml`` samples them.
"""

from __future__ import annotations

from _tables import read, write

BAND = {"H": 0.05, "M": 0.15, "L": 0.40}
TABLES = {"process_cost": None, "process_invest_cost": None, "supply_cost": None,
          "disposal_cost": None, "supply_max": None, "product_weibull_scale": 0.20}


def band(value: float, width: float) -> tuple[float, float]:
    return (float(f"{value * (1 - width):.4g}"), float(f"{value * (1 + width):.4g}"))


def main() -> None:
    for name, fixed in TABLES.items():
        header, rows = read(name)
        if "low" not in header:
            header += ["low", "high"]
        lo, hi, val, conf = (header.index(c) for c in ("low", "high", "value", "confidence"))
        for row in rows:
            row += [""] * (len(header) - len(row))
            if row[lo] == "" and row[hi] == "":
                row[lo], row[hi] = band(float(row[val]), fixed or BAND[row[conf]])
        write(name, header, rows)


if __name__ == "__main__":
    main()
