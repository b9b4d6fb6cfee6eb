"""Add the traction packs of the region's buses, taxis and heavy trucks (issue 16, seed item).

Run from the repository root after ``stock_model.py``: ``.venv/bin/python
inputs/derivations/fleet.py``. The car model (``stock_model.py``) gives every vehicle of the
parc a passenger car's pack and a private car's life. Fleet vehicles differ on both: a city bus
carries ~180-350 kWh, an electric heavy truck 280-420 kWh, against ~44 kWh in an average new
NEV car, and buses and taxis retire on regulated schedules (city buses at 13 years at most,
small taxis at 8 [SCRAP-RULES]). Nationally, NEV buses alone were expected to retire 12.0 GWh
in 2026 against 16.7 GWh from passenger cars [HAITONG-2022].

Each class is a stock-driven product per collection region whose unit is one pack in use
(one vehicle): ``nev_buses_*``, ``nev_taxis_*`` and ``nev_trucks_*``. The stock is the fleet
times its NEV share (buses, taxis) or the NEV truck count itself; the pack's lifetime is the
vehicle's for buses and taxis (the pack leaves with it) and the pack's own first life for
trucks, so the stock-driven inflow of a truck product includes the replacement packs of trucks
that outlive their first pack. The end-of-life material is the pack (``battery_lfp``; taxis
split LFP/NMC by the car cohorts' chemistry), its mass per unit the cohort's kWh x the BatPaC
pack mass per kWh. The vehicles themselves stay in the car parc (MPS counts all autos) with
the car model's small pack, which overlaps these packs by ~1 % of the car model's.

Every number is an anchor with its source key, an interpolation or a labelled assumption
(grade L unless said). Hebei's fleet is split among its cities by population, except the
trucks: Tangshan, the steel city that ran most of Hebei's battery-swap trucks in 2022
[TANGSHAN-SWAP], takes half.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _regions import HEBEI_REGIONS, LABELS, REGIONS, hebei_share  # noqa: E402
from _tables import rewrite  # noqa: E402
from stock_model import (  # noqa: E402
    LFP_SHARE,
    LFP_T_PER_KWH,
    NMC_T_PER_KWH,
    parc_of,
    share_of_parc,
    stepwise,
)

FIRST, LAST = 2010, 2040
YEARS = np.arange(FIRST, LAST + 1)

# City buses in service: Beijing >23,000 (2024) [BJ-BUS-2024]; Tianjin 13,813 (2018, NBS via a
# compilation) [TJ-NBS-2018]; Hebei 32,000 new-energy and clean buses = 97 % (2025), so ~33,000
# [HEBEI-TRANSPORT-2025]. Held flat (assumption).
BUS_FLEET = {"beijing": 23_000, "tianjin": 13_813, "hebei": 33_000}
# NEV share of city buses, national: BEV 15.6 % + hybrid 11.5 % (2016) [MOT-2016]; 51 %
# (2018), 77.2 % (2022), 81 % (2023, 2024) [MOT-BUS]; 95 % from 2030 (assumption: new and
# replacement buses are NEVs). Checked against Beijing's 12,500 BEV buses in Aug 2020
# [BJ-EEB-2020] in the printed summary.
BUS_SHARE = {2013: 0.0, 2014: 0.05, 2016: 0.271, 2018: 0.51, 2022: 0.772, 2023: 0.81,
             2024: 0.81, 2030: 0.95}
# Cruising taxis: Beijing ~70,000 [BJ-TAXI-2019]; Tianjin 31,940 (2018) [TJ-NBS-2018]; Hebei
# 53,000 new-energy and clean taxis = 75.6 % (2025), so ~70,000 [HEBEI-TRANSPORT-2025].
TAXI_FLEET = {"beijing": 70_000, "tianjin": 31_940, "hebei": 70_000}
# BEV share of taxis. Beijing: 9,900 BEV taxis in Aug 2020 [BJ-EEB-2020] (14 %); 65 % in mid-
# 2023 [BJ-NPC-2023]; ~100 % of company taxis by end-2025 (95 % of all, L) [BJ-TAXI-2025];
# all from 2027. Elsewhere the national path: 1.8 of ~140 (10k) (2016) and 7.72 of 140
# (2019) [ITDP-TAXI]; ~30 of 139 (2023) [MOT-NEV-2023]; then 40 % in 2025 (assumption: most of
# Hebei's 75.6 % new-energy and clean taxis burn gas), 90 % in 2030 and all from 2035.
TAXI_SHARE = {
    "beijing": {2013: 0.0, 2014: 0.01, 2020: 0.141, 2023: 0.65, 2025: 0.95, 2027: 1.0},
    "other": {2013: 0.0, 2016: 0.013, 2019: 0.055, 2023: 0.22, 2025: 0.40, 2030: 0.90,
              2035: 1.0},
}
# NEV heavy trucks in Hebei: >5,000 battery-swap trucks in Tangshan (Nov 2022)
# [TANGSHAN-SWAP]; 21,500 at end-March 2024 [HEBEI-HDT-2024], so ~19,000 at end-2023; >42,000
# at end-Nov 2025 [HEBEI-TRANSPORT-2025], so ~45,000 at end-2025. After 2025 (assumption): +25
# %/yr to 2030 (NEV share of China's heavy-truck sales 29 % in Jan-Sep 2025 [UCDAVIS-CV]) and
# +5 %/yr after. Tianjin (ports' short-haul trucks all NEV by mid-2025 [TJ-PORT-2025]) and
# Beijing: counts not found, 0.2 and 0.1 of Hebei's (assumption; Hebei is first in China).
TRUCKS_HEBEI = {2019: 0.0, 2020: 1_000, 2022: 6_000, 2023: 19_000, 2025: 45_000}
TRUCK_GROWTH = lambda year: 0.25 if year <= 2030 else 0.05  # noqa: E731
TRUCK_OF_HEBEI = {"beijing": 0.1, "tianjin": 0.2, "hebei": 1.0}
TANGSHAN_TRUCKS = 0.5  # Tangshan's share of Hebei's NEV trucks (assumption)

# Pack per vehicle (kWh) by cohort. Bus: 180 for 2014-2018 (12.0 GWh over 67 k retiring NEV
# buses in 2026 [HAITONG-2022], derived), 350 in 2025 (12 m buses 324-422 kWh [YUTONG-E12]).
# Taxi: 40 (2014), 50 (2020), 60 (2025) (assumption; BYD's e6 taxi 61 kWh [BYD-E6]). Truck:
# 282 (2020), 350 (2024: the most common sizes 282, 350, 423 kWh [ICCT-HDT-2024]), 423 (2030).
KWH = {"bus": {2014: 180.0, 2018: 180.0, 2025: 350.0},
       "taxi": {2014: 40.0, 2020: 50.0, 2025: 60.0},
       "truck": {2020: 282.0, 2024: 350.0, 2030: 423.0}}
# Lifetimes (Weibull mean, shape; assumption, L). Bus: mean 10 years, shape 4: the 13-year
# cap [SCRAP-RULES] and renewal subsidies from 8 years of age [BUS-RENEWAL-2025]. Taxi: mean
# 6.5, shape 6: the 8-year cap for small taxis [SCRAP-RULES]; taxi packs retire after about 8
# years [TAXI-PACK]. Truck pack: mean 8, shape 3: ~one full cycle a day on 3,000-4,000-cycle
# LFP cells (assumption).
LIFE = {"bus": (10.0, 4.0), "taxi": (6.5, 6.0), "truck": (8.0, 3.0)}
KWH_SOURCE = {"bus": "HAITONG-2022][YUTONG-E12", "taxi": "BYD-E6", "truck": "ICCT-HDT-2024"}
STOCK_NOTE = {
    "bus": "city buses x NEV share (national) [BJ-BUS-2024][TJ-NBS-2018][HEBEI-TRANSPORT-2025]"
           "[MOT-2016][MOT-BUS]",
    "taxi": "cruising taxis x BEV share [BJ-TAXI-2019][TJ-NBS-2018][HEBEI-TRANSPORT-2025]"
            "[BJ-EEB-2020][BJ-NPC-2023][BJ-TAXI-2025][ITDP-TAXI][MOT-NEV-2023]",
    "truck": "NEV heavy trucks: Hebei's count [TANGSHAN-SWAP][HEBEI-HDT-2024]"
             "[HEBEI-TRANSPORT-2025], +25 %/yr to 2030 and +5 %/yr after (assumption)"}
PLURAL = {"bus": "buses", "taxi": "taxis", "truck": "trucks"}
LABEL = {"bus": ("NEV city buses", "新能源公交车"), "taxi": ("NEV taxis", "新能源出租车"),
         "truck": ("NEV heavy trucks", "新能源重型货车")}
LABEL_ZH = {"beijing": "北京", "tianjin": "天津", "shijiazhuang": "石家庄", "tangshan": "唐山",
            "baoding": "保定", "langfang": "廊坊", "handan": "邯郸", "cangzhou": "沧州",
            "hebei_other": "河北其他地市"}


def share_path(points: dict[int, float]) -> np.ndarray:
    return stepwise(points, YEARS)


def parc_stock(kind: str, parc: str) -> np.ndarray:
    """NEVs of one class in use at the end of each year in a parc (Beijing, Tianjin, Hebei)."""
    if kind == "bus":
        return BUS_FLEET[parc] * share_path(BUS_SHARE)
    if kind == "taxi":
        return TAXI_FLEET[parc] * share_path(TAXI_SHARE["beijing" if parc == "beijing"
                                                        else "other"])
    stock = share_path(TRUCKS_HEBEI)
    for i, year in enumerate(YEARS.tolist()):
        if year > 2025:
            stock[i] = stock[i - 1] * (1 + TRUCK_GROWTH(year))
    return stock * TRUCK_OF_HEBEI[parc]


def region_share(kind: str, region: str) -> float:
    """A collection region's share of its parc's fleet of one class."""
    if kind != "truck" or region not in HEBEI_REGIONS:
        return share_of_parc(region)
    if region == "tangshan":
        return TANGSHAN_TRUCKS
    return (1 - TANGSHAN_TRUCKS) * hebei_share(region) / (1 - hebei_share("tangshan"))


def weibull(kind: str) -> tuple[float, float]:
    mean, shape = LIFE[kind]
    return shape, round(mean / math.gamma(1 + 1 / shape), 3)


def product(kind: str, region: str) -> str:
    return f"nev_{PLURAL[kind]}_{region}"


def rows_of(kind: str, region: str) -> dict[str, list[list]]:
    """Every parameter row of one fleet product."""
    name, parc = product(kind, region), parc_of(region)
    share = region_share(kind, region)
    stock = parc_stock(kind, parc) * share
    how = "half to Tangshan, the rest by population" if kind == "truck" else "by population"
    split = "" if share == 1 else f"; x {share:.4f} {LABELS[region]}'s share of Hebei's ({how})"
    cohorts = YEARS[YEARS >= 2014]
    kwh = stepwise(KWH[kind], cohorts)
    lfp = stepwise(LFP_SHARE, cohorts) if kind == "taxi" else np.ones(len(cohorts))
    shape, scale = weibull(kind)
    mean, _ = LIFE[kind]
    what = STOCK_NOTE[kind]
    if kind == "truck" and parc != "hebei":
        what += f", x {TRUCK_OF_HEBEI[parc]} for {LABELS[parc]} (assumption)"

    def mass_note(k: float) -> str:
        return f"the cohort's pack ({k:.0f} kWh [{KWH_SOURCE[kind]}]) x BatPaC pack mass [R41]"

    out: dict[str, list[list]] = {
        "products": [[name, f"{LABEL[kind][0]}, {LABELS[region]} (1 unit = one pack in use)",
                      "battery_lfp", f"src_{region}", "weibull",
                      f"{LABEL_ZH[region]}{LABEL[kind][1]}（1单位=一个在用电池包）"]],
        "product_stock": [[name, int(y), round(float(v), 1), "1", "ZIYA-DER", "L",
                           what + split] for y, v in zip(YEARS, stock, strict=True)],
        "product_mass": [[name, round(float(kwh[-1] * LFP_T_PER_KWH), 4), "t", "R41", "L",
                          "latest cohort's LFP pack (used only without a cohort row)"]],
        "product_weibull_shape": [[name, shape, "1", "ZIYA-EST", "L",
                                   f"assumed; mean {mean} yr [SCRAP-RULES]"]],
        "product_weibull_scale": [[name, scale, "yr", "ZIYA-EST", "L",
                                   f"mean {mean} yr / Gamma(1 + 1/{shape:g}) [SCRAP-RULES]"]],
        "product_unit_mass": [],
        "product_share": [],
    }
    for year, k, f in zip(cohorts.tolist(), kwh.tolist(), lfp.tolist(), strict=True):
        out["product_unit_mass"].append([name, "battery_lfp", year, round(k * LFP_T_PER_KWH, 4),
                                         "t", "R41", "L", mass_note(k)])
        if kind == "taxi":
            out["product_unit_mass"].append([name, "battery_nmc", year,
                                             round(k * NMC_T_PER_KWH, 4), "t", "R41", "L",
                                             mass_note(k) + " (NMC622)"])
            out["product_share"].append([name, "battery_nmc", year, round(1 - f, 4), "1",
                                         "ZIYA-DER", "L", "NMC share of the car cohorts' GWh "
                                         "installed (stock_model.py LFP_SHARE) [R40][R38][S53]"])
    return out


TABLES = ("product_stock", "product_mass", "product_weibull_shape", "product_weibull_scale",
          "product_unit_mass", "product_share")


def summary() -> None:
    """Print the fleet's packs in use and retired against the published checks."""
    from model.data.stocks import Lifetime, retire_share, stock_driven

    for kind in LIFE:
        shape, scale = weibull(kind)
        life = Lifetime("weibull", shape=shape, scale=scale)
        stock = sum(parc_stock(kind, p) for p in BUS_FLEET)
        inflow, outflow = stock_driven(stock, life)
        cohort_t = stepwise(KWH[kind], YEARS) * LFP_T_PER_KWH
        retired_t = np.convolve(inflow * cohort_t, retire_share(life, len(YEARS)))[: len(YEARS)]
        line = ", ".join(f"{y}: {stock[y - FIRST]:,.0f} in use, {outflow[y - FIRST]:,.0f} "
                         f"retired ({retired_t[y - FIRST] / 1e3:,.1f} kt)"
                         for y in (2020, 2025, 2026, 2030, 2040))
        print(f"{kind}: {line}")
    print(f"check: Beijing NEV buses Aug 2020 12,500 BEV [BJ-EEB-2020]; model end-2020 "
          f"{parc_stock('bus', 'beijing')[2020 - FIRST]:,.0f} (NEV incl. hybrids)")


