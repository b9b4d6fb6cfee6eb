"""Cross-border trade: trade rules, import origins and their corridors (idempotent).

Run from the repository root after ``exports.py``:
``.venv/bin/python inputs/derivations/trade.py``.

Sources are the issue-15 research memo (``docs/research/issue15-trade-sources.md``, keys T..).

Rules in force (China):
- VAT 13 % [T18]; the 13 % export VAT rebate on aluminium and copper products was cancelled from
  1 Dec 2024 (MOF/SAT Announcement 2024 No. 15 [T19]): secondary aluminium alloy exported by the
  park loses its input VAT, 13 % of its value.
- Export duty 15 % on unwrought aluminium alloy (2025 tariff plan [T15]). Processing-trade
  exports are exempt (72 % of alloy-ingot exports, Jan-Feb 2025 [T49]); the park's alloy, made
  from domestic scrap, is general trade and pays it.
- Imports of recycled copper raw material conforming to GB/T 38471 (HS 7404000030): free, duty
  0 % (provisional rate [T14][T15]). Black mass conforming to Announcement 2025 No. 14 may be
  imported from 1 Aug 2025 [T10] at 1.8 % from Korea under the FTA (MFN provisional 6.5 %, 3 %
  from 2026 [T12][T13]).

Rules in origin countries: Kazakhstan has banned exports of ferrous and non-ferrous scrap by all
modes since 29 Apr 2025, renewed from 30 Oct 2025 for six months; earlier bans since 2024 [T24].
Renewal to 2040 is an assumption (grade L after 2026).

Origins (no quote of a foreign origin price was found, so each origin sells at the Tianjin price
of the same material, the law of one price, with the range used for draws):
- Korea (Busan): NMC black mass, 48,600 CNY/t (-10 % .. +5 %); national imports ran at
  ~810 t/month in Oct-Nov 2025 [T12]; the park is assumed to reach a fifth, 2 kt/yr (5/12 of it
  in 2025).
- Thailand (Laem Chabang): conforming No. 2 copper raw material, 65,000 CNY/t (-5 % .. +2 %);
  Thailand shipped 14.9 % of China's copper-scrap imports in Dec 2025 (2.34 Mt in 2025 [T47]);
  the park is assumed to reach 20 kt/yr.
- Kazakhstan (Almaty region): shredded ferrous scrap at the Russian 3A index, 15,900 RUB/t FCA
  ex-VAT (Oct 2025 [T30]), entered in roubles and converted at the exchange_rate of each year
  (0.0855 CNY/RUB: 7.12 CNY/USD [T33] over 83.3 RUB/USD, the 2025 average [T34]), as a proxy;
  200 kt/yr offered if the ban were lifted (assumption; Kazakh mills received 1.9 of the 3.9 Mt
  they need in 2023 [T24]).
The hub: every cross-border corridor passes through ``ziya_hub``, the park's bonded logistics
hub (the China-SCO Green Industry Cooperation Platform as a place): 40 CNY/t handling for
what arrives (no hub tariff found; of the order of a port's terminal handling charge, 775 CNY
per 20' over 20 t = 39 CNY/t [T44]) and 300 kt/yr of throughput (assumption).

Capital in transit: the one-year loan prime rate, 3.0 % from 20 May 2025 [LPR2025], on the
customs value for the corridor's transit days, shared among its legs by distance: Tianjin-Moscow
~15 days via Erenhot, ~16 via Manzhouli, Tianjin-Almaty ~10, Tianjin-Nhava Sheva 30-40
[TRANSIT2025]; Busan-Tianjin 3 and Laem Chabang-Tianjin 12 days from sailing schedules (L).
India charges 7.5 % basic customs duty on aluminium alloy ingots [INDIA-BCD].

Sea legs cost the sea rate of ``mode_cost``; destination handling at North China ports is 775
CNY per 20' container plus 450 CNY per bill [T44]: ~61 CNY/t at 20 t a container.
"""

from __future__ import annotations

from _tables import YEARS, rewrite
from nmc import PRICE as BM_NMC
from prices import ADC12, HMS, SHRED_CU

