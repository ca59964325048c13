"""Latency percentiles and query counts shared by the access benchmarks."""

import statistics
import time
from collections.abc import Callable


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """(p50, p95) of the samples, in milliseconds."""
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return statistics.median(samples_ms), cuts[94]


def measure(call: Callable[[], object], *, repeat: int, warmup: int = 5) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def verdict(p95: float, goal_ms: float) -> str:
    return f"goal p95 <= {goal_ms:.0f} ms: {'met' if p95 <= goal_ms else 'MISSED'}"
