"""The recipe: every block in build order, wired by the handles the blocks return."""

from __future__ import annotations

import logging
import time

from model.blocks.balance import add_balance
from model.blocks.border import add_border
from model.blocks.carbon import (
    add_carbon_budget,
    add_carbon_cap,
    add_carbon_price,
    add_emissions,
    add_intensity_standard,
    add_product_standard,
    budget_terms,
)
from model.blocks.custom import Quantities, add_user_constraints
from model.blocks.disposal import add_disposal
from model.blocks.flows import add_flows
from model.blocks.green import add_green_electricity
from model.blocks.hub import add_hubs
from model.blocks.markets import add_markets
from model.blocks.memo import BlockMemo
from model.blocks.processes import add_processes
from model.blocks.quality import add_quality
from model.blocks.recovery import add_recovery_minimum
from model.blocks.returns import add_returns
from model.blocks.services import add_services
from model.blocks.shared import add_shared_capacity
from model.blocks.species import add_species_caps
from model.blocks.stockpile import add_stockpile
from model.blocks.trade import add_trade
from model.blocks.units import add_units
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Program

__all__ = ["BLOCKS", "build_program"]

log = logging.getLogger(__name__)

#: The blocks in build order (for the formulation page).
BLOCKS = (add_markets, add_quality, add_disposal, add_stockpile, add_flows, add_trade,
          add_hubs, add_services, add_processes, add_green_electricity, add_shared_capacity,
          add_species_caps, add_units,
          add_recovery_minimum, add_returns, add_balance, add_emissions, add_carbon_price,
          add_carbon_cap, add_carbon_budget, add_intensity_standard, add_product_standard,
          add_border, add_user_constraints)


def build_program(data: ModelData, sets: IndexSets, memo: BlockMemo | None = None) -> Program:
    r"""The linear program of one member: every block, then the objective.

    .. math::
       :label: objective

       \min \sum_y \delta_y \Big( \sum_{\text{cost terms}} c_j v_{j,y} \Big),
       \qquad \delta_y = (1+\rho)^{-(y - y_0)}

    Revenue enters as a negative cost, so the objective is discounted net cost. The balance
    and carbon blocks come after the blocks whose balance and emission terms they gather.
    With ``memo`` (the members of one study), a block whose inputs are those of the last
    member is replayed instead of run (``model.blocks.memo``).
    """
    start = time.perf_counter()
    p = Program(discount=dict(zip(data.years, data.discount_factors().tolist(), strict=True)))
    if memo is None:
        memo = BlockMemo(enabled=False)
    memo.start()
    add = memo.call
    markets = add(add_markets, p, data, sets)
    add(add_quality, p, data, sets, markets.sales)
    add(add_disposal, p, data, sets)
    add(add_stockpile, p, data, sets)
    flow = add(add_flows, p, data, sets)
    add(add_trade, p, data, sets, flow)
    add(add_hubs, p, data, sets, flow)
    add(add_services, p, data, sets, flow)
    processes = add(add_processes, p, data, sets)
    add(add_green_electricity, p, data, sets, processes.activity)
    add(add_shared_capacity, p, data, sets, processes.activity)
    add(add_species_caps, p, data, sets, processes.activity)
    add(add_units, p, data, sets, processes.activity, processes.new_capacity)
    add(add_recovery_minimum, p, data, sets, processes.activity)
    add(add_returns, p, data, sets, markets.sales)
    add(add_balance, p, data, sets)
    carbon = add(add_emissions, p, data, sets, markets.sales)
    add(add_carbon_price, p, data, sets, carbon)
    add(add_carbon_cap, p, data, sets, carbon)
    add(add_carbon_budget, p, data, sets, add(budget_terms, p, data, sets, carbon))
    add(add_intensity_standard, p, data, sets, carbon, processes.activity)
    add(add_product_standard, p, data, sets, carbon, markets.sales)
    add(add_border, p, data, sets, markets.sales)
    add(add_user_constraints, p, data, sets, Quantities(markets, flow, processes, carbon))
    log.info("built program in %.2f s (%d of %d blocks replayed)", time.perf_counter() - start,
             len(memo.replayed), len(BLOCKS))
    return p
