"""Derive the stock-model tables of the default data package (cars and traction packs by region).

Run from the repository root: ``.venv/bin/python inputs/derivations/stock_model.py``. It
rewrites products.csv, product_*.csv, the dismantle_bev rows of process_io.csv and drops the
ELV and battery rows of supply_max.csv (their supply now comes from the stock model); every
row says how it was derived. The figures below are the published anchors (source keys in
sources.csv); everything between and beyond them is interpolation or a stated assumption,
graded L.

One pack balance (issue 16 item 8). Every traction pack in the region enters with a new
passenger NEV of the car model: NEV sales of cohort c = the car inflow solved from the parc x
the NEV share, times the average NEV pack of the cohort (BEVs and PHEVs mixed, LFP and NMC by
the cohort's chemistry shares). Each pack leaves the fleet exactly once, at the earlier of its
first life and its car's life (independent Weibulls, competing risks,
``model.data.stocks.competing_retire_shares``):

- first life ends first: the pack is retired out of a car still in use (the ``lfp_packs_*``
  and ``nmc_packs_*`` products), a share P_sep of every cohort (88 %: mean first life 8 years
  against 14.5 for the car);
- the car is scrapped first: the pack leaves inside the ELV (``elv_bev``), the share
  1 - P_sep; an NEV ELV weighs the glider plus (1 - P_sep) x its cohort's pack.

No replacement pack is counted: a car whose pack is retired stays in the parc (repaired with
used modules, or driven until it is scrapped without a traction pack of its own), so no
second pack enters or leaves. With a new replacement pack for every early retirement the
region would install ~65 % more packs by 2040 and retire as many as it installs; few private
cars get a new pack outside warranty, so we leave it out (assumption, L).

The model convolves each product's inflow with one lifetime, so the separately retired packs
get the Weibull fitted to the ages at which packs leave cars still in use (their inflow is
P_sep x the packs installed), and the packs inside ELVs the car's lifetime via the unit mass
of an NEV ELV (the cohort's mean pack content, exact in cohort totals; it leaves a little
early, since a car scrapped young still has its pack more often). Scenario levers on the
pack lifetime move when the separate packs leave, not the split; re-run this script to
change it. Buses, taxis and trucks stay in the parc with a car's pack; their own packs, 4-10x
larger and retired on fleet schedules, are added by ``fleet.py``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
from scipy import optimize

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from _regions import HEBEI_REGIONS, LABELS, REGIONS, SOURCES_ROWS, hebei_share, road_km  # noqa: E402
from _tables import YEARS as MODEL_YEARS  # noqa: E402
from _tables import rewrite  # noqa: E402

from model.data.stocks import (  # noqa: E402
    Lifetime,
    competing_retire_shares,
    retire_share,
    stock_driven,
    survival,
)

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

# NEV (BEV + PHEV) share of new cars by cohort: 1.0 % (2015) and 2.3 % (2017) plug-in
# passenger cars [WIKI-PEV-CN]; 26 % (2022), 31.6 % (2023), ~40 % (2024) [CAAM2024]; 53.5 %
# (Jan-Nov 2025 retail, 11.504 of 21.519 M) [CPCA2025]; after 2025 our assumption (L): 60 %
# (2026), 80 % (2030), 90 % (2035), 95 % (2040). Written for every cohort from 2014 (none
# before): 2018-2021 log-linear between 2017 and 2022, other gaps linear.
NEV_SHARE = {2014: 0.003, 2015: 0.010, 2017: 0.023, 2022: 0.26, 2023: 0.316, 2024: 0.40,
             2025: 0.535, 2026: 0.60, 2030: 0.80, 2035: 0.90, 2040: 0.95}
FIRST_NEV = 2014
ICE_MASS = 1.25  # t, memo 2c recommended ICE compact default
GLIDER = 1.2  # t, an NEV without its traction pack (memo 2c: 1.6 t BEV with a ~400 kg pack)
# Average NEV pack by cohort. BEV: 35 kWh (2015) and 50 kWh (2020) (the previous BEV masses,
# assumption), 54 kWh (2025 on: 63.3 % of 493.9 GWh installed Jan-Sep 2025 over 5.80 M BEVs
# [S53][S56], derived), linear between. PHEV: 36 % of NEV passenger cars (Jan-Sep 2025
# production, 3.28 of 9.08 M [S56]; held for every cohort, L) with half the BEV pack (27 kWh
# = 18.0 % of 493.9 GWh over 3.28 M [S56], derived). Average 2025: 0.64 x 54 + 0.36 x 27 =
# 44.3 kWh.
BEV_KWH = {2015: 35.0, 2020: 50.0, 2025: 54.0}
PHEV_SHARE, PHEV_PACK = 0.36, 0.5

# LFP share of the traction GWh installed by cohort [R40][R38][S53]: 39 % (2018), 50 % (2021,
# between 39 % and H1 2022 58.5 %), 74.6 % (2024), 81.5 % (Jan-Sep 2025, flat after); the rest
# is counted as NMC (ternary).
LFP_SHARE = {2015: 0.39, 2018: 0.39, 2021: 0.50, 2022: 0.585, 2024: 0.746, 2025: 0.815}
LFP_T_PER_KWH = 6.66e-3  # t of LFP pack per kWh (BatPaC [R41])
NMC_T_PER_KWH = 5.23e-3  # t of NMC622 pack per kWh (BatPaC [R41])
# National traction GWh installed [R40][R38]: 56.9 (2018), 154.5 (2021), 548.4 (2024), for
# the cross-check of the printed summary only (the region's packs follow its NEV sales).
INSTALLED_GWH = {2018: 56.9, 2021: 154.5, 2024: 548.4}
# First life of a traction pack: Weibull mean 10 years, shape 2.5 (our assumption, L). CATARC
# (2023): NEVs last "clearly longer than the 6-8 years the industry expected", and by the end
# of 2022 only 24.4 GWh of packs had left scrapped NEVs [CATARC-LIFE]; against China's
# installations since 2013 (~720 GWh) a Weibull (2.5) first life retires ~49 GWh by then at a
# mean of 8 years and ~30 GWh at 10 (research note, inputs/README.md). EV Switch gives an 8-year
# median to 70 % capacity [EVSWITCH], the warranty floor (8 yr / 120,000 km since 2016).
PACK_SHAPE, PACK_MEAN = 2.5, 10.0
PACK_SCALE = PACK_MEAN / math.gamma(1 + 1 / PACK_SHAPE)
# Checks printed (no longer calibrated): packs retired in Jing-Jin-Ji in 2025, 400 kt
# national (MIIT [R33], all vehicles) x 8 % = 32 kt; 2030 LFP 1.08 Mt national (Mysteel
# [S18]) x 8 % = 86 kt.
JJJ_SHARE = 0.08
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
    """National traction-battery GWh installed per year (for the printed cross-check):
    log-linear between the anchors, the 2018-2021 growth before, +15 %/yr to 2030 and flat
    after (assumption, L)."""
    growth = (INSTALLED_GWH[2021] / INSTALLED_GWH[2018]) ** (1 / 3) - 1
    gwh = loglinear(INSTALLED_GWH, YEARS, before=growth)
    for i, year in enumerate(YEARS):
        if year > 2024:
            gwh[i] = gwh[i - 1] * (1.15 if year <= 2030 else 1.0)
    gwh[YEARS < 2015] = 0.0
    return gwh


def nev_share(years: np.ndarray = YEARS) -> np.ndarray:
    """NEV share of new cars per cohort: log-linear 2017-2022, linear elsewhere, 0 before
    FIRST_NEV."""
    share = stepwise(NEV_SHARE, years)
    boom = (years > 2017) & (years < 2022)
    share[boom] = loglinear({y: NEV_SHARE[y] for y in (2017, 2022)}, years[boom])
    share[years < FIRST_NEV] = 0.0
    return share


def pack_kwh(years: np.ndarray = YEARS) -> np.ndarray:
    """Average traction pack of a new NEV per cohort (kWh): BEVs and PHEVs mixed."""
    return stepwise(BEV_KWH, years) * (1 - PHEV_SHARE * (1 - PHEV_PACK))


def pack_tonnes(years: np.ndarray = YEARS) -> dict[str, np.ndarray]:
    """Tonnes of LFP and of NMC pack in one new NEV per cohort."""
    lfp = stepwise(LFP_SHARE, years)
    return {"lfp": pack_kwh(years) * lfp * LFP_T_PER_KWH,
            "nmc": pack_kwh(years) * (1 - lfp) * NMC_T_PER_KWH}


HEAD = ["value", "unit", "source", "confidence", "note"]
CAR = Lifetime("weibull", shape=CAR_SHAPE, scale=CAR_SCALE)
PACK = Lifetime("weibull", shape=PACK_SHAPE, scale=PACK_SCALE)
I2025 = int(np.flatnonzero(YEARS == 2025)[0])
# Competing risks: share of a cohort's packs leaving at age a out of a car still in use
# (first life ends first) and inside the scrapped car (the car's life ends first).
ALONE, IN_CAR = competing_retire_shares(PACK, CAR, len(YEARS))
P_SEPARATE = float(ALONE.sum())
P_IN_ELV = 1.0 - P_SEPARATE  # the tail beyond 50 years (< 1e-9) goes with the car


def fit_weibull(shares: np.ndarray) -> Lifetime:
    """The Weibull whose yearly retirement shares (``retire_share``) best match ``shares``
    (scaled to one), least squares on the cumulative shares."""
    target = np.cumsum(shares) / shares.sum()

    def misfit(p: np.ndarray) -> np.ndarray:
        fitted = Lifetime("weibull", shape=p[0], scale=p[1])
        return 1.0 - survival(fitted, len(shares)) - target

    best = optimize.least_squares(misfit, [PACK_SHAPE, PACK_SCALE], bounds=(0.1, 100))
    return Lifetime("weibull", shape=round(float(best.x[0]), 3),
                    scale=round(float(best.x[1]), 3))


SEPARATE = fit_weibull(ALONE)  # the lifetime of the lfp_packs_* and nmc_packs_* products


def write(name: str, keys: list[str], rows: list[list]) -> None:
    """Replace every row of ``inputs/<name>.csv`` (a parameter table) with ``rows``."""
    rewrite(name, lambda r: True, rows, header=keys + HEAD)


def collection(share_2025: float) -> np.ndarray:
    """Formal collection share of ELVs per year (1 before 2025)."""
    return np.where(YEARS < 2025, 1.0,
                    share_2025 + (0.9 - share_2025) * np.clip(YEARS - 2025, 0, 5) / 5)


def nev_sales(stock: np.ndarray) -> np.ndarray:
    """New NEVs per cohort of a parc (its car inflow x the NEV share)."""
    return stock_driven(stock, CAR)[0] * nev_share()


def calibrate(stocks: dict[str, np.ndarray]) -> float:
    """2025 formal-collection share (945 k collected of the ELVs arising)."""
    arising = sum(stock_driven(stock, CAR)[1][I2025] for stock in stocks.values())
    return FORMAL_ELVS_2025 / arising


def pack_balance(stocks: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Region totals per year (t): packs installed, retired out of cars in use (as the model
    computes them, fitted lifetime) and inside ELVs (car lifetime, mean pack content), and
    NEV ELV tonnes, by chemistry where it matters."""
    packs = pack_tonnes()
    sales = sum(nev_sales(stock) for stock in stocks.values())
    fitted, car = retire_share(SEPARATE, len(YEARS)), retire_share(CAR, len(YEARS))

    def out(inflow: np.ndarray, share: np.ndarray) -> np.ndarray:
        return np.convolve(inflow, share)[: len(YEARS)]

    flows = {"installed": sales * (packs["lfp"] + packs["nmc"]),
             "elv_bev": out(sales * (GLIDER + P_IN_ELV * (packs["lfp"] + packs["nmc"])), car)}
    for chem in ("lfp", "nmc"):
        flows[f"separate_{chem}"] = out(sales * packs[chem] * P_SEPARATE, fitted)
        flows[f"in_elv_{chem}"] = out(sales * packs[chem] * P_IN_ELV, car)
        flows[f"exact_separate_{chem}"] = out(sales * packs[chem], ALONE)
        flows[f"exact_in_elv_{chem}"] = out(sales * packs[chem], IN_CAR)
    return flows