FLEET_SOURCES = [
    ["SCRAP-RULES", "MOFCOM, NDRC, MPS, MEP, 机动车强制报废标准规定 (Order 2012 No. 12), Art. 5 "
     "(small taxis 8 years, city buses 13, other trucks 15), quoted on a legal Q&A page (copy)",
     "https://m.91gzw.com/dongshi/rsgah/nxMkBePrYv"],
    ["BJ-BUS-2024", "Beijing Municipal Government, Beijing's public buses from 164 to over "
     "23,000, 2024-10-18 (94.7 % clean or new energy)",
     "https://german.beijing.gov.cn/latest/news/202410/t20241018_3923633.html"],
    ["BJ-EEB-2020", "Beijing Municipal Ecology and Environment Bureau via China.org.cn, "
     "2020-09-14 (12,500 pure-electric buses, 9,900 taxis, end-Aug 2020)",
     "http://www.china.org.cn/china/2020-09/14/content_76701807.htm"],
    ["BJ-NPC-2023", "Beijing government report to the Municipal People's Congress Standing "
     "Committee via China News Service, 2023-09-21 (cruising taxis 65 % BEV)",
     "https://huaxia.com/c/2023/09/21/1792510.shtml"],
    ["BJ-TAXI-2019", "Beijing Taxi Association via ecns.cn, 2019-08-18 (about 70,000 taxis)",
     "http://ecns.cn/news/society/2019-08-18/detail-ifznccet2924003.shtml"],
    ["BJ-TAXI-2025", "Beijing Municipal Commission of Transport, air-quality press conference "
     "2026-01-04 via Workers' Daily (copy): cruising taxis 100 % new energy excluding social-"
     "guarantee and individual taxis, end-2025", "http://78420.wuk66.pro/firm"],
    ["TJ-NBS-2018", "NBS data compiled by Huajing Industry Research (copy): Tianjin buses "
     "13,813 and taxis 31,940 in 2018", "https://m.qy924.com/detail/475934.html"],
    ["TJ-PORT-2025", "Tianjin Municipal Transport Commission, 津交发〔2025〕66号, 2025-05-16 "
     "(port short-haul dry-bulk trucks 100 % NEV by end-June 2025)",
     "https://jtys.tj.gov.cn/ZWGK6002/ZCWJ_1/WZFWJ/202505/t20250523_6938140.html"],
    ["HEBEI-TRANSPORT-2025", "Hebei Provincial Government press conference, Department of "
     "Transport, via hebccw.cn 2025-11-12 and jwview.com 2025-11-27 (operating NEV heavy trucks "
     "39,000, all >42,000; NE and clean buses 32,000 = 97 %; taxis 53,000 = 75.6 %)",
     "http://heb.hebccw.cn/system/2025/11/12/102122575.shtml"],
    ["HEBEI-HDT-2024", "Hebei Provincial Government press conference via hebccw.cn (copy): "
     "21,500 NEV heavy trucks at end-March 2024",
     "http://www.bao228.com/hbhjt/laoren/mtbb/101713002301234.html"],
    ["TANGSHAN-SWAP", "chinatrucks.com, 2022-11-10: Tangshan runs >5,000 battery-swap heavy "
     "trucks", "https://m.chinatrucks.com/news/10304.html"],
    ["MOT-2016", "MOT 2016 transport statistical bulletin via Xinhua/rednet, 2017-04-24 "
     "(608,600 buses; BEV 15.6 %, hybrid 11.5 %)",
     "http://jt.rednet.cn/c/2017/04/24/4274661.htm"],
    ["MOT-BUS", "MOT data: 51 % NEV buses end-2018 (copy, http://www.043737.com/n377/n379/"
     "c18128/content.html); 77.2 % end-2022 (copy); ~81 % end-2023 (MOT press conference, copy,"
     " https://feifmx.com/socialgd/10000169/20241101/47493839.html); 81 % end-2024 (UC Davis "
     "ITS China Center citing Workers' Daily)",
     "http://www.shangwu.mbahome.com/jj/2023/0819/5414.html"],
    ["MOT-NEV-2023", "MOT Vice-Minister Wang Gang via Xinhua, Yangcheng Evening News 2023-12-09 "
     "(NEV buses ~540,000, NEV taxis ~300,000)",
     "http://ep.ycwb.com/epaper/ycwb/html/2023-12/09/content_1_618642.htm"],
    ["ITDP-TAXI", "ITDP (Li Shanshan) quoted in a 2020 news item (copy): 1.4 M taxis and 77,200 "
     "NEV taxis at end-2019", "http://www.043737.com/n377/n379/c18128/content.html"],
    ["UCDAVIS-CV", "UC Davis ITS China Center, commercial vehicles (citing 第一商用车网): NEV "
     "share of heavy-truck sales 29 % in Jan-Sep 2025",
     "https://sites.google.com/ucdavis.edu/its-chinacenter/commercial-vehicles"],
    ["ICCT-HDT-2024", "ICCT, China's zero-emission truck and bus market reaches historic high of "
     "230,000 units sold in 2024, 2025-03 (heavy trucks: LFP; 282, 350, 423 kWh most common)",
     "https://theicct.org/publication/ze-mhdv-market-china-2024-mar25"],
    ["HAITONG-2022", "Haitong Securities power-equipment forum notes on jiuyangongshe, "
     "2022-07-22: 2026 retirements NEV buses >67,000 / 12.0 GWh, NEV cars >412,000 / 16.7 GWh",
     "https://jiuyangongshe.com/a/dfurwy63tm"],
    ["YUTONG-E12", "Yutong E10/E12 12 m city buses, 324-422 kWh LFP (Wikipedia; InsideEVs "
     "2018-11-26)", "https://en.wikipedia.org/wiki/Yutong_E10"],
    ["BYD-E6", "Bergé (BYD importer), BYD delivers Barcelona's first full-electric taxi: e6, "
     "61 kWh", "https://bergeauto.com/en/byd-delivers-barcelonas-first-full-electric-taxi/"],
    ["BUS-RENEWAL-2025", "NDRC and MOF 2025 equipment-renewal notice via ifeng: renewal "
     "subsidy for city buses aged 8 years or more", "https://finance.ifeng.com/c/8fyJ4KgSKzg"],
    ["TAXI-PACK", "CCTV report quoting the chairman of a battery recycler, via WAM/aletihad: "
     "taxi batteries retire after about eight years", "https://en.aletihad.ae/amp/news/"
     "mena-world/4531995/china-s-power-battery-recycling-market-expected-to-surpass-1"],
]


def main() -> None:
    tables: dict[str, list[list]] = {name: [] for name in ("products", *TABLES)}
    for kind in LIFE:
        for region in REGIONS:
            for name, rows in rows_of(kind, region).items():
                tables[name] += rows
    mine = lambda r: r[0].startswith("nev_")  # noqa: E731
    rewrite("products", mine, tables.pop("products"))
    for name, rows in tables.items():
        rewrite(name, mine, rows)
    keys = {row[0] for row in FLEET_SOURCES}
    rewrite("sources", lambda r: r[0] in keys, FLEET_SOURCES)
    summary()


if __name__ == "__main__":
    main()
