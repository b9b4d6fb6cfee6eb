"""Benchmarks: synthetic networks, timings of every phase, peers built without ziya."""
