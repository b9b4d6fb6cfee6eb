"""Results layer: the cube, carbon ledger, audit, diagnosis, summaries, combined cubes."""
