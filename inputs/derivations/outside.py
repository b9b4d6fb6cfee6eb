"""Add the alternatives outside the park to the default data package (idempotent).

Run from the repository root after ``deep_processing.py``:
``.venv/bin/python inputs/derivations/outside.py``.

* Other licensed ELV dismantlers in Hebei (at Shijiazhuang), Beijing and Tianjin: ICE ELVs
  can be depolluted and shredded there, nearer to the source but with
  magnetic separation only (non-ferrous metals hand-picked, engines and gearboxes melted with
  the steel scrap, as the five assemblies were before the 2019 rules); the steel goes to the
  Hebei mills, the non-ferrous scrap to the traders, the wastes to a Hebei landfill.
* Waste-to-energy incineration (``tj_wte``) of shredder residue, against landfill at Jinghai.

The capacities of these plants are not the park's to build (no new capacity).
"""

from __future__ import annotations

from _regions import HEBEI, HEBEI_REGIONS, LABELS, ZIYA, road_between, where_is
from _tables import process_tables, rewrite

EST = "ZIYA-EST"
LANDFILL, WTE = "hebei_landfill", "tj_wte"
BEIJING, TIANJIN = (39.904, 116.407), (39.125, 117.19)
TANGSHAN = HEBEI["tangshan"][2:]
# Other licensed ELV dismantlers: key -> (label, city, site, regions they collect from, existing
# capacity kt/yr, landfill). Capacities are set so that the region's existing ICE dismantling
# capacity (the park's 400 plus these 800 kt/yr) takes the ~945 k ELVs (1.17 Mt) formally
# recycled in Jing-Jin-Ji in 2025 [R15]; the split follows the ELVs arising (assumption).
OUTSIDE = {
    "hebei": ("Other licensed ELV dismantlers and shredders in Hebei (Shijiazhuang)",
              "Shijiazhuang", HEBEI["shijiazhuang"][2:], HEBEI_REGIONS, 400, LANDFILL),
    "beijing": ("Other licensed ELV dismantlers and shredders in Beijing", "Beijing", BEIJING,
                ["beijing"], 250, "jinghai_disposal"),
    "tianjin": ("Other licensed ELV dismantlers in Tianjin (outside Ziya)", "Tianjin", TIANJIN,
                ["tianjin"], 150, "jinghai_disposal"),
}
# Outside dismantling + shredding, per t of ICE ELV: depollution as at the park (2.8 %
# [R3][R25]); magnetic separation recovers the ferrous fraction including engines and
# gearboxes (~0.70 t/t: 740 kg iron/steel per 1.25 t car is 0.59 [R3], plus cast-iron and Al
# cores melted with the steel); hand-picked Al and Cu ~60 % of the park's yields (estimate);
# the rest is shredder residue.
YIELD = {"hazardous": 0.028, "shred_ferrous": 0.70, "shred_al": 0.05, "shred_cu": 0.012,
         "asr": 0.21}
NOTE = ("estimate: depollution as at the park (2.8 % [R3][R25]); magnetic separation only, "
        "engines and gearboxes melted with the steel scrap (as before the 2019 ELV rules); Al "
        "and Cu hand-picked at ~60 % of the park's yield; rest shredder residue (15-25 % [AEI])")


def trip(a: tuple[float, float], b: tuple[float, float], what: str
         ) -> tuple[int, str, str, str]:
    """A road trip between two sites; 30 km (collection within a city) when they are close."""
    km = road_between(a, b, what)
    return (30, EST, "L", "assumed: a trip within the city") if km[0] < 30 else km


def site_of(region: str) -> tuple[float, float]:
    return {"beijing": BEIJING, "tianjin": TIANJIN}.get(region) or where_is(region)


