"""Sankey layering: longest path, loops cut, sinks in the last column."""

from __future__ import annotations

import pandas as pd

from model.report.sankey import _layers


def _links(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([(a, b, "m", 1.0) for a, b in pairs],
                        columns=["source", "target", "material", "tonnes"])


def test_chain_layers() -> None:
    assert _layers(_links([("a", "b"), ("b", "c"), ("a", "d")])) == {"a": 0, "b": 1, "c": 2,
                                                                   "d": 2}


def test_a_loop_does_not_push_nodes_right() -> None:
    # packs -> repacking -> packs (rejected modules back to recycling), packs -> pretreat -> mkt
    links = _links([("src", "packs"), ("packs", "repack"), ("repack", "packs"),
                    ("repack", "storage"), ("packs", "pretreat"), ("pretreat", "mkt")])
    assert _layers(links) == {"src": 0, "packs": 1, "repack": 2, "pretreat": 2, "storage": 3,
                              "mkt": 3}
