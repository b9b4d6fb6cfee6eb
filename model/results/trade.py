"""How far each border crossing is from opening, and how far a used one may worsen.

For a crossing route :math:`r` (origin and destination in different countries) that carries
nothing, the **gap** is the amount (CNY/t, undiscounted) by which its cost, or the prices at
the two ends of the corridor it belongs to, would have to improve for one tonne to move. It is
the reduced cost of the cheapest chain of columns through :math:`r`: from a place where the
material already moves (its node balance is active, so its shadow price is pinned by the
plan), or from a source such as a supply, along routes to :math:`r`, and on from :math:`r` to
a place where the material moves, or into a use such as a market, a process or disposal:

.. math::

   g_{r,m,y} = \\big(d_r + B_{o(r)} + F_{d(r)}\\big) / \\delta_y - \\rho_{r,m,y}

with :math:`d` the reduced costs :math:`c - A^\\top y` of the LP, :math:`B` and :math:`F` the
cheapest chains up to and on from the route (shortest paths over non-negative reduced costs;
0 at an active node), :math:`\\delta_y` the discount factor, and :math:`\\rho` the rent of a
binding trade quota or ban on the lane (so :math:`g < 0` means the lane is closed by a rule,
not by economics: one more tonne allowed would save :math:`-g`). Along a chain the shadow
prices of intermediate nodes cancel, so the gap does not depend on how the solver resolved
degenerate prices at nodes where nothing moves.

For a used crossing the **headroom** is HiGHS's cost ranging: how much the route's cost per
tonne may rise before the optimal plan changes (NaN for a MILP, whose ranging is undefined).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from model.data.dataset import ModelData
from model.data.sets import crossing_keys, key_rows
from model.domain import QUANTITY_ROUND_OFF
from model.lp.program import Program

__all__ = ["balance_of_trade", "break_even", "crossing_gaps", "trade_flows"]


def _discount(program: Program, years: np.ndarray) -> np.ndarray:
    return np.array([program.discount[int(y)] for y in years]) if len(years) else np.empty(0)


def _balance_entries(program: Program) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Every entry of the balance rows: its (node, material, year) key's position among the
    balance keys, its program column and its coefficient; and the number of keys."""
    rows = program.rows.get("balance")
    if rows is None:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), 0
    key = np.repeat(np.flatnonzero(rows.kept), np.diff(rows.indptr))
    return key, np.asarray(rows.columns, np.int64), np.asarray(rows.coefs, float), len(rows.keys)


@dataclass(frozen=True)
class _Ends:
    """Per balance key: whether the material moves there (its balance is active), and the
    cheapest way (CNY/t, discounted) to take one more tonne from a source or put one more into
    a use there, routes left out (``inf`` where one exists but has no room; ``has_*`` False
    where there is none)."""

    active: np.ndarray
    source: np.ndarray
    has_source: np.ndarray
    use: np.ndarray
    has_use: np.ndarray


def _ends(program: Program, x: np.ndarray, reduced: np.ndarray) -> tuple[_Ends, np.ndarray,
                                                                        np.ndarray]:
    """The ends at every balance key, and each flow column's origin and destination key."""
    key, col, coef, n = _balance_entries(program)
    flow = program.columns["flow"].span
    upper = program.column_bounds()[1]
    active = np.zeros(n, bool)
    active[key[np.abs(x[col] * coef) > QUANTITY_ROUND_OFF]] = True
    routed = (col >= flow.start) & (col < flow.stop)
    origin = np.full(flow.stop - flow.start, -1, np.int64)  # a flow leaves (+1) its origin's
    destination = origin.copy()  # balance and reaches (-1) its destination's
    origin[col[routed & (coef > 0)] - flow.start] = key[routed & (coef > 0)]
    destination[col[routed & (coef < 0)] - flow.start] = key[routed & (coef < 0)]
    if (origin < 0).any() or (destination < 0).any():
        raise AssertionError("a flow column without its two balance entries")
    end = ~routed & (coef != 0)
    key, col, coef = key[end], col[end], coef[end]
    room = x[col] < upper[col] - QUANTITY_ROUND_OFF
    cost = np.clip(np.where(room, reduced[col] / np.abs(coef), np.inf), 0.0, None)
    into = coef > 0  # a tonne put into a use (sale, process input, disposal, stock)
    sides = []
    for side in (~into, into):
        cheapest = np.full(n, np.inf)
        np.minimum.at(cheapest, key[side], cost[side])
        sides += [cheapest, np.bincount(key[side], minlength=n) > 0]
    return _Ends(active, *sides), origin, destination