def outside_dismantlers() -> tuple[list[list], dict[str, tuple]]:
    """Nodes, processes and parameters of the outside dismantlers; their routes and trips."""
    nodes, routes, trips = [], [], {}
    for key, (label, city, site, regions, capacity, landfill) in OUTSIDE.items():
        node, process = f"{key}_dismantlers", f"dismantle_shred_{key}"
        nodes.append([node, label, "north_china", "CN", "park"])
        rewrite("processes", lambda r, p=process: r[0] == p, [
            [process, node, f"Depollution, dismantling and shredding outside the park, "
             f"{key.capitalize()} (magnetic separation only)", "dismantling_outside"]])
        rewrite("process_io", lambda r, p=process: r[0] == p, [
            [process, "elv_ice", "in", 1, "t/t", "ZIYA-DER", "L", "reference input"]] + [
            [process, m, "out", v, "t/t", EST, "L", NOTE] for m, v in YIELD.items()])
        process_tables(
            process,
            cost=(500, "CNY/t", EST, "L", "estimate: dismantling 600 CNY/t at the park less "
                  "fine dismantling and separation, plus shredding; no source in memo"),
            electricity=(50, "kWh/t", EST, "L", "estimate: shredding and magnets, as the "
                         "park's dismantling + shredding"),
            invest=(800, "CNY/(t/yr)", EST, "L", "estimate, as ICE dismantling (not built: no "
                    "new capacity)"),
            lifetime=(15, "yr", EST, "L", "assumed economic lifetime of recycling plant"),
            capacity=(capacity, "kt/yr", "R15", "L", "derived: the park's 400 plus 800 kt/yr "
                      "outside take the 1.17 Mt of ELVs formally recycled in 2025 [R15]; split "
                      "by ELVs arising (assumption)"),
            max_new=(0, "kt/yr", EST, "L", "not the park's to build"))
        for region in regions:
            routes.append([f"{region}-{key}out", f"src_{region}", node, "truck", "elv_ice"])
            trips[f"{region}-{key}out"] = trip(site_of(region), site,
                                               f"from {LABELS[region]} to {city}")
        for suffix, market, material, far in (
                ("mills", "tangshan_eaf", ["shred_ferrous"], TANGSHAN),
                ("traders", "tj_scrap_traders", ["shred_al", "shred_cu"], TIANJIN),
                ("landfill", landfill, ["asr", "hazardous"],
                 ZIYA if landfill == "jinghai_disposal" else None)):
            route = f"{key}out-{suffix}"
            routes += [[route, node, market, "truck", m] for m in material]
            trips[route] = ((30, EST, "L", "assumed: landfill near the city") if far is None
                            else trip(site, far, f"from {city} to {market}"))
    return nodes, {"routes": routes, "trips": trips}


def main() -> None:
    nodes, network = outside_dismantlers()
    rewrite("nodes", lambda r: r[0] in {n[0] for n in nodes} | {LANDFILL, WTE}, nodes + [
        [LANDFILL, "Licensed landfill and hazardous-waste treatment, Shijiazhuang",
         "north_china", "CN", "disposal"],
        [WTE, "Waste-to-energy incineration of industrial solid waste, Tianjin",
         "north_china", "CN", "disposal"]])
    routes = network["routes"] + [["ziya-wte", "ziya", WTE, "truck", "asr"]]
    trips = {**network["trips"], "ziya-wte": road_between(ZIYA, TIANJIN, "Ziya-Tianjin city")}
    names = {r[0] for r in routes}
    mine = lambda r: r[0] in names or "out-" in r[0] or r[0].endswith("out")  # noqa: E731
    unique = list(dict.fromkeys(tuple(r[:4]) for r in routes))
    rewrite("routes", mine, [list(r) for r in unique])
    rewrite("route_distance", mine, [[route, km, "km", source, confidence, note]
                                     for route, (km, source, confidence, note) in trips.items()])
    rewrite("route_materials", mine, [[r[0], r[4]] for r in routes])
    fees = [[LANDFILL, "asr", 300, "CNY/t", EST, "L", "estimate: as the Jinghai landfill fee"],
            [LANDFILL, "hazardous", 3000, "CNY/t", EST, "L", "estimate: as the Jinghai "
             "hazardous-waste fee"],
            [WTE, "asr", 400, "CNY/t", EST, "L", "estimate: industrial solid-waste "
             "incineration gate fee (power sales netted), no source in memo"]]
    rewrite("disposal_cost", lambda r: r[0] in (LANDFILL, WTE), fees)
    rewrite("disposal_emissions", lambda r: r[0] in (LANDFILL, WTE), [
        [LANDFILL, "asr", 0.2, "tCO2e/t", EST, "L", "estimate: as Jinghai"],
        [LANDFILL, "hazardous", 0.5, "tCO2e/t", EST, "L", "estimate: as Jinghai"],
        [WTE, "asr", 1.1, "tCO2e/t", EST, "L", "estimate: ASR ~50 % plastics and rubber at "
         "~60 % fossil carbon -> ~0.3 tC/t = 1.1 tCO2/t, no credit for the power sold"]])


if __name__ == "__main__":
    main()
