"""Dynamic stock model: product cohorts and lifetime distributions give end-of-life flows.

Inflow-driven: given sales (inflow) per cohort year, the outflow in year t is
``sum_c inflow(c) * (S(t-1-c) - S(t-c))`` with S the survival function of the lifetime, and
the stock is ``sum_c inflow(c) * S(t-c)``; stock(t) - stock(t-1) = inflow(t) - outflow(t)
holds exactly. Stock-driven: given a stock trajectory, inflows are solved year by year
(``inflow(t) = stock(t) - stock(t-1) + outflow(t)``, where outflow(t) depends only on earlier
inflows and the share of this year's inflow that retires in the same year).

Lifetimes (years): ``fixed`` (mean), ``normal`` (mean, sd), ``lognormal`` (mean, sd of the
lifetime itself), ``weibull`` (shape k, scale lambda). A product retiring at age a within
year t is counted in year t (ages are whole years since the cohort year).

Competing risks (``competing_retire_shares``): a component installed in a host (a traction
pack in a car) leaves at the earlier of its own lifetime and its host's, the two independent;
it leaves on its own when its life ends first, otherwise inside the retiring host. Per age
the two shares add up to the retirement share of min(own, host), whose survival is
S_own(a) S_host(a), so each component leaves exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expm1, ndtr

__all__ = ["Lifetime", "competing_retire_shares", "inflow_driven", "retire_share",
           "stock_driven", "survival"]


@dataclass(frozen=True)
class Lifetime:
    """A lifetime distribution in years."""

    kind: str
    mean: float = 0.0
    sd: float = 0.0
    shape: float = 0.0
    scale: float = 0.0

    def cdf(self, age: np.ndarray) -> np.ndarray:
        """P(lifetime <= age)."""
        age = np.asarray(age, dtype=float)
        if self.kind == "fixed":
            return (age >= self.mean).astype(float)
        # the distributions' own formulas (as scipy.stats evaluates them, to the last bit,
        # without its 0.5 s import): NaN for a scale or shape that is not positive
        if self.kind == "normal":
            return _where_valid(self.sd, 1.0, lambda: ndtr((age - self.mean) / self.sd), age)
        if self.kind == "lognormal":
            sigma2 = np.log(1 + (self.sd / self.mean) ** 2)
            s, scale = np.sqrt(sigma2), np.exp(np.log(self.mean) - sigma2 / 2)
            with np.errstate(divide="ignore"):
                return _where_valid(scale, s, lambda: np.where(
                    age > 0, ndtr(np.log(np.maximum(age, 0) / scale) / s), 0.0), age)
        if self.kind == "weibull":
            return _where_valid(self.scale, self.shape, lambda: np.where(
                age > 0, -expm1(-((np.maximum(age, 0) / self.scale) ** self.shape)), 0.0), age)
        raise ValueError(f"unknown lifetime distribution {self.kind!r}")


def _where_valid(scale: float, shape: float, cdf: Callable[[], np.ndarray], age: np.ndarray
                 ) -> np.ndarray:
    """``cdf()`` when the scale and shape are positive, else NaN at every age."""
    if scale > 0 and shape > 0:
        return np.asarray(cdf(), dtype=float)
    return np.full(age.shape, np.nan)


def survival(lifetime: Lifetime, ages: int) -> np.ndarray:
    """S(a) = P(lifetime > a) for a = 0..ages-1; S(-1) = 1 is implied."""
    return 1.0 - lifetime.cdf(np.arange(ages))


def retire_share(lifetime: Lifetime, ages: int) -> np.ndarray:
    """Share of a cohort retiring at age a (a = 0..ages-1): S(a-1) - S(a)."""
    alive = np.concatenate([[1.0], survival(lifetime, ages)])
    return alive[:-1] - alive[1:]


def competing_retire_shares(own: Lifetime, host: Lifetime, ages: int, steps: int = 200
                            ) -> tuple[np.ndarray, np.ndarray]:
    r"""Shares of a component cohort leaving at age a on its own and inside its host.

    A component (a traction pack) enters with a new host (a car) and leaves at
    :math:`\min(T_o, T_h)` of its own lifetime :math:`T_o` and the host's :math:`T_h`
    (independent). Over age a (the interval :math:`(a-1, a]`, as ``retire_share``):

    .. math::

       o(a) = \int_{a-1}^{a} f_o(x)\, S_h(x)\, dx, \qquad
       h(a) = \int_{a-1}^{a} f_h(x)\, S_o(x)\, dx, \qquad
       o(a) + h(a) = S_o(a-1) S_h(a-1) - S_o(a) S_h(a)

    integrated on ``steps`` sub-intervals a year: over a sub-interval with cdf increments
    :math:`\Delta F_o, \Delta F_h` and survivals :math:`S_o, S_h` at its end,
    :math:`o = \Delta F_o (S_h + \Delta F_h / 2)` (ties within a sub-interval split evenly), so
    the sum identity holds exactly and fixed lifetimes work too. Age 0 takes the lifetimes
    at or below zero. Returns ``(own, host)``, each of length ``ages``.
    """
    edges = np.arange(0, (ages - 1) * steps + 1) / steps
    cdf_o, cdf_h = own.cdf(edges), host.cdf(edges)
    d_o = np.concatenate([[cdf_o[0]], np.diff(cdf_o)])
    d_h = np.concatenate([[cdf_h[0]], np.diff(cdf_h)])
    by_own = d_o * (1.0 - cdf_h + d_h / 2)
    by_host = d_h * (1.0 - cdf_o + d_o / 2)

    def per_age(sub: np.ndarray) -> np.ndarray:
        return np.concatenate([sub[:1], sub[1:].reshape(ages - 1, steps).sum(axis=1)])

    return per_age(by_own), per_age(by_host)


def inflow_driven(inflow: np.ndarray, lifetime: Lifetime) -> tuple[np.ndarray, np.ndarray]:
    """Outflow and end-of-year stock per year for cohorts entering in each year."""
    inflow = np.asarray(inflow, dtype=float)
    n = len(inflow)
    retire = retire_share(lifetime, n)
    alive = survival(lifetime, n)
    outflow = np.convolve(inflow, retire)[:n]
    stock = np.convolve(inflow, alive)[:n]
    return outflow, stock


def stock_driven(stock: np.ndarray, lifetime: Lifetime, initial_stock: float = 0.0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Inflow and outflow per year that reproduce the given stock trajectory.

    ``initial_stock`` (before the first year) is treated as one cohort entering the year
    before; a stock that falls faster than retirements needs negative inflow, which raises.
    """
    stock = np.asarray(stock, dtype=float)
    n = len(stock)
    retire = retire_share(lifetime, n + 1)
    inflow = np.zeros(n)
    outflow = np.zeros(n)
    for t in range(n):
        from_history = initial_stock * retire[t + 1] if initial_stock else 0.0
        earlier = float(np.dot(inflow[:t][::-1], retire[1:t + 1])) if t else 0.0
        previous = stock[t - 1] if t else initial_stock
        # inflow(t) = stock(t) - stock(t-1) + earlier + from_history + retire[0] * inflow(t)
        inflow[t] = (stock[t] - previous + earlier + from_history) / (1.0 - retire[0])
        if inflow[t] < -1e-9:
            raise ValueError(f"stock falls faster than retirements in year index {t}")
        outflow[t] = earlier + from_history + retire[0] * inflow[t]
    return inflow, outflow
