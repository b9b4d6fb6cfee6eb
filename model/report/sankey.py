"""Sankey diagram of material flows, from the result cube only.

The flows of a year form a graph keyed by ids: supplies, places, "material @ place" hubs where
processes hand materials to each other, processes, sales and disposal. Two views are drawn
from it:

* **by stage** (the default, ``detailed=False``): hubs and places are collapsed (a flow
  through a place is split over what leaves it, material by material), processes are merged
  into their stage, supplies into their material and markets into domestic sales and exports;
  flows inside one stage are left out. The default data gives about 20 nodes.
* **detailed**: every place, hub and process, as the model sees them.

``sankey_svg`` draws a static vector diagram (PDF, HTML fallback); ``sankey_html`` gives the
interactive page part: the stage view with a year slider, and the detailed view to expand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from model.report.figures import distinct_colours, home_country
from model.report.i18n import category_text, text
from model.report.names import names
from model.report.numbers import unit_text
from model.results.substances import in_tonnes

__all__ = ["SankeyData", "sankey_caption", "sankey_html", "sankey_links", "sankey_plotly",
           "sankey_svg", "sankey_views"]

SEP = "|"  # joins the parts of a node key: "hub|ziya|shred_cu", "stage|smelting"
MOST_SUPPLIES = 6  # supply nodes of the stage view; smaller supplies are merged
FONT = '"Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", sans-serif'


@dataclass(frozen=True)
class SankeyData:
    """Links (source, target, material, tonnes) and nodes in layer order; a node is its full
    name, ``labels`` gives the shorter text drawn next to it (a hub: just its material);
    ``unit`` is the tonne in the diagram's language."""

    links: pd.DataFrame
    nodes: list[str]
    layers: dict[str, int]
    unit: str = "t"
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, node: str) -> str:
        """The text drawn for ``node``."""
        return self.labels.get(node) or _short(node)


def _frame(ds: xr.Dataset, name: str, years: list[int]) -> pd.DataFrame:
    """A variable of the cube as rows (its dims..., tonnes) for ``years``, NaN left out."""
    if name not in ds or ds[name].size == 0 or "year" not in ds[name].dims:
        return pd.DataFrame({"node": pd.Series(dtype=object), "material": pd.Series(dtype=object),
                             "year": pd.Series(dtype=int), "tonnes": pd.Series(dtype=float)})
    series = in_tonnes(ds[name]).sel(year=years).to_series().dropna()
    return series.astype(float).rename("tonnes").reset_index()


def flow_graph(ds: xr.Dataset, years: list[int]) -> pd.DataFrame:
    """Every flow of ``years`` as a link between id keys: source, target, material (id),
    year, tonnes. A place that hosts processes is one hub per material ("hub|n|m"), any other
    place is "place|n"; supplies, sales and disposal are "supply|n", "sales|n", "disposal|n".
    """
    process_node = pd.Series(ds["process_node"].values, index=ds["process"].values) \
        if "process_node" in ds.coords else pd.Series(dtype=str)
    hubs = set(process_node.values)

    def place(where: pd.Series, what: pd.Series) -> pd.Series:
        hub = where.isin(hubs)
        hub_key = "hub|" + where.astype(str) + SEP + what.astype(str)
        return pd.Series(np.where(hub, hub_key, "place|" + where.astype(str)), index=where.index)

    parts = []
    flow = _frame(ds, "flow", years)
    if not flow.empty:
        ends = {k: flow["route"].map(pd.Series(ds[k].values, index=ds["route"].values))
                for k in ("origin", "destination")}
        parts.append(flow.assign(source=place(ends["origin"], flow["material"]),
                                 target=place(ends["destination"], flow["material"])))
    for name, inbound in (("process_input", True), ("process_output", False)):
        rows = _frame(ds, name, years)
        if rows.empty:
            continue
        at = place(rows["process"].map(process_node), rows["material"])
        proc = "process|" + rows["process"].astype(str)
        parts.append(rows.assign(source=at if inbound else proc, target=proc if inbound else at))
    for name in ("supply", "sales", "disposal"):
        rows = _frame(ds, name, years)
        outside, at = name + SEP + rows["node"].astype(str), place(rows["node"], rows["material"])
        is_source = name == "supply"
        parts.append(rows.assign(source=outside if is_source else at,
                                 target=at if is_source else outside))
    columns = ["source", "target", "material", "year", "tonnes"]
    links = pd.concat([p[columns] for p in parts if not p.empty], ignore_index=True) \
        if any(not p.empty for p in parts) else pd.DataFrame(columns=columns)
    links = links.astype({"tonnes": float})
    return _grouped(links[links["tonnes"] > 0])


