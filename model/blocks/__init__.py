"""Constraint blocks: each adds one concern's columns, rows and terms to the program."""

from model.blocks.recipe import BLOCKS, build_program

__all__ = ["BLOCKS", "build_program"]
