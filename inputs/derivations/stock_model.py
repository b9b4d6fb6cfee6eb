"""Derive the stock-model tables of the default data package (cars and LFP packs by region).

Run from the repository root: ``.venv/bin/python inputs/derivations/stock_model.py``. It
rewrites products.csv, product_*.csv and drops the ELV and battery rows of supply_max.csv
(their supply now comes from the stock model); every row says how it was derived. The
figures below are the published anchors (source keys in sources.csv); everything between
and beyond them is interpolation or a stated assumption, graded L.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from _regions import HEBEI_REGIONS, LABELS, REGIONS, SOURCES_ROWS, hebei_share, road_km  # noqa: E402
from _tables import YEARS as MODEL_YEARS  # noqa: E402
from _tables import rewrite  # noqa: E402

from model.data.stocks import Lifetime, retire_share, stock_driven  # noqa: E402

FIRST, LAST = 1990, 2040
YEARS = np.arange(FIRST, LAST + 1)
PARCS = ("beijing", "tianjin", "hebei")  # the parc anchors; Hebei is split by city below

# Car parc anchors (vehicles). 2004: NBS private passenger vehicles (Beijing 116.68, Tianjin
# 30.67, Hebei 79.43 x 10k) x the national passenger/private ratio of 2004 (1735.91/1069.69);
# Beijing 2019 5.934 M, Tianjin 2019 3.09 M (MPS [R27]); Hebei 2015 10.72 M autos [R28];
# 2024 proxies Beijing 6.5-7 M, Tianjin 4-4.5 M, Hebei 18-22 M (memo 2a, derived).
RATIO_2004 = 1735.91 / 1069.69
ANCHORS = {
    "beijing": {2004: 1.1668e6 * RATIO_2004, 2019: 5.934e6, 2024: 6.75e6},
    "tianjin": {2004: 0.3067e6 * RATIO_2004, 2019: 3.09e6, 2024: 4.25e6},
    "hebei": {2004: 0.7943e6 * RATIO_2004, 2015: 10.72e6, 2024: 20.0e6},
}
# Before 2004: national civil passenger vehicles 162.19 (1990) -> 1735.91 (2004) x 10k
# (NBS yearbook 2005, table 16-26): 18.4 %/yr, applied backwards to each region.
BACK_GROWTH = (1735.91 / 162.19) ** (1 / 14) - 1
# After 2024 (assumption, L): Beijing +1 %/yr and Tianjin +2 %/yr (plate quotas), Hebei
# +4 %/yr in 2025 falling linearly to +2 %/yr in 2040.
FUTURE = {"beijing": lambda y: 0.01, "tianjin": lambda y: 0.02,
          "hebei": lambda y: 0.04 - 0.02 * (y - 2025) / 15}

# Private passenger cars: Weibull lifetime with mean 14.5 years (Hao et al. 2011 [HAO2011]);
# shape 4 is our assumption (L); scale = mean / Gamma(1 + 1/shape).
CAR_SHAPE, CAR_MEAN = 4.0, 14.5
CAR_SCALE = CAR_MEAN / math.gamma(1 + 1 / CAR_SHAPE)

# NEV share of new cars by cohort: 1.0 % (2015) and 2.3 % (2017) plug-in passenger cars
# [WIKI-PEV-CN]; 26 % (2022), 31.6 % (2023), ~40 % (2024) [CAAM2024]; 53.5 % (Jan-Nov 2025
# retail, 11.504 of 21.519 M) [CPCA2025]; 2018-2021 log-linear between 2017 and 2022;
# after 2025 our assumption (L): 60 % (2026), 80 % (2030), 90 % (2035), 95 % (2040).
NEV_SHARE = {2014: 0.003, 2015: 0.010, 2017: 0.023, 2022: 0.26, 2023: 0.316, 2024: 0.40,
             2025: 0.535, 2026: 0.60, 2030: 0.80, 2035: 0.90, 2040: 0.95}
ICE_MASS = 1.25  # t, memo 2c recommended ICE compact default
# BEV end-of-life mass by cohort: glider ~1.2 t plus an LFP pack of 35 kWh (2015), 50 kWh
# (2020), 60 kWh (2024 on) at 6.66 kg/kWh (BatPaC [R41]); 1.6 t at 60 kWh (memo 2c).
BEV_MASS = {2015: 1.2 + 0.035 * 6.66, 2020: 1.2 + 0.050 * 6.66, 2024: 1.6}

# LFP traction packs installed in China (GWh) [R40][R38]: 56.9 (2018, LFP 39.0 %), 154.5
# (2021), 548.4 (2024, LFP 74.6 %); 2015-2017 back-extrapolated at the 2018-2021 growth,
# gaps log-linear; LFP share 50 % in 2021 (between 39 % and H1 2022 58.5 %), 80.9 % from
# 2025 (Dec 2024); after 2024 +15 %/yr to 2030, flat after (assumption, L).
INSTALLED_GWH = {2018: 56.9, 2021: 154.5, 2024: 548.4}
LFP_SHARE = {2015: 0.39, 2018: 0.39, 2021: 0.50, 2022: 0.585, 2024: 0.746, 2025: 0.809}
JJJ_SHARE = 0.08  # Jing-Jin-Ji share of national batteries, as in the previous supply rows
PACK_T_PER_GWH = 6660.0  # t of pack per GWh (LFP 6.66 kg/kWh, BatPaC [R41])
# First-life of a traction pack: Weibull mean 8 years (median EV battery service life before
# capacity falls below 70 %, [EVSWITCH]); shape 2.5 our assumption (L): with it the national
# LFP outflow in 2025 is ~200 kt, the MIIT 400 kt [R33] x 50 % LFP.
PACK_SHAPE, PACK_MEAN = 2.5, 8.0
PACK_SCALE = PACK_MEAN / math.gamma(1 + 1 / PACK_SHAPE)
# Retired LFP packs in Jing-Jin-Ji in 2025: 400 kt national (MIIT [R33]) x 8 % x 50 % LFP
# (memo 3, 40-60 %) = 16 kt, of which packs inside scrapped BEVs are counted by the car model;
# the share of packs retired out of vehicles still in use is calibrated to close 2025.
PACKS_2025 = 400e3 * JJJ_SHARE * 0.5
# Formal collection of end-of-life cars: 2025 calibrated to the ~945 k Jing-Jin-Ji ELVs
# formally recycled (10.5 M national [R15] x 9 % JJJ share of the parc); rising linearly
# to 90 % in 2030 and flat after (assumption, L).
FORMAL_ELVS_2025 = 945e3


def loglinear(points: dict[int, float], years: np.ndarray, before: float | None = None,
              after: dict | None = None) -> np.ndarray:
    """Log-linear interpolation through ``points``; growth ``before`` backwards; ``after``."""
    known = sorted(points)
    out = np.interp(years, known, np.log([points[y] for y in known]))
    values = np.exp(out)
    if before is not None:
        early = years < known[0]
        values[early] = points[known[0]] / (1 + before) ** (known[0] - years[early])
    return values


def stepwise(points: dict[int, float], years: np.ndarray) -> np.ndarray:
    known = sorted(points)
    return np.interp(years, known, [points[y] for y in known])


def car_stock(region: str) -> np.ndarray:
    stock = loglinear(ANCHORS[region], YEARS, before=BACK_GROWTH)
    for i, year in enumerate(YEARS):
        if year > 2024:
            stock[i] = stock[i - 1] * (1 + FUTURE[region](year))
    return stock


def installed_gwh() -> np.ndarray:
    """National traction-battery GWh installed per year."""
    growth = (INSTALLED_GWH[2021] / INSTALLED_GWH[2018]) ** (1 / 3) - 1
    gwh = loglinear(INSTALLED_GWH, YEARS, before=growth)
    for i, year in enumerate(YEARS):
        if year > 2024:
            gwh[i] = gwh[i - 1] * (1.15 if year <= 2030 else 1.0)
    gwh[YEARS < 2015] = 0.0
    return gwh


def pack_inflow() -> np.ndarray:
    """National LFP pack tonnes installed per year (before the Jing-Jin-Ji share)."""
    return installed_gwh() * stepwise(LFP_SHARE, YEARS) * PACK_T_PER_GWH


# NMC (ternary) packs: 1 - the LFP share above, except 2018 (58.1 % NMC [R40]) and 2024
# (25.3 % [R38]); 5.23 t/MWh (NMC622, BatPaC [R41]). Packs inside scrapped BEVs are all
# counted as LFP by the car model (a simplification), so NMC supply is only the packs retired
# out of vehicles in use, with the LFP packs' lifetime and calibrated share.
NMC_T_PER_GWH = 5230.0


def nmc_inflow() -> np.ndarray:
    """National NMC pack tonnes installed per year (before the Jing-Jin-Ji share)."""
    share = 1.0 - stepwise(LFP_SHARE, YEARS)
    share[YEARS == 2018] = 0.581
    share[YEARS == 2024] = 0.253
    return installed_gwh() * share * NMC_T_PER_GWH


def outflow(inflow: np.ndarray, lifetime: Lifetime) -> np.ndarray:
    return np.convolve(inflow, retire_share(lifetime, len(inflow)))[: len(inflow)]


HEAD = ["value", "unit", "source", "confidence", "note"]
CAR = Lifetime("weibull", shape=CAR_SHAPE, scale=CAR_SCALE)
PACK = Lifetime("weibull", shape=PACK_SHAPE, scale=PACK_SCALE)
I2025 = int(np.flatnonzero(YEARS == 2025)[0])


def write(name: str, keys: list[str], rows: list[list]) -> None:
    """Replace every row of ``inputs/<name>.csv`` (a parameter table) with ``rows``."""
    rewrite(name, lambda r: True, rows, header=keys + HEAD)


def calibrate(stocks: dict[str, np.ndarray]) -> tuple[float, dict[str, float], float]:
    """2025 formal-collection share, each region's parc share, and the share of packs retired
    out of vehicles in use (so that 2025 retired LFP packs are PACKS_2025)."""
    nev, bev_mass = stepwise(NEV_SHARE, YEARS), stepwise(BEV_MASS, YEARS)
    arising, bev_packs = 0.0, 0.0
    for stock in stocks.values():
        inflow, out = stock_driven(stock, CAR)
        arising += out[I2025]
        bev_packs += outflow(inflow * nev, CAR)[I2025] * (bev_mass[I2025] - 1.2)
    parc_2024 = sum(s[YEARS == 2024][0] for s in stocks.values())
    split = {r: stocks[r][YEARS == 2024][0] / parc_2024 for r in stocks}
    separate = (PACKS_2025 - bev_packs) / (outflow(pack_inflow(), PACK)[I2025] * JJJ_SHARE)
    print(f"car ELVs arising in 2025: {arising:,.0f}; formal share "
          f"{FORMAL_ELVS_2025 / arising:.3f}; packs in BEV ELVs 2025 {bev_packs:,.0f} t; "
          f"separate share {separate:.3f}; national NMC outflow 2025 "
          f"{outflow(nmc_inflow(), PACK)[I2025]:,.0f} t")
    return FORMAL_ELVS_2025 / arising, split, separate


def parc_of(region: str) -> str:
    """The parc (Beijing, Tianjin or Hebei) a collection region belongs to."""
    return "hebei" if region in HEBEI_REGIONS else region


def share_of_parc(region: str) -> float:
    """The collection region's share of its parc (a Hebei city's share of the province)."""
    return hebei_share(region) if parc_of(region) == "hebei" else 1.0


def stock_rows(region: str, stock: np.ndarray) -> list[list]:
    """The parc path of a region, each year saying which anchor or rule gives it (a Hebei
    region gets Hebei's path times its share of the province's population)."""
    parc, share = parc_of(region), share_of_parc(region)
    split = (f"; x {share:.4f} {LABELS[region]} share of Hebei's population [HEBEI-YB2007]"
             if parc == "hebei" else "")
    rows = []
    for year, value in zip(YEARS.tolist(), (stock * share).tolist(), strict=True):
        anchor = ANCHORS[parc].get(year)
        note = ("anchor: " + {2004: "NBS 2004 private passenger vehicles x national "
                              "passenger/private ratio 1.62",
                              2024: "memo 2a proxy (central value)"}.get(
                                  year, "MPS/traffic-police count") if anchor else
                "log-linear between anchors" if 2004 < year < 2024 else
                f"backwards at {BACK_GROWTH:.1%}/yr (national passenger vehicles "
                "1990-2004, NBS)" if year < 2004 else
                "projection: plate quota growth (assumption)")
        source = ("NBS2005" if year <= 2004 else "R27" if parc != "hebei" else "R28") \
            if year <= 2024 else "ZIYA-EST"
        rows.append([f"cars_{region}", year, round(value), "1", source,
                     "M" if anchor and year != 2024 and not split else "L", note + split])
    return rows


def inflow_rows(product: str, national: np.ndarray, factor: float, note: str) -> list[list]:
    """Pack tonnes entering use in the region per cohort from 2015 (national x factor)."""
    return [[product, year, round(value, 1), "1/yr", "R40", "L", note]
            for year, value in zip(YEARS.tolist(), (national * factor).tolist(), strict=True)
            if year >= 2015]


def product_rows(region: str, share_2025: float) -> dict[str, list[list]]:
    """The per-product rows of one region that do not depend on the parc path."""
    cars, packs, nmc = f"cars_{region}", f"lfp_packs_{region}", f"nmc_packs_{region}"
    shares = [[cars, "elv_bev", year, NEV_SHARE[year], "1",
               "WIKI-PEV-CN" if year <= 2017 else "CAAM2024" if year <= 2024
               else "CPCA2025" if year == 2025 else "ZIYA-EST",
               "M" if 2015 <= year <= 2025 else "L",
               "NEV share of new cars (PHEVs counted as BEVs); cohorts between rows take the "
               "latest earlier row"] for year in sorted(NEV_SHARE)]
    unit_mass = [[cars, "elv_bev", year, round(value, 3), "t", "R41", "L",
                  "glider 1.2 t + LFP pack at 6.66 kg/kWh (35/50/60 kWh for the 2015/2020/2024 "
                  "cohorts)"] for year, value in BEV_MASS.items()]
    collection = [[cars, year, round(share_2025 + (0.9 - share_2025) * min(year - 2025, 5) / 5,
                                     3), "1", "R15", "L",
                   f"2025 calibrated to 945k formal JJJ ELVs ({share_2025:.3f} of the arising "
                   "ELVs); linear to 0.9 in 2030 (assumption)"] for year in range(2025, 2041)]
    return {
        "products": [
            [cars, f"Cars registered in {LABELS[region]}", "elv_ice", f"src_{region}",
             "weibull"],
            [packs, f"LFP traction packs retired from vehicles in use, {LABELS[region]} "
             "(1 unit = 1 t)", "battery_lfp", f"src_{region}", "weibull"],
            [nmc, f"NMC traction packs retired from vehicles in use, {LABELS[region]} "
             "(1 unit = 1 t)", "battery_nmc", f"src_{region}", "weibull"]],
        "product_share": shares, "product_unit_mass": unit_mass,
        "product_mass": [[cars, ICE_MASS, "t", "R3", "L", "ICE compact 1.25 t (memo 2c)"],
                         [packs, 1.0, "t", "ZIYA-DER", "H", "unit defined as one tonne of pack"],
                         [nmc, 1.0, "t", "ZIYA-DER", "H", "unit defined as one tonne of pack"]],
        "product_weibull_shape": [
            [cars, CAR_SHAPE, "1", "ZIYA-EST", "L", "assumed Weibull shape"],
            [packs, PACK_SHAPE, "1", "ZIYA-EST", "L", "assumed Weibull shape"],
            [nmc, PACK_SHAPE, "1", "ZIYA-EST", "L", "assumed Weibull shape (as LFP)"]],
        "product_weibull_scale": [
            [cars, round(CAR_SCALE, 3), "yr", "HAO2011", "M",
             f"mean life 14.5 yr / Gamma(1 + 1/{CAR_SHAPE})"],
            [packs, round(PACK_SCALE, 3), "yr", "EVSWITCH", "L",
             f"first life 8 yr median / Gamma(1 + 1/{PACK_SHAPE})"],
            [nmc, round(PACK_SCALE, 3), "yr", "EVSWITCH", "L",
             f"first life 8 yr median / Gamma(1 + 1/{PACK_SHAPE}) (as LFP)"]],
        "product_collection": collection,
    }


KEYS = {"product_stock": ["product", "cohort"], "product_inflow": ["product", "cohort"],
        "product_share": ["product", "material", "cohort"],
        "product_unit_mass": ["product", "material", "cohort"], "product_mass": ["product"],
        "product_weibull_shape": ["product"], "product_weibull_scale": ["product"],
        "product_collection": ["product", "year"]}


# What the park pays at the source for the stock model's end-of-life materials (CNY/t).
SUPPLY_COST = {
    "elv_ice": (1800, "derived: gross material value ~4,700 CNY per 1.25 t ICE ELV (memo §4c) "
                "less ~50% for logistics, processing and margin"),
    "elv_bev": (2600, "derived: 0.25 t LFP pack at the pack price (5,000 CNY/t) + 0.74 t hulk "
                "at the ICE ELV price (1,800 CNY/t)"),
    "battery_lfp": (5000, "derived: ~10,500 CNY/t recoverable value (black mass 0.46 t x "
                    "7,840 + Al + Cu) less ~50%"),
}


def collection_rows() -> None:
    """Source nodes, truck routes to the park, distances and purchase prices by region."""
    routes = [f"{r}-ziya" for r in REGIONS]
    rewrite("nodes", lambda r: r[4] == "source", [
        [f"src_{r}", f"{LABELS[r][0].upper()}{LABELS[r][1:]} (ELV, battery and scrap "
         "collection)", "north_china", "CN", "source"] for r in REGIONS])
    rewrite("routes", lambda r: r[0].endswith("-ziya"), [
        [f"{r}-ziya", f"src_{r}", "ziya", "truck"] for r in REGIONS])
    rewrite("route_distance", lambda r: r[0].endswith("-ziya"), [
        [f"{r}-ziya", km, "km", source, confidence, note]
        for r in REGIONS for km, source, confidence, note in [road_km(r)]])
    rewrite("route_materials", lambda r: r[0].endswith("-ziya") and (
        r[1] in SUPPLY_COST or r[0] not in routes),
        [[route, m] for route in routes for m in SUPPLY_COST])
    rewrite("supply_cost", lambda r: r[1] in SUPPLY_COST, [
        [f"src_{r}", m, y, cost, "CNY/t", "ZIYA-DER", "L", note]
        for r in REGIONS for m, (cost, note) in SUPPLY_COST.items() for y in MODEL_YEARS])
    keys = {row[0] for row in SOURCES_ROWS}
    rewrite("sources", lambda r: r[0] in keys, SOURCES_ROWS)


def main() -> None:
    stocks = {r: car_stock(r) for r in PARCS}
    share_2025, split, separate = calibrate(stocks)
    tables: dict[str, list[list]] = {name: [] for name in ["products", *KEYS]}
    for region in REGIONS:
        parc = parc_of(region)
        tables["product_stock"] += stock_rows(region, stocks[parc])
        share = split[parc] * share_of_parc(region)
        where = (f"{split[parc]:.3f} Hebei share of the JJJ car parc x "
                 f"{hebei_share(region):.4f} {LABELS[region]} share of Hebei's population"
                 if parc == "hebei" else
                 f"{split[parc]:.3f} {LABELS[region]} share of the JJJ car parc")
        factor = JJJ_SHARE * share * separate
        tables["product_inflow"] += inflow_rows(
            f"lfp_packs_{region}", pack_inflow(), factor,
            f"national LFP GWh installed x 6,660 t/GWh x 8% JJJ x {where} x {separate:.3f} "
            "share retired out of vehicles in use (calibrated: 2025 retired LFP packs 16 kt = "
            "400 kt [R33] x 8% x 50% LFP)")
        tables["product_inflow"] += inflow_rows(
            f"nmc_packs_{region}", nmc_inflow(), factor,
            "national NMC GWh installed (1 - LFP share; 58.1% in 2018 [R40], 25.3% in 2024 "
            f"[R38]) x 5,230 t/GWh (NMC622 [R41]) x 8% JJJ x {where} x {separate:.3f} (the LFP "
            "packs' share retired out of vehicles in use)")
        for name, rows in product_rows(region, share_2025).items():
            tables[name] += rows
    rewrite("products", lambda r: True, tables.pop("products"),
            header=["product", "label", "material", "node", "lifetime"])
    for name, rows in tables.items():
        write(name, KEYS[name], rows)
    # their end-of-life supply now comes from the stock model
    rewrite("supply_max", lambda r: r[1] in ("elv_ice", "elv_bev", "battery_lfp"), [])
    collection_rows()


if __name__ == "__main__":
    main()
