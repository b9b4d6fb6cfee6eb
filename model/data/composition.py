r"""Element-specific transfer: what each material is made of, and what split processes make.

A material's composition is given in ``material_composition`` unless an *element-split*
process makes it. Such a process (rows in ``process_element_split``) sends each element
entering it to its outputs in its own shares, the way a shredder sends iron to the ferrous
fraction and copper to the non-ferrous one (substance transfer coefficients, in the MFA sense
of STAN or flodym). Per unit of activity, element :math:`e` enters in

.. math::

   E_{p,e,y} = \sum_{m \in in(p)} a^{in}_{p,m,y}\, c_{m,e,y}

and output :math:`m` carries :math:`s_{p,e,m,y} E_{p,e,y}` of it. The inputs of a split
process are wholly made of the listed elements (their fractions sum to 1: list the rest as an
element such as ``other``), so each output's mass and composition follow from the split:

.. math::
   a^{out}_{p,m,y} = \sum_e s_{p,e,m,y} E_{p,e,y}, \qquad
   c_{m,e,y} = s_{p,e,m,y} E_{p,e,y} / a^{out}_{p,m,y}

and mass closes because the shares of each element sum to 1. A split process lists only its
inputs in ``process_io``; its outputs are the materials its split names. The inputs may
themselves be made by split processes: the chain is worked out in order. A material has one
composition in a year, so every process that makes it must give it the same one (blending
grades of different make-up into one material would not be linear).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.data.codes import joined, matches
from model.data.dataset import ModelData, crossed_rows, index_positions
from model.errors import Problem

__all__ = ["Derivation", "check_element_split", "compositions", "derive", "io_pairs",
           "transfer", "transfer_at"]

TOLERANCE = 1e-6
_KEY = ["material", "element", "year"]
_CONTENT = ["process", "material", "element", "year", "t", "e_in"]


@dataclass
class Derivation:
    """Compositions, the made outputs' coefficients, and what stood in the way."""

    fraction: pd.Series  # (material, element, year)
    outputs: pd.Series  # (process, material, direction, year): made outputs per activity
    made_by: dict[str, list[str]] = field(default_factory=dict)  # material -> split processes
    unresolved: list[str] = field(default_factory=list)  # split processes in a cycle
    content: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_CONTENT))


def compositions(data: ModelData) -> pd.Series:
    """Mass fraction of each element in each material and year (given and made)."""
    return derive(data).fraction


def transfer_at(data: ModelData, keys: pd.DataFrame) -> np.ndarray:
    """The transfer coefficient of each (process, material, direction, year) row of ``keys``
    (NaN where there is none): the rows found by their codes in the coefficients' index (and
    kept with ``keys``, as a parameter lookup is), not by a MultiIndex of the keys."""
    series = transfer(data)
    if not series.index.is_unique:  # what reindex would refuse
        index = pd.MultiIndex.from_frame(keys[["process", "material", "direction", "year"]])
        return series.reindex(index).to_numpy(dtype=float)
    dims = ["process", "material", "direction", "year"]
    pos = data.positions.get("transfer", series.index, keys,
                             lambda: index_positions(series.index, keys, dims))
    values = np.append(series.to_numpy(dtype=float), np.nan)
    return values[np.where(pos >= 0, pos, len(values) - 1)]


