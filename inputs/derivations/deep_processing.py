"""Add the park's deep-processing stages to the default data package (idempotent).

Run from the repository root after ``nmc.py``:
``.venv/bin/python inputs/derivations/deep_processing.py``.

Stages added (each a real choice against selling the intermediate as it is):

* ``eaf_steel``: scrap-based electric-arc furnace in the park, ferrous scrap to billet sold to
  Tangshan re-rollers, against selling the scrap to the Hebei EAF mills;
* ``hydromet_nmc`` and ``pyromet_nmc``: ternary black mass to nickel, cobalt and manganese
  sulphates and lithium carbonate (hydro), or to a Ni-Co alloy with lithium partly recovered
  from the slag (pyro), against selling the black mass; both sit with ``hydromet_lfp`` in the
  stage ``smelting`` (冶炼), to which the MIIT 2024 recovery minimums apply;
* ``regen_lfp``: direct regeneration of LFP cathode from clean LFP black mass (production scrap);
* ``reman_core`` (engines and gearboxes) out of ICE dismantling, remanufactured
  (``remanufacture``) or broken up for scrap (``core_breakup``).

Rows it wrote before are replaced; the script owns the ``dismantle_ice`` transfer
coefficients and the ``smelting`` recovery minimums.
"""

from __future__ import annotations

import math

from _regions import road_km
from _tables import YEARS, process_tables, rewrite
from nmc import PRICE as BM_NMC
from prices import HMS, LCE, VAT
from production_scrap import CLEAN

EST, DER = "ZIYA-EST", "ZIYA-DER"
BUYER = "tj_battery_materials"
LIFE = (15, "yr", EST, "L", "assumed economic lifetime of recycling plant")
BUILD = (20, "kt/yr", EST, "L", "assumed build-rate limit (permits, construction)")
NONE = (0, "t/yr", EST, "L", "no such plant in the park (memo gap 1: per-stream capacities "
        "not published)")

def up(x: float) -> float:
    """``x`` rounded up to 5 decimals (a yield at a regulatory minimum must not fall below it)."""
    return math.ceil(x * 1e5 - 1e-6) / 1e5


# --- salt and metal prices (CNY per t of contained metal unless stated) ---------------------
# All quotes VAT-inclusive, netted by / (1 + VAT): every price is net of VAT (prices.py).
NET = 1 / (1 + VAT)
NI = 27950 * NET / 0.22   # NiSO4.6H2O 27,950 CNY/t at 22 % Ni [MYSTEEL2025]
CO = 50000 * NET / 0.205  # CoSO4.7H2O 50,000 CNY/t at 20.5 % Co [SMM-CO2025]
MN = 6000 * NET / 0.32    # MnSO4.H2O 6,000 CNY/t at 32 % Mn [SMM-MN2025]
# LCE: Li2CO3 [R79]; BM_NMC: NMC black mass (nmc.py); BM_LFP: LFP black mass (prices.py)

# --- hydrometallurgy of NMC black mass (per t black mass) -----------------------------------
# Black mass Li 4.5, Ni 22.8, Co 7.6, Mn 7.1 % (nmc.py); MIIT 2024 minimums Li 90 %, Ni/Co/Mn
# 98 % [R45]. Sulphates are counted in tonnes of contained metal (reagent mass not modelled),
# so the outputs close the mass balance with the leach residue.
HYDRO = {"nickel_sulphate": 0.228 * 0.98, "cobalt_sulphate": 0.076 * 0.98,
         "manganese_sulphate": 0.071 * 0.98, "lithium_carbonate": 0.045 * 0.90 * 5.323}
HYDRO = {m: up(v) for m, v in HYDRO.items()}
HYDRO["residue"] = round(1 - sum(HYDRO.values()), 5)
HYDRO_REVENUE = (HYDRO["nickel_sulphate"] * NI + HYDRO["cobalt_sulphate"] * CO
                 + HYDRO["manganese_sulphate"] * MN + HYDRO["lithium_carbonate"] * LCE)
