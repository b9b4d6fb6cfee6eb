"""Add waste electrical and electronic equipment (WEEE) as its own chain (idempotent).

Run from the repository root: ``.venv/bin/python inputs/derivations/weee.py`` (before
``mixed_scrap``, which subtracts this chain's metal from the park's reported output).

Ziya is a national WEEE dismantling demonstration base, and WEEE is one of the park's four
industrial chains [R1]. Licensed ("fund-list") enterprises dismantle TVs, refrigerators,
washing machines, air conditioners and computers: ~100 M units nationally in 2025, more than
1 bn units and ~22 Mt of output since 2012 (MEE [WEEE-MEE]). The chain here: WEEE collected
in the region's cities (the region's population share of the national formal dismantling),
bought by the park's licensed dismantlers, dismantled and sorted (`dismantle_weee`) into steel,
copper and aluminium scrap, plastics and a residue (glass, circuit boards, foam, hazardous
parts) that goes to disposal. Rows it wrote before are replaced.
"""

from __future__ import annotations

from _regions import HEBEI_REGIONS, hebei_share
from _tables import YEARS, process_tables, rewrite
from prices import HMS, PAYABLE, PLASTICS, SHRED_AL, SHRED_CU

MATERIAL, PROCESS = "weee", "dismantle_weee"
EST, DER = "ZIYA-EST", "ZIYA-DER"

# Volume: ~100 M units dismantled nationally in 2025 [WEEE-MEE] at ~27 kg a unit (25.8 kg in
# an audited Jiaozuo quarter, 28.5 kg in Tianjin's plan: 2.6 M units, 74 kt generated in 2025
# [WEEE-TJ]) = 2.7 Mt; the region's share by population, end-2023 (Beijing 21.86, Tianjin
# 13.64, Hebei 73.93 of China's 1,409.67 M [NBS-POP2023]); +3 %/yr (assumption; 84 M units in
# 2022 to ~100 M in 2025 is +6 %/yr).
NATIONAL_T_2025 = 100e6 * 0.027
POPULATION = {"beijing": 21.86, "tianjin": 13.64, "hebei": 73.93}
CHINA = 1409.67
GROWTH = 0.03
SHARE = {"src_beijing": POPULATION["beijing"] / CHINA, "src_tianjin": POPULATION["tianjin"] / CHINA,
         **{f"src_{r}": POPULATION["hebei"] / CHINA * hebei_share(r) for r in HEBEI_REGIONS}}

# Output mix per tonne (assumption, L): MEE's cumulative 2012-2023 output was 21 % plastics,
# 22.5 % iron and copper, 34 % CRT glass, the rest other materials [WEEE-MEE]; a 2025 stream has
# few CRT sets left, so most of the glass share goes to the steel and plastics of white goods
# and flat panels. Cu 4 % and Al 3 % (compressors, motors, heat exchangers) are estimates.
MIX = {"shred_ferrous": 0.38, "shred_cu": 0.04, "shred_al": 0.03, "plastics_rubber": 0.30,
       "residue": 0.25}
MIX_NOTE = ("assumption: MEE's 2012-2023 WEEE output (plastics 21 %, iron and copper 22.5 %, "
            "CRT glass 34 % [WEEE-MEE]) with most CRT glass replaced by the steel and plastics of "
            "white goods and flat panels; Cu 4 %, Al 3 % estimated; residue = glass, circuit "
            "boards, foam, hazardous parts (to disposal)")
METAL_SHARE = MIX["shred_ferrous"] + MIX["shred_cu"] + MIX["shred_al"]

# The park's licensed WEEE capacity: TCL Aobo 3 M units/yr (~100 kt) and the Dowa joint
# venture 0.8 M units/yr (~22 kt at 27 kg) [WEEE-ZIYA]; no new licences (the provincial plans
# set the fund list).
CAPACITY = 125_000
WEEE_METAL_2025 = CAPACITY * METAL_SHARE  # the park's metal from this chain (mixed_scrap.py)

# Purchase: as for mixed scrap (mixed_scrap.py), collectors are paid 92 % of the content value
# at the scrap prices (net of VAT); the dismantling fund paid 40-100 CNY a unit from 2021
# (1,700-1,900 CNY/t at 27 kg) and from 2024 a provincial reward fund worth ~1,000-1,200 CNY/t,
# paid late [WEEE-FUND]: the park's net purchase price is the collectors' price less 1,100
# (range: the 2021 rates, and no subsidy). Cross-check: a CRT TV cost 64.5 CNY to collect and
# 9 to dismantle against 47 of output and 40-45 of subsidy (~2020 [WEEE-COST]), a margin of
# ~15 CNY a unit; here ~25 CNY a unit of the average appliance. Dismantling ~9 CNY a CRT TV
# (~330 CNY/t [WEEE-COST]) plus sorting and hazardous parts: 400 CNY/t.
CONTENT = (MIX["shred_ferrous"] * HMS + MIX["shred_cu"] * SHRED_CU + MIX["shred_al"] * SHRED_AL
           + MIX["plastics_rubber"] * PLASTICS)
GROSS_PRICE, SUBSIDY = round(PAYABLE * CONTENT, -1), 1100
COST = GROSS_PRICE - SUBSIDY