def io_pairs(data: ModelData, keys: pd.DataFrame, io: pd.DataFrame) -> pd.DataFrame:
    """Each row of ``keys`` (process, year, ...; numbered from 0) beside each row of ``io``
    (process, material, direction) of the same process, in the order of an inner join on the
    process, as ``col`` (the key's number), the columns of ``keys``, those of ``io`` but the
    process, and the transfer coefficient ``coef`` of each pair (``transfer_at``).

    The coefficients are found for each IO row in each year of ``keys`` (the IO rows and the
    years coded once each), then taken per pair, rather than found for every pair; the
    frame is made at once from the pairs' rows (``matches``).
    """
    series = transfer(data)
    years, year_of = np.unique(keys["year"].to_numpy(dtype=np.int64), return_inverse=True)
    dims = ["process", "material", "direction"]
    pos = (crossed_rows(series.index, [io[d].array for d in dims], years)
           if series.index.is_unique and keys["process"].dtype == io["process"].dtype
           else None)
    if pos is None:  # a join and a lookup of every pair
        pairs = joined(keys.reset_index().rename(columns={"index": "col"}), io, "process")
        return pairs.assign(coef=transfer_at(data, pairs))
    i, j = matches(keys["process"].to_numpy(), io["process"].to_numpy())
    values = np.append(series.to_numpy(dtype=float), np.nan)
    coef = values[np.where(pos >= 0, pos, len(values) - 1)]
    pairs = pd.DataFrame({"col": i, **{c: keys[c].array.take(i) for c in keys.columns},
                          **{c: io[c].array.take(j) for c in io.columns if c != "process"},
                          "coef": coef[j, year_of.reshape(-1)[i]]}, copy=False)
    # the rows of the labels in their sets, where kept with the frames the pairs come from
    data.positions.carry(keys, pairs, i, [f"{c} set" for c in keys.columns])
    data.positions.carry(io, pairs, j, [f"{c} set" for c in io.columns if c != "process"])
    return pairs


def transfer(data: ModelData) -> pd.Series:
    """Transfer coefficients (process, material, direction, year): ``process_io`` plus the
    outputs of element-split processes as their split makes them."""
    io = data.params["process_io"]
    if data.params["process_element_split"].empty:
        return io
    outputs = derive(data).outputs
    return data.derived.get("transfer", (io, outputs),  # type: ignore[no-any-return]
                            lambda: pd.concat([io, outputs]).rename("process_io"))


def derive(data: ModelData) -> Derivation:
    """Work out the outputs of element-split processes, chain by chain (kept in
    ``data.derived`` while the tables read are the same objects)."""
    given = data.params["material_composition"]
    split = data.params["process_element_split"]
    inputs: tuple[object, ...] = (given, split, data.years)
    if not split.empty:
        inputs += (data.params["process_io"], data.sets["material"])
    return data.derived.get("derive", inputs,  # type: ignore[no-any-return]
                            lambda: _derive(data, given, split))


def _derive(data: ModelData, given_series: pd.Series, split: pd.Series) -> Derivation:
    years = pd.DataFrame({"year": list(data.years)})
    given = given_series.rename("fraction").reset_index().merge(years, how="cross")
    if split.empty:
        return Derivation(given.set_index(_KEY)["fraction"], _empty_outputs())
    split = split.rename("share").reset_index()
    io = data.params["process_io"].rename("coef").reset_index()  # read again: in ``inputs``
    made_by = {m: sorted(set(g["process"])) for m, g in split.groupby("material")}
    base = given[~given["material"].isin(list(made_by))]
    known, known_materials = base, set(data.sets["material"].index) - set(made_by)
    todo, parts = set(split["process"]), []
    done: set[str] = set()
    while todo:
        inputs = io[io["process"].isin(todo) & (io["direction"] == "in")]
        ready = {p for p in todo
                 if set(inputs.loc[inputs["process"] == p, "material"]) <= known_materials}
        if not ready:
            break
        parts.append(_content(inputs[inputs["process"].isin(ready)], known, split, ready))
        todo, done = todo - ready, done | ready
        known_materials |= {m for m, makers in made_by.items() if set(makers) <= done}
        made = _fractions(pd.concat(parts, ignore_index=True)).reset_index()
        known = pd.concat([base, made[made["material"].isin(known_materials)]],
                          ignore_index=True)
    content = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_CONTENT)
    made = _fractions(content)
    fraction = pd.concat([base.set_index(_KEY)["fraction"], made[made > 0]]).sort_index()
    return Derivation(fraction, _outputs(content), made_by, sorted(todo), content)