# Conversion cost: refiners buy black mass at 72-75 % payables [R83], so the spread between
# contained value and black mass price pays their costs and margin; cost = 85 % of it.
HYDRO_COST = round(0.85 * (HYDRO_REVENUE - BM_NMC), -2)

# --- pyrometallurgy of NMC black mass --------------------------------------------------------
# Smelting at 1,200-1,600 C: Ni, Co to alloy (>95 %, at the MIIT 98 %), Mn and most Li to slag,
# 40 % of Li won back from slag (memo: 30-50 % if the slag is treated [R53]).
ALLOY_NI, ALLOY_CO = 0.228 * 0.98, 0.076 * 0.98
PYRO = {"nico_alloy": up(ALLOY_NI + ALLOY_CO), "lithium_carbonate": up(0.045 * 0.40 * 5.323)}
PYRO["residue"] = round(1 - sum(PYRO.values()), 5)
NI_SHARE = round(ALLOY_NI / (ALLOY_NI + ALLOY_CO), 4)
ALLOY_PRICE = round(0.70 * (NI_SHARE * NI + (1 - NI_SHARE) * CO), -2)

# --- direct regeneration of LFP cathode ------------------------------------------------------
# LFP black mass: cathode 1.99 + graphite ~1.1 kg/kWh (battery_pretreat note) -> cathode
# 64.2 %; the MIIT material-repair route recovers >= 99 % of the target material [R45].
REGEN = {"lfp_cathode_regen": up(1.99 / 3.1 * 0.99)}
REGEN["residue"] = round(1 - REGEN["lfp_cathode_regen"], 5)
LFP_CAM = round(34000 * NET, -1)  # energy-storage LFP, 33,000-34,400 CNY/t Feb 2025 [MYSTEEL-LFP]
# Regenerated ("repaired") LFP traded at 0.67-0.73 of new NEV-grade LFP in SMM's table of
# 2025-06-16 [SMM-REPAIRED-LFP]: 0.70 of the energy-storage price
REGEN_DISCOUNT = 0.70
REGEN_PRICE = round(REGEN_DISCOUNT * LFP_CAM, -2)
# Non-material cost of making LFP: energy ~19 % + direct ~19 % of the price [SUNSIRS-LFP]
REGEN_COST = round(0.38 * LFP_CAM * REGEN["lfp_cathode_regen"], -2)

# --- EAF in the park (per t of ferrous scrap charged) ----------------------------------------
EAF_YIELD = 0.90          # metallic yield 88-92 % (memo 4b)
BILLET = round(2950 * NET, -1)  # Q235 billet Tangshan, 2,930-3,030 CNY/t incl. VAT [MYSTEEL-BILLET]
SCRAP = HMS               # HMS, Tianjin/Handan 2025 [R80], net (prices.py)
EAF_KWH = round(400 * EAF_YIELD)   # 400 kWh/t liquid steel [R55]
# Scrap and electricity are ~90 % of EAF steelmaking cost [SCRAPMONSTER2019]: the other 10 %
# (electrodes, refractories, fluxes, labour) per t steel, then per t of scrap charged.
EAF_OTHER = round((SCRAP / EAF_YIELD + 400 * 0.65) / 0.9 * 0.1 * EAF_YIELD, -1)

# --- remanufacturing of engines and gearboxes ------------------------------------------------
# Compact ICE car 1.25 t: engine ~110 kg + gearbox ~40 kg = 12 % of the ELV (estimate); since
# the 2019 ELV rules the five assemblies may be remanufactured [memo 3].
CORE = 0.12
# An engine or gearbox core: Al heads, blocks and housings ~35 %, cast iron and steel ~58 %,
# Cu (starter, alternator windings) ~3 %, rest ~4 % (estimate, no source in memo).
CORE_SCRAP = {"shred_al": 0.35, "shred_ferrous": 0.58, "shred_cu": 0.03, "residue": 0.04}
PASS = 0.6                # cores passing inspection (assumed)
REMAN = {"reman_parts": PASS, **{m: round(v * (1 - PASS), 3) for m, v in CORE_SCRAP.items()}}
NEW_PART = round(120000 * NET, -3)  # new engine + gearbox ~18,000 CNY incl. VAT / 150 kg (est.)
REMAN_PRICE = round(0.5 * NEW_PART, -2)   # sells below half the new price [REMAN-CIC]
REMAN_COST = round(0.5 * 0.8 * NEW_PART * PASS, -2)  # 50 % of new-part production cost [REMAN-CIC]


