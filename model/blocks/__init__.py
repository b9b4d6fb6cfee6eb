"""Constraint blocks, in build order (the recipe). Each adds one concern to the model."""

from model.blocks.balance import add_balance
from model.blocks.border import add_border
from model.blocks.carbon import add_carbon
from model.blocks.disposal import add_disposal
from model.blocks.flows import add_flows
from model.blocks.markets import add_markets
from model.blocks.processes import add_processes
from model.blocks.quality import add_quality
from model.blocks.recovery import add_recovery_minimum
from model.blocks.returns import add_returns
from model.blocks.services import add_services
from model.blocks.units import add_units

# Balance and carbon come last: they gather the terms the other blocks registered.
BLOCKS = (
    add_markets,
    add_quality,
    add_disposal,
    add_flows,
    add_services,
    add_processes,
    add_units,
    add_recovery_minimum,
    add_returns,
    add_balance,
    add_carbon,
    add_border,
)

__all__ = ["BLOCKS"]