def summary(stocks: dict[str, np.ndarray], share_2025: float,
            flows: dict[str, np.ndarray]) -> None:
    """Print the calibration and the pack balance against the published checks."""
    national = installed_gwh()
    own_gwh = sum(nev_sales(s) for s in stocks.values()) * pack_kwh() / 1e6
    print(f"formal collection share 2025 {share_2025:.3f}; packs leave cars in use "
          f"{P_SEPARATE:.3f}, inside ELVs {P_IN_ELV:.3f}; separate-retirement Weibull shape "
          f"{SEPARATE.shape}, scale {SEPARATE.scale}")
    for year in (2022, 2024, 2025, 2028, 2030, 2035, 2040):
        i = year - FIRST
        sep = flows["separate_lfp"][i] + flows["separate_nmc"][i]
        elv = flows["in_elv_lfp"][i] + flows["in_elv_nmc"][i]
        exact = sum(flows[f"exact_{k}_{c}"][i] for k in ("separate", "in_elv")
                    for c in ("lfp", "nmc"))
        print(f"{year}: installed {flows['installed'][i] / 1e3:,.1f} kt ({own_gwh[i]:.1f} GWh, "
              f"{own_gwh[i] / national[i]:.1%} of national); retired {sep / 1e3:,.1f} kt out "
              f"of cars in use (LFP {flows['separate_lfp'][i] / 1e3:,.1f}) + {elv / 1e3:,.1f} "
              f"kt inside ELVs (exact timing {exact / 1e3:,.1f} kt in all)")


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


