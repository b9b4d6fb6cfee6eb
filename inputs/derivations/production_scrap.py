"""Battery production scrap from the region's cell plants, and the clean black mass that direct
regeneration needs (idempotent).

Run from the repository root: ``.venv/bin/python inputs/derivations/production_scrap.py``
(before ``deep_processing``, which feeds ``regen_lfp`` with this script's clean black mass).

Cell plants scrap electrodes and rejected cells: 15-30 % of output in a plant's first years
and still ~10 % after five (Fraunhofer FFB, 2024 [FFB-SCRAP]). That scrap is single-chemistry
and clean: commercial direct recycling in China runs on high-grade production scrap, and its
use on end-of-life material is limited by the need for well-sorted feed (Benchmark
[BENCHMARK-DIRECT]); black mass from production scrap traded at ~1.46 x that from end-of-life
batteries in China (July 2023: 98,369 against 67,283 CNY/t [BENCHMARK-BM2023]). So here:
LFP cell scrap (``cell_scrap_lfp``) from the region's plants is bought at the park, separated
(``scrap_pretreat``) into clean black mass (``black_mass_lfp_clean``), copper and aluminium
foil, and residue; ``regen_lfp`` takes only the clean black mass, which also sells to
battery-material plants. Rows it wrote before are replaced.
"""

from __future__ import annotations

from _tables import YEARS, process_tables, rewrite
from prices import BM_LFP, PAYABLE, SHRED_AL, SHRED_CU

MATERIAL, CLEAN, PROCESS, BUYER = ("cell_scrap_lfp", "black_mass_lfp_clean", "scrap_pretreat",
                                   "tj_battery_materials")
EST, DER = "ZIYA-EST", "ZIYA-DER"

# LFP cells per GWh: the pack's 6.66 t/MWh [R41] less module and pack hardware (~22 %,
# estimate) = 5.2 t/MWh; cathode 1.99 + graphite ~1.1 t/MWh [R41] = 59 % of a cell, copper
# foil ~0.4 and aluminium foil and cans ~0.5 t/MWh (estimates), the rest electrolyte, separator
# and binder.
CELL_T_PER_GWH = 5200
SPLIT = {CLEAN: 0.59, "shred_cu": 0.08, "shred_al": 0.10, "residue": 0.23}
SPLIT_NOTE = ("derived: LFP cell 5.2 t/MWh (pack 6.66 [R41] less ~22 % module and pack "
              "hardware, estimate); cathode 1.99 + graphite ~1.1 t/MWh = 59 % [R41]; Cu foil "
              "~8 %, Al foil and cans ~10 % (estimates); electrolyte, separator, binder to residue")
# The region's LFP cell output (GWh/yr): Lishen, Tianjin, 8.7 GWh of sales expected in 2023
# [LISHEN-2023] x the LFP share of 2024 installations (74.6 % [R38]), held flat (no later
# figure found); Guoxuan, Tangshan, a 10 GWh line from Q1 2025 of a 30 GWh plan [GUOXUAN-TS]
# (assumed: 20 GWh from 2028, 30 from 2030). Scrap: 15 % of a line's output in its first two
# years, 7 % after (5-10 % for a mature plant) [FFB-SCRAP].
RAMP, MATURE = 0.15, 0.07
LINES = {  # node: [(first year, GWh added)]
    "src_tianjin": [(2015, round(8.7 * 0.746, 1))],
    "src_tangshan": [(2025, 10.0), (2028, 10.0), (2030, 10.0)],
}


def scrap_tonnes(node: str, year: int) -> float:
    """Tonnes of LFP cell scrap the plants at ``node`` make in ``year``."""
    return sum(gwh * CELL_T_PER_GWH * (RAMP if year - start < 2 else MATURE)
               for start, gwh in LINES[node] if year >= start)


# Prices net of VAT: clean black mass at 1.46 x the end-of-life LFP black mass [BENCHMARK-BM2023]
# (range 1.2-1.6); cell scrap bought from the cell makers at 92 % of its content value, as for
# the other scrap streams (mixed_scrap.py).
CLEAN_PRICE = round(1.46 * BM_LFP, -1)
CONTENT = SPLIT[CLEAN] * CLEAN_PRICE + SPLIT["shred_cu"] * SHRED_CU + SPLIT["shred_al"] * SHRED_AL
COST = round(PAYABLE * CONTENT, -1)

SOURCES = [
    ["FFB-SCRAP", "Fraunhofer FFB (2024), cell-plant scrap rates, as cited by zoniax.com, "
     "Battery gigafactory quality (15-30 % early in a plant's life, ~10 % after five years)",
     "https://zoniax.com/blog/posts/battery-gigafactory-quality"],
    ["BENCHMARK-DIRECT", "Benchmark Mineral Intelligence, What is the state of direct "
     "recycling? (commercial direct recycling of high-grade production scrap in China; "
     "well-sorted feed needed)", "https://source.benchmarkminerals.com/article/what-is-the-"
     "state-of-direct-recycling-"],
    ["BENCHMARK-BM2023", "Benchmark black mass price assessment, China, July 2023, as reported "
     "by Green Car Congress 2023-08-11 (process-scrap black mass 98,369 CNY/t, end-of-life "
     "67,283)", "https://www.greencarcongress.com/2023/08/20230811-blackmass.html"],
    ["LISHEN-2023", "Xinhua, Tianjin, 2023-02-15 (copy): Lishen battery sales 1,529 MWh (2020), "
     "3,431 MWh (2022), 8,709 MWh expected (2023)",
     "http://cnwn.com.cn/jujiao/guonei/2023/0216/4409.html"],
    ["GUOXUAN-TS", "Guoxuan Tangshan: a 10 GWh heavy-truck cell line started in Q1 2025, 30 GWh "
     "planned (machine-translated copy)", "https://www.redplanx.com/html/news/3327317.html"],
]


