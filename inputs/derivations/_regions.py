"""The collection regions of the default data: Beijing, Tianjin, and Hebei city by city.

Each region is a source node ``src_<key>`` joined to the park by the truck route
``<key>-ziya``. Hebei's end-of-life cars, packs and scrap are split among its main cities by
their share of the province's population (Hebei Statistical Yearbook 2007, end-2006, in
10,000 persons [HEBEI-YB2007]); the five smaller prefectures are one region. Road distances
to the park are great-circle distances from city centres (Wikipedia coordinates [WIKI-COORD])
times a road circuity of 1.25 (network / straight-line distance ~1.2-1.3 [CIRCUITY]); with
the same rule Ziya-Beijing comes out at 160 km and Ziya-Xingang at 92 km against the ~150 and
~90 km of [R4], so Beijing and Tianjin keep their [R4] distances.
"""

from __future__ import annotations

import math

ZIYA = (38.82, 116.92)  # Ziya park, Jinghai district, Tianjin (approximate centre)
CIRCUITY = 1.25
# key: (label, population 10k end-2006 [HEBEI-YB2007], latitude, longitude)
HEBEI = {
    "shijiazhuang": ("Shijiazhuang", 978, 38.04, 114.51),
    "tangshan": ("Tangshan", 739, 39.63, 118.18),
    "baoding": ("Baoding", 1085, 38.87, 115.46),
    "langfang": ("Langfang", 406, 39.52, 116.68),
    "handan": ("Handan", 876, 36.61, 114.54),
    "cangzhou": ("Cangzhou", 693, 38.30, 116.84),
}
HEBEI_TOTAL = 6943  # Hebei province, 10k persons end-2006 [HEBEI-YB2007]
# the other five prefectures (population = total - the six cities above)
OTHER_CITIES = {"Zhangjiakou": (40.77, 114.88), "Chengde": (40.95, 117.96),
                "Qinhuangdao": (39.94, 119.60), "Xingtai": (37.07, 114.50),
                "Hengshui": (37.74, 115.67)}
OTHER = "hebei_other"

LABELS = {"beijing": "Beijing", "tianjin": "Tianjin",
          **{k: v[0] for k, v in HEBEI.items()},
          OTHER: "rest of Hebei (" + ", ".join(OTHER_CITIES) + ")"}
REGIONS = list(LABELS)  # every collection region, in table order
HEBEI_REGIONS = [*HEBEI, OTHER]


def hebei_share(key: str) -> float:
    """Share of Hebei's population living in region ``key`` (0 outside Hebei)."""
    if key == OTHER:
        return 1 - sum(v[1] for v in HEBEI.values()) / HEBEI_TOTAL
    return HEBEI[key][1] / HEBEI_TOTAL if key in HEBEI else 0.0


def _great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def road_between(a: tuple[float, float], b: tuple[float, float], what: str
                 ) -> tuple[int, str, str, str]:
    """(km, source, confidence, note) of a road trip between two coordinates."""
    crow = _great_circle_km(a, b)
    return (int(round(crow * CIRCUITY, -1)), "CIRCUITY", "L",
            f"derived: great-circle {crow:.0f} km {what} [WIKI-COORD] x {CIRCUITY} road "
            "circuity")


def where_is(key: str) -> tuple[float, float]:
    """Coordinates of a Hebei region's centre (a city, or the mean of the other five)."""
    if key == OTHER:
        points = list(OTHER_CITIES.values())
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return HEBEI[key][2], HEBEI[key][3]


def road_km(key: str) -> tuple[float, str, str, str]:
    """(km, source, confidence, note) of the truck route from region ``key`` to the park."""
    if key == "beijing":
        return 150, "R4", "M", "Ziya-Beijing ~150 km road [R4]"
    if key == "tianjin":
        return 60, "R4", "M", "Ziya-Tianjin city ~60 km road [R4]"
    if key == OTHER:
        km = [_great_circle_km(ZIYA, c) * CIRCUITY for c in OTHER_CITIES.values()]
        return (int(round(sum(km) / len(km), -1)), "CIRCUITY", "L",
                "derived: mean over " + ", ".join(OTHER_CITIES) + " of great-circle distance "
                f"to Ziya x {CIRCUITY} road circuity")
    return road_between(HEBEI[key][2:], ZIYA, f"from {HEBEI[key][0]} to Ziya")


SOURCES_ROWS = [
    ["HEBEI-YB2007", "Hebei Provincial Bureau of Statistics, Hebei Economic Yearbook 2007, "
     "population at year-end 2006 by city (10,000 persons: Shijiazhuang 978, Tangshan 739, "
     "Baoding 1,085, Langfang 406, Handan 876, Cangzhou 693; province 6,943)",
     "http://tjj.hebei.gov.cn/extra/col20/2005.htm"],
    ["WIKI-COORD", "Wikipedia city articles, coordinates of the city centres of Hebei's "
     "prefecture-level cities", "https://en.wikipedia.org/wiki/List_of_cities_in_China"],
    ["CIRCUITY", "Wikibooks, Transportation Geography and Network Science / Circuity (network "
     "distance ~1.2 x Euclidean, Newell 1980; national road circuity 1.26, Kim et al. 2015)",
     "https://en.wikibooks.org/wiki/Transportation_Geography_and_Network_Science/Circuity"],
]