COHORTS = YEARS >= FIRST_NEV


def share_rows(cars: str) -> list[list]:
    """NEV share of new cars, one row per cohort (and a zero before the first NEVs)."""
    source = {2015: "WIKI-PEV-CN", 2017: "WIKI-PEV-CN", 2022: "CAAM2024", 2023: "CAAM2024",
              2024: "CAAM2024", 2025: "CPCA2025"}
    rows = [[cars, "elv_bev", FIRST, 0.0, "1", "ZIYA-EST", "L",
             f"no NEVs among cars sold before {FIRST_NEV}"]]
    for year, value in zip(YEARS[COHORTS].tolist(), nev_share()[COHORTS].tolist(), strict=True):
        note = ("NEV (BEV + PHEV) share of new cars" if year in NEV_SHARE else
                "log-linear between 2.3% (2017 [WIKI-PEV-CN]) and 26% (2022 [CAAM2024])"
                if 2017 < year < 2022 else "linear between the rows of the neighbouring years")
        rows.append([cars, "elv_bev", year, round(value, 4), "1",
                     source.get(year, "ZIYA-EST" if year in NEV_SHARE else "ZIYA-DER"),
                     "M" if year in source and year != 2017 else "L",
                     note + ("" if year in source else " (assumption)" if year > 2025 else "")])
    return rows