def _grouped(links: pd.DataFrame) -> pd.DataFrame:
    """Links summed by (source, target, material, year), self-loops left out."""
    links = links[links["source"] != links["target"]]
    return links.groupby(["source", "target", "material", "year"], as_index=False)["tonnes"].sum()


def _collapse(links: pd.DataFrame, node: str) -> pd.DataFrame:
    """``links`` without ``node``: what enters it goes on to where its material leaves it, in
    proportion to the tonnes leaving (per material and year); round trips are dropped."""
    into, out = links[links["target"] == node], links[links["source"] == node]
    rest = links[(links["target"] != node) & (links["source"] != node)]
    if into.empty or out.empty:
        return rest
    share = out["tonnes"] / out.groupby(["material", "year"])["tonnes"].transform("sum")
    through = into.merge(out.assign(share=share), on=["material", "year"], suffixes=("", "_out"))
    through = through.assign(target=through["target_out"],
                             tonnes=through["tonnes"] * through["share"])
    return _grouped(pd.concat([rest, through[rest.columns]], ignore_index=True))


def stage_graph(ds: xr.Dataset, links: pd.DataFrame) -> pd.DataFrame:
    """The flow graph by stage: places and hubs collapsed, processes merged into stages
    ("stage|s"), supplies into their material ("in|m", the smallest as "in|"), sales into
    "market|home" and "market|abroad", disposal into "waste|"."""
    for node in sorted({n for n in pd.concat([links["source"], links["target"]])
                        if n.startswith(("hub|", "place|"))}):
        links = _collapse(links, node)
    stage = dict(zip(ds["process"].values, ds["process_stage"].values, strict=True)) \
        if "process_stage" in ds.coords else {}
    country = dict(zip(ds["node"].values, ds["node_country"].values, strict=True)) \
        if "node_country" in ds.coords else {}
    home = home_country(ds)
    supplied = links[links["source"].str.startswith("supply|")]
    kept = set(supplied.groupby("material")["tonnes"].sum().nlargest(MOST_SUPPLIES).index)

    def group(key: str, material: str) -> str:
        kind, _, rest = key.partition(SEP)
        if kind == "process":
            return f"stage|{stage.get(rest, rest)}"
        if kind == "supply":
            return f"in|{material if material in kept else ''}"
        if kind == "sales":
            return "market|" + ("home" if country.get(rest, home) == home else "abroad")
        return "waste|" if kind == "disposal" else key

    return _grouped(links.assign(
        source=[group(k, m) for k, m in zip(links["source"], links["material"], strict=True)],
        target=[group(k, m) for k, m in zip(links["target"], links["material"], strict=True)]))


def _namer(ds: xr.Dataset, lang: str) -> tuple[dict[str, str], Callable[[str], tuple[str, str]]]:
    """Material names, and a function from node key to (full name, short label), in ``lang``
    (an empty label: the full name, shortened, is drawn)."""
    node, material, process, stage = (names(ds, kind, lang)
                                      for kind in ("node", "material", "process", "stage"))

    def name(key: str) -> tuple[str, str]:
        kind, _, rest = key.partition(SEP)
        where, _, what = rest.partition(SEP)
        if kind == "hub":
            return text("hub", lang, material=material[what], place=node[where]), material[what]
        if kind in ("supply", "sales", "disposal"):
            return text(f"{kind}_at", lang, place=node[where]), ""
        if kind == "in":
            label = material[rest] if rest else text("other_supply", lang)
            return text("supply_at", lang, place=label), label
        if kind == "market":
            full = text("domestic_sales" if rest == "home" else "exports", lang)
            return full, full
        fixed = {"place": node[rest], "process": process[rest],
                 "stage": stage[rest],
                 "waste": category_text("disposal", lang)}
        return fixed.get(kind, rest), ""

    return material, name