H = ["value", "unit", "source", "confidence", "note"]
LANE = ["material", "exporter", "importer", "year", *H]
PORT_FEE = round((775 + 450) / 20)  # CNY/t: THC per 20' plus the bill fee, 20 t a container
# customs value = the domestic price the goods compete with (net of VAT, prices.py), CNY/t
VALUES = {
    "secondary_al": (ADC12, "R81", "Tianjin ADC12-type alloy price (market_price tj_diecast)"),
    "shred_cu": (SHRED_CU, "SMM-CU-SPREAD",
                 "Tianjin copper scrap price (market_price tj_scrap_traders)"),
    "black_mass_nmc": (BM_NMC, "R83", "Tianjin NMC black-mass payables price "
                       "(market_price tj_battery_materials)"),
    "shred_ferrous": (HMS, "R80", "Tangshan HMS price (market_price tangshan_eaf)"),
}
ORIGINS = [  # node, label, region, country, label_zh, material, t/yr, CNY/t, low, high, note
    ("kr_black_mass", "Black-mass producers in South Korea (shipping from Busan)", "korea", "KR",
     "韩国黑粉生产商（釜山港发运）", "black_mass_nmc", 2000, BM_NMC,
     round(0.9 * BM_NMC, -1), round(1.05 * BM_NMC, -1),
     "T12", "assumption: a fifth of China's black-mass imports (~810 t/month, Oct-Nov 2025 "
     "[T12]); priced at the Tianjin payables price (no origin quote found)"),
    ("th_copper_scrap", "Copper raw-material exporters in Thailand (Laem Chabang)", "thailand",
     "TH", "泰国再生铜原料出口商（林查班港）", "shred_cu", 20000, SHRED_CU,
     round(0.95 * SHRED_CU, -1), round(1.02 * SHRED_CU, -1),
     "T47", "assumption: ~6 % of Thailand's share (14.9 % in Dec 2025) of China's 2.34 Mt "
     "copper-scrap imports [T47]; GB/T 38471-conforming; priced at the Tianjin price (no origin "
     "quote found)"),
    ("kz_scrap", "Scrap collectors in Kazakhstan (Almaty region)", "kazakhstan", "KZ",
     "哈萨克斯坦废钢回收商（阿拉木图地区）", "shred_ferrous", 200000, 15900, 15500, 20000,
     "T30", "proxy: Russian 3A scrap 15.9 kRUB/t FCA ex-VAT, Oct 2025, low 15.5, 19-20 expected "
     "by end 2025 [T30], in RUB/t; volume an assumption (no exportable surplus while the ban "
     "holds [T24])"),
]
HUB = ("ziya_hub", "Ziya bonded logistics hub (China-SCO Green Industry Cooperation Platform)",
       "north_china", "CN", "子牙保税物流枢纽（中国—上合组织绿色产业合作平台）")
HUB_COST, HUB_CAPACITY = 40, 300_000  # CNY/t, t/yr: assumptions (see the module docstring)
EXPORTS = ["secondary_al"]
IMPORTS = ["black_mass_nmc", "shred_cu", "shred_ferrous"]
ROUTES = [  # route, origin, destination, mode, km, fee, materials, note, transit days
    ("busan-port", "kr_black_mass", "tianjin_port", "sea", 1200, PORT_FEE, ["black_mass_nmc"],
     "estimate: Busan-Tianjin Xingang ~650 nautical miles", 3),
    ("laemchabang-port", "th_copper_scrap", "tianjin_port", "sea", 5400, PORT_FEE, ["shred_cu"],
     "estimate: Laem Chabang-Tianjin Xingang ~2,900 nautical miles", 12),
    ("port-hub", "tianjin_port", "ziya_hub", "truck", 90, 0, ["black_mass_nmc", "shred_cu"],
     "Tianjin Xingang port-Ziya ~90 km [R4]", 0),
    ("kzscrap-khorgos", "kz_scrap", "khorgos", "rail", 400, 0, ["shred_ferrous"],
     "as khorgos-almaty (derived, memo §7c)", 0.8),
    ("khorgos-hub", "khorgos", "ziya_hub", "rail", 4500, 0, ["shred_ferrous"],
     "as hub-khorgos (memo §7c)", 9.2),
    ("ziya-hub", "ziya", "ziya_hub", "truck", 5, 0, EXPORTS,
     "assumption: the hub sits in the park", 0),
    ("hub-ziya", "ziya_hub", "ziya", "truck", 5, 0, IMPORTS,
     "assumption: the hub sits in the park", 0),
    ("hub-port", "ziya_hub", "tianjin_port", "truck", 90, 0, EXPORTS,
     "Ziya-Tianjin Xingang port ~90 km [R4]", 0),
    ("hub-erenhot", "ziya_hub", "erenhot", "rail", 990, 0, EXPORTS,
     "derived: Beijing-Erenhot 842 km [R86] + Ziya-Beijing 150 km [R4]", 1.9),
    ("hub-khorgos", "ziya_hub", "khorgos", "rail", 4500, 0, EXPORTS,
     "memo §7c: Tianjin-Horgos rail ~4,400-4,600 km (derived)", 9.2),
    ("hub-alashankou", "ziya_hub", "alashankou", "rail", 4300, 0, EXPORTS,
     "memo §7c: Tianjin-Alashankou rail ~4,200-4,400 km (derived)", 8.6),
    ("hub-manzhouli", "ziya_hub", "manzhouli", "rail", 2300, 0, EXPORTS,
     "estimate: Tianjin-Harbin-Manzhouli rail; no distance in memo", 4.1),
]
# transit days of the export legs beyond the border, by distance share of the corridor's days:
# Tianjin-Moscow via Erenhot ~15 days, via Manzhouli ~16, Tianjin-Almaty ~10 [TRANSIT2025];
# Tianjin-Nhava Sheva 30-40 days with transshipment (35) [TRANSIT2025]
ONWARD_DAYS = {"erenhot-moscow": 13.1, "manzhouli-moscow": 11.9, "khorgos-almaty": 0.8,
               "alashankou-almaty": 1.4, "port-mumbai": 35}
