"""Static report figures (matplotlib, SVG with text kept as text), from the result cube only."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import subprocess
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xarray as xr  # noqa: E402

from model.report.i18n import category_text, text  # noqa: E402
from model.report.names import names  # noqa: E402
from model.report.numbers import clean, scale_for  # noqa: E402
from model.results.ledger import scope_table  # noqa: E402
from model.results.substances import in_tonnes  # noqa: E402

__all__ = ["avoided_figure", "capacity_figure", "corridor_figure", "cost_figure",
           "distinct_colours", "emission_figure", "export_figure", "line_figure", "svg"]

COLOURS = ["#1b6ca8", "#e07b39", "#3a9d5d", "#b8405e", "#7c5cbf", "#c9a227", "#4aa3a2",
           "#8c564b", "#5d6d7e", "#d35400"]
plt.rcParams.update({
    "svg.fonttype": "none",
    "svg.hashsalt": "ziya",
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.constrained_layout.use": True,
})

#: Matplotlib's tab20 reordered: the ten strong hues first, then their light partners.
DISTINCT = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896",
            "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"]
FULL_WIDTH = 7.2  # inches: A4 text width; charts are drawn across the page (CSS width 100%)
CJK_FAMILY = "Noto Sans CJK"
GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from")

log = logging.getLogger(__name__)


def _cjk_files() -> list[str]:
    """Installed Noto Sans CJK font files (fontconfig's list, else the Debian location)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                                timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    files = [line.split(":")[0].strip() for line in listed.splitlines()]
    files += [str(f) for f in Path("/usr/share/fonts").glob("**/NotoSansCJK*")]
    return [f for f in dict.fromkeys(files) if "NotoSansCJK" in Path(f).name]


def register_cjk_fonts() -> list[str]:
    """Make matplotlib see the CJK font even if its font cache was built before it was
    installed (``make run`` before ``make test`` on a fresh machine); returns what was added.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if any(f.name.startswith(CJK_FAMILY) for f in manager.ttflist):
        return []
    added = []
    for path in _cjk_files():
        manager.addfont(path)
        added.append(path)
    return added


register_cjk_fonts()


class _NoFontFamilyNotes(logging.Filter):
    """Drops matplotlib's "findfont: Font family ... not found" lines (one note says it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("findfont:")


logging.getLogger("matplotlib.font_manager").addFilter(_NoFontFamilyNotes())


@functools.cache
def _missing_font_note() -> None:
    """Say once per process that the charts lack a font for their characters."""
    log.warning("the chart font has no Chinese characters (they show as empty boxes): install "
                "Noto Sans CJK (Debian: apt-get install fonts-noto-cjk) and write the report "
                "again")


def _draw(figure: plt.Figure, buffer: io.StringIO) -> None:
    """Save the figure as SVG; matplotlib's warning per missing glyph becomes one note."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    missing = False
    for item in caught:
        if GLYPH_WARNING.search(str(item.message)):
            missing = True
        else:  # anything else goes on as if it had not been caught
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    if missing:
        _missing_font_note()


def svg(figure: plt.Figure) -> str:
    """The figure as an inline SVG string (deterministic, no date metadata).

    Element ids get a prefix unique to the figure's content, so that several figures inlined
    in one page never share an id (which would mix up their clip paths).
    """
    buffer = io.StringIO()
    _draw(figure, buffer)
    plt.close(figure)
    body = buffer.getvalue()
    body = body[body.index("<svg"):]
    prefix = "f" + hashlib.sha1(body.encode()).hexdigest()[:8] + "-"
    body = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', body)
    body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", body)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', body)


def distinct_colours(n: int) -> list[str]:
    """``n`` different colours: ``DISTINCT`` for up to 20, else evenly spaced hues."""
    if n <= len(DISTINCT):
        return DISTINCT[:n]
    cycle = matplotlib.colormaps["turbo"]
    return [matplotlib.colors.to_hex(cycle(i / (n - 1))) for i in range(n)]


def _tick(value: float, factor: float) -> str:
    """An axis tick in the axis's display unit: separators, no trailing zeros, no -0."""
    return f"{clean(value / factor):,.3f}".rstrip("0").rstrip(".")


def _units(axis: plt.Axes, values: object, quantity: str | None, lang: str,
           per_year: bool = True, which: str = "y") -> str:
    """Scale an axis to one display unit (bn CNY, 亿元, Mt, 万吨, ...); return the unit for
    its label (``''`` for ``quantity`` None: the numbers as they are, never in e-notation)."""
    numbers = np.abs(np.asarray(values, dtype=float))
    biggest = float(np.nanmax(numbers)) if np.isfinite(numbers).any() else 0.0
    factor, unit = scale_for(biggest, quantity, lang) if quantity else (1.0, "")
    side = axis.yaxis if which == "y" else axis.xaxis
    side.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: _tick(v, factor)))
    return text("per_year", lang, unit=unit) if unit and per_year else unit


