"""Benchmarks: `python -m bench.<name> [--quick]`; `python -m bench --quick` runs them all.

Each prints its figures and, as its last line, one JSON object:
{"bench", "figures", "baseline", "ratio", "target", "met"}.
"""
