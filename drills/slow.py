"""Slow clients: `--slow-connections` half-sent requests held open
(bench/slowloris.py) while a second client times /healthz and a page."""

import asyncio

from bench import slowloris

from .harness import Bounds
from .site import Site

HEALTHZ_P99 = 1.0  # seconds (issue 12)


def run(site: Site, connections: int, seconds: float) -> Bounds:
    bounds = Bounds("slow")
    report = asyncio.run(
        slowloris.run(
            site.port,
            connections=connections,
            seconds=seconds,
            page="/cleanings",
            timeout=10,
        )
    )
    for line in report.lines():
        bounds.note(f"  {line}")
    p99 = report.healthz.percentile(0.99)
    bounds.check(
        f"/healthz p99 under {HEALTHZ_P99:.0f} s",
        f"{p99 * 1000:.0f} ms",
        p99 < HEALTHZ_P99,
    )
    for latencies in (report.healthz, report.page):
        bounds.check(
            f"{latencies.path} requests failed",
            f"{latencies.failures} of {latencies.failures + len(latencies.seconds)}",
            latencies.failures == 0 and bool(latencies.seconds),
        )
    return bounds