def _legend(axis: plt.Axes, columns: int) -> None:
    """The axis's legend below the plot, inside the figure (constrained layout), so every
    chart keeps the figure's width and is scaled alike on the page."""
    handles, labels = axis.get_legend_handles_labels()
    axis.figure.legend(handles, labels, fontsize=8, ncols=min(columns, 4), frameon=False,
                       loc="outside lower left")


def _bars(axis: plt.Axes, frame: pd.DataFrame, colours: dict[str, str]) -> np.ndarray:
    """Stacked bars on ``axis`` (index = year, columns = series): positive values stack up
    from zero, negative ones (a refund, a credit) down from zero; returns the net totals."""
    up, down = np.zeros(len(frame)), np.zeros(len(frame))
    for column in frame.columns:
        values = frame[column].fillna(0).to_numpy()
        axis.bar(frame.index.astype(str), values, bottom=np.where(values >= 0, up, down),
                 label=str(column), color=colours[str(column)])
        up += np.maximum(values, 0.0)
        down += np.minimum(values, 0.0)
    if (down < 0).any():
        axis.axhline(0.0, color="black", linewidth=0.6)
    return up + down


def _stacked(frame: pd.DataFrame, title: str, quantity: str, lang: str) -> tuple[
        plt.Figure, plt.Axes]:
    """Stacked bars: index = year, columns = series (the figure, still open)."""
    figure, axis = plt.subplots(figsize=(FULL_WIDTH, 3.3))
    colours = dict(zip(map(str, frame.columns), distinct_colours(len(frame.columns)),
                       strict=True))
    bottom = _bars(axis, frame, colours)
    axis.set_title(title, loc="left")
    axis.set_ylabel(_units(axis, bottom, quantity, lang))
    return figure, axis


def cost_figure(ds: xr.Dataset, lang: str) -> str:
    """Cost by category and year; when one category is most of the cost (acquisition), a
    second panel shows the other categories on their own scale."""
    frame = ds["cost"].to_pandas().T
    frame = frame.loc[:, frame.abs().sum() > 0]
    big = str(frame.sum().idxmax()) if frame.shape[1] > 1 else ""
    dominant = bool(big) and frame[big].sum() > 0.6 * frame.to_numpy().sum()
    labels = {str(c): category_text(str(c), lang) for c in frame.columns}
    frame.columns = [labels[str(c)] for c in frame.columns]
    colours = dict(zip(frame.columns, distinct_colours(len(frame.columns)), strict=True))
    if not dominant:
        figure, axis = _stacked(frame, text("cost_chart", lang), "money", lang)
        _legend(axis, len(frame.columns))
        return svg(figure)
    figure, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.3),
                                         gridspec_kw={"width_ratios": [1, 1.4]})
    left.set_ylabel(_units(left, _bars(left, frame, colours), "money", lang))
    left.set_title(text("cost_chart", lang), loc="left")
    rest = frame.drop(columns=labels[big])
    right.set_ylabel(_units(right, _bars(right, rest, colours), "money", lang))
    right.set_title(text("cost_chart_without", lang, category=labels[big]), loc="left")
    for axis in (left, right):
        axis.tick_params(axis="x", labelrotation=90)
    _legend(left, len(frame.columns))
    return svg(figure)


