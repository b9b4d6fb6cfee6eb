"""Elements and emission species in the result cube: what each output and sale carries.

Element flows follow from the tonnes solved and the composition of each material in each
year (given, or made by an element-split process: ``model.data.composition``); species
follow from process activity and their factors (``model.data.species``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.data.composition import compositions
from model.data.dataset import ModelData
from model.data.quantities import MASS_UNIT, material_units
from model.data.species import species_factors

__all__ = ["add_substances", "in_tonnes", "material_unit_coord"]


def in_tonnes(array: xr.DataArray) -> xr.DataArray:
    """``array`` without the materials not counted in tonnes (NaN), for totals in t."""
    if "material" not in array.dims or "material_unit" not in array.coords:
        return array
    return array.where(array["material_unit"] == "t")


def add_substances(ds: xr.Dataset, data: ModelData) -> xr.Dataset:
    """``ds`` with compositions, element flows, species emissions and material units."""
    if "material" in ds.dims and "material_unit" not in ds.coords:
        ds = ds.assign_coords(material_unit=material_unit_coord(data, ds["material"].to_numpy()))
    ds = _elements(ds, data)
    return _species(ds, data)


def material_unit_coord(data: ModelData, materials: np.ndarray) -> tuple[str, np.ndarray]:
    """The ``material_unit`` coordinate of the materials ``materials`` (``t`` where none)."""
    if "unit" not in data.sets["material"].columns:  # every material in tonnes
        return ("material", np.full(len(materials), MASS_UNIT))
    units = material_units(data.sets["material"]).reindex(materials)
    return ("material", units.fillna("t").to_numpy(dtype=str))


def _elements(ds: xr.Dataset, data: ModelData) -> xr.Dataset:
    if "material" not in ds.dims or (data.params["material_composition"].empty
                                     and data.params["process_element_split"].empty):
        return ds  # no composition given, none made
    fraction = compositions(data)
    if fraction.empty:
        return ds
    comp = xr.DataArray.from_series(fraction).fillna(0.0).reindex(
        material=ds["material"].to_numpy(), fill_value=0.0)
    comp = comp.sel(year=ds["year"].to_numpy()) if "year" in ds.dims else comp
    new = {"composition": comp.assign_attrs(
        units="t/t", long_name="mass fraction of the element in the material (given, or made "
        "by an element-split process)")}
    if "process_output" in ds:
        output = ds["process_output"].reset_coords(drop=True)
        new["process_output_element"] = (output * comp).where(output.notnull()).assign_attrs(
            units="t/yr", long_name="tonnes of the element in each process output")
    if "sales" in ds:
        sales = ds["sales"].reset_coords(drop=True).fillna(0.0)
        new["sales_element"] = (sales * comp).sum("material").assign_attrs(
            units="t/yr", long_name="tonnes of the element in the sales at the node")
    return _merged(ds, xr.Dataset(new))


def _merged(ds: xr.Dataset, new: xr.Dataset) -> xr.Dataset:
    """``ds`` with ``new``'s variables; a dimension both have takes the labels of both (a
    shadow price of the capped species only, emissions of every species)."""
    for dim in set(new.dims) & set(ds.dims):
        have = list(ds[dim].to_numpy())
        extra = [label for label in new[dim].to_numpy() if label not in set(have)]
        if extra:
            ds = ds.reindex({dim: have + extra})
    return ds.assign(new.data_vars)


def _species(ds: xr.Dataset, data: ModelData) -> xr.Dataset:
    factors = species_factors(data)
    if factors.empty or "activity" not in ds:
        return ds
    activity = ds["activity"].to_series().dropna().rename("q").reset_index()
    table = factors.merge(activity, on=["process", "year"])
    table["t"] = table["q"] * table["factor"]
    total = table.groupby(["species", "year"])["t"].sum()
    species = list(data.sets["species"].index)
    index = pd.MultiIndex.from_product([species, list(data.years)], names=["species", "year"])
    gwp = data.lookup("species_gwp", pd.DataFrame({"species": species}))
    cap = data.lookup("species_cap", index.to_frame(index=False))
    new = xr.Dataset({
        "species_emissions": xr.DataArray.from_series(
            total.reindex(index, fill_value=0.0)).assign_attrs(
            units="t/yr", long_name="tonnes of the emission species emitted by processes"),
        "species_gwp": xr.DataArray(gwp, coords={"species": species}, dims="species",
                                    attrs={"units": "tCO2e/t", "long_name": "GWP100 (input)"}),
        "species_cap": xr.DataArray.from_series(pd.Series(cap, index=index)).assign_attrs(
            units="t/yr", long_name="cap on the species (input; inf: none)"),
    })
    return _merged(ds, new)