def materials() -> None:
    new = [["nickel_sulphate", "Battery-grade nickel sulphate (tonnes of contained Ni)",
            "secondary"],
           ["cobalt_sulphate", "Battery-grade cobalt sulphate (tonnes of contained Co)",
            "secondary"],
           ["manganese_sulphate", "Battery-grade manganese sulphate (tonnes of contained Mn)",
            "secondary"],
           ["nico_alloy", "Ni-Co alloy from battery smelting (tonnes of alloy metal)",
            "secondary"],
           ["lfp_cathode_regen", "Regenerated LFP cathode material (direct regeneration)",
            "secondary"],
           ["steel_billet", "Scrap-EAF steel billet (Q235-type)", "secondary"],
           ["reman_core", "Engine and gearbox cores from ICE dismantling", "intermediate"],
           ["reman_parts", "Remanufactured engines and gearboxes", "secondary"]]
    names = {r[0] for r in new}
    rewrite("materials", lambda r: r[0] in names, new)
    comp = [["nickel_sulphate", "Ni", 1.0, DER, "H", "by definition (tonnes of contained Ni)"],
            ["cobalt_sulphate", "Co", 1.0, DER, "H", "by definition (tonnes of contained Co)"],
            ["manganese_sulphate", "Mn", 1.0, DER, "H", "by definition (tonnes of contained Mn)"],
            ["nico_alloy", "Ni", NI_SHARE, DER, "L", "derived: Ni and Co of NMC622 black mass "
             "at 98 % to alloy"],
            ["nico_alloy", "Co", round(1 - NI_SHARE, 4), DER, "L", "derived: Ni and Co of "
             "NMC622 black mass at 98 % to alloy"],
            ["lfp_cathode_regen", "Li", round(0.087 / 1.99, 4), DER, "H",
             "stoichiometry of LiFePO4 (0.087 kg Li per 1.99 kg cathode/kWh, memo 3)"]]
    rewrite("material_composition", lambda r: r[0] in names,
            [[m, e, v, "t/t", s, c, n] for m, e, v, s, c, n in comp])


def processes() -> None:
    new = [["eaf_steel", "ziya", "Scrap-based electric-arc furnace and billet caster",
            "steelmaking"],
           ["hydromet_nmc", "ziya", "NMC hydrometallurgy to Ni, Co, Mn sulphates and "
            "lithium carbonate", "smelting"],
           ["pyromet_nmc", "ziya", "NMC pyrometallurgy to Ni-Co alloy, lithium from slag",
            "smelting"],
           ["regen_lfp", "ziya", "Direct regeneration of LFP cathode (relithiation, "
            "heat treatment)", "direct_regeneration"],
           ["remanufacture", "ziya", "Remanufacturing of engines and gearboxes",
            "remanufacturing"],
           ["core_breakup", "ziya", "Breaking engine and gearbox cores not remanufactured for "
            "scrap", "remanufacturing"]]
    new.append(["hydromet_lfp", "ziya", "LFP hydrometallurgy to lithium carbonate", "smelting"])
    names = {r[0] for r in new}
    rewrite("processes", lambda r: r[0] in names, new)


