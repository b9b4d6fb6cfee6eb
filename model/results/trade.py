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

import numpy as np
import pandas as pd
import xarray as xr

from model.data.dataset import ModelData
from model.data.sets import crossing_keys
from model.domain import QUANTITY_ROUND_OFF
from model.lp.program import Program

__all__ = ["balance_of_trade", "break_even", "crossing_gaps", "trade_flows"]

_KEY = ["node", "material", "year"]


def _discount(program: Program, years: np.ndarray) -> np.ndarray:
    return np.array([program.discount[int(y)] for y in years]) if len(years) else np.empty(0)


def _ends(program: Program, x: np.ndarray, reduced: np.ndarray
          ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Active balances, and the cheapest way (CNY/t, discounted) to take one more tonne from
    a source or put one more into a use at each (node, material, year), routes left out."""
    flow = program.columns["flow"]
    active, ends = [], []
    upper = program.column_bounds()[1]
    for term in program.balance_terms:
        cols = term.family.offset + np.asarray(term.col, np.int64)
        at = term.at.reset_index(drop=True)[_KEY]
        moved = np.abs(x[cols] * term.coef) > QUANTITY_ROUND_OFF
        active.append(at[moved])
        if term.family is flow:
            continue
        room = x[cols] < upper[cols] - QUANTITY_ROUND_OFF
        per_tonne = reduced[cols] / np.abs(term.coef)
        ends.append(at.assign(cost=np.where(room, per_tonne, np.inf), use=term.coef > 0))
    on = pd.concat(active).drop_duplicates() if active else pd.DataFrame(columns=_KEY)
    table = pd.concat(ends) if ends else pd.DataFrame(columns=[*_KEY, "cost", "use"])
    table["cost"] = table["cost"].clip(lower=0.0)
    cheapest = table.groupby([*_KEY, "use"], as_index=False)["cost"].min()
    sources = cheapest[~cheapest["use"]].drop(columns="use")
    uses = cheapest[cheapest["use"]].drop(columns="use")
    return on, sources, uses


def _chains(arcs: pd.DataFrame, start: pd.DataFrame, active: pd.DataFrame,
            tail: str, head: str) -> pd.DataFrame:
    """Cheapest chain cost to each (node, material, year) (Bellman-Ford over ``arcs`` from
    ``tail`` to ``head`` with cost ``d``): 0 at active nodes, ``start`` costs elsewhere.

    Rounds of relaxation on positions: every (node, material, year) is numbered once.
    """
    seeds = pd.concat([start[[*_KEY, "cost"]], active[_KEY].assign(cost=0.0)])
    ends = {side: arcs[[side, "material", "year"]].set_axis(_KEY, axis=1) for side in (tail, head)}
    keys = pd.MultiIndex.from_frame(pd.concat([seeds[_KEY], *ends.values()])).unique()
    at = {side: keys.get_indexer(pd.MultiIndex.from_frame(frame)) for side, frame in ends.items()}
    seeded = keys.get_indexer(pd.MultiIndex.from_frame(seeds[_KEY]))
    best = np.full(len(keys), np.inf)
    np.minimum.at(best, seeded, seeds["cost"].to_numpy(float))
    reached = np.zeros(len(keys), bool)
    reached[seeded] = True
    step = arcs["d"].to_numpy(float)
    for _ in range(len(arcs["node_a"].unique()) + 1 if len(arcs) else 0):
        offer = best[at[tail]] + step
        new, count = best.copy(), reached.sum()
        np.minimum.at(new, at[head], offer)
        reached[at[head][reached[at[tail]]]] = True
        if np.array_equal(new, best) and reached.sum() == count:
            break
        best = new
    found = keys[reached].to_frame(index=False, name=_KEY)
    return found.assign(cost=best[reached])


def crossing_gaps(program: Program, data: ModelData, x: np.ndarray, row_dual: np.ndarray,
                  cost_up: np.ndarray | None) -> pd.DataFrame:
    """Per crossing (route, material, year): ``flow``, ``gap`` and ``headroom`` in CNY/t.

    See the module docstring for the definitions.
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
    routes = data.sets["route"]
    arcs = flow.keys.assign(node_a=routes.loc[flow.keys["route"], "origin"].to_numpy(),
                            node_b=routes.loc[flow.keys["route"], "destination"].to_numpy(),
                            d=np.clip(reduced[flow.span], 0.0, None))
    active, sources, uses = _ends(program, x, reduced)
    back = _chains(arcs, sources, active, "node_a", "node_b")
    forth = _chains(arcs, uses, active, "node_b", "node_a")
    ends = out.assign(origin=routes.loc[out["route"], "origin"].to_numpy(),
                      destination=routes.loc[out["route"], "destination"].to_numpy())
    before = ends.merge(back.rename(columns={"node": "origin"}), how="left",
                        on=["origin", "material", "year"])["cost"].to_numpy()
    after = ends.merge(forth.rename(columns={"node": "destination"}), how="left",
                       on=["destination", "material", "year"])["cost"].to_numpy()
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
