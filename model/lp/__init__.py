"""The linear program: one ``Program`` built by the blocks, two backends, one HiGHS session.

``program``  families of columns and rows as arrays, cost/emission/balance terms, objective
``recipe``   the blocks in build order, wired by the handles they return
``pyomo``    the Pyomo backend: a ``ConcreteModel`` made from a program (what scripts extend)
``compile``  the arrays HiGHS receives, from a program or from an edited Pyomo model
``session``  one HiGHS instance that re-solves new members by diffing their arrays
"""