def io_rows() -> list[list]:
    hydro = ("derived: NMC622 black mass (Li 4.5, Ni 22.8, Co 7.6, Mn 7.1 %) at the MIIT 2024 "
             "minimums Li 90 %, Ni/Co/Mn 98 % [R45]; sulphates in t of contained metal, "
             "Li as Li2CO3 (x 5.323); the rest is leach residue (reagents not modelled)")
    pyro = ("derived: Ni, Co 98 % to alloy (>95 % [R53], MIIT 98 % [R45]); Li 40 % from "
            "treated slag (30-50 % [R53]); Mn, Al, graphite to slag and off-gas")
    regen = ("derived: LFP black mass 64.2 % cathode (1.99 of 3.1 kg/kWh, memo 3) x 99 % "
             "(MIIT material-repair route [R45])")
    dis = ("derived from memo 2c (ICE compact 1.25 t: fluids 22 kg + battery 13 kg = 2.8 %) "
           "[R3][R25]; engine + gearbox ~150 kg = 12 % (estimate) leave as cores")
    core = ("estimate: engine/gearbox cores ~35 % Al (heads, blocks, housings), 58 % cast "
            "iron and steel, 3 % Cu, 4 % other; no source in memo")
    rows = [["dismantle_ice", "elv_ice", "in", 1, "t/t", "R3", "L", dis],
            ["dismantle_ice", "elv_hulk", "out", round(1 - 0.028 - CORE, 3), "t/t", "R3", "L",
             dis],
            ["dismantle_ice", "hazardous", "out", 0.028, "t/t", "R3", "M", dis],
            ["dismantle_ice", "reman_core", "out", CORE, "t/t", EST, "L", dis],
            ["eaf_steel", "shred_ferrous", "in", 1, "t/t", DER, "L", "reference input"],
            ["eaf_steel", "steel_billet", "out", EAF_YIELD, "t/t", "ZIYA-MEMO", "L",
             "memo 4b: scrap-EAF metallic yield proxy 88-92 %"],
            ["eaf_steel", "residue", "out", round(1 - EAF_YIELD, 2), "t/t", "ZIYA-MEMO", "L",
             "slag and losses, 1 - yield"],
            ["hydromet_nmc", "black_mass_nmc", "in", 1, "t/t", DER, "L", "reference input"]]
    rows += [["hydromet_nmc", m, "out", v, "t/t", "R45", "L", hydro] for m, v in HYDRO.items()]
    rows += [["pyromet_nmc", "black_mass_nmc", "in", 1, "t/t", DER, "L", "reference input"]]
    rows += [["pyromet_nmc", m, "out", v, "t/t", "R53", "L", pyro] for m, v in PYRO.items()]
    rows += [["regen_lfp", CLEAN, "in", 1, "t/t", "BENCHMARK-DIRECT", "M", "direct regeneration "
              "runs on clean production-scrap black mass only (production_scrap.py "
              "[BENCHMARK-DIRECT])"]]
    rows += [["regen_lfp", m, "out", v, "t/t", "R45", "L", regen] for m, v in REGEN.items()]
    rows += [["remanufacture", "reman_core", "in", 1, "t/t", DER, "L", "reference input"]]
    rows += [["remanufacture", m, "out", v, "t/t", EST, "L",
              f"assumed: {PASS:.0%} of cores pass inspection; rejected cores broken for "
              "scrap (" + core + ")"] for m, v in REMAN.items()]
    rows += [["core_breakup", "reman_core", "in", 1, "t/t", DER, "L", "reference input"]]
    rows += [["core_breakup", m, "out", v, "t/t", EST, "L", core]
             for m, v in CORE_SCRAP.items()]
    return rows