def unit_mass_rows(cars: str) -> list[list]:
    """End-of-life mass of an NEV per cohort: glider + the share of packs still inside."""
    packs = pack_tonnes()
    total = GLIDER + P_IN_ELV * (packs["lfp"] + packs["nmc"])
    return [[cars, "elv_bev", year, round(value, 4), "t", "ZIYA-DER", "L",
             f"glider {GLIDER} t + {P_IN_ELV:.3f} x the cohort's average NEV pack ({kwh:.1f} kWh: "
             f"BEV {bev:.0f} kWh, PHEV 36% with half of it [S56]; LFP 6.66, NMC 5.23 kg/kWh "
             f"[R41]); {P_IN_ELV:.3f} = share of packs still in the car when it is scrapped "
             f"(competing risks: pack first life Weibull 2.5, mean {PACK_MEAN:.0f} yr "
             "[CATARC-LIFE]; car life Weibull 4, mean 14.5 yr [HAO2011])"]
            for year, value, kwh, bev in zip(
                YEARS[COHORTS].tolist(), total[COHORTS].tolist(), pack_kwh()[COHORTS].tolist(),
                stepwise(BEV_KWH, YEARS)[COHORTS].tolist(), strict=True)]


def inflow_rows(product: str, chem: str, sales: np.ndarray, where: str) -> list[list]:
    """Pack tonnes per cohort that will be retired out of cars still in use."""
    label = {"lfp": "LFP share of GWh installed (39% 2018 [R40], 74.6% 2024 [R38], 81.5% 2025 "
             "[S53]) x 6.66 t/MWh [R41]",
             "nmc": "NMC share (1 - the LFP share of GWh installed [R40][R38][S53]) x 5.23 "
             "t/MWh (NMC622 [R41])"}[chem]
    inflow = sales * pack_tonnes()[chem] * P_SEPARATE
    return [[product, year, round(value, 1), "1/yr", "ZIYA-DER", "L",
             f"new NEVs in {where} (car inflow from the parc x NEV share) x average NEV pack "
             f"(BEV 35-54 kWh, PHEV 36% with half [S56]) x {label} x {P_SEPARATE:.3f} share of "
             "packs whose first life ends before the car's (competing risks)"]
            for year, value in zip(YEARS[COHORTS].tolist(), inflow[COHORTS].tolist(),
                                   strict=True)]


