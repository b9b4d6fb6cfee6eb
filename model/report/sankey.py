"""Sankey diagram of material flows, from the result cube only.

Diagram nodes are places without processes (sources, markets, borders, disposal), the
processes themselves, and "material @ place" hubs where processes hand materials to each
other. Links are route flows, process inputs and outputs, supplies, sales and disposal at
process places. ``sankey_svg`` draws a static vector diagram (for PDF and as the HTML
fallback); ``sankey_plotly`` gives the interactive one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import numpy as np
import pandas as pd
import xarray as xr

from model.report.i18n import text
from model.report.names import names
from model.report.numbers import unit_text

__all__ = ["SankeyData", "sankey_links", "sankey_plotly", "sankey_svg"]

PALETTE = ["#1b6ca8", "#e07b39", "#3a9d5d", "#b8405e", "#7c5cbf", "#c9a227", "#4aa3a2",
           "#8c564b", "#5d6d7e", "#d35400", "#2e86c1", "#28b463", "#a93226", "#7d3c98"]


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


def _series(ds: xr.Dataset, name: str, year: int) -> pd.Series:
    if name not in ds or ds[name].size == 0 or "year" not in ds[name].dims:
        return pd.Series(dtype=float)
    return ds[name].sel(year=year).to_series().dropna()


def sankey_links(ds: xr.Dataset, year: int, min_share: float = 1e-4,
                 lang: str = "en") -> SankeyData:
    """The diagram's links for one year (links below ``min_share`` of the total are dropped),
    with the names of places, processes and materials in ``lang``."""
    process_node = pd.Series(ds["process_node"].values, index=ds["process"].values) \
        if "process_node" in ds.coords else pd.Series(dtype=str)
    hubs = set(process_node.values)
    node, material, process = (names(ds, kind, lang) for kind in ("node", "material", "process"))

    labels: dict[str, str] = {}

    def place(where: str, what: str) -> str:
        if where not in hubs:
            return node[where]
        hub = text("hub", lang, material=material[what], place=node[where])
        labels[hub] = _short(material[what])
        return hub

    rows: list[tuple[str, str, str, float]] = []
    flow = _series(ds, "flow", year)
    origin = pd.Series(ds["origin"].values, index=ds["route"].values)
    destination = pd.Series(ds["destination"].values, index=ds["route"].values)
    for (route, what), tonnes in flow.items():
        rows.append((place(origin[route], what), place(destination[route], what),
                     material[what], tonnes))
    for (proc, what), tonnes in _series(ds, "process_input", year).items():
        rows.append((place(process_node[proc], what), process[proc], material[what], tonnes))
    for (proc, what), tonnes in _series(ds, "process_output", year).items():
        rows.append((process[proc], place(process_node[proc], what), material[what], tonnes))
    for name, is_source in (("supply", True), ("sales", False), ("disposal", False)):
        for (where, what), tonnes in _series(ds, name, year).items():
            if where not in hubs:
                continue
            outside = text(f"{name}_at", lang, place=node[where])
            hub = place(where, what)
            rows.append((outside, hub, material[what], tonnes) if is_source
                        else (hub, outside, material[what], tonnes))
    links = pd.DataFrame(rows, columns=["source", "target", "material", "tonnes"])
    if not links.empty:
        links = links.groupby(["source", "target", "material"], as_index=False)["tonnes"].sum()
        links = links[links["tonnes"] > min_share * links["tonnes"].sum()]
    layers = _layers(links)
    nodes = _order(links, layers)
    return SankeyData(links.reset_index(drop=True), nodes, layers, unit_text("t", lang),
                      labels)


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
    return {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(sorted(set(materials)))}


def sankey_plotly(data: SankeyData, title: str) -> object:
    """An interactive plotly Sankey figure."""
    import plotly.graph_objects as go

    index = {n: i for i, n in enumerate(data.nodes)}
    colour = _colours(list(data.links["material"]))
    link_colour = [colour[m] + "99" for m in data.links["material"]]
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [data.label(n) for n in data.nodes], "customdata": data.nodes,
              "hovertemplate": f"%{{customdata}}: %{{value:,.0f}} {data.unit}<extra></extra>",
              "pad": 12, "thickness": 14},
        link={"source": [index[s] for s in data.links["source"]],
              "target": [index[t] for t in data.links["target"]],
              "value": data.links["tonnes"].tolist(), "color": link_colour,
              "customdata": data.links["material"].tolist(),
              "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}: "
                               f"%{{value:,.0f}} {data.unit}<extra></extra>"},
    ))
    figure.update_layout(title_text=title, font_size=11, height=760,
                         margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return figure


def sankey_svg(data: SankeyData, width: int = 1000, height: int = 560) -> str:
    """A static SVG Sankey: layered columns, bands proportional to tonnes."""
    if data.links.empty:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40"></svg>'
    out_t = data.links.groupby("source")["tonnes"].sum()
    in_t = data.links.groupby("target")["tonnes"].sum()
    size = {n: max(out_t.get(n, 0.0), in_t.get(n, 0.0)) for n in data.nodes}
    n_layers = max(data.layers.values()) + 1
    columns = [[n for n in data.nodes if data.layers[n] == k] for k in range(n_layers)]
    pad, bar, top = 6.0, 10.0, 10.0
    scale = min((height - 2 * top - pad * (len(c) - 1)) / max(sum(size[n] for n in c), 1e-9)
                for c in columns if c)
    x_step = (width - 170) / max(n_layers - 1, 1)
    position: dict[str, tuple[float, float]] = {}
    for k, column in enumerate(columns):
        y = top
        for name in column:
            position[name] = (10 + k * x_step, y)
            y += size[name] * scale + pad
    colour = _colours(list(data.links["material"]))
    used_out = dict.fromkeys(data.nodes, 0.0)
    used_in = dict.fromkeys(data.nodes, 0.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="9">']
    order = data.links.assign(ys=[position[s][1] for s in data.links["source"]],
                              yt=[position[t][1] for t in data.links["target"]])
    for link in order.sort_values(["ys", "yt"]).itertuples():
        thick = link.tonnes * scale
        x0, y0 = position[link.source][0] + bar, position[link.source][1] + used_out[link.source]
        x1, y1 = position[link.target][0], position[link.target][1] + used_in[link.target]
        used_out[link.source] += thick
        used_in[link.target] += thick
        xm = (x0 + x1) / 2
        path = (f"M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
                f"L{x1:.1f},{y1 + thick:.1f} C{xm:.1f},{y1 + thick:.1f} {xm:.1f},"
                f"{y0 + thick:.1f} {x0:.1f},{y0 + thick:.1f} Z")
        tip = escape(f"{link.source} → {link.target}: {link.material} {link.tonnes:,.0f} "
                     f"{data.unit}")
        parts.append(f'<path d="{path}" fill="{colour[link.material]}" fill-opacity="0.45">'
                     f"<title>{tip}</title></path>")
    for name, (x, y) in position.items():
        h = max(size[name] * scale, 0.8)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}" '
                     f'fill="#34495e"><title>{escape(name)}: {size[name]:,.0f} {data.unit}'
                     "</title></rect>")
        anchor, tx = ("end", x - 3) if x > width - 200 else ("start", x + bar + 3)
        parts.append(f'<text x="{tx:.1f}" y="{y + h / 2 + 3:.1f}" text-anchor="{anchor}">'
                     f"<title>{escape(name)}</title>{escape(data.label(name))}</text>")
    parts.append("</svg>")
    return "".join(parts)

