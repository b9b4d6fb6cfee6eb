"""Delayed returns: sold tonnes that come back years later (e.g. second-life batteries)."""

from __future__ import annotations

import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import BalanceTerm, Columns, Program


def add_returns(p: Program, data: ModelData, sets: IndexSets, sales: Columns) -> None:
    r"""Tonnes sold at a market that reappear later as another material at another node.

    .. math::
       :label: delayed_return

       r_{n',m',y+\Delta_{n,m}} = \sigma_{n,m}\, q_{n,m,y}

    :math:`r` enters the balance of :math:`(n', m', y+\Delta)` as a source; returns that would
    fall after the last model year are not modelled (an end-of-horizon truncation). A decision
    in one year thus creates supply in a later one: repurposing packs for storage now brings
    end-of-life packs back after the second-life duration.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`n', m'`               P     ``market_returns.csv``           –
    :math:`\sigma_{n,m}`         P     ``return_share``                 t/t
    :math:`\Delta_{n,m}`         P     ``return_delay``                 yr
    ===========================  ====  ===============================  ==========
    """
    spec = data.relations["market_return"]
    if spec.empty:
        return
    cols = sales.keys.reset_index().rename(columns={"index": "col"}).merge(
        spec, on=["node", "material"])
    cols["delay"] = data.lookup("return_delay", cols)
    cols["share"] = data.lookup("return_share", cols)
    cols["arrives"] = cols["year"] + cols["delay"].round().astype(int)
    cols = cols[cols["arrives"] <= max(sets.YEARS)]
    at = pd.DataFrame({"node": cols["return_node"].to_numpy(),
                       "material": cols["return_material"].to_numpy(),
                       "year": cols["arrives"].to_numpy()})
    p.balance_terms.append(BalanceTerm(sales, cols["col"].to_numpy(),
                                         -cols["share"].to_numpy(dtype=float), at))
