"""Random mutations of the default CSVs and scenario YAML: every failure is our own error.

Bounded: a fixed number of seeded mutations, so the run is reproducible and takes seconds.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

import model
from model.errors import InputError, ScenarioError
from tests.conftest import ROOT

TOKENS = ["", " ", "-1", "-0.5", "1e400", "inf", "-inf", "nan", "NaN", "NA", "None", "null",
          "abc", "1,5", "1'000", "0x10", "<script>alert(1)</script>", "../../etc/passwd",
          "a/b", "\u00e9\u00e8", "\u5b50\u7259", "9999999999999999999999", "kt", "kton", "%",
          "t/yr", "H", "Q", "2025.5", "2099", "1e-300", '"', "'", "\t"]
N_CASES = int(os.environ.get("ZIYA_FUZZ_CASES", "60"))


def _mutate_csv(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    kind = rng.randrange(7)
    if kind == 0 and len(lines) > 1:  # replace one cell
        i = rng.randrange(1, len(lines))
        cells = lines[i].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(TOKENS)
        lines[i] = ",".join(cells)
    elif kind == 1 and len(lines) > 1:  # delete a row
        del lines[rng.randrange(1, len(lines))]
    elif kind == 2 and len(lines) > 1:  # duplicate a row
        lines.append(lines[rng.randrange(1, len(lines))])
    elif kind == 3:  # break the header
        cells = lines[0].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(["", "valu", "unit", "x"])
        lines[0] = ",".join(cells)
    elif kind == 4:  # ragged row
        lines.append(",".join(rng.choice(TOKENS) for _ in range(rng.randrange(1, 12))))
    elif kind == 5:  # truncate mid-file
        cut = rng.randrange(len(text) + 1)
        return text[:cut]
    else:  # empty file
        return ""
    return "\n".join(lines) + "\n"


def _mutate_yaml(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        pos = rng.randrange(len(chars) + 1)
        chars.insert(pos, rng.choice([":", "-", "{", "}", "*", "&", "!", " ", "\n", "'", "x", "9"]))
    return "".join(chars)


@pytest.mark.parametrize("seed", range(N_CASES))
def test_random_mutation_fails_only_with_project_errors(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    for _ in range(rng.randrange(1, 4)):
        target = rng.choice(sorted(inputs.glob("*.csv")))
        if rng.random() < 0.05:
            target.unlink()
            continue
        if rng.random() < 0.05:
            target.write_bytes(b"\xff\xfe" + target.read_bytes())
            continue
        target.write_text(_mutate_csv(target.read_text(errors="replace"), rng))
    scenario = scenarios / rng.choice(["baseline.yaml", "ets_price.yaml", "lithium_boom.yaml"])
    if rng.random() < 0.3:
        scenario.write_text(_mutate_yaml(scenario.read_text(), rng))
    try:
        cube = model.run(scenario, inputs=inputs)
    except (InputError, ScenarioError) as exc:
        assert str(exc).strip()
        return
    assert cube.attrs["status"] in {"optimal", "infeasible", "unbounded", "time_limit",
                                    "infeasible_or_unbounded"}


# (file, line, column) of the toy package: a set's key, a year, a value, its unit, a node key
CELLS = [("years.csv", 3, "year"), ("process_capacity.csv", 2, "year"),
         ("process_capacity.csv", 2, "value"), ("process_capacity.csv", 2, "unit"),
         ("supply_max.csv", 2, "node")]


@pytest.mark.parametrize(("file", "line", "column"), CELLS)
def test_every_token_in_every_kind_of_cell_loads_or_is_an_input_error(
        file: str, line: int, column: str, tmp_path: Path) -> None:
    # each token of the random test, in each kind of cell in turn: a year of inf, -inf,
    # 1e400 or 9999999999999999999999 once crashed load_data or hung it (a random run of 60
    # rarely draws one)
    source = (ROOT / "tests" / "data" / "toy" / file).read_text().splitlines()
    at = source[0].split(",").index(column)
    for n, token in enumerate(TOKENS):
        inputs = tmp_path / f"toy{n}"
        shutil.copytree(ROOT / "tests" / "data" / "toy", inputs)
        lines = list(source)
        cells = lines[line - 1].split(",")
        cells[at] = '"' + token.replace('"', '""') + '"'  # quoted: commas and quotes stay one cell
        lines[line - 1] = ",".join(cells)
        (inputs / file).write_text("\n".join(lines) + "\n")
        try:
            model.load_data(inputs)
        except InputError as exc:
            assert file in str(exc), (token, str(exc)[:300])