OLD_ROUTES = {"ziya-port", "ziya-erenhot", "ziya-khorgos", "ziya-alashankou", "ziya-manzhouli",
              "port-ziya", "khorgos-ziya"}
SOURCES = [
    ["T10", "MEE/GACC/NDRC/MIIT/MOFCOM/SAMR Announcement 2025 No. 14 on imports of recycled "
     "black mass and recycled steel raw materials (effective 2025-08-01), CEEIA interpretation",
     "https://npo152250.npoall.com/news/itemid-161264.html"],
    ["T12", "SMM, black-mass import review (Oct-Nov 2025 volumes; FTA duty rates)",
     "https://www.metal.com/en/newscontent/103748966"],
    ["T13", "Chinanews (Chengdu Customs), 2026 tariff adjustment plan: black mass provisional "
     "duty 3 %, 2026-01-08", "https://www.yxiu.cn/finance/ch/883742.html"],
    ["T14", "SMM, customs adjusts tariff code for secondary copper raw material imports, "
     "provisional rate 0 %, 2025-01-04", "https://news.metal.com/newscontent/103121277/"],
    ["T15", "Argus, China expands copper, aluminium duty exemptions in 2025 (export duty 15 % on "
     "aluminium alloy and scrap), 2024-12",
     "https://www.argusmedia.com/metals-platform/newsandanalysis/article/2642643-"],
    ["T18", "China HS tariff database (htshub): MFN, import VAT 13 %",
     "https://htshub.com/cn-hs/detail/8549310000"],
    ["T19", "MOF/SAT Announcement 2024 No. 15 on adjusting export tax rebates (Al and Cu "
     "products 13 % -> 0 from 2024-12-01)",
     "https://liuyutech.cn/announcement-on-adjusting-the-export-tax-refund-policy"],
    ["T24", "Zakon.kz 2025-10-29 and Qazinform 2025-04-18: Kazakhstan bans exports of ferrous "
     "and non-ferrous scrap (six months, renewed)",
     "https://qazinform.com/news/kazakhstan-bans-export-of-ferrous-and-non-ferrous-waste-62effe"],
    ["T30", "Kommersant 2025-10-08: Rusmet ferrous scrap 3A index 15.9 kRUB/t",
     "https://www.kommersant.ru/doc/8099406"],
    ["T33", "Xinhua/CFETS central parity CNY per USD, 2025",
     "http://en.people.cn/n3/2025/0430/c90000-20309632.html"],
    ["T34", "Bank of Russia official RUB per USD: 2025 average 83.3, year-end 78.23 (Vedomosti, "
     "2026-01-12); 99.93 on 2025-01-22 (sberometer)",
     "https://www.vedomosti.ru/economics/articles/2026/01/12/1168526-eksperti-ozhidayut-"
     "oslableniya-rublya"],
    ["T44", "Maersk, China North import local charges (THC 775 CNY/20', doc fee 450 CNY/bill)",
     "https://www.sealandmaersk.com/local-information/china-north/import"],
    ["T47", "SMM, 2024 and 2025 reviews of imported copper scrap (volumes, origins)",
     "https://news.metal.com/newscontent/103729767/"],
    ["LPR2025", "SMM, China's one-year loan prime rate cut to 3.0 % (2025-05-20)",
     "https://news.metal.com/newscontent/103333150/"],
    ["TRANSIT2025", "Rail Tianjin-Moscow via Erenhot ~15 days (People's Daily 2024-07-02); "
     "Tianjin-Almaty via Khorgos ~10 days (2025-10-13); Tianjin-Nhava Sheva 30-40 days (56ok)",
     "http://en.people.cn/n3/2024/0702/c90000-20187854.html"],
    ["INDIA-BCD", "Indian customs tariff, chapter 76 (HS 7601 20 10 alloy ingots: basic duty "
     "7.5 %), lawcrux", "https://web.lawcrux.com/newversion/web/Assets/data5t/cu/cutari/"
     "cutari23_table_ch76.htm"],
    ["T49", "AL Circle (SMM data), China's unwrought aluminium alloy trade, 2025 (processing-"
     "trade share of exports)", "https://alcircle.com/press-release/china-s-unwrought-aluminium"
     "-alloy-imports-slightly-declined-y-o-y-in-the-first-two-months-of-2025-113674"],
]
# CNY per RUB: 7.12 CNY/USD (2025 fixings 7.20-7.06 [T33]) over 83.3 RUB/USD (2025 average of
# the Bank of Russia rate [T34]); range 78.2 (year-end) to ~100 RUB/USD (January 2025)
RUB_RATE, RUB_LOW, RUB_HIGH = round(7.12 / 83.3, 5), round(7.0 / 100, 5), round(7.2 / 78.2, 5)
RUB_NOTE = ("derived: 7.12 CNY/USD [T33] / 83.3 RUB/USD, 2025 average [T34]; range 100-78 RUB/USD "
            "over 2025; later years hold the 2025 rate (assumption)")
