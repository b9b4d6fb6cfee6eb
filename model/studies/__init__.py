"""Studies: sweeps (grids, Pareto fronts, Monte Carlo), abatement cost curves, one-at-a-time
sensitivity, calibration."""
