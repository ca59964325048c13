"""Benchmarks: commands that build data at scale and print figures (never timed tests)."""
