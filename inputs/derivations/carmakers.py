"""Add the region's carmakers as a closed-loop buyer of secondary aluminium (issue 16, seed item).

Run from the repository root after ``prices.py``: ``.venv/bin/python
inputs/derivations/carmakers.py``. The seed's subject is the Jing-Jin-Ji car supply chain: the
park dismantles the region's cars, and the region's carmakers cast new ones, largely from
secondary alloy. ``jjj_carmakers`` is their casting supply chain (carmakers and the die-casters
that cast for them), reached by truck and paying the ADC12-type alloy price.

Demand, the secondary alloy in the castings of the cars the region builds: 2.80 M vehicles a
year (Beijing 1.145 M in 2024 [BJ-AUTO-2024], Hebei 0.950 M [HEBEI-AUTO-2024], Tianjin 0.70 M,
an assumption: the latest total found is 0.493 M for H1 2020 [TJ-AUTO-2020]) x 175 kg of
aluminium a vehicle (6 Mt used by China's carmakers in 2025 [CN-AUTO-AL-2025] over 34.53 M
vehicles [CAAM-2025]) x 60 % cast (assumption; Japan 76 %) x 80 % secondary in castings
(assumption; ~73.5 % of all automotive aluminium was recycled in 2019 [AUTO-AL-RECYCLED]) =
235 kt/yr, range 137-492 kt/yr, held flat (assumption). No premium: certified green aluminium
earns none in China [REUTERS-GREEN-AL] and none for recycled ADC12 was found, so the price is
Tianjin's ADC12 price and the node differs from the Tianjin die-casters only by distance
(130 km, production-weighted, against 60) and its demand. Scenario ``closed_loop_aluminium``
makes the carmakers take a share from the park (``market_min``).

Copper and steel reach carmakers through refiners, wire makers and mills (Beijing Benz's low-
carbon steel comes from Baosteel, BMW's from HBIS), so their closed loop runs through the park's
existing copper and mill markets; it is not a separate buyer here.
"""

from __future__ import annotations

from _tables import YEARS, rewrite
from prices import A00_Q, ADC12

NODE, ROUTE, MATERIAL = "jjj_carmakers", "ziya-carmakers", "secondary_al"
PRODUCTION = {"beijing": (1.145e6, 150), "hebei": (0.950e6, 160), "tianjin": (0.70e6, 60)}
AL_KG, CAST, SECONDARY = 175.0, 0.60, 0.80
VEHICLES = sum(v for v, _ in PRODUCTION.values())
DEMAND = VEHICLES * AL_KG * CAST * SECONDARY / 1e3  # t/yr
LOW, HIGH = 137_000, 492_000  # 2.6 M x 150 kg x 0.5 x 0.7; 3.0 M x 230 kg x 0.75 x 0.95
# production-weighted road distance: Beijing ~150 km [R4], Baoding (Great Wall) 160, Tianjin 60
KM = round(sum(v * km for v, km in PRODUCTION.values()) / VEHICLES, -1)