def product_rows(region: str, share_2025: float) -> dict[str, list[list]]:
    """The per-product rows of one region that do not depend on the parc path."""
    cars, packs, nmc = f"cars_{region}", f"lfp_packs_{region}", f"nmc_packs_{region}"
    gamma = collection(share_2025)
    collected = [[cars, year, round(float(gamma[year - FIRST]), 3), "1", "R15", "L",
                  f"2025 calibrated to 945k formal JJJ ELVs ({share_2025:.3f} of the arising "
                  "ELVs); linear to 0.9 in 2030 (assumption)"] for year in range(2025, 2041)]
    mean = SEPARATE.scale * math.gamma(1 + 1 / SEPARATE.shape)
    fitted = (f"Weibull fitted to the ages at which packs leave cars still in use (first life "
              f"Weibull {PACK_SHAPE}, mean {PACK_MEAN:.0f} yr [CATARC-LIFE], competing with the "
              f"car's, Weibull {CAR_SHAPE:.0f}, mean {CAR_MEAN} yr [HAO2011]): mean {mean:.2f} yr")
    return {
        "products": [
            [cars, f"Cars registered in {LABELS[region]}", "elv_ice", f"src_{region}",
             "weibull"],
            [packs, f"LFP traction packs retired from vehicles in use, {LABELS[region]} "
             "(1 unit = 1 t)", "battery_lfp", f"src_{region}", "weibull"],
            [nmc, f"NMC traction packs retired from vehicles in use, {LABELS[region]} "
             "(1 unit = 1 t)", "battery_nmc", f"src_{region}", "weibull"]],
        "product_share": share_rows(cars), "product_unit_mass": unit_mass_rows(cars),
        "product_mass": [[cars, ICE_MASS, "t", "R3", "L", "ICE compact 1.25 t (memo 2c)"],
                         [packs, 1.0, "t", "ZIYA-DER", "H", "unit defined as one tonne of pack"],
                         [nmc, 1.0, "t", "ZIYA-DER", "H", "unit defined as one tonne of pack"]],
        "product_weibull_shape": [
            [cars, CAR_SHAPE, "1", "ZIYA-EST", "L", "assumed Weibull shape"],
            [packs, SEPARATE.shape, "1", "ZIYA-DER", "L", fitted],
            [nmc, SEPARATE.shape, "1", "ZIYA-DER", "L", fitted + " (as LFP)"]],
        "product_weibull_scale": [
            [cars, round(CAR_SCALE, 3), "yr", "HAO2011", "M",
             f"mean life 14.5 yr / Gamma(1 + 1/{CAR_SHAPE})"],
            [packs, SEPARATE.scale, "yr", "EVSWITCH", "L", fitted],
            [nmc, SEPARATE.scale, "yr", "EVSWITCH", "L", fitted + " (as LFP)"]],
        "product_collection": collected,
    }


