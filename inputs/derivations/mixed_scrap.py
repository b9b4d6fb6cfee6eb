"""Add the park's largest stream: waste mechanical and electrical products (idempotent).

Run from the repository root: ``.venv/bin/python inputs/derivations/mixed_scrap.py``.
Ziya dismantles waste mechanical and electrical products and mixed scrap metal (废旧机电,
废五金): 5 Mt/yr of dismantling capacity and ~1.5 Mt/yr of recycled Cu, Al etc. supplied to
the market [R1]. This script adds the material, its supply from the three regions, a manual
dismantling/sorting process with the park's historical output mix, a scrap-traders market for
sorted copper and aluminium scrap and for plastics and rubber, and the routes. Rows it wrote
before are replaced, so it can be re-run after editing a number.
"""

from __future__ import annotations

from _regions import HEBEI_REGIONS, hebei_share
from _tables import YEARS, process_tables, rewrite

MATERIAL, PLASTICS, PROCESS, TRADERS = ("mixed_scrap_metal", "plastics_rubber",
                                        "dismantle_mixed", "tj_scrap_traders")
EST, DER = "ZIYA-EST", "ZIYA-DER"

# Output mix: mean of the park's c.2010 outputs (Cu 400, Al 150, Fe 200, rubber/plastics 200,
# other 50 kt [R4]) and its 2015 plan (Cu 700, Al 400, Fe 800, rubber/plastics 1,000, other
# 500 kt [R6]), as shares of the output: Cu 0.30, Al 0.13, Fe 0.22, plastics/rubber 0.25,
# other 0.10 (to residue).
MIX = {"shred_cu": 0.30, "shred_al": 0.13, "shred_ferrous": 0.22, PLASTICS: 0.25,
       "residue": 0.10}
MIX_NOTE = ("derived: mean of the park's c.2010 output mix (Cu 40%, Al 15%, Fe 20%, "
            "rubber/plastics 20%, other 5% [R4]) and its 2015 plan (Cu 21%, Al 12%, Fe 24%, "
            "rubber/plastics 29%, other 15% [R6])")
# Supply: in 2025, ~1.86 Mt so that the park's Cu + Al + Fe scrap output (with the ELV
# stream's ~0.29 Mt) is the ~1.5 Mt/yr of recycled Cu, Al etc. it supplies [R1]; +2 %/yr
# (assumption). Split by region (assumption, industrial activity): Tianjin 40 %, Hebei 45 %
# (by city in proportion to population [HEBEI-YB2007]), Beijing 15 %.
SUPPLY_2025, GROWTH = 1.86e6, 0.02
SPLIT = {"src_tianjin": 0.40, "src_beijing": 0.15,
         **{f"src_{r}": 0.45 * hebei_share(r) for r in HEBEI_REGIONS}}
# Prices at the scrap traders: sorted (No. 2) copper scrap 65,000 CNY/t = bare bright 73,000
# ex-tax [R82] less ~11 % for grade (assumption); Al tense scrap 17,500 [R81]; mixed
# plastics and rubber 1,500 (estimate).
PRICES = {"shred_cu": (65000, "R82", "L", "bare bright Cu scrap 73,000 CNY/t ex-tax (2025, "
                       "memo default [R82]) less ~11% for No. 2 grades (assumption)",
                       58000, 76000),
          "shred_al": (17500, "R81", "M", "shredded Al tense scrap 17,500 CNY/t ex-tax (2025, "
                       "memo default [R81])", 15700, 19800),
          PLASTICS: (1500, EST, "L", "estimate: mixed plastics and rubber scrap, no source in "
                     "memo", 800, 2500)}
# Purchase price: 92 % of the content value at these prices and HMS 2,250 (assumption: an
# ~8 % gross margin for the processor, ~6 % after processing and transport).
CONTENT = (MIX["shred_cu"] * 65000 + MIX["shred_al"] * 17500 + MIX["shred_ferrous"] * 2250
           + MIX[PLASTICS] * 1500)
COST = round(0.92 * CONTENT, -1)


