"""Add the second-life option to the default data package (idempotent).

Run from the repository root: ``.venv/bin/python inputs/derivations/second_life.py``.
Retired LFP packs can be tested and regrouped at the park (``repack_2l``) and sold to
stationary storage in Jing-Jin-Ji (``jjj_storage``); after their second life they come back
as end-of-life packs (``market_returns.csv``). Rows previously written by this script are
replaced, so it can be re-run after editing a number.
"""

from __future__ import annotations

from _tables import YEARS, process_tables, rewrite

PROCESS, MATERIAL, MARKET, ROUTE = "repack_2l", "pack_2l", "jjj_storage", "ziya-storage"

# Value of a tonne of repurposed LFP modules: new LFP storage cells 0.298 CNY/Wh including
# VAT (InfoLink, 280 Ah, 2025-09-19 [INFOLINK2025]), 0.264 net of 13 % VAT; second-use
# batteries sell ~30 % below new [INE2021]; a retired pack keeps 70-80 % of its capacity
# [GHAREBAGHI2024] -> 150 kWh/t (6.66 kg/kWh [R41]) x 0.75 = 112.6 kWh/t x 0.264 x 0.7 CNY/Wh
# = 20,800 CNY/t. Range: cells 0.25-0.40 CNY/Wh including VAT.
KWH_PER_T = 1000 / 6.66 * 0.75
VAT = 1.13
PRICE = round(KWH_PER_T * 298 / VAT * 0.7, -2)
LOW, HIGH = round(KWH_PER_T * 250 / VAT * 0.7, -2), round(KWH_PER_T * 400 / VAT * 0.7, -2)
# Repurposing cost: an average ~10 % margin [INE2021] on the price, after buying the packs at
# the 5,000 CNY/t the park pays for retired LFP packs (supply_cost.csv): 0.9 x 20,800 x 0.75
# t of modules per t of packs - 5,000 = 9,000 CNY per t of packs.
COST = round(0.9 * PRICE * 0.75 - 5000, -2)
NOTE_PRICE = (f"derived: {KWH_PER_T:.1f} kWh/t usable (6.66 kg/kWh [R41], 75% state of "
              "health [GHAREBAGHI2024]) x new LFP storage cell 0.298 CNY/Wh incl. VAT "
              "[INFOLINK2025], 0.264 net of VAT, x 0.7 (second use ~30% below new [INE2021]); "
              "range for cells 0.25-0.40 CNY/Wh incl. VAT")


def main() -> None:
    est = "ZIYA-EST"
    rewrite("materials", lambda r: r[0] == MATERIAL, [
        [MATERIAL, "Repurposed LFP modules for stationary storage (second life)", "secondary"]])
    rewrite("nodes", lambda r: r[0] == MARKET, [
        [MARKET, "Jing-Jin-Ji stationary storage (user-side and grid)", "north_china", "CN",
         "market"]])
    rewrite("processes", lambda r: r[0] == PROCESS, [
        [PROCESS, "ziya", "Second-life repacking (test, sort by state of health, regroup, "
         "new BMS)", "second_life"]])
    rewrite("process_io", lambda r: r[0] == PROCESS, [
        [PROCESS, "battery_lfp", "in", 1, "t/t", est, "L", "reference input"],
        [PROCESS, MATERIAL, "out", 0.75, "t/t", est, "L",
         "assumed: 75% of retired pack mass passes state-of-health screening (packs retire "
         "near 80% SOH [GHAREBAGHI2024])"],
        [PROCESS, "battery_lfp", "out", 0.25, "t/t", est, "L",
         "rejected modules go back to the recycling stream"]])
    process_tables(
        PROCESS,
        cost=(COST, "CNY/t", "INE2021", "L",
              f"derived: ~10% margin on {PRICE:,.0f} CNY/t of modules [INE2021] x 0.75 t/t, "
              "less 5,000 CNY/t paid for the packs (supply_cost.csv)"),
        electricity=(50, "kWh/t", est, "L", "assumed: one test cycle of ~110 kWh/t at ~50% "
                     "round-trip losses"),
        invest=(1500, "CNY/(t/yr)", est, "L", "estimate: test benches and racking, no source "
                "in memo"),
        lifetime=(10, "yr", est, "L", "assumed economic lifetime of test and regrouping lines"),
        capacity=(0, "t/yr", est, "L", "no second-life line in the park yet (assumed)"),
        max_new=(10, "kt/yr", est, "L", "assumed build-rate limit (permits, construction)"))
    rewrite("routes", lambda r: r[0] == ROUTE, [[ROUTE, "ziya", MARKET, "truck"]])
    rewrite("route_materials", lambda r: r[0] == ROUTE, [[ROUTE, MATERIAL]])
    rewrite("route_distance", lambda r: r[0] == ROUTE, [
        [ROUTE, 100, "km", est, "L", "assumed average road distance to storage sites in "
         "Tianjin and Hebei"]])
    rewrite("market_price", lambda r: r[0] == MARKET, [
        [MARKET, MATERIAL, y, PRICE, "CNY/t", "INFOLINK2025", "L", NOTE_PRICE, LOW, HIGH]
        for y in YEARS])
    rewrite("market_max", lambda r: r[0] == MARKET, [
        [MARKET, MATERIAL, y, round(5 + 15 * min(y - 2025, 10) / 10, 1), "kt/yr", est, "L",
         "assumed: second life limited to a small share of Jing-Jin-Ji storage additions "
         "(5 kt ~ 0.56 GWh in 2025, 20 kt ~ 2.3 GWh from 2035); safety rules restrict "
         "large second-life stations"] for y in YEARS])
    rewrite("market_returns", lambda r: r[0] == MARKET, [
        [MARKET, MATERIAL, "src_tianjin", "battery_lfp"]],
        header=["node", "material", "return_node", "return_material"])
    rewrite("return_share", lambda r: r[0] == MARKET, [
        [MARKET, MATERIAL, 0.95, "t/t", est, "L", "assumed: 5% lost to failures and informal "
         "channels during second life"]],
        header=["node", "material", "value", "unit", "source", "confidence", "note"])
    rewrite("return_delay", lambda r: r[0] == MARKET, [
        [MARKET, MATERIAL, 6, "yr", est, "L", "assumed second-life duration (stationary use "
         "from ~75% to ~60% of the original capacity)"]],
        header=["node", "material", "value", "unit", "source", "confidence", "note"])
    print(f"second-life price {PRICE:,.0f} CNY/t ({LOW:,.0f}-{HIGH:,.0f}), "
          f"repacking cost {COST:,.0f} CNY/t")


if __name__ == "__main__":
    main()