def main() -> None:
    rewrite("materials", lambda r: r[0] in (MATERIAL, CLEAN), [
        [MATERIAL, "LFP electrode and cell scrap from cell plants (production scrap)",
         "end_of_life"],
        [CLEAN, "LFP black mass from production scrap (clean, single chemistry)", "scrap"]])
    rewrite("material_composition", lambda r: r[0] == CLEAN, [
        [CLEAN, "Li", 0.028, "t/t", "R84", "L", "as end-of-life LFP black mass (cathode and "
         "graphite in the same proportion)"]])
    rewrite("processes", lambda r: r[0] == PROCESS, [
        [PROCESS, "ziya", "Separation of LFP cell production scrap (delamination, sieving)",
         "battery_pretreatment"]])
    rewrite("process_io", lambda r: r[0] == PROCESS, [
        [PROCESS, MATERIAL, "in", 1, "t/t", DER, "L", "reference input"]] + [
        [PROCESS, m, "out", v, "t/t", "R41", "L", SPLIT_NOTE] for m, v in SPLIT.items()])
    process_tables(
        PROCESS,
        cost=(800, "CNY/t", EST, "L", "estimate: about half of pack pretreatment (no discharge "
              "or pack dismantling)"),
        electricity=(75, "kWh/t", EST, "L", "estimate: half of pack pretreatment"),
        invest=(1500, "CNY/(t/yr)", EST, "L", "estimate: half of pack pretreatment"),
        lifetime=(15, "yr", EST, "L", "assumed economic lifetime of recycling plant"),
        capacity=(0, "t/yr", EST, "L", "no such line in the park"),
        max_new=(35, "kt/yr", "BATTERY-OVERCAPACITY", "L", "as battery pretreatment"))
    rewrite("process_emissions", lambda r: r[0] == PROCESS, [
        [PROCESS, 0.05, "tCO2e/t", "EVERBATT", "L", "half of EverBatt's pre-processing "
         "default (no discharge or dismantling)", 0.03, 0.1]])
    rewrite("supply_max", lambda r: r[1] == MATERIAL, [
        [node, MATERIAL, y, round(scrap_tonnes(node, y), -1), "t/yr", "FFB-SCRAP", "L",
         f"derived: LFP cell output {', '.join(f'{g} GWh from {s}' for s, g in LINES[node])} "
         f"[LISHEN-2023][GUOXUAN-TS] x {CELL_T_PER_GWH:,} t/GWh x scrap {RAMP:.0%} in a line's "
         f"first two years, {MATURE:.0%} after [FFB-SCRAP]"]
        for node in LINES for y in YEARS])
    rewrite("supply_cost", lambda r: r[1] == MATERIAL, [
        [node, MATERIAL, y, COST, "CNY/t", DER, "L",
         f"derived: 92 % of the content value {CONTENT:,.0f} CNY/t (clean black mass "
         f"{CLEAN_PRICE:,.0f}, Cu {SHRED_CU:,.0f}, Al {SHRED_AL:,.0f}, net of VAT)",
         round(0.80 * CONTENT, -1), round(0.98 * CONTENT, -1)]
        for node in LINES for y in YEARS])
    rewrite("market_price", lambda r: r[0] == BUYER and r[1] == CLEAN, [
        [BUYER, CLEAN, y, CLEAN_PRICE, "CNY/t", "BENCHMARK-BM2023", "M",
         f"1.46 x the end-of-life LFP black mass ({BM_LFP:,.0f}): process-scrap black mass "
         "98,369 against 67,283 CNY/t in China, July 2023 [BENCHMARK-BM2023]",
         round(1.2 * BM_LFP, -1), round(1.6 * BM_LFP, -1)] for y in YEARS])
    rewrite("route_materials", lambda r: r[1] == MATERIAL or (r[0] == "ziya-batmat"
                                                              and r[1] == CLEAN),
            [[f"{n.removeprefix('src_')}-ziya", MATERIAL] for n in LINES]
            + [["ziya-batmat", CLEAN]])
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
    print(f"cell scrap 2025 {sum(scrap_tonnes(n, 2025) for n in LINES) / 1e3:.1f} kt, 2030 "
          f"{sum(scrap_tonnes(n, 2030) for n in LINES) / 1e3:.1f} kt; clean black mass "
          f"{CLEAN_PRICE:,.0f} CNY/t, scrap bought at {COST:,.0f}")


if __name__ == "__main__":
    main()
