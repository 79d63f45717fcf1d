"""Run by bench.pages inside the checkout under test (PYTHONPATH=that
checkout), so what it measures is that checkout's code and settings:

    python bench/probe.py               # the login's figures
    python bench/probe.py CREATED_AT_ISO ACTIVITY_ID   # a feed cursor

Prints JSON: a hash of the benchmark's password made with the app's argon2
parameters, the median time (and CPU time) of one verification of it, alone
and with every core verifying at once (what a login run asks of the
machine), and the feed's page size; or the feed cursor that starts the page after the
given event.
"""

import json
import multiprocessing
import os
import statistics
import sys
import time
from datetime import datetime

from argon2 import PasswordHasher

from cleaning_app import create_app
from cleaning_app.feed import cursor
from cleaning_app.passwords import hash_password, verify_password

VERIFICATIONS = 15
# bench/seed.py's (this runs in the checkout under test, which may have no bench).
PASSWORD = "bench-password-2026"  # noqa: S105


def main(args: list[str]) -> None:
    if args:
        created_at, activity_id = args
        at = datetime.fromisoformat(created_at)
        print(json.dumps({"cursor": cursor.encode(at, int(activity_id))}))
        return
    app = create_app()
    with app.app_context():
        stored = hash_password(PASSWORD)
        timings, cpu = _timed(lambda: verify_password(stored, PASSWORD))
    parameters = tuple(
        app.config[f"ARGON2_{name}"]
        for name in ("MEMORY_KIB", "TIME_COST", "PARALLELISM")
    )
    cores = os.cpu_count() or 1
    with multiprocessing.get_context("spawn").Pool(cores) as pool:
        each = pool.map(_verifications, [(parameters, stored)] * cores)
    try:
        from cleaning_app.feed.queries import DEFAULT_LIMIT
    except ImportError:
        DEFAULT_LIMIT = 20  # noqa: N806
    print(
        json.dumps(
            {
                "verify_seconds": statistics.median(timings),
                # CPU, which other work on the machine hardly changes.
                "verify_cpu_seconds": statistics.median(cpu),
                "verify_all_cores_seconds": statistics.median(sum(each, [])),
                "hash": stored,
                "feed_limit": DEFAULT_LIMIT,
            }
        )
    )


def _timed(verify) -> tuple[list[float], list[float]]:
    """VERIFICATIONS calls of `verify`: each one's time and CPU time."""
    timings, cpu = [], []
    for _ in range(VERIFICATIONS):
        started, started_cpu = time.perf_counter(), time.process_time()
        assert verify()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return timings, cpu


def _verifications(job) -> list[float]:
    """In one of `cores` processes verifying at the same time: each
    verification's time."""
    (memory_kib, time_cost, parallelism), stored = job
    hasher = PasswordHasher(
        memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism
    )
    return _timed(lambda: hasher.verify(stored, PASSWORD))[0]


if __name__ == "__main__":
    main(sys.argv[1:])