ORIGIN_NODES = {o[0] for o in ORIGINS}
NEW_ROUTES = {r[0] for r in ROUTES} | OLD_ROUTES


def _years(row: list, first: int = YEARS.start) -> list[list]:
    return [[*row[:-5], y, *row[-5:]] for y in YEARS if y >= first]


def main() -> None:
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
    rewrite("nodes", lambda r: r[0] in ORIGIN_NODES | {HUB[0]},
            [[n, label, region, country, "source", zh]
             for n, label, region, country, zh, *_ in ORIGINS]
            + [[HUB[0], HUB[1], HUB[2], HUB[3], "hub", HUB[4]]])
    supply_max, supply_cost = [], []
    for node, *_, material, tonnes, price, low, high, source, note in ORIGINS:
        for y in YEARS:
            share = 5 / 12 if material == "black_mass_nmc" and y == 2025 else 1.0
            supply_max.append([node, material, y, round(tonnes * share), "t/yr", source, "L",
                               note + (" (from 1 Aug 2025 [T10])" if share < 1 else ""), "", ""])
            unit = "RUB/t" if node == "kz_scrap" else "CNY/t"
            supply_cost.append([node, material, y, price, unit, source, "L", note, low, high])
    rewrite("exchange_rate", lambda r: r[0] == "RUB", [
        ["RUB", y, RUB_RATE, "1", "T34", "M" if y == 2025 else "L", RUB_NOTE, RUB_LOW, RUB_HIGH]
        for y in YEARS])
    rewrite("supply_max", lambda r: r[0] in ORIGIN_NODES, supply_max)
    rewrite("supply_cost", lambda r: r[0] in ORIGIN_NODES, supply_cost)
    rewrite("routes", lambda r: r[0] in NEW_ROUTES,
            [[r, o, d, mode] for r, o, d, mode, *_ in ROUTES])
    rewrite("route_materials", lambda r: r[0] in NEW_ROUTES,
            [[r[0], m] for r in ROUTES for m in r[6]])
    rewrite("route_distance", lambda r: r[0] in NEW_ROUTES,
            [[r, km, "km", "ZIYA-EST", "L", note] for r, _, _, _, km, _, _, note, _ in ROUTES])
    fees = [[r, fee, "CNY/t", "T44", "M", f"derived: destination THC 775 CNY/20' + bill fee 450 "
             f"CNY over 20 t [T44] = {fee} CNY/t"] for r, _, _, _, _, fee, *_ in ROUTES if fee]
    days = [[r, d, "day", "TRANSIT2025", "L", "share by distance of the corridor's transit days"]
            for r, *_, d in ROUTES if d] + [
        [r, d, "day", "TRANSIT2025", "L" if r == "port-mumbai" else "M",
         "share by distance of the corridor's transit days"] for r, d in ONWARD_DAYS.items()]
    rewrite("route_transit_days", lambda r: True, days, header=["route", *H])
    rewrite("transit_interest_rate", lambda r: True, [
        [y, 0.03, "1/yr", "LPR2025", "M", "one-year loan prime rate 3.0 % from 2025-05-20 "
         "(3.1 % before), as the cost of trade finance; held after 2025 (assumption)"]
        for y in YEARS], header=["year", *H])
    rewrite("node_handling_cost", lambda r: True, [[
        HUB[0], HUB_COST, "CNY/t", "T44", "L", "assumption: bonded-warehouse in and out, "
        "inspection and documents; no hub tariff found, of the order of a port's terminal "
        "handling charge (775 CNY per 20' over 20 t = 39 CNY/t [T44])"]],
        header=["node", *H])
    rewrite("node_throughput_max", lambda r: True, [[
        HUB[0], y, HUB_CAPACITY, "t/yr", "ZIYA-EST", "L", "assumption: capacity of the "
        "hub's bonded yard; no figure found"] for y in YEARS],
        header=["node", "year", *H])
    rewrite("route_fee", lambda r: r[0] in NEW_ROUTES, fees, header=["route", *H])
    rewrite("customs_value", lambda r: True, [
        row for material, (value, source, note) in VALUES.items()
        for row in _years([material, value, "CNY/t", source, "M",
                           f"customs value taken as the {note}, ex-VAT"])],
        header=["material", "year", *H])
    rewrite("vat_rate", lambda r: True, _years(
        ["CN", 0.13, "1", "T18", "M", "standard VAT rate (13 % since Apr 2019)"]),
        header=["country", "year", *H])
    rewrite("export_vat_rebate", lambda r: True, _years(
        ["secondary_al", "CN", 0, "1", "T19", "H", "rebate on aluminium products cancelled "
         "from 2024-12-01 (MOF/SAT Announcement 2024 No. 15)"]),
        header=["material", "country", "year", *H])
    duty = "15 % export duty on unwrought aluminium alloy, general trade (2025 tariff plan [T15])"
    rewrite("export_duty", lambda r: True, [
        row for importer in ("RU", "KZ", "IN")
        for row in _years(["secondary_al", "CN", importer, 0.15, "1", "T15", "M", duty])],
        header=LANE)
    rewrite("import_tariff", lambda r: True, [
        *_years(["shred_cu", "TH", "CN", 0, "1", "T14", "M",
                 "HS 7404000030 conforming recycled copper raw material: provisional rate 0 %"]),
        *_years(["black_mass_nmc", "KR", "CN", 0.018, "1", "T12", "M",
                 "HS 3824999996 black mass from Korea under the China-Korea FTA (~1.8 %); MFN "
                 "provisional 6.5 % in 2025, 3 % from 2026 [T13]"])],
        header=LANE)
    rewrite("import_tariff", lambda r: r[0] == "secondary_al", _years(
        ["secondary_al", "CN", "IN", 0.075, "1", "INDIA-BCD", "M", "India basic customs duty on "
         "aluminium alloy ingots, HS 7601 20 10 (GST is recoverable input tax)"]))
    standard = ("Announcement 2025 No. 14 import specification for recycled black mass, from "
                "2025-08-01 (also Ni+Co >= 25 %, P <= 0.8 %, F <= 0.4 % for NMC; not modelled)")
    rewrite("import_standard_min", lambda r: True, [
        *_years(["black_mass_nmc", "CN", "Li", 0.035, "1", "T10", "H", standard]),
        *_years(["black_mass_lfp", "CN", "Li", 0.02, "1", "T10", "H", standard])],
        header=["material", "importer", "element", "year", *H])
    rewrite("trade_quota", lambda r: True, [
        [*row[:5], row[5], row[6], "M" if row[3] <= 2026 else "L", row[8]]
        for row in _years(["shred_ferrous", "KZ", "CN", 0, "t/yr", "T24", "", "Kazakhstan's ban "
                           "on scrap exports by all modes (from 2025-04-29, renewed six-monthly; "
                           "assumed to hold after 2026)"])],
        header=LANE)
    print(f"{len(ORIGINS)} import origins, {len(ROUTES)} routes, port fee {PORT_FEE} CNY/t")


if __name__ == "__main__":
    main()