def emission_figure(ds: xr.Dataset, lang: str) -> str:
    """Gross emissions by scope (stacked bars), and the carbon cap of the years that have one
    (a line; the cap bounds the emissions its instrument covers, which may be fewer)."""
    frame = scope_table(ds)
    frame.columns = [text(str(c), lang) for c in frame.columns]
    figure, axis = _stacked(frame, text("emission_chart", lang), "emissions", lang)
    cap = pd.Series(ds["carbon_cap"].to_numpy(), ds["year"].to_numpy(), dtype=float) \
        if "carbon_cap" in ds and ds["carbon_cap"].dims == ("year",) else pd.Series(dtype=float)
    cap = cap[np.isfinite(cap)]
    if len(cap):
        years = list(frame.index.astype(str))
        axis.plot([years.index(str(y)) for y in cap.index], cap.to_numpy(), color="#b3261e",
                  linewidth=2, marker="_", markersize=10, label=text("cap_line", lang),
                  gid="carbon-cap-line")
        axis.set_ylim(0, max(axis.get_ylim()[1], float(cap.max()) * 1.05))
    _legend(axis, len(frame.columns) + bool(len(cap)))
    return svg(figure)


def avoided_figure(ds: xr.Dataset, lang: str) -> str:
    """Gross, avoided and net emissions per year ('' when nothing is avoided)."""
    avoided = ds["ledger_avoided"]
    if not avoided.ndim or float(avoided.sum()) <= 0:
        return ""
    frame = pd.DataFrame({
        text("emissions", lang): ds["ledger_gross"].to_pandas(),
        text("avoided_series", lang): avoided.sum("material").to_pandas(),
    })
    return line_figure(frame, text("avoided_chart", lang), "emissions", lang)


def capacity_figure(ds: xr.Dataset, lang: str) -> str:
    """Capacity use (activity / capacity) by stage over the years ('' without processes);
    every stage its own colour, the second ten dashed."""
    if ds.sizes.get("process", 0) == 0:
        return ""
    activity = ds["activity"].groupby("process_stage").sum()
    capacity = ds["capacity"].groupby("process_stage").sum()
    use = (activity / capacity.where((capacity > 0) & np.isfinite(capacity))).to_pandas().T
    stage = names(ds, "stage", lang)
    figure, axis = plt.subplots(figsize=(FULL_WIDTH, 3.3))
    colours = distinct_colours(len(use.columns))
    for i, column in enumerate(use.columns):
        axis.plot(use.index.astype(str), use[column].to_numpy(), marker="o", markersize=3,
                  label=stage[str(column)], color=colours[i],
                  linestyle="-" if i < 10 else "--", gid=f"capacity-{column}")
    axis.set_ylim(0, 1.05)
    axis.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    axis.set_title(text("capacity_chart", lang), loc="left")
    _legend(axis, 4)
    return svg(figure)


def exports(ds: xr.Dataset) -> pd.DataFrame:
    """Tonnes sold to nodes outside the park's country: year x destination."""
    home = home_country(ds)
    sales = in_tonnes(ds["sales"]).sum("material", min_count=1).to_pandas()
    country = pd.Series(ds["node_country"].values, index=ds["node"].values)
    foreign = [n for n in sales.index if country.get(n, home) != home]
    return sales.loc[foreign].T.fillna(0.0) if foreign else pd.DataFrame()


def home_country(ds: xr.Dataset) -> str:
    """The country of the places that host processes (the park's country)."""
    if "process_node" not in ds.coords or "node_country" not in ds.coords:
        return ""
    country = pd.Series(ds["node_country"].values, index=ds["node"].values)
    hosts = country.reindex(pd.unique(ds["process_node"].values)).dropna()
    return str(hosts.mode().iloc[0]) if len(hosts) else ""


def export_figure(ds: xr.Dataset, lang: str) -> str:
    """Exports by destination and year ('' when nothing is exported)."""
    frame = exports(ds)
    if frame.empty or float(frame.to_numpy().sum()) <= 0:
        return ""
    place = names(ds, "node", lang)
    frame.columns = [place[str(c)] for c in frame.columns]
    figure, axis = _stacked(frame, text("export_chart", lang), "mass", lang)
    _legend(axis, len(frame.columns))
    return svg(figure)