def sankey_views(ds: xr.Dataset, years: list[int], lang: str = "en", detailed: bool = False,
                 min_share: float = 1e-4) -> dict[int, SankeyData]:
    """The diagram of each year in ``years`` (by stage unless ``detailed``), names in
    ``lang``; links below ``min_share`` of the year's total are dropped."""
    links = flow_graph(ds, years)
    if detailed:  # supplies, sales and disposal drawn only where processes are
        source, target = links["source"].str, links["target"].str
        links = links[~(source.startswith("supply|") & ~target.startswith("hub|"))
                      & ~(target.startswith(("sales|", "disposal|")) & ~source.startswith("hub|"))]
    else:
        links = stage_graph(ds, links)
    material, name = _namer(ds, lang)
    views = {}
    for year in years:
        part = links[links["year"] == year]
        part = part[part["tonnes"] > min_share * part["tonnes"].sum()]
        views[year] = _named(part, name, material, unit_text("t", lang))
    return views


def _named(links: pd.DataFrame, name: Callable[[str], tuple[str, str]],
           material: dict[str, str], unit: str) -> SankeyData:
    """One year's links between node keys as a diagram between names."""
    keys = set(links["source"]) | set(links["target"])
    full = {k: name(k) for k in sorted(keys)}
    frame = pd.DataFrame({"source": links["source"].map({k: f for k, (f, _) in full.items()}),
                          "target": links["target"].map({k: f for k, (f, _) in full.items()}),
                          "material": links["material"].map(material),
                          "tonnes": links["tonnes"]})
    frame = frame.groupby(["source", "target", "material"], as_index=False)["tonnes"].sum()
    layers = _layers(frame)
    return SankeyData(frame, _order(frame, layers), layers, unit,
                      {f: short for f, short in full.values() if short})


def sankey_caption(ds: xr.Dataset, year: int, lang: str) -> str:
    """The caption of the stage view: its year and the park (the place with most processes)."""
    hosts = pd.Series(ds["process_node"].values).mode() if "process_node" in ds.coords \
        else pd.Series(dtype=str)
    park = names(ds, "node", lang)[str(hosts.iloc[0])] if len(hosts) else ""
    return text("sankey_stage_caption", lang, year=year, park=park)


def sankey_links(ds: xr.Dataset, year: int, min_share: float = 1e-4, lang: str = "en",
                 detailed: bool = False) -> SankeyData:
    """The diagram of one year (see ``sankey_views``)."""
    return sankey_views(ds, [year], lang, detailed, min_share)[year]


def _order(links: pd.DataFrame, layers: dict[str, int]) -> list[str]:
    """Order nodes column by column by the tonne-weighted mean rank of their sources."""
    rank: dict[str, float] = {}
    ordered: list[str] = []
    for k in range(max(layers.values(), default=-1) + 1):
        column = [n for n in layers if layers[n] == k]

        def key(name: str) -> tuple[float, str]:
            inbound = links[links["target"] == name]
            known = inbound[inbound["source"].isin(rank)]
            if known.empty:
                return (0.0, name)
            weights = known["tonnes"].to_numpy()
            ranks = known["source"].map(rank).to_numpy()
            return (float(np.average(ranks, weights=weights + 1e-12)), name)

        column.sort(key=key)
        rank.update({n: i / max(len(column), 1) for i, n in enumerate(column)})
        ordered += column
    return ordered