SOURCES = [
    ["BJ-AUTO-2024", "Xinhua photo caption (copy): 8 carmakers built 1.145 M vehicles in Beijing "
     "in 2024 (+13 %), 0.294 M NEVs", "https://www.waijingdb.com/ShowIn-20577.shtml"],
    ["HEBEI-AUTO-2024", "Hebei Department of Industry and IT via itbear (copy): 950,400 vehicles "
     "in 2024, 356,700 NEVs", "http://itbear.com.cn/html/2025-03/742089.html"],
    ["TJ-AUTO-2020", "Tianjin Industry and IT Bureau via tjbh.com, 2020-08-27: 493,000 vehicles "
     "in H1 2020", "http://tjbh.com/c/2020-08-27/752791.shtml"],
    ["CN-AUTO-AL-2025", "china2000.org: automotive aluminium demand ~6 Mt in 2025, twice 2020's",
     "http://www.china2000.org/News/View_29046.html"],
    ["CAAM-2025", "SMM compiling CAAM: 34.531 M vehicles produced in China in 2025",
     "https://news.metal.com/newscontent/103720172/vehicle-production-and-sales-hit-a-new-"
     "record-high-in-2025-maintaining-the-global-top-position-for-17-consecutive-years-"],
    ["AUTO-AL-RECYCLED", "Aluminum special report (analyst, origin not named): 1.925 Mt of "
     "aluminium in Chinese vehicles, 1.415 Mt of it recycled (2019 estimate)",
     "http://www.profiles-aluminum.com/news/aluminum_special_report_the_estimation_of_aluminum_"
     "for_automotive_use_and_the_impact_of_automotive_i-65543.html"],
    ["REUTERS-GREEN-AL", "Reuters via Hellenic Shipping News, 2023-11-08: China's smelters cannot "
     "yet charge more for green-aluminium certification",
     "https://www.hellenicshippingnews.com/china-boosts-green-aluminium-certification-as-"
     "demand-grows/"],
    ["MB-HYDRO", "Mercedes-Benz Group, Hydro green aluminium: at least 25 % recycled material in "
     "cast structural aluminium (2023)", "https://group.mercedes-benz.com/responsibility/"
     "sustainability/climate-environment/hydro-green-aluminium.html"],
    ["EPR-AUTO-2021", "MIIT, MOST, MOF, MOFCOM, vehicle producer-responsibility pilot (2021) via "
     "chinanews: recycled feedstock at least 5 % in key parts by 2023",
     "http://www.yn.chinanews.com.cn/news/2021/0611/62918.html"],
]


def main() -> None:
    rewrite("nodes", lambda r: r[0] == NODE, [
        [NODE, "Jing-Jin-Ji carmakers' casting supply chain (closed loop)", "north_china", "CN",
         "market", "京津冀整车企业压铸件供应链（闭环）"]])
    rewrite("routes", lambda r: r[0] == ROUTE, [[ROUTE, "ziya", NODE, "truck"]])
    rewrite("route_distance", lambda r: r[0] == ROUTE, [
        [ROUTE, int(KM), "km", "R4", "L", "derived: production-weighted road distance to Beijing "
         "(150 km [R4]), Baoding (160) and Tianjin (60) (2024 output [BJ-AUTO-2024]"
         "[HEBEI-AUTO-2024], Tianjin assumed)"]])
    rewrite("route_materials", lambda r: r[0] == ROUTE, [[ROUTE, MATERIAL]])
    rewrite("market_price", lambda r: r[0] == NODE, [
        [NODE, MATERIAL, y, ADC12, "CNY/t", "SMM-ADC12-2025", "M",
         f"Tianjin ADC12-type price (A00 {A00_Q:,} [R81] less 500 [SMM-ADC12-2025], net of VAT); "
         "no premium "
         "for recycled or green aluminium in China [REUTERS-GREEN-AL]", "", ""] for y in YEARS])
    rewrite("market_max", lambda r: r[0] == NODE, [
        [NODE, MATERIAL, y, round(DEMAND / 1e3, 1), "kt/yr", "ZIYA-DER", "L",
         f"derived: {VEHICLES / 1e6:.2f} M vehicles built in the region a year (Beijing and Hebei "
         "2024 [BJ-AUTO-2024][HEBEI-AUTO-2024], Tianjin 0.70 M assumed [TJ-AUTO-2020]) x "
         f"{AL_KG:.0f} kg Al [CN-AUTO-AL-2025][CAAM-2025] x {CAST:.0%} cast (assumption) x "
         f"{SECONDARY:.0%} secondary (assumption, [AUTO-AL-RECYCLED]); held flat; range "
         f"{LOW / 1e3:.0f}-{HIGH / 1e3:.0f} kt/yr"] for y in YEARS])
    keys = {row[0] for row in SOURCES}
    rewrite("sources", lambda r: r[0] in keys, SOURCES)
    print(f"carmakers: {VEHICLES / 1e6:.2f} M vehicles, demand {DEMAND / 1e3:,.0f} kt/yr of "
          f"secondary alloy, {KM:.0f} km, ADC12 {ADC12:,} CNY/t")


if __name__ == "__main__":
    main()