def process_parameters() -> None:
    process_tables(
        "eaf_steel",
        cost=(EAF_OTHER, "CNY/t", "SCRAPMONSTER2019", "L",
              f"derived: scrap and electricity are ~90 % of EAF cost [SCRAPMONSTER2019]; the "
              f"other 10 % of ({SCRAP:,} / {EAF_YIELD} scrap + 400 kWh x 0.65) per t steel, "
              f"x {EAF_YIELD} t steel per t scrap"),
        electricity=(EAF_KWH, "kWh/t", "R55", "M",
                     f"400 kWh/t liquid steel (memo 4b [R55]) x {EAF_YIELD} t steel per t scrap"),
        invest=(1500, "CNY/(t/yr)", EST, "L", "estimate: EAF, ladle furnace and billet caster, "
                "no source in memo"),
        lifetime=(25, "yr", EST, "L", "assumed economic lifetime of a steel plant"),
        capacity=NONE,
        max_new=(300, "kt/yr", EST, "L", "assumed build-rate limit: one 300 kt/yr EAF per year "
                 "(capacity-replacement permits)"))
    process_tables(
        "hydromet_nmc",
        cost=(HYDRO_COST, "CNY/t", "R83", "L",
              f"derived: 85 % of the spread between contained value ({HYDRO_REVENUE:,.0f} CNY "
              f"per t black mass at sulphate and Li2CO3 prices) and the black-mass price "
              f"({BM_NMC:,}); refiners pay 72-75 % payables [R83]"),
        electricity=(500, "kWh/t", "EVERBATT", "L", "EverBatt 250 kWh and Hanna et al. "
                     "2025 ~430 kWh per t of input, raised for evaporation and crystallisation "
                     "(400-600) [EVERBATT]"),
        invest=(8000, "CNY/(t/yr)", EST, "L", "estimate, no source in memo"),
        lifetime=LIFE, capacity=NONE, max_new=BUILD)
    process_tables(
        "pyromet_nmc",
        cost=(6000, "CNY/t", EST, "L", "estimate: smelting with slag treatment, no source "
              "in memo"),
        electricity=(800, "kWh/t", EST, "L", "estimate: electric smelting, no source in memo"),
        invest=(6000, "CNY/(t/yr)", EST, "L", "estimate, no source in memo"),
        lifetime=LIFE, capacity=NONE, max_new=BUILD)
    process_tables(
        "regen_lfp",
        cost=(REGEN_COST, "CNY/t", "SUNSIRS-LFP", "L",
              f"derived: energy and direct costs ~38 % of the LFP price [SUNSIRS-LFP] x "
              f"{LFP_CAM:,} CNY/t x {REGEN['lfp_cathode_regen']} t cathode per t black mass"),
        electricity=(1500, "kWh/t", "EVERBATT", "L", "EverBatt generic direct recycling "
                     "2,500-2,700 kWh per t black mass (relithiation and sintering), taken at "
                     "1,500 (1,000-2,700) [EVERBATT]"),
        invest=(6000, "CNY/(t/yr)", EST, "L", "estimate, no source in memo"),
        lifetime=LIFE, capacity=NONE,
        max_new=(10, "kt/yr", EST, "L", "assumed build-rate limit: direct regeneration is at "
                 "pilot scale in China"))
    process_tables(
        "remanufacture",
        cost=(REMAN_COST, "CNY/t", "REMAN-CIC", "L",
              f"derived: remanufacturing costs ~50 % of making the part new [REMAN-CIC]; new-"
              f"part cost 80 % of {NEW_PART:,} CNY/t (estimate) x {PASS} t parts per t core"),
        electricity=(300, "kWh/t", EST, "L", "estimate: cleaning, machining, testing"),
        invest=(10000, "CNY/(t/yr)", EST, "L", "estimate: machining lines and test benches"),
        lifetime=LIFE, capacity=NONE,
        max_new=(2, "kt/yr", EST, "L", "assumed build-rate limit (certified remanufacturers "
                 "only)"))
    process_tables(
        "core_breakup",
        cost=(200, "CNY/t", EST, "L", "estimate: draining and cutting cores, no source in memo"),
        electricity=(20, "kWh/t", EST, "L", "estimate: cutting and handling, as ICE dismantling"),
        invest=(300, "CNY/(t/yr)", EST, "L", "estimate: cutting bays and cranes, no source in "
                "memo"),
        lifetime=LIFE,
        capacity=(40000, "t/yr", EST, "L", "assumed: ICE dismantling lines break cores today"),
        max_new=BUILD)
    emissions = [
        ["eaf_steel", 0.09, "tCO2e/t", "IPCC2006", "M", "IPCC 2006 Tier-1 EAF 0.08 tCO2/t "
         "steel (electrodes and charge carbon) plus lime and gas, x 0.9 t steel per t scrap "
         "(electricity counted separately) [IPCC2006]", 0.05, 0.15],
        ["hydromet_nmc", 1.6, "tCO2e/t", "EVERBATT", "M", "derived: EverBatt 2019/2023 and "
         "Hanna et al. 2025 hydrometallurgy inventories priced with GREET 2022 reagent "
         "factors (NaOH about 3/4), per t black mass; electricity counted separately "
         "[EVERBATT]", 0.9, 2.7],
        ["pyromet_nmc", 1.8, "tCO2e/t", "EVERBATT", "M", "derived: EverBatt 2023 generic "
         "smelting of black mass, ~80 % from burning its graphite, with flux and reductant "
         "[EVERBATT]", 1.3, 2.6],
        ["regen_lfp", 0.45, "tCO2e/t", "EVERBATT", "L", "derived: EverBatt 2020/2023 generic "
         "direct recycling, mostly the lithium make-up; electricity counted separately "
         "[EVERBATT]", 0.25, 0.9]]
    names = {r[0] for r in emissions}
    rewrite("process_emissions", lambda r: r[0] in names, emissions)