def _chains(tail: np.ndarray, head: np.ndarray, step: np.ndarray, start: np.ndarray,
            started: np.ndarray, active: np.ndarray, rounds: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """Cheapest chain cost to each balance key and whether one exists (Bellman-Ford over the
    arcs ``tail`` -> ``head`` with cost ``step``): 0 at active keys, ``start`` at keys that
    have an end (``started``), at most ``rounds`` rounds of relaxation."""
    best = np.where(started, start, np.inf)
    best[active] = np.minimum(best[active], 0.0)
    reached = started | active
    for _ in range(rounds):
        offer = best[tail] + step
        new, count = best.copy(), reached.sum()
        np.minimum.at(new, head, offer)
        reached[head[reached[tail]]] = True
        if np.array_equal(new, best) and reached.sum() == count:
            break
        best = new
    return best, reached


def crossing_gaps(program: Program, data: ModelData, x: np.ndarray, row_dual: np.ndarray,
                  cost_up: np.ndarray | None) -> pd.DataFrame:
    """Per crossing (route, material, year): ``flow``, ``gap`` and ``headroom`` in CNY/t.

    See the module docstring for the definitions. The chains run over the balance keys by
    position (each flow column's two balance entries are its arc).
    """
    flow = program.columns["flow"]
    lanes = crossing_keys(data, flow.keys)
    cross = np.flatnonzero(lanes["crossing"].to_numpy())
    out = lanes.iloc[cross][["route", "material", "year", "exporter", "importer"]]
    out = out.reset_index(drop=True)
    if not len(cross):
        return out.assign(flow=[], gap=[], headroom=[])
    reduced = program.reduced_costs(row_dual)
    cols = flow.offset + cross
    discount = _discount(program, out["year"].to_numpy())
    moves = x[cols] > QUANTITY_ROUND_OFF
    ends, origin, destination = _ends(program, x, reduced)
    step = np.clip(reduced[flow.span], 0.0, None)
    routes = data.sets["route"]["origin"].to_numpy()[key_rows(data, "route", flow.keys)]
    rounds = len(pd.unique(routes)) + 1  # a chain passes each place at most once
    back = _chains(origin, destination, step, ends.source, ends.has_source, ends.active, rounds)
    forth = _chains(destination, origin, step, ends.use, ends.has_use, ends.active, rounds)
    before = np.where(back[1][origin[cross]], back[0][origin[cross]], np.nan)
    after = np.where(forth[1][destination[cross]], forth[0][destination[cross]], np.nan)
    chain = np.clip(reduced[cols], 0.0, None) + before + after
    chain = np.where(np.isnan(chain), np.inf, chain)  # no chain: nothing could ever move
    rent = np.zeros(len(out))
    quota = program.rows["trade_quota"]
    if quota.n_rows:
        held = quota.keys[quota.kept].reset_index(drop=True)
        dual = pd.Series(row_dual[quota.span], index=pd.MultiIndex.from_frame(held))
        lane = pd.MultiIndex.from_frame(out[["material", "exporter", "importer", "year"]])
        rent = -dual.reindex(lane).fillna(0.0).to_numpy()
    gap = np.where(moves, np.nan, (chain - rent) / discount)
    headroom = np.full(len(out), np.nan)
    if cost_up is not None:
        cost = program.objective()[cols]
        headroom = np.where(moves, (cost_up[cols] - cost) / discount, np.nan)
    return out.assign(flow=x[cols], gap=gap + 0.0, headroom=headroom + 0.0)


# ------------------------------------------------------------------ tables from a result cube


def _home(ds: xr.Dataset) -> str:
    """The country where the processes run (most of them): exports leave it."""
    nodes = pd.Series(ds["node_country"].to_numpy(), index=ds["node"].to_numpy())
    places = nodes.reindex(ds["process_node"].to_numpy()).dropna()
    return str(places.mode().iloc[0]) if len(places) else ""


def _crossings(ds: xr.Dataset, name: str) -> pd.DataFrame:
    """Cube variable ``name`` on the routes that cross a border, as a frame: route, material,
    year, value, with exporter, importer and direction (export, import, or transit)."""
    frame = ds[name].to_series().dropna().rename("value").reset_index()
    ends = pd.DataFrame({"exporter": ds["exporter_country"].to_numpy(),
                         "importer": ds["importer_country"].to_numpy()},
                        index=ds["route"].to_numpy())
    frame = frame.join(ends, on="route")
    frame = frame[frame["exporter"] != frame["importer"]]
    home = _home(ds)
    frame["direction"] = np.where(frame["exporter"] == home, "export",
                                  np.where(frame["importer"] == home, "import", "transit"))
    return frame


def trade_flows(ds: xr.Dataset) -> pd.DataFrame:
    """Tonnes per year crossing each border, by direction, route and material (rows) and
    year (columns); only crossings that carry something in some year."""
    if "trade_gap" not in ds:
        return pd.DataFrame()
    frame = _crossings(ds, "flow")
    table = frame.pivot_table(index=["direction", "route", "material"], columns="year",
                              values="value", aggfunc="sum")
    return table[table.abs().max(axis=1) > QUANTITY_ROUND_OFF]


def balance_of_trade(ds: xr.Dataset) -> pd.DataFrame:
    """Customs value per year of exports and imports, and their balance (CNY/yr)."""
    if "trade_value" not in ds:
        return pd.DataFrame()
    frame = _crossings(ds, "trade_value")
    years = [int(y) for y in ds["year"].to_numpy()]
    table = frame.pivot_table(index="direction", columns="year", values="value", aggfunc="sum")
    table = table.reindex(index=["export", "import"], columns=years).fillna(0.0)
    table.loc["balance"] = table.loc["export"] - table.loc["import"]
    return table


def break_even(ds: xr.Dataset, years: list[int] | None = None) -> pd.DataFrame:
    """CNY/t per crossing (direction, route, material, state) and year. ``state`` says which
    number it is: ``closed``: the gap to opening of an unused crossing; ``closed by rule``: a
    negative gap, the saving per tonne a quota or ban forgoes; ``used``: the headroom, how much
    the crossing's cost may rise before the plan changes."""
    if "trade_gap" not in ds:
        return pd.DataFrame()
    gap, room = _crossings(ds, "trade_gap"), _crossings(ds, "trade_headroom")
    frame = pd.concat([gap.assign(state=np.where(gap["value"] < 0, "closed by rule", "closed")),
                       room.assign(state="used")])
    if years is not None:
        frame = frame[frame["year"].isin(years)]
    return frame.pivot_table(index=["direction", "route", "material", "state"],
                             columns="year", values="value", aggfunc="first")
