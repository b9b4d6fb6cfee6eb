"""Studies: sweeps (grids, Pareto fronts, Monte Carlo), abatement cost curves, calibration."""