def markets() -> None:
    rerollers = "tangshan_rerollers"
    rewrite("nodes", lambda r: r[0] in (rerollers, "tj_reman_buyers"), [
        [rerollers, "Tangshan billet re-rollers", "north_china", "CN", "market"],
        ["tj_reman_buyers", "Remanufactured-parts buyers (after-sales networks, Jing-Jin-Ji)",
         "north_china", "CN", "market"]])
    routes = [["ziya-rerollers", "ziya", rerollers, "truck"],
              ["ziya-reman", "ziya", "tj_reman_buyers", "truck"]]
    rewrite("routes", lambda r: r[0] in ("ziya-rerollers", "ziya-reman"), routes)
    km, source, confidence, note = road_km("tangshan")
    rewrite("route_distance", lambda r: r[0] in ("ziya-rerollers", "ziya-reman", "ziya-tangshan"), [
        ["ziya-tangshan", km, "km", source, confidence, note],
        ["ziya-rerollers", km, "km", source, confidence, note],
        ["ziya-reman", 100, "km", EST, "L", "assumed average road distance to parts "
         "distributors in Tianjin and Beijing"]])
    sold = {"ziya-batmat": ["nickel_sulphate", "cobalt_sulphate", "manganese_sulphate",
                            "nico_alloy", "lfp_cathode_regen"],
            "ziya-rerollers": ["steel_billet"], "ziya-reman": ["reman_parts"]}
    pairs = {(r, m) for r, ms in sold.items() for m in ms}
    rewrite("route_materials", lambda r: (r[0], r[1]) in pairs,
            [[r, m] for r, ms in sold.items() for m in ms])
    prices = [
        (BUYER, "nickel_sulphate", round(NI, -2), "MYSTEEL2025", "M",
         "NiSO4.6H2O 27,950 CNY/t at 22 % Ni [MYSTEEL2025], per t contained Ni, net of 13 % VAT",
         round(26000 * NET / 0.22, -2), round(30000 * NET / 0.22, -2)),
        (BUYER, "cobalt_sulphate", round(CO, -2), "SMM-CO2025", "M",
         "CoSO4.7H2O 50,000 CNY/t at 20.5 % Co [SMM-CO2025], per t contained Co, net of 13 % VAT",
         round(45200 * NET / 0.205, -2), round(60000 * NET / 0.205, -2)),
        (BUYER, "manganese_sulphate", round(MN, -2), "SMM-MN2025", "M",
         "battery-grade MnSO4.H2O ~6,000 CNY/t at 32 % Mn, Sep 2025 [SMM-MN2025], per t Mn, "
         "net of 13 % VAT",
         round(5500 * NET / 0.32, -2), round(6100 * NET / 0.32, -2)),
        (BUYER, "nico_alloy", ALLOY_PRICE, "R83", "L",
         f"derived: 70 % payable (assumed, below the 75 % for black mass [R83]) of contained "
         f"Ni ({NI_SHARE:.0%}) and Co at sulphate prices", round(0.6 * ALLOY_PRICE / 0.7, -2),
         round(0.8 * ALLOY_PRICE / 0.7, -2)),
        (BUYER, "lfp_cathode_regen", REGEN_PRICE, "SMM-REPAIRED-LFP", "L",
         f"derived: {REGEN_DISCOUNT:.0%} (repaired LFP at 0.67-0.73 of new LFP, SMM table via a "
         f"copy [SMM-REPAIRED-LFP]) of energy-storage LFP {LFP_CAM:,} CNY/t (33,000-34,400 Feb "
         "2025 [MYSTEEL-LFP]; 36,950 Dec 2025 [BAK-LFP2025]), VAT-inclusive quotes net of 13 % "
         "VAT", round(0.67 * 32900 * NET, -2), round(0.73 * 39950 * NET, -2)),
        (rerollers, "steel_billet", BILLET, "MYSTEEL-BILLET", "M",
         "Q235 150 mm billet, Tangshan, EXW incl. 13 % VAT: 3,030 (Mar), 2,950 (Nov), 2,930 "
         "(Dec 2025) CNY/t [MYSTEEL-BILLET], net of 13 % VAT", round(2930 * NET, -1),
         round(3030 * NET, -1)),
        ("tj_reman_buyers", "reman_parts", REMAN_PRICE, "REMAN-CIC", "L",
         f"derived: remanufactured parts sell below half the new price [REMAN-CIC] (buyers "
         f"spend ~60 % [VOLVO-REMAN]); new engine + gearbox {NEW_PART:,} CNY/t net of VAT "
         "(estimate)",
         round(0.3 * NEW_PART, -2), round(0.6 * NEW_PART, -2))]
    keys = {(p[0], p[1]) for p in prices}
    rewrite("market_price", lambda r: (r[0], r[1]) in keys, [
        [n, m, y, v, "CNY/t", s, c, note, lo, hi]
        for n, m, v, s, c, note, lo, hi in prices for y in YEARS])
    demand = [5000 * 1.1 ** (y - 2025) for y in YEARS]
    rewrite("market_max", lambda r: r[0] == "tj_reman_buyers", [
        ["tj_reman_buyers", "reman_parts", y, round(d / 1000, 1), "kt/yr", EST, "L",
         "assumed: ~33,000 remanufactured engines and gearboxes a year in Jing-Jin-Ji in 2025, "
         "+10 %/yr (acceptance of remanufactured parts is low [REMAN-CIC])"]
        for y, d in zip(YEARS, demand, strict=True)])
    subs = [["steel_billet", 1.9, "tCO2e/t", "IEEFA-STEEL", "M",
             "derived: BF-BOF 2.2 less scrap-EAF 0.3 tCO2/t steel (IEA and worldsteel data via "
             "IEEFA [IEEFA-STEEL]; memo 5b: 2.1 less 0.45); the EAF's own emissions are counted "
             "in the ledger", 1.5, 2.1],
            ["nickel_sulphate", 30.0, "tCO2e/t", "R68", "L", "memo 5b: nickel ~16x steel, "
             "~30 tCO2/t Ni (derived from CRU [R68])", 15, 50],
            ["cobalt_sulphate", 10.0, "tCO2e/t", "ZIYA-MEMO", "L", "memo 5b proxy: 5-15 "
             "kgCO2e/kg Co", 5, 15],
            ["reman_parts", 5.0, "tCO2e/t", "REMAN-CIC", "L", "derived: remanufacturing saves "
             "~70 % of material and 60 % of energy [REMAN-CIC]; ~7 tCO2e/t of new cast and "
             "machined parts (estimate) x 0.7", 3, 8]]
    names = {s[0] for s in subs}
    rewrite("substitution_factor", lambda r: r[0] in names, subs)