def corridor_figure(ds: xr.Dataset, lang: str) -> str:
    """Tonnes across borders by corridor and year: exports above zero, imports below
    ('' when nothing crosses a border)."""
    from model.results.trade import trade_flows

    flows = trade_flows(ds)
    if flows.empty:
        return ""
    place, material = names(ds, "node", lang), names(ds, "material", lang)
    ends = {str(r): (str(o), str(d)) for r, o, d in zip(
        ds["route"].to_numpy(), ds["origin"].to_numpy(), ds["destination"].to_numpy(),
        strict=True)}
    columns, signs = [], []
    for direction, route, item in flows.index:
        origin, destination = ends[str(route)]
        columns.append(f"{text(direction, lang)}: {material[str(item)]}, " + text(
            "leg", lang, origin=place[origin], destination=place[destination]))
        signs.append(-1.0 if direction == "import" else 1.0)
    frame = flows.T.set_axis(columns, axis=1).fillna(0.0) * np.array(signs)
    figure, axis = plt.subplots(figsize=(FULL_WIDTH, 3.3))
    colours = dict(zip(columns, distinct_colours(len(columns)), strict=True))
    up = frame.loc[:, [s > 0 for s in signs]]
    down = frame.loc[:, [s < 0 for s in signs]]
    totals = [_bars(axis, part, colours) for part in (up, down) if part.shape[1]]
    axis.axhline(0, color="#1d2731", linewidth=0.6)
    axis.set_title(text("corridor_chart", lang), loc="left")
    axis.set_ylabel(_units(axis, np.concatenate(totals), "mass", lang))
    _legend(axis, 2)
    return svg(figure)


def xy_figure(x: np.ndarray, y: np.ndarray, labels: tuple[str, str], title: str,
              quantities: tuple[str | None, str | None], lang: str) -> str:
    """Points joined in x order (a Pareto front, a price response); ``labels`` and
    ``quantities`` name and scale the (x, y) axes (a quantity's unit joins its label)."""
    order = np.argsort(x)
    figure, axis = plt.subplots(figsize=(7.2, 3.2))
    axis.plot(np.asarray(x)[order], np.asarray(y)[order], marker="o", markersize=4,
              color=COLOURS[0])
    for which, values, label, quantity in zip("xy", (x, y), labels, quantities, strict=True):
        unit = _units(axis, values, quantity, lang, per_year=False, which=which)
        full = text("titled", lang, title=label, unit=unit) if unit else label
        (axis.set_xlabel if which == "x" else axis.set_ylabel)(full)
    _zero_based(axis, y)
    axis.set_title(title, loc="left")
    return svg(figure)


def _zero_based(axis: plt.Axes, values: object) -> None:
    """Let the y axis reach 0, so a small change looks small (the relative change is stated
    in words beside the chart)."""
    numbers = np.asarray(values, dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if not numbers.size:
        return
    if numbers.min() >= 0:
        axis.set_ylim(bottom=0)
    elif numbers.max() <= 0:
        axis.set_ylim(top=0)


def band_figure(frame: pd.DataFrame, title: str, quantity: str, lang: str) -> str:
    """Median and 5-95% band across columns (Monte Carlo samples), per row (year)."""
    low, mid, high = (frame.quantile(q, axis=1) for q in (0.05, 0.5, 0.95))
    figure, axis = plt.subplots(figsize=(7.2, 3.0))
    years = frame.index.astype(str)
    axis.fill_between(years, low.to_numpy(), high.to_numpy(), color=COLOURS[0], alpha=0.25,
                      label=text("band", lang))
    axis.plot(years, mid.to_numpy(), color=COLOURS[0], marker="o", markersize=3,
              label=text("median", lang))
    axis.set_title(title, loc="left")
    axis.set_ylabel(_units(axis, high.to_numpy(), quantity, lang))
    _zero_based(axis, frame.to_numpy())
    axis.legend(fontsize=7, frameon=False)
    return svg(figure)


def line_figure(frame: pd.DataFrame, title: str, quantity: str, lang: str) -> str:
    """One line per column (used for comparisons across scenarios)."""
    figure, axis = plt.subplots(figsize=(7.2, 3.0))
    for i, column in enumerate(frame.columns):
        axis.plot(frame.index.astype(str), frame[column].to_numpy(), marker="o", markersize=3,
                  label=str(column), color=COLOURS[i % len(COLOURS)])
    axis.set_title(title, loc="left")
    axis.set_ylabel(_units(axis, frame.to_numpy(), quantity, lang))
    _zero_based(axis, frame.to_numpy())
    _legend(axis, len(frame.columns))
    return svg(figure)
