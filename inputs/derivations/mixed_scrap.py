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
from prices import BARE_BRIGHT, CATHODE, HMS, NO2_RATIO, PAYABLE, SHRED_AL, SHRED_CU
from prices import PLASTICS as PLASTICS_PRICE
from weee import WEEE_METAL_2025

MATERIAL, PLASTICS, PROCESS, TRADERS = ("mixed_scrap_metal", "plastics_rubber",
                                        "dismantle_mixed", "tj_scrap_traders")
EST, DER = "ZIYA-EST", "ZIYA-DER"

# Output mix of domestic waste machinery and electrical scrap (after China's ban on imported
# Category-7 scrap, end of 2018). The park's c.2010 mix (Cu 40 %, Al 15 %, Fe 20 %, rubber and
# plastics 20 %, other 5 % [R4]) came from imported Category-7 material: motors, cable and mixed
# hardware at ~26 % Cu (SMM customs analysis, 2018 [SMM-CAT7]). Domestic material is poorer in
# copper and richer in steel: electric motors are ~90 % steel with 7-18 % Cu, insulated cable
# 10-70 % Cu by type [SCRAP-CU-CONTENT]. Default (derived, L): Cu 0.20 (range 0.10-0.30, the
# research memo's suggestion for domestic 废五金), Al 0.10, Fe 0.40, plastics and rubber 0.22,
# other 0.08 (to residue).
MIX = {"shred_cu": 0.20, "shred_al": 0.10, "shred_ferrous": 0.40, PLASTICS: 0.22,
       "residue": 0.08}
MIX_NOTE = ("derived: domestic waste machinery and electrical scrap, Cu 20 % (10-30 %), Al 10 %, "
            "Fe 40 %, plastics/rubber 22 %, other 8 %: leaner in copper than the import-era "
            "Category-7 mix (~26 % Cu [SMM-CAT7]; the park's c.2010 output 40 % Cu [R4]); motors "
            "~90 % steel, 7-18 % Cu; cable 10-70 % Cu [SCRAP-CU-CONTENT]")
# Supply: in 2025, so that the park's Cu + Al + Fe scrap output (with the ELV stream's
# ~0.29 Mt and the WEEE chain's, weee.py) is the ~1.5 Mt/yr of recycled Cu, Al etc. it
# supplies [R1]; +2 %/yr
# (assumption). Split by region (assumption, industrial activity): Tianjin 40 %, Hebei 45 %
# (by city in proportion to population [HEBEI-YB2007]), Beijing 15 %.
ELV_METAL_2025 = 0.29e6
SUPPLY_2025 = round((1.5e6 - ELV_METAL_2025 - WEEE_METAL_2025)
                    / (MIX["shred_cu"] + MIX["shred_al"] + MIX["shred_ferrous"]), -4)
GROWTH = 0.02
SPLIT = {"src_tianjin": 0.40, "src_beijing": 0.15,
         **{f"src_{r}": 0.45 * hebei_share(r) for r in HEBEI_REGIONS}}
# Prices at the scrap traders, net of VAT (prices.py): No. 2 copper scrap (wire, motor copper)
# at 0.94 of bare bright (ScrapMonster's China index 0.940 [SCRAPMONSTER-CU]; SMM's 2025 table
# 0.93-0.96 [SMM-CU-GRADES]), bare bright = cathode
# net - SMM's spread; Al tense scrap 17,500 ex-tax [R81]; mixed plastics and rubber 800
# (prices.py).
PRICES = {"shred_cu": (SHRED_CU, "SCRAPMONSTER-CU", "M",
                       f"derived: bare bright {BARE_BRIGHT:,.0f} CNY/t net of VAT (SHFE cathode "
                       f"net {CATHODE:,.0f} less SMM's spread net of VAT, 1,360-1,910 "
                       f"[SMM-CU-SPREAD]) x {NO2_RATIO} for No. 2 grades (ScrapMonster's China "
                       "index: #2 wire and tubing 73,200 against bare bright 77,900 = 0.940 "
                       "[SCRAPMONSTER-CU]; SMM: motor copper and burnt wire 0.93-0.96 "
                       "[SMM-CU-GRADES])",
                       round(0.89 * BARE_BRIGHT, -2), round(0.96 * BARE_BRIGHT, -2)),
          "shred_al": (SHRED_AL, "R81", "M", "shredded Al tense scrap 17,500 CNY/t ex-tax "
                       "(2025, memo default [R81])", 15700, 19800),
          PLASTICS: (PLASTICS_PRICE, "PLASTICS-MIXED", "L", "mixed industrial waste plastics "
                     "800-1,200 CNY/t, Shanghai 2025 (anonymous trade Q&A [PLASTICS-MIXED]); "
                     "shredder plastics and rubber are dirtier, so the low end", 300, 1200)}
# Purchase price: PAYABLE (92 %, prices.py) of the content value at these prices and HMS:
# ~8 % gross margin for the processor, ~6 % after processing and transport.
CONTENT = (MIX["shred_cu"] * SHRED_CU + MIX["shred_al"] * SHRED_AL
           + MIX["shred_ferrous"] * HMS + MIX[PLASTICS] * PLASTICS_PRICE)
COST = round(PAYABLE * CONTENT, -1)

SOURCES = [
    ["PLASTICS-MIXED", "chaxiaohao.com trade Q&A, waste plastics purchase prices, Shanghai, "
     "2025-06 (mixed industrial waste plastics 800-1,200 CNY/t; clean PET/HDPE up to 4,000)",
     "https://www.chaxiaohao.com/read-1750457666l947704.html"],
    ["SMM-CAT7", "SMM, Copper scrap imports in Jul hit 2018 high (2018-08-20): Category 7 was "
     "41.3 % of copper-scrap imports by weight but ~20 % of copper content (derived ~26 % Cu); "
     "SMM, China's Category Seven ban drives up Cu content of copper scrap imports (2018-11-27)",
     "https://news.metal.com/newscontent/100831164/copper-scrap-imports-in-jul-hit-2018-high/"],
    ["SCRAP-CU-CONTENT", "Gardner Metal Recycling, Recycling electric motors (~90 % steel; AC "
     "motors 7-9 % Cu, DC 15-18 %); Kurtz Metals (2012) and Research Alloys (2025) on insulated "
     "wire recovery (THHN >=70 %, Romex 60-65 %, #2 wire >=45 %, coax <10 %)",
     "https://www.gardnermetals.com/what-we-buy/recycling-electric-motors-in-austin/"],
]


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
         f"derived: 92% of the content value {CONTENT:,.0f} CNY/t (output mix x scrap prices "
         f"net of VAT: Cu {SHRED_CU:,.0f}, Al {SHRED_AL:,.0f}, HMS {HMS:,.0f}, plastics "
         f"{PLASTICS_PRICE:,})",
         round(0.80 * CONTENT, -1), round(0.98 * CONTENT, -1)]
        for node in SPLIT for y in YEARS])
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
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
