"""Node-material balances: what arrives at a node is what leaves it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets, key_rows
from model.lp.program import Program, Terms, positions, year_numbers


def add_balance(p: Program, data: ModelData, sets: IndexSets) -> None:
    r"""Mass balance of every material at every node and year.

    .. math::
       :label: balance

       q_{n,m,y} + w_{n,m,y} + \sum_{r: o(r)=n} f_{r,m,y} + \sum_{p@n} a^{in}_{p,m} x_{p,y}
       - s_{n,m,y} - \sum_{r: d(r)=n} f_{r,m,y} - \sum_{p@n} a^{out}_{p,m} x_{p,y} = 0
       \quad \forall (n,m,y) \in \mathcal{BALANCE}

    The material's local shadow price is :math:`-\lambda_{n,m,y} / \delta_y`: what one more
    tonne of the material appearing at the node would be worth (undiscounted CNY/t of the
    year). It is negative for a waste that costs money to get rid of.

    ==========================  ====  ==============================  =========
    symbol                      type  model attribute                 unit
    ==========================  ====  ==============================  =========
    :math:`\lambda_{n,m,y}`     D     ``balance.balance``             CNY/t (PV)
    ==========================  ====  ==============================  =========
    """
    keys = sets.BALANCE_nmy
    columns = ["node", "material", "year"]
    at = [t.at for t in p.balance_terms]
    rows = _rows(data, keys, at, tuple(sorted(sets.YEARS))) if at else np.empty(0, np.int64)
    if (rows < 0).any():
        outside = pd.concat([a[columns] for a in at], ignore_index=True)[rows < 0].head(3)
        raise AssertionError(f"balance terms outside BALANCE_nmy: {outside}")
    starts = np.cumsum([0] + [len(t.col) for t in p.balance_terms])
    terms = [Terms(t.family, rows[s:e], t.col, t.coef)
             for t, s, e in zip(p.balance_terms, starts[:-1], starts[1:], strict=True)]
    zeros = np.zeros(len(keys))
    p.add_rows("balance", "balance", keys, terms, zeros, zeros, "CNY/t", "node-material balance")


def _rows(data: ModelData, keys: pd.DataFrame, at: list[pd.DataFrame], years: tuple[int, ...]
          ) -> np.ndarray:
    """``positions(keys, at)``: the row of each term entry's (node, material, year), -1 if
    absent.

    ``BALANCE_nmy`` is its (node, material) pairs, each crossed with every year in order
    (``build_index_sets``), so a row is the pair's number times the years plus the year's:
    a pair is found by its node's and material's rows in their sets (kept with the key
    frames, ``key_rows``: the index sets' and the flows' are known) in a table of every
    (node, material), and the years by arithmetic.
    """
    n_years = len(years)
    if not n_years or len(keys) % n_years or not np.array_equal(
            keys["year"].to_numpy(), np.tile(np.asarray(years, np.int64), len(keys) // n_years)):
        return positions(keys, at)  # not pairs crossed with the years: join on all columns
    if (data.sets["node"].index.is_unique and data.sets["material"].index.is_unique
            and (key_rows(data, "node", keys) >= 0).all()
            and (key_rows(data, "material", keys) >= 0).all()):
        return _rows_by_sets(data, keys, at, years)
    return _rows_by_runs(keys, at, years)


def _rows_by_sets(data: ModelData, keys: pd.DataFrame, at: list[pd.DataFrame],
                  years: tuple[int, ...]) -> np.ndarray:
    """``_rows`` from the set rows of the nodes and materials (every key's in the sets; an
    entry's label outside them finds no row: the table's last slot)."""
    n_years, n_materials = len(years), len(data.sets["material"])
    table = np.full(len(data.sets["node"]) * n_materials + 1, -1, dtype=np.int64)  # +1: -1
    node, material = key_rows(data, "node", keys), key_rows(data, "material", keys)
    table[(node * n_materials + material)[::n_years]] = np.arange(len(keys) // n_years)
    pairs, year = [], []
    for frame in at:
        node, material = key_rows(data, "node", frame), key_rows(data, "material", frame)
        pairs.append(table[np.where((node >= 0) & (material >= 0),
                                    node * n_materials + material, -1)])
        year.append(frame["year"].to_numpy(dtype=np.int64))
    return _with_years(np.concatenate(pairs), np.concatenate(year), years)


def _with_years(pair: np.ndarray, wanted: np.ndarray, years: tuple[int, ...]) -> np.ndarray:
    """Row ``pair * years + the year's number`` of each entry (-1: no pair or year)."""
    rank = year_numbers(np.asarray(years), wanted)
    return np.where((pair >= 0) & (rank >= 0), pair * len(years) + rank, -1)


def _rows_by_runs(keys: pd.DataFrame, at: list[pd.DataFrame], years: tuple[int, ...]
                  ) -> np.ndarray:
    """``_rows`` with the pairs coded for the first entry of each run of entries at the same
    pair only (a flow's entries run over the years), where the sets have repeated labels."""
    n_years = len(years)
    nodes, materials = [keys["node"].to_numpy()[::n_years]], [
        keys["material"].to_numpy()[::n_years]]
    runs, year = [], []
    for frame in at:
        node, material = frame["node"].to_numpy(), frame["material"].to_numpy()
        start = np.ones(len(frame), dtype=bool)
        start[1:] = (node[1:] != node[:-1]) | (material[1:] != material[:-1])
        heads = np.flatnonzero(start)
        nodes.append(node[heads])
        materials.append(material[heads])
        runs.append(np.diff(np.append(heads, len(frame))))
        year.append(frame["year"].to_numpy(dtype=np.int64))
    node_code, node_labels = pd.factorize(np.concatenate(nodes), use_na_sentinel=False)
    material_code, material_labels = pd.factorize(np.concatenate(materials),
                                                  use_na_sentinel=False)
    code = node_code.astype(np.int64) * len(material_labels) + material_code
    n_pairs = len(keys) // n_years
    table = np.full(len(node_labels) * len(material_labels), -1, dtype=np.int64)
    table[code[:n_pairs]] = np.arange(n_pairs)
    pair = np.repeat(table[code[n_pairs:]], np.concatenate(runs))
    return _with_years(pair, np.concatenate(year), years)