KEYS = {"product_stock": ["product", "cohort"], "product_inflow": ["product", "cohort"],
        "product_share": ["product", "material", "cohort"],
        "product_unit_mass": ["product", "material", "cohort"], "product_mass": ["product"],
        "product_weibull_shape": ["product"], "product_weibull_scale": ["product"],
        "product_collection": ["product", "year"]}


# What the park pays at the source for the stock model's end-of-life materials (CNY/t).
# An ICE ELV: licensed dismantlers pay ~0.84-0.89 of the local scrap-steel (HMS) price per
# tonne of car: ~2,500 CNY/t at Ziya (Caixin, c.2023) and 2,600 in Wuhan (CCTV, Dec 2023)
# when HMS stood near 2,900-3,000 [ELV-PRICE]; 0.865 x Tianjin HMS 2025 (2,250 incl. 3 % VAT
# [R80]) = 1,950. Owners sell without an invoice (reverse invoicing at 1 % since 2024), so the
# price is net.
PACK_PRICE, HULK_PRICE = 5000, 1950  # battery_lfp and elv_ice below
# 2023's 2,500-2,600 against today's lower scrap prices, and the 0.84-0.89 ratio [ELV-PRICE]
HULK_RANGE = {"elv_ice": (1600, 2500)}


def supply_cost(pack_share: float) -> dict[str, tuple[int, str]]:
    """Purchase prices; an NEV ELV is priced by its pack and hulk content."""
    hulk = 1 - pack_share - 0.01
    return {
        "elv_ice": (HULK_PRICE, "derived: 0.865 (0.84-0.89, Ziya ~2,500 and Wuhan 2,600 CNY/t "
                    "of car in 2023 against HMS [ELV-PRICE]) x Tianjin HMS 2025, 2,250 CNY/t "
                    "[R80]; bought from owners without a VAT invoice (net)"),
        "elv_bev": (int(round(pack_share * PACK_PRICE + hulk * HULK_PRICE, -1)),
                    f"derived: {pack_share:.3f} t pack at the LFP pack price (5,000 CNY/t) + "
                    f"{hulk:.3f} t hulk at the ICE ELV price ({HULK_PRICE:,} CNY/t)"),
        "battery_lfp": (PACK_PRICE, "derived: ~10,500 CNY/t recoverable value (black mass "
                        "0.46 t x 7,840 + Al + Cu) less ~50%"),
    }


def dismantle_rows(flows: dict[str, np.ndarray], share_2025: float) -> dict[str, float]:
    """dismantle_bev yields: the packs' share of the NEV ELV tonnes collected 2025-2040."""
    years = (YEARS >= 2025) & (YEARS <= 2040)
    gamma = collection(share_2025)[years]
    elv = float(np.dot(gamma, flows["elv_bev"][years]))
    yields = {c: float(np.dot(gamma, flows[f"in_elv_{c}"][years])) / elv for c in ("lfp", "nmc")}
    note = (f"NEV ELV = glider {GLIDER} t + the {P_IN_ELV:.3f} of packs still inside "
            "(stock_model.py): pack tonnes / NEV ELV tonnes collected 2025-2040; 0.01 fluids "
            "and hazardous parts (memo §2c) [R41][R24]")
    hulk = 1 - yields["lfp"] - yields["nmc"] - 0.01
    rewrite("process_io", lambda r: r[0] == "dismantle_bev", [
        ["dismantle_bev", "elv_bev", "in", 1, "t/t", "R41", "L", note],
        ["dismantle_bev", "battery_lfp", "out", round(yields["lfp"], 4), "t/t", "R41", "L", note],
        ["dismantle_bev", "battery_nmc", "out", round(yields["nmc"], 4), "t/t", "R41", "L", note],
        ["dismantle_bev", "hazardous", "out", 0.01, "t/t", "R41", "L", note],
        ["dismantle_bev", "elv_hulk", "out", round(hulk, 4), "t/t", "R41", "L", note]])
    return yields


