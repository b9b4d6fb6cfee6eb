"""Collected vehicles stay in the system; build rates from published capacity evidence (idempotent).

Run from the repository root after ``outside.py``:
``.venv/bin/python inputs/derivations/collection.py``.

* **Obligation.** A formally collected end-of-life vehicle must be handed to a qualified
  dismantling enterprise and dismantled there (State Council Decree 715, in force 2019-06-01
  [DECREE-715]; MOFCOM et al. Order 2020 No. 2, in force 2020-09-01 [ORDER-2020-2]). So every
  tonne of ICE and BEV ELVs the stock model collects must be taken (``supply_obligation`` 1).
  What cannot be dismantled in its year waits in a yard at its source (``stockpile_capacity``,
  ``stockpile_cost``); what is still there in 2040 is the untreated backlog the cube reports.
* **Build rates.** Licensed ELV capacity is far above throughput where it has been counted
  (Changzhou: 9 firms, 372 k vehicles/yr licensed, 16 k dismantled in H1 2023 [CHANGZHOU-2023];
  Panjin: 60 k/yr licensed, <5 k/yr dismantled [PANJIN-2024]); commerce bureaus cap a city's
  capacity at 4-5 % of its vehicle parc [PANJIN-2024], ~1.2-1.6 M vehicles/yr for Jing-Jin-Ji's
  ~31 M cars. So dismantling is not limited by permits: the park may add 150 kt/yr of ICE or
  BEV dismantling a year (about three dismantlers of Changzhou's average 41 k vehicles/yr),
  and each region's licensed dismantlers outside it 100 kt/yr a year. Battery pretreatment:
  China's white-list capacity grew by 0.44 Mt/yr in 2024 (3.79 -> 4.23 Mt/yr, at <20 %
  utilisation [BATTERY-OVERCAPACITY]); Jing-Jin-Ji's ~8 % of it is 35 kt/yr a year.
"""

from __future__ import annotations

from _tables import YEARS, rewrite

SOURCES_NODES = ["src_beijing", "src_tianjin", "src_shijiazhuang", "src_tangshan", "src_baoding",
                 "src_langfang", "src_handan", "src_cangzhou", "src_hebei_other"]
COLLECTED = ["elv_ice", "elv_bev"]
EST = "ZIYA-EST"
YARD_T = 50_000  # t a source's yards hold (assumption: ~40 k cars, a few months of collection)
YARD_COST = 400   # CNY per t per year (estimate: ~10 m2 a car at 150 CNY/m2/yr, stacked 3 high)
BUILD = {  # process: (kt/yr added per year, source, note)
    "dismantle_ice": (150, "CHANGZHOU-2023", "derived: permits do not bind (licensed ELV capacity "
                      "far above throughput [CHANGZHOU-2023][PANJIN-2024]); ~3 dismantlers of "
                      "41 k vehicles/yr (Changzhou's average) a year"),
    "dismantle_bev": (150, "CHANGZHOU-2023", "derived: as ICE dismantling (licensed capacity far "
                      "above throughput [CHANGZHOU-2023][PANJIN-2024])"),
    "battery_pretreat": (35, "BATTERY-OVERCAPACITY", "derived: China's white-list capacity +0.44 "
                         "Mt/yr in 2024 (3.79 -> 4.23 Mt/yr, utilisation <20 %) "
                         "[BATTERY-OVERCAPACITY] x Jing-Jin-Ji's ~8 % share"),
    "nmc_pretreat": (35, "BATTERY-OVERCAPACITY", "derived: as LFP pretreatment (national "
                     "+0.44 Mt/yr in 2024 x 8 % [BATTERY-OVERCAPACITY])"),
    **{f"dismantle_shred_{r}": (100, "PANJIN-2024", "derived: a region's licensed dismantlers may "
                                "grow up to 4-5 % of the vehicle parc [PANJIN-2024] (~1.2-1.6 M "
                                "vehicles/yr in Jing-Jin-Ji); 100 kt/yr a year (assumption)")
       for r in ("beijing", "tianjin", "hebei")},
}
SOURCES = [
    ["DECREE-715", "State Council Decree No. 715, Administrative Measures for the Recycling of "
     "Scrapped Motor Vehicles, 2019-04-22, in force 2019-06-01 (English: Lexis China)",
     "https://www.lexiscn.com/law/law-english-1-3422540-T.html"],
    ["ORDER-2020-2", "MOFCOM, NDRC, MIIT, MPS, MEE, MOT, SAMR Order 2020 No. 2, Implementing "
     "Rules of the Administrative Measures for the Recycling of Scrapped Motor Vehicles, "
     "2020-07-18, in force 2020-09-01", "http://hk.lexiscn.com/law/law-english-1-3847419-T.html"],
    ["PANJIN-2024", "Panjin Municipal Commerce Bureau, ELV dismantling capacity warning, "
     "2024-12-06 (capacity cap = parc x 4-5 %; 6 firms, 60 k/yr licensed, <5 k/yr dismantled)",
     "http://www.panjin.gov.cn/html/2388/2024-12-06/content-142589.html"],
    ["CHANGZHOU-2023", "Changzhou Commerce Bureau, ELV dismantling over-capacity warning, "
     "2023-07-05 (9 firms, 372 k vehicles/yr licensed; 16.1 k recovered in H1 2023); read as "
     "an indexed copy without URL",
     ""],
    ["BATTERY-OVERCAPACITY", "China Industry News (cinn.cn), Greenpeace analysis of battery-"
     "recycling capacity: 4.233 Mt/yr white-list capacity (+11.6 %) vs 654 kt recycled in 2024",
     "https://www.cinn.cn/qc/2025/12-02/q19pPVZk.html"],
]


def main() -> None:
    keys = [(n, m) for n in SOURCES_NODES for m in COLLECTED]
    header = ["node", "material", "value", "unit", "source", "confidence", "note"]
    mine = lambda r: (r[0], r[1]) in set(keys)  # noqa: E731
    rewrite("supply_obligation", mine, [
        [n, m, 1, "1", "DECREE-715", "H", "formally collected ELVs must be dismantled by a "
         "qualified enterprise [DECREE-715][ORDER-2020-2]"] for n, m in keys], header=header)
    rewrite("stockpile_capacity", mine, [
        [n, m, YARD_T, "t", EST, "L", "assumption: yards of collected vehicles awaiting "
         "dismantling (~40 k cars, a few months of a region's collection)"] for n, m in keys],
        header=header)
    rewrite("stockpile_cost", mine, [
        [n, m, YARD_COST, "CNY/(t*yr)", EST, "L", "estimate: ~10 m2 a car at 150 CNY/m2/yr, "
         "stacked 3 high, ~1.25 t a car"] for n, m in keys], header=header)
    rewrite("process_max_new_capacity", lambda r: r[0] in BUILD, [
        [p, y, v, "kt/yr", src, "L", note] for p, (v, src, note) in BUILD.items() for y in YEARS])
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
    print(f"obligation on {len(keys)} supplies; build rates " + ", ".join(
        f"{p} {v}" for p, (v, _, _) in BUILD.items()))


if __name__ == "__main__":
    main()