def sources() -> None:
    new = [
        ["MYSTEEL-BILLET", "Mysteel Global via SEAISI news room, Tangshan billet prices (Q235 "
         "150 mm square billet EXW incl. VAT: 3,030 CNY/t 2025-03-09; 2,950 2025-11-16; 2,930 "
         "2026-01-04)", "https://www.seaisi.org/details/27528?type=news-rooms"],
        ["MYSTEEL-LFP", "Mysteel, LFP prices run weakly with the Li2CO3 in the short term, "
         "2025-02-28 (power type 34,500-37,500, energy-storage type 33,000-34,400 CNY/t)",
         "https://www.mysteel.net/analysis/5078319-lfp-prices-run-weakly-with-the-li2co3-in-"
         "the-short-term"],
        ["SMM-REPAIRED-LFP", "SMM cathode price table of 2025-06-16 as copied by nenpower.com "
         "(restorative LFP 2,721 USD/t mid against 3,736 mid-end and 4,064 high-end NEV LFP: "
         "0.67-0.73)", "https://nenpower.com/blog/current-trends-and-pricing-analysis-of-"
         "cathode-materials-in-the-metal-market"],
        ["BAK-LFP2025", "BAK Battery news, 2025-12-04 (power-grade LFP 39,950, energy-storage "
         "grade 36,950 CNY/t on 1 Dec 2025; 35,350 / 32,900 in August)",
         "https://www.bak-tech.com/news/226.html"],
        ["SUNSIRS-LFP", "SunSirs / China Chemical Industry News, LFP cost structure (raw "
         "materials 35-40 %, energy ~19 %, direct expenses ~19 %, period expenses 16 %), 2025",
         "https://www.sunsirs.com/commodity-news/petail-28170.html"],
        ["SMM-MN2025", "SMM analysis via businesspro.today, 2025-09-28: battery-grade manganese "
         "sulphate expected to exceed 6,100 CNY/t in October",
         "https://businesspro.today/2025/09/28/smm-analysis-peak-season-effect-takes-hold-"
         "manganese-sulphate-prices-maintain-strong-momentum"],
        ["SCRAPMONSTER2019", "ScrapMonster, EAF route accounts for barely 10 % of China's total "
         "steelmaking, 2019-06-06 (scrap and electricity ~90 % of EAF cost; EAF 400-500 CNY/t "
         "dearer than BF)", "https://www.scrapmonster.com/news/-/1/71616"],
        ["REMAN-CIC", "China Investment Corporation consultancy report on ELV dismantling "
         "2017-2021, via chaoyangx.com (remanufacturing costs ~50 % of new, saves 70 % of "
         "materials and 60 % of energy); NDRC pilot measures via machineryfreight.com (price "
         "below half of new)", "http://www.chaoyangx.com/news/11.html"],
        ["VOLVO-REMAN", "Volvo CE China remanufactured engine import, greenergydaily (client "
         "spends ~60 % of the new-part budget; 50 % cost saving)",
         "https://greenergydaily.com/index.php?id=1001"],
        ["R55", "The electric arc furnace process: towards an electricity consumption below "
         "200 kWh/t (abstract; EAF ~400 kWh/t typical, memo R55)",
         "https://paperexplained.cn/articles/paper/detail/73cbe6979011787c0b8cf2984669356dec22"
         "940a"],
        ["R68", "CRU, nickel carbon intensity (~16x steel per tonne) (memo R68)", ""]]
    names = {s[0] for s in new}
    rewrite("sources", lambda r: r[0] in names, new)