def collection_rows(costs: dict[str, tuple[int, str]]) -> None:
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
        r[1] in costs or r[0] not in routes),
        [[route, m] for route in routes for m in costs])
    rewrite("supply_cost", lambda r: r[1] in costs, [
        [f"src_{r}", m, y, cost, "CNY/t", "ELV-PRICE" if m == "elv_ice" else "ZIYA-DER", "L",
         note, *HULK_RANGE.get(m, ("", ""))]
        for r in REGIONS for m, (cost, note) in costs.items() for y in MODEL_YEARS])
    rows = SOURCES_ROWS + PACK_SOURCES
    keys = {row[0] for row in rows}
    rewrite("sources", lambda r: r[0] in keys, rows)


PACK_SOURCES = [
    ["CATARC-LIFE", "CATARC (中汽数据), Wang Pan at the CABRRA annual meeting, April 2023, as "
     "reported by Gasgoo (copy): NEV service life clearly above the 6-8 years expected; 510 k "
     "NEVs scrapped and 24.4 GWh (241 kt) of traction batteries retired with them by end-2022",
     "http://zhineng.sosol.com.cn/zixun/2023/0427/18978.html"],
    ["ELV-PRICE", "Caixin photo gallery, China's auto scrappers eye batteries (Tianjin Ziya: "
     "around 2,500 CNY per tonne of car; copy); CCTV report republished by zgsh.org.cn, "
     "2024-01-04 (Wuhan, 2,600 CNY/t)", "http://studiosvn.com/gallery-chinas-auto-scrappers-"
     "eye-batteries-102076924.html"],
    ["S18", "Mysteel, 2030 projections show 5-fold overcapacity in China's battery recycling "
     "sector, 2025-07-31 (retired traction batteries 2028 571.4 kt, 2030 ~1.67 Mt, LFP "
     "~1.08 Mt)", "https://www.mysteel.net/analysis/5094009-2030-projections-show-5-fold-"
     "overcapacity-in-chinas-battery-recycling-sector"],
    ["S53", "Gasgoo/SMM, China's power battery installations jump 39.5% YoY in Sept 2025 "
     "(CABIA: Jan-Sep 2025 493.9 GWh, LFP 81.5%)", "https://news.metal.com/newscontent/103570153"],
    ["S56", "Cui Dongshu (CPCA), September 2025 power-battery data, reprint (Jan-Sep 2025 "
     "passenger production BEV 5.80 M, PHEV 3.28 M; battery demand BEV cars 63.3%, PHEV cars "
     "18.0%)", "http://www.xyk126.net/html/2025-10/995666.html"],
]


def main() -> None:
    stocks = {r: car_stock(r) for r in PARCS}
    share_2025 = calibrate(stocks)
    flows = pack_balance(stocks)
    summary(stocks, share_2025, flows)
    tables: dict[str, list[list]] = {name: [] for name in ["products", *KEYS]}
    for region in REGIONS:
        parc = parc_of(region)
        tables["product_stock"] += stock_rows(region, stocks[parc])
        sales = nev_sales(stocks[parc]) * share_of_parc(region)
        where = LABELS[region] + (f" ({hebei_share(region):.4f} of Hebei's, by population)"
                                  if parc == "hebei" else "")
        tables["product_inflow"] += inflow_rows(f"lfp_packs_{region}", "lfp", sales, where)
        tables["product_inflow"] += inflow_rows(f"nmc_packs_{region}", "nmc", sales, where)
        for name, rows in product_rows(region, share_2025).items():
            tables[name] += rows
    rewrite("products", lambda r: True, tables.pop("products"),
            header=["product", "label", "material", "node", "lifetime"])
    for name, rows in tables.items():
        write(name, KEYS[name], rows)
    # their end-of-life supply now comes from the stock model
    rewrite("supply_max", lambda r: r[1] in ("elv_ice", "elv_bev", "battery_lfp"), [])
    yields = dismantle_rows(flows, share_2025)
    collection_rows(supply_cost(yields["lfp"] + yields["nmc"]))


if __name__ == "__main__":
    main()