def main() -> None:
    rewrite("materials", lambda r: r[0] in (MATERIAL, PLASTICS), [
        [MATERIAL, "Waste mechanical and electrical products, mixed scrap metal (废旧机电, "
         "废五金)", "end_of_life"],
        [PLASTICS, "Mixed plastics and rubber from dismantling", "scrap"]])
    rewrite("nodes", lambda r: r[0] == TRADERS, [
        [TRADERS, "Tianjin and Hebei scrap traders (sorted Cu/Al scrap, plastics)",
         "north_china", "CN", "market"]])
    rewrite("processes", lambda r: r[0] == PROCESS, [
        [PROCESS, "ziya", "Manual dismantling and sorting of waste mechanical and electrical "
         "products", "sorting"]])
    rewrite("process_io", lambda r: r[0] == PROCESS, [
        [PROCESS, MATERIAL, "in", 1, "t/t", DER, "L", "reference input"]] + [
        [PROCESS, m, "out", v, "t/t", "R4", "L", MIX_NOTE] for m, v in MIX.items()])
    process_tables(
        PROCESS,
        cost=(400, "CNY/t", EST, "L", "estimate: labour-intensive manual dismantling, no "
              "source in memo"),
        electricity=(25, "kWh/t", EST, "L", "estimate: cutting, baling and conveyors"),
        invest=(300, "CNY/(t/yr)", EST, "L", "estimate: sheds, cranes and balers, no source "
                "in memo"),
        lifetime=(15, "yr", EST, "L", "assumed economic lifetime of recycling plant"),
        capacity=(2.5, "Mt/yr", "R1", "L", "assumed: half of the park's 5 Mt/yr dismantling "
                  "capacity for waste mechanical and electrical products [R1] is usable for "
                  "this mix"),
        max_new=(200, "kt/yr", EST, "L", "assumed build-rate limit (permits, construction)"))
    rewrite("supply_max", lambda r: r[1] == MATERIAL, [
        [node, MATERIAL, y, round(SUPPLY_2025 * share * (1 + GROWTH) ** (y - 2025), -2), "t/yr",
         "R1", "L", f"derived: {SUPPLY_2025 / 1e6:.2f} Mt in 2025 so that the park's Cu + Al + "
         "Fe scrap output is its ~1.5 Mt/yr of recycled Cu, Al etc. [R1]; +2%/yr; regional "
         f"share {share:.1%} (assumption; Hebei's 45% split by population [HEBEI-YB2007])"]
        for node, share in SPLIT.items() for y in YEARS])
    rewrite("supply_cost", lambda r: r[1] == MATERIAL, [
        [node, MATERIAL, y, COST, "CNY/t", DER, "L",
         f"derived: 92% of the content value {CONTENT:,.0f} CNY/t (output mix x scrap prices: "
         "Cu 65,000, Al 17,500, HMS 2,250, plastics 1,500)"]
        for node in SPLIT for y in YEARS])
    routes = [f"{n.removeprefix('src_')}-ziya" for n in SPLIT]
    rewrite("route_materials", lambda r: r[1] == MATERIAL or r[0] == "ziya-traders",
            [[route, MATERIAL] for route in routes]
            + [["ziya-traders", m] for m in ("shred_cu", "shred_al", PLASTICS)])
    rewrite("routes", lambda r: r[0] == "ziya-traders", [
        ["ziya-traders", "ziya", TRADERS, "truck"]])
    rewrite("route_distance", lambda r: r[0] == "ziya-traders", [
        ["ziya-traders", 60, "km", "R4", "L", "assumed: traders around Tianjin city, Ziya-Tianjin "
         "~60 km road [R4]"]])
    rewrite("market_price", lambda r: r[0] == TRADERS, [
        [TRADERS, m, y, p, "CNY/t", src, conf, note, low, high]
        for m, (p, src, conf, note, low, high) in PRICES.items() for y in YEARS])
    print(f"content value {CONTENT:,.0f} CNY/t, purchase {COST:,.0f} CNY/t")


if __name__ == "__main__":
    main()