def recovery_minimums() -> None:
    rule = ("MIIT 新能源汽车废旧动力电池综合利用行业规范条件 (2024): smelting {e} recovery >= "
            "{v:.0%} [R45]")
    rows = [["smelting", e, v, "1", "R45", "H", rule.format(e=e, v=v)]
            for e, v in (("Li", 0.9), ("Ni", 0.98), ("Co", 0.98), ("Mn", 0.98))]
    rewrite("recovery_minimum", lambda r: True, rows)


def main() -> None:
    materials()
    processes()
    rewrite("process_io", lambda r: r[0] in ("dismantle_ice", "eaf_steel", "hydromet_nmc",
                                              "pyromet_nmc", "regen_lfp", "remanufacture",
                                              "core_breakup"), io_rows())
    process_parameters()
    markets()
    sources()
    recovery_minimums()
    print(f"NMC hydromet: revenue {HYDRO_REVENUE:,.0f} CNY/t BM, cost {HYDRO_COST:,.0f}; "
          f"alloy {ALLOY_PRICE:,.0f} CNY/t; regen LFP {REGEN_PRICE:,.0f} CNY/t, cost "
          f"{REGEN_COST:,.0f}; EAF other cost {EAF_OTHER:,.0f} CNY/t scrap; reman "
          f"{REMAN_PRICE:,.0f} CNY/t, cost {REMAN_COST:,.0f}")


if __name__ == "__main__":
    main()