def _content(inputs: pd.DataFrame, known: pd.DataFrame, split: pd.DataFrame,
             ready: set[str]) -> pd.DataFrame:
    """Tonnes of each element per unit of activity in each output of the ``ready`` processes."""
    entering = inputs.merge(known, on=["material", "year"])
    entering["t"] = entering["coef"] * entering["fraction"]
    e_in = entering.groupby(["process", "element", "year"])["t"].sum().rename("e_in")
    shares = split[split["process"].isin(ready)].merge(e_in.reset_index(),
                                                       on=["process", "element", "year"],
                                                       how="left").fillna({"e_in": 0.0})
    shares["t"] = shares["share"] * shares["e_in"]
    return shares[_CONTENT]


def _outputs(content: pd.DataFrame) -> pd.Series:
    if content.empty:
        return _empty_outputs()
    mass = content.groupby(["process", "material", "year"])["t"].sum().reset_index()
    mass["direction"] = "out"
    return mass.set_index(["process", "material", "direction", "year"])["t"].rename("process_io")


def _empty_outputs() -> pd.Series:
    index = pd.MultiIndex.from_arrays([[], [], [], []],
                                      names=["process", "material", "direction", "year"])
    return pd.Series([], index=index, dtype=float, name="process_io")


def _fractions(content: pd.DataFrame) -> pd.Series:
    """Composition of each made material: the first maker's (makers must agree)."""
    if content.empty:
        return pd.Series([], dtype=float, name="fraction",
                         index=pd.MultiIndex.from_arrays([[], [], []], names=_KEY))
    return _by_maker(content).groupby(_KEY)["fraction"].first()


def _by_maker(content: pd.DataFrame) -> pd.DataFrame:
    mass = content.groupby(["process", "material", "year"])["t"].transform("sum")
    return content.assign(fraction=(content["t"] / mass.where(mass > 0)).fillna(0.0))


def check_element_split(data: ModelData, problems: list[Problem]) -> None:
    """Element-split processes send each element they take in to their outputs, all of it.

    Rules: a split process lists no outputs in process_io (its split makes them); its inputs
    are wholly made of listed elements; every element entering has shares summing to 1 in
    every year; a made material has no given composition, and its makers agree on it; the
    chain of split processes has no cycle.
    """
    split = data.params["process_element_split"]
    if split.empty:
        return
    file = data.cat.params["process_element_split"].file
    problems += _listed_outputs(data)
    derivation = derive(data)
    problems += _given_and_cycles(data, derivation, file)
    problems += _incomplete_inputs(data, derivation)
    problems += _unbalanced(data, derivation, file)
    problems += _disagreements(derivation, file)


def _listed_outputs(data: ModelData) -> list[Problem]:
    io = data.keys("process_io")
    splitters = set(data.keys("process_element_split")["process"])
    listed = io[(io["direction"] == "out") & io["process"].isin(splitters)]
    pairs = listed[["process", "material"]].drop_duplicates()
    return [Problem(data.cat.params["process_io"].file,
                    f"process '{process}' splits elements, so its split makes its outputs",
                    key=f"process={process!r}, material={material!r}, direction='out'",
                    column="direction",
                    fix="remove this row; name the output in process_element_split")
            for process, material in pairs.itertuples(index=False)][:10]


def _given_and_cycles(data: ModelData, derivation: Derivation, file: str) -> list[Problem]:
    """A made material with a given composition too; split processes feeding each other."""
    given = set(data.keys("material_composition")["material"])
    problems = [Problem(data.cat.params["material_composition"].file,
                        f"material '{material}' is made by element-split process "
                        f"{', '.join(map(repr, derivation.made_by[material]))}, which gives its "
                        "composition", key=f"material={material!r}", fix="remove its rows here")
                for material in sorted(given & set(derivation.made_by))]
    if derivation.unresolved:
        problems.append(Problem(file, "element-split processes feed each other in a cycle: "
                                + ", ".join(derivation.unresolved),
                                fix="a split process's inputs must have a composition that "
                                    "does not depend on its own outputs"))
    return problems