SOURCES = [
    ["WEEE-MEE", "MEE spokesman, 2026-02-27 (China News Service copy): ~100 M units of WEEE "
     "dismantled in 2025, >1 bn units and ~22 Mt of output since 2012; NDRC 2023: 84 M units by "
     "109 licensed enterprises in 2022; output 2012-2023: plastics 4.43 Mt, iron and copper "
     "4.72 Mt, CRT glass 7.15 Mt of ~21 Mt", "https://us.usy7.cc/usy0228dr579k.shtml"],
    ["WEEE-TJ", "Tianjin WEEE recycling plan (draft, 2021; copy): 2.6 M units and ~74 kt of WEEE "
     "generated in Tianjin in 2025", "http://m.qhea.com/e/action/ShowInfo.php?classid=85&id=210978"],
    ["WEEE-FUND", "MOF and others, WEEE processing fund subsidy rates from 2021-04-01 (TV "
     "40/45, computer 45, washing machine 25/30, refrigerator 55, air conditioner 100 CNY a "
     "unit; copy); from 2024 a special fund rewarding provinces (2025 budget 5.0 bn CNY, 2.7 bn "
     "as rewards for 2024 dismantling; caeerr.com on MOF Caizihuan [2025] No. 59)",
     "http://www.caeerr.com/i/4616.html"],
    ["WEEE-COST", "Case figures for a CRT TV (~2020, L): collection 64.5, dismantling 9, output "
     "revenue 47 CNY a unit (copy of a report quoting a Xiamen recycler)",
     "http://shadafang.com/c/12024cP42020.html"],
    ["WEEE-ZIYA", "Ziya park WEEE dismantlers c.2010-2011: TCL Aobo 3 M units/yr, Dowa joint "
     "venture (Tianjin Tonghe Green Angel) 0.8 M units/yr, 2011 (China.com Binhai, 2011-04-26)",
     "http://news.022china.com/2011/04-26/447488_0.html"],
    ["NBS-POP2023", "NBS and provincial statistical communiqués 2023: resident population "
     "end-2023, China 1,409.67 M, Beijing 21.858 M, Tianjin 13.64 M, Hebei 73.93 M", ""],
]


def main() -> None:
    rewrite("materials", lambda r: r[0] == MATERIAL, [
        [MATERIAL, "Waste electrical and electronic equipment (TVs, refrigerators, washing "
         "machines, air conditioners, computers; 废弃电器电子产品)", "end_of_life"]])
    rewrite("processes", lambda r: r[0] == PROCESS, [
        [PROCESS, "ziya", "Dismantling and sorting of waste electrical and electronic equipment "
         "(licensed, fund-list)", "sorting"]])
    rewrite("process_io", lambda r: r[0] == PROCESS, [
        [PROCESS, MATERIAL, "in", 1, "t/t", DER, "L", "reference input"]] + [
        [PROCESS, m, "out", v, "t/t", "WEEE-MEE", "L", MIX_NOTE] for m, v in MIX.items()])
    process_tables(
        PROCESS,
        cost=(400, "CNY/t", "WEEE-COST", "L", "derived: dismantling ~9 CNY per CRT TV (~330 "
              "CNY/t at 27 kg [WEEE-COST]) plus sorting and hazardous-part handling"),
        electricity=(25, "kWh/t", EST, "L", "estimate: as manual dismantling of mixed scrap "
                     "(cutting, conveyors, refrigerant recovery)"),
        invest=(300, "CNY/(t/yr)", EST, "L", "estimate: as manual dismantling of mixed scrap"),
        lifetime=(15, "yr", EST, "L", "assumed economic lifetime of recycling plant"),
        capacity=(CAPACITY / 1e3, "kt/yr", "WEEE-ZIYA", "L", "TCL Aobo 3 M units/yr and the "
                  "Dowa joint venture 0.8 M units/yr at ~27 kg a unit [WEEE-ZIYA]"),
        max_new=(0, "kt/yr", EST, "L", "no new licences assumed (the fund list is set by "
                 "provincial plans)"))
    rewrite("supply_max", lambda r: r[1] == MATERIAL, [
        [node, MATERIAL, y, round(NATIONAL_T_2025 * share * (1 + GROWTH) ** (y - 2025), -2),
         "t/yr", "WEEE-MEE", "L",
         f"derived: ~100 M units dismantled nationally in 2025 [WEEE-MEE] x 27 kg [WEEE-TJ] x "
         f"the region's population share {share:.2%} [NBS-POP2023] (Hebei's split by city "
         "[HEBEI-YB2007]); +3 %/yr (assumption)"]
        for node, share in SHARE.items() for y in YEARS])
    rewrite("supply_cost", lambda r: r[1] == MATERIAL, [
        [node, MATERIAL, y, COST, "CNY/t", "WEEE-FUND", "L",
         f"derived: paid to collectors {GROSS_PRICE:,.0f} CNY/t (92 % of the content value "
         f"{CONTENT:,.0f} at the output mix and scrap prices net of VAT, as for mixed scrap) "
         f"less the dismantling subsidy, ~{SUBSIDY:,} CNY/t under the 2024 provincial reward "
         "fund [WEEE-FUND] (1,700-1,900 under the 2021 per-unit rates)",
         GROSS_PRICE - 1900, GROSS_PRICE]
        for node in SHARE for y in YEARS])
    rewrite("route_materials", lambda r: r[1] == MATERIAL,
            [[f"{n.removeprefix('src_')}-ziya", MATERIAL] for n in SHARE])
    rewrite("haulage_factor", lambda r: r[0] == MATERIAL, [
        [MATERIAL, "truck", 2.0, "1", EST, "L", "estimate: bulky appliances load a truck to "
         "about half its bulk payload", 1.5, 3.0]])
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
    supply = NATIONAL_T_2025 * sum(SHARE.values())
    print(f"WEEE supply 2025 {supply / 1e3:,.0f} kt (the region), park capacity "
          f"{CAPACITY / 1e3:,.0f} kt/yr, metal {WEEE_METAL_2025 / 1e3:,.0f} kt/yr, net purchase "
          f"{COST:,.0f} CNY/t (content {CONTENT:,.0f})")


if __name__ == "__main__":
    main()
