"""Pathways to 2040: the North China grid factor and the reference ETS price (idempotent).

Run from the repository root: ``.venv/bin/python inputs/derivations/pathways.py``.

Neither path has an official projection; both are derived (grade L) from sourced anchors and
carry a low-high range that ``ziya sensitivity`` and the range sweeps use.

* Grid factor: MEE & NBS North China regional factor 0.6776 (2022) and 0.6361 kgCO2/kWh (2023,
  -6.1 % in one year) [R62][R63]. Central path -3 %/yr from 2023 (half the 2022-23 fall, as
  wind and solar keep entering the North China grid); low -5 %/yr, high -1.5 %/yr.
* Reference ETS price (CEA): 2025 average 62.36, year-end 74.63 CNY/t [R70][R71]. The 2025
  Opinions move the national ETS to absolute caps from 2027 and to cap-and-trade with paid
  allocation by 2030 [ETS-2025-OPINIONS]; surveys expected 139 CNY/t by 2030 (2021 survey
  [CCPS2021]) but overshot the 2025 price by ~40 % (the 2017 survey expected 108 for 2025
  [CCPS2017]). Central path: 74.63 in 2026, 110 in 2030, 150 in 2035, 200 in 2040, linear in
  between; low 60 -> 150, high 90 -> 250 (the research memo's derived bands).
"""

from __future__ import annotations

import numpy as np
from _tables import YEARS, rewrite

GRID_2023, GRID_RATE, GRID_LOW, GRID_HIGH = 0.6361, -0.03, -0.05, -0.015
ETS = {2026: (74.63, 60, 90), 2030: (110, 90, 150), 2035: (150, 120, 200), 2040: (200, 150, 250)}


def grid(year: int, rate: float) -> float:
    return round(GRID_2023 * (1 + rate) ** (year - 2023), 4)


def ets(year: int) -> tuple[float, float, float]:
    anchors = sorted(ETS)
    return tuple(round(float(np.interp(year, anchors, [ETS[a][i] for a in anchors])), 2)
                 for i in range(3))  # type: ignore[return-value]


GRID_NOTE = ("derived: MEE & NBS North China factor 0.6361 (2023) [R63] (0.6776 in 2022 [R62]: "
             "-6.1 %/yr), then -3 %/yr (assumption, no official projection); range -5 to "
             "-1.5 %/yr")
ETS_NOTE = ("derived path: CEA year-end 2025 74.63 [R71] -> 110 (2030) -> 150 (2035) -> 200 "
            "(2040), linear; absolute caps from 2027 and paid allocation by 2030 "
            "[ETS-2025-OPINIONS]; survey expectations 139 by 2030 [CCPS2021], overshooting by "
            "~40 % in 2025 [CCPS2017]")

SOURCES = [
    ["ETS-2025-OPINIONS", "ICAP, China issues landmark guidelines to transition to absolute cap "
     "and expand scope in National ETS (CPC General Office and State Council General Office "
     "Opinions, 2025-08-25)", "https://icapcarbonaction.com/en/node/1111"],
    ["CCPS2021", "2021 China Carbon Pricing Survey (ICF, SinoCarbon), press summary: expected CEA "
     "price 49 (2022), 87 (2025), 139 CNY/t by 2030",
     "http://tanpaifang.com/tanjiaoyi/2022/0224/82902.html"],
    ["CCPS2017", "Global Times, 2017 China Carbon Pricing Survey: expected 38 (2017), 74 (2020), "
     "108 CNY/t (2025)", "http://www.bazhesc.com/business/2017/11-23/281989.shtml"],
]


def main() -> None:
    rewrite("grid_emission_factor", lambda r: r[0] == "north_china", [
        ["north_china", y, grid(y, GRID_RATE), "kgCO2/kWh", "R63", "L", GRID_NOTE,
         grid(y, GRID_LOW), grid(y, GRID_HIGH)] for y in YEARS])
    rewrite("carbon_price_reference", lambda r: r[0] != "2025", [
        [y, *ets(y)[:1], "CNY/tCO2e", "R71", "L", ETS_NOTE, *ets(y)[1:]]
        for y in YEARS if y > 2025])
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
    print("grid factor " + ", ".join(f"{y} {grid(y, GRID_RATE)}" for y in (2025, 2030, 2040))
          + "; ETS " + ", ".join(f"{y} {ets(y)[0]}" for y in (2026, 2030, 2040)))


if __name__ == "__main__":
    main()