def _incomplete_inputs(data: ModelData, derivation: Derivation) -> list[Problem]:
    """Inputs of split processes whose element fractions do not sum to 1."""
    io = data.params["process_io"].rename("coef").reset_index()
    splitters = set(data.keys("process_element_split")["process"])
    inputs = io[(io["direction"] == "in") & io["process"].isin(splitters)]
    totals = derivation.fraction.groupby(level=["material", "year"]).sum()
    pairs = inputs[["process", "material", "year"]].drop_duplicates()
    total = totals.reindex(pd.MultiIndex.from_frame(pairs[["material", "year"]]),
                           fill_value=0.0).to_numpy()
    bad = pairs.assign(total=total)
    bad = bad[(bad["total"] - 1).abs() > TOLERANCE].drop_duplicates(["process", "material"])
    return [Problem(data.cat.params["material_composition"].file,
                    f"input '{row.material}' of element-split process '{row.process}' is "
                    f"{row.total:.6g} listed elements in {row.year}, not all of its mass",
                    key=f"material={row.material!r}",
                    fix="list the rest of its mass as an element (e.g. other), so the split "
                        "accounts for every tonne")
            for row in bad.head(10).itertuples(index=False)]


def _unbalanced(data: ModelData, derivation: Derivation, file: str) -> list[Problem]:
    """An element entering a split process whose shares do not sum to 1."""
    content = derivation.content
    if content.empty:
        return []
    shares = data.params["process_element_split"].groupby(
        level=["process", "element", "year"]).sum()
    entering = content.groupby(["process", "element", "year"])["e_in"].first()
    entering = entering[entering > TOLERANCE]
    total = shares.reindex(entering.index, fill_value=0.0)
    missing = _entering_without_split(data, derivation)
    bad = total[((total - 1).abs() > TOLERANCE)].rename("total").reset_index()
    problems = [Problem(file, f"shares of {row.element} in process '{row.process}' sum to "
                        f"{row.total:.6g} in {row.year}, not 1",
                        key=f"process={row.process!r}, element={row.element!r}", column="value",
                        fix="every tonne of an element entering leaves in some output: list a "
                            "residue or loss output for the rest")
                for row in bad.drop_duplicates(["process", "element"]).head(10).itertuples(
                    index=False)]
    problems += [Problem(file, f"{element} enters process '{process}' but has no split",
                         key=f"process={process!r}, element={element!r}",
                         fix="give its shares to the process's outputs")
                 for process, element in missing[:10]]
    return problems


def _entering_without_split(data: ModelData, derivation: Derivation) -> list[tuple[str, str]]:
    """(process, element) where an element enters a split process that has no shares for it."""
    split = data.keys("process_element_split")
    io = data.params["process_io"].rename("coef").reset_index()
    inputs = io[(io["direction"] == "in") & io["process"].isin(set(split["process"]))]
    comp = derivation.fraction.rename("fraction").reset_index()
    entering = inputs.merge(comp, on=["material", "year"])
    entering = entering[entering["coef"] * entering["fraction"] > 0]
    pairs = set(zip(entering["process"], entering["element"], strict=True))
    return sorted(pairs - set(zip(split["process"], split["element"], strict=True)))


def _disagreements(derivation: Derivation, file: str) -> list[Problem]:
    """Materials that two split processes make with different compositions."""
    if derivation.content.empty:
        return []
    spread = _by_maker(derivation.content).groupby(_KEY)["fraction"].agg(["min", "max"])
    bad = spread[(spread["max"] - spread["min"]) > TOLERANCE].reset_index()
    return [Problem(file, f"the makers of '{row.material}' give it {row.min:.6g} to "
                    f"{row.max:.6g} {row.element} in {row.year}",
                    key=f"material={row.material!r}, element={row.element!r}",
                    fix="one material has one composition: give each grade its own material")
            for row in bad.head(10).itertuples(index=False)]