def _acyclic(names: list[str], edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``edges`` without the back edges of a depth-first search (a loop such as rejected
    modules going back to recycling would otherwise push every later node to the right)."""
    succ: dict[str, list[str]] = {n: [] for n in names}
    for a, b in edges:
        succ[a].append(b)
    has_in = {b for _, b in edges}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in [n for n in names if n not in has_in] + names:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(succ[child])))
    return [e for e in edges if e not in back]


def _layers(links: pd.DataFrame) -> dict[str, int]:
    """Longest-path layer of each node, loops cut at their back edges; sinks in the last."""
    names = sorted(set(links["source"]) | set(links["target"]))
    layer = dict.fromkeys(names, 0)
    edges = _acyclic(names, list(zip(links["source"], links["target"], strict=True)))
    for _ in range(len(names)):
        changed = False
        for a, b in edges:
            if layer[b] < layer[a] + 1:
                layer[b] = layer[a] + 1
                changed = True
        if not changed:
            break
    last = max(layer.values(), default=0)
    sinks = set(names) - set(links["source"])
    return {n: (last if n in sinks else k) for n, k in layer.items()}


def _short(name: str, most: int = 42) -> str:
    """A diagram label cut to ``most`` characters (the full name is in its tooltip)."""
    return name if len(name) <= most else name[:most - 1].rstrip(" ,(（、") + "…"


def _colours(materials: list[str]) -> dict[str, str]:
    kinds = sorted(set(materials))
    return dict(zip(kinds, distinct_colours(len(kinds)), strict=True))


def _trace(data: SankeyData, colour: dict[str, str], visible: bool) -> object:
    """One plotly Sankey trace of one year."""
    import plotly.graph_objects as go

    index = {n: i for i, n in enumerate(data.nodes)}
    return go.Sankey(
        visible=visible, arrangement="snap",
        node={"label": [data.label(n) for n in data.nodes], "customdata": data.nodes,
              "hovertemplate": f"%{{customdata}}: %{{value:,.0f}} {data.unit}<extra></extra>",
              "pad": 12, "thickness": 14},
        link={"source": [index[s] for s in data.links["source"]],
              "target": [index[t] for t in data.links["target"]],
              "value": data.links["tonnes"].tolist(),
              "color": [colour[m] + "99" for m in data.links["material"]],
              "customdata": data.links["material"].tolist(),
              "hovertemplate": "%{source.customdata} → %{target.customdata}<br>%{customdata}: "
                               f"%{{value:,.0f}} {data.unit}<extra></extra>"})


def sankey_plotly(views: dict[int, SankeyData] | SankeyData, title: str,
                  year: int | None = None, lang: str = "en", height: int = 620) -> object:
    """An interactive plotly Sankey figure: one trace per year, a slider to pick the year
    (``year`` first; default the last); one diagram alone has no slider."""
    import plotly.graph_objects as go

    if isinstance(views, SankeyData):
        views = {year or 0: views}
    years = list(views)
    active = years.index(year) if year in views else len(years) - 1
    colour = _colours([m for v in views.values() for m in v.links["material"]])
    figure = go.Figure([_trace(views[y], colour, i == active) for i, y in enumerate(years)])
    steps = [{"label": str(y), "method": "restyle",
              "args": [{"visible": [j == i for j in range(len(years))]}]}
             for i, y in enumerate(years)]
    figure.update_layout(
        title_text=title, font_size=11, height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        sliders=[{"active": active, "steps": steps, "pad": {"t": 20},
                  "currentvalue": {"prefix": text("year_prefix", lang)}}] if len(years) > 1
        else [])
    return figure


def sankey_html(ds: xr.Dataset, year: int, lang: str, detailed: bool = False) -> str:
    """The interactive diagram as an HTML part (plotly.js inlined in the stage view only)."""
    years = [int(y) for y in ds["year"].values]
    views = sankey_views(ds, years, lang, detailed)
    figure: Any = sankey_plotly(views, "", year, lang, 900 if detailed else 620)
    div = "sankey-detail-plot" if detailed else "sankey-plot"
    return str(figure.to_html(full_html=False, include_plotlyjs=not detailed, div_id=div,
                              config={"displaylogo": False, "responsive": True}))


def _width(label: str, size: float) -> float:
    """Rough width of ``label`` in px at font ``size`` (CJK characters one em wide)."""
    return sum(size if ord(c) > 0x2E7F else 0.56 * size for c in label)


def _wrap(label: str, room: float, size: float, most: int = 3) -> list[str]:
    """``label`` in lines no wider than ``room`` (words kept whole; CJK broken anywhere),
    at most ``most`` lines (the last cut with an ellipsis)."""
    tokens = label.split(" ") if " " in label else list(label)
    glue = " " if " " in label else ""
    lines = [""]
    for token in tokens:
        trial = (lines[-1] + glue + token) if lines[-1] else token
        if lines[-1] and _width(trial, size) > room:
            lines.append(token)
        else:
            lines[-1] = trial
    if len(lines) > most:
        lines = [*lines[:most - 1], glue.join(lines[most - 1:])]
    while _width(lines[-1], size) > room and len(lines[-1]) > 2:
        lines[-1] = lines[-1][:-2].rstrip() + "…"
    return lines


@dataclass(frozen=True)
class _Box:
    """Where a node is drawn: bar at (x, y) of height h; label lines centred at y_text."""

    x: float
    y: float
    h: float
    lines: list[str]


def _layout(data: SankeyData, width: int, height: int, size: float) -> tuple[
        dict[str, _Box], float, float]:
    """Node boxes, tonnes-to-px scale and the drawing's height: each node gets at least the
    height of its label, the last column's labels stand right of their bars."""
    out_t = data.links.groupby("source")["tonnes"].sum()
    in_t = data.links.groupby("target")["tonnes"].sum()
    tonnes = {n: max(out_t.get(n, 0.0), in_t.get(n, 0.0)) for n in data.nodes}
    n_layers = max(data.layers.values()) + 1
    columns = [[n for n in data.nodes if data.layers[n] == k] for k in range(n_layers)]
    bar, pad, line = 10.0, 6.0, size * 1.25
    right = min(max(_width(data.label(n), size) for n in columns[-1]) + 6, width * 0.22)
    step = (width - right - bar - 2) / max(n_layers - 1, 1)
    room = [step - bar - 8] * (n_layers - 1) + [right - 4]
    lines = {n: _wrap(data.label(n), room[k], size)
             for k, c in enumerate(columns) for n in c}
    scale = min((height - pad * (len(c) - 1)) / max(sum(tonnes[n] for n in c), 1e-9)
                for c in columns if c)
    boxes, bottom = {}, 0.0
    for k, column in enumerate(columns):
        y = 2.0
        for name in column:
            h = max(tonnes[name] * scale, 1.0)
            slot = max(h, len(lines[name]) * line)
            boxes[name] = _Box(2 + k * step, y + (slot - h) / 2, h, lines[name])
            y += slot + pad
        bottom = max(bottom, y)
    return boxes, scale, bottom + 2


def sankey_svg(data: SankeyData, width: int = 760, height: int = 470, size: float = 11.0) -> str:
    """A static SVG Sankey: layered columns, bands proportional to tonnes, labels of at least
    ``size`` px, each on a white backing (760 px across A4's text width: 11 px is 7.5 pt)."""
    if data.links.empty:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40"></svg>'
    boxes, scale, total = _layout(data, width, height, size)
    colour = _colours(list(data.links["material"]))
    used_out = dict.fromkeys(data.nodes, 0.0)
    used_in = dict.fromkeys(data.nodes, 0.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total:.0f}" '
             f'viewBox="0 0 {width} {total:.0f}" font-family=\'{FONT}\' font-size="{size}">']
    order = data.links.assign(ys=[boxes[s].y for s in data.links["source"]],
                              yt=[boxes[t].y for t in data.links["target"]])
    for link in order.sort_values(["ys", "yt"]).itertuples():
        thick = link.tonnes * scale
        a, b = boxes[str(link.source)], boxes[str(link.target)]
        x0, y0, x1, y1 = a.x + 10, a.y + used_out[link.source], b.x, b.y + used_in[link.target]
        used_out[link.source] += thick
        used_in[link.target] += thick
        xm = (x0 + x1) / 2
        path = (f"M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
                f"L{x1:.1f},{y1 + thick:.1f} C{xm:.1f},{y1 + thick:.1f} {xm:.1f},"
                f"{y0 + thick:.1f} {x0:.1f},{y0 + thick:.1f} Z")
        tip = escape(f"{link.source} → {link.target}: {link.material} {link.tonnes:,.0f} "
                     f"{data.unit}")
        parts.append(f'<path d="{path}" fill="{colour[str(link.material)]}" '
                     f'fill-opacity="0.45"><title>{tip}</title></path>')
    for name, box in boxes.items():
        parts.append(f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="10" height="{box.h:.1f}" '
                     f'fill="#34495e"><title>{escape(name)}</title></rect>')
        parts.append(_label(name, box, size))
    parts.append("</svg>")
    return "".join(parts)


def _label(name: str, box: _Box, size: float) -> str:
    """A node's label right of its bar, on a translucent white backing."""
    line = size * 1.25
    top = box.y + box.h / 2 - len(box.lines) * line / 2
    wide = max(_width(t, size) for t in box.lines)
    spans = "".join(f'<tspan x="{box.x + 14:.1f}" y="{top + (i + 0.8) * line:.1f}">'
                    f"{escape(t)}</tspan>" for i, t in enumerate(box.lines))
    return (f'<rect x="{box.x + 12:.1f}" y="{top:.1f}" width="{wide + 4:.1f}" '
            f'height="{len(box.lines) * line:.1f}" fill="#fff" fill-opacity="0.7"/>'
            f'<text class="node-label"><title>{escape(name)}</title>{spans}</text>')
