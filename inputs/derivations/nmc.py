"""Add ternary (NMC) traction batteries to the default data package (idempotent).

Run from the repository root after ``stock_model.py`` (which writes the NMC pack products):
``.venv/bin/python inputs/derivations/nmc.py``. Retired NMC packs are discharged and
dismantled to ternary black mass at the park (``nmc_pretreat``) and sold to battery-material
plants on a payable basis. Rows it wrote before are replaced.
"""

from __future__ import annotations

from _regions import REGIONS
from _tables import YEARS, process_tables, rewrite
from prices import BARE_BRIGHT, LCE, VAT

PACK, BM, PROCESS, BUYER = "battery_nmc", "black_mass_nmc", "nmc_pretreat", "tj_battery_materials"
EST, DER = "ZIYA-EST", "ZIYA-DER"

# Per kWh of an NMC622 pack (5.23 kg/kWh, BatPaC [R41]): cathode 1.50 kg + graphite ~0.9 kg ->
# black mass 2.4 kg (46 %); Cu 0.45, Al 0.75, steel 0.3 kg/kWh (memo 3 proxies); the rest
# (electrolyte, separator, binder, plastics) is residue.
YIELD = {BM: 0.46, "shred_al": 0.14, "shred_cu": 0.086, "shred_ferrous": 0.057,
         "residue": 0.257}
# Black mass composition (per kWh NMC622, stoichiometric [memo 3]): Li 0.108, Ni 0.546,
# Co 0.183, Mn 0.170 kg over 2.4 kg; inside the memo's ranges [R53] and the 2025 import spec
# (Ni + Co >= 25 %, Li >= 3.5 % [R84]).
COMPOSITION = {"Li": 0.045, "Ni": 0.228, "Co": 0.076, "Mn": 0.071}
# Payables (SMM, Oct 2025 [R83]): Ni/Co 75 %, Li 72 % of salt prices; NiSO4 27,950 CNY/t at
# 22 % Ni [MYSTEEL2025]; CoSO4 50,000 CNY/t at 20.5 % Co [SMM-CO2025]; Li2CO3 75,000 [R79].
# All VAT-inclusive quotes, netted by / (1 + VAT) (prices.py).
NI, CO = 27950 / (1 + VAT) / 0.22, 50000 / (1 + VAT) / 0.205
LI = 5.323 * LCE
PRICE = round(COMPOSITION["Ni"] * NI * 0.75 + COMPOSITION["Co"] * CO * 0.75
              + COMPOSITION["Li"] * LI * 0.72, -2)
LOW = round(COMPOSITION["Ni"] * NI * 0.73 + COMPOSITION["Co"] * 45200 / (1 + VAT) / 0.205 * 0.73
            + COMPOSITION["Li"] * 5.323 * 60000 / (1 + VAT) * 0.68, -2)
HIGH = round(COMPOSITION["Ni"] * NI * 0.78 + COMPOSITION["Co"] * 60000 / (1 + VAT) / 0.205 * 0.78
             + COMPOSITION["Li"] * 5.323 * 160000 / (1 + VAT) * 0.77, -2)
# Pack purchase price: recoverable value (black mass at PRICE, Al 15,950 CNY/t shadow value of
# the LFP chain, Cu at the net bare-bright price) less ~50 %, as for LFP packs.
PACK_COST = round(0.5 * (YIELD[BM] * PRICE + YIELD["shred_al"] * 15950
                         + YIELD["shred_cu"] * BARE_BRIGHT), -2)


def main() -> None:
    rewrite("materials", lambda r: r[0] in (PACK, BM), [
        [PACK, "Retired NMC (ternary) traction battery pack", "end_of_life"],
        [BM, "NMC (ternary) black mass", "intermediate"]])
    rewrite("processes", lambda r: r[0] == PROCESS, [
        [PROCESS, "ziya", "NMC battery discharge, dismantling and black-mass production",
         "battery_pretreatment"]])
    note = ("derived from memo 3: NMC622 pack 5.23 kg/kWh [R41], cathode 1.50 + graphite ~0.9 "
            "kg/kWh -> black mass 46%; Cu 0.45, Al 0.75, steel 0.3 kg/kWh")
    rewrite("process_io", lambda r: r[0] == PROCESS, [
        [PROCESS, PACK, "in", 1, "t/t", DER, "L", "reference input"]] + [
        [PROCESS, m, "out", v, "t/t", "R41", "L", note] for m, v in YIELD.items()])
    process_tables(
        PROCESS,
        cost=(1800, "CNY/t", EST, "L", "estimate: LFP pretreatment 1,500 CNY/t + ~20% for the "
              "fire risk of ternary cells, no source in memo"),
        electricity=(150, "kWh/t", EST, "L", "estimate, as LFP pretreatment"),
        invest=(3000, "CNY/(t/yr)", EST, "L", "estimate, as LFP pretreatment"),
        lifetime=(15, "yr", EST, "L", "assumed economic lifetime of recycling plant"),
        capacity=(20000, "t/yr", "R12", "L", "assumed: part of GEM's Tianjin battery "
                  "dismantling centre [R12] (GEM is a Ni/Co recycler); capacity not published"),
        max_new=(20, "kt/yr", EST, "L", "assumed build-rate limit (permits, construction)"))
    rewrite("process_emissions", lambda r: r[0] == PROCESS, [
        [PROCESS, 0.1, "tCO2e/t", EST, "L", "proxy: as LFP pretreatment (memo 5c)", "", ""]])
    rewrite("material_composition", lambda r: r[0] == BM, [
        [BM, e, v, "t/t", "R53", "L", "derived: NMC622 stoichiometric metals per kWh over 2.4 "
         "kg black mass/kWh (memo 3); within the memo's ranges and the 2025 import spec [R84]"]
        for e, v in COMPOSITION.items()])
    rewrite("market_price", lambda r: r[0] == BUYER and r[1] == BM, [
        [BUYER, BM, y, PRICE, "CNY/t", "R83", "L",
         f"derived: payables (Ni/Co 75%, Li 72%, Oct 2025 [R83]) x contained Ni {NI:,.0f}, "
         f"Co {CO:,.0f} CNY/t (NiSO4 27,950 [MYSTEEL2025], CoSO4 50,000 [SMM-CO2025]) and Li "
         "as Li2CO3 75,000 [R79], all net of 13 % VAT", LOW, HIGH] for y in YEARS])
    rewrite("supply_cost", lambda r: r[1] == PACK, [
        [node, PACK, y, PACK_COST, "CNY/t", DER, "L",
         "derived: recoverable value (black mass, Al, Cu) less ~50%, as for LFP packs"]
        for node in (f"src_{r}" for r in REGIONS) for y in YEARS])
    rewrite("route_materials", lambda r: r[1] == PACK or (r[0] == "ziya-batmat"
                                                          and r[1] == BM),
            [[f"{r}-ziya", PACK] for r in REGIONS]
            + [["ziya-batmat", BM]])
    print(f"NMC black mass {PRICE:,.0f} CNY/t ({LOW:,.0f}-{HIGH:,.0f}); packs {PACK_COST:,.0f}")


if __name__ == "__main__":
    main()
