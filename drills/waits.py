"""Bounded waits: every wait a request can make on the database ends well
before gunicorn's worker timeout would kill the worker, and the
connections every worker may open fit in the server's max_connections.

The settings are read through the app (drills/app_settings.py), then one
is tried for real: with the jobs table locked, the listing answers 503
once lock_timeout runs out instead of hanging until the worker dies."""

import json
import subprocess
import sys
import threading

from cleaning_app import ROOT

from .browser import Browser
from .harness import Bounds, Recorder, postgres_seconds
from .site import Site


def settings(site: Site) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "drills.app_settings", *site.gunicorn_args()],
        cwd=ROOT,
        env=site.env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(site: Site) -> Bounds:
    bounds = Bounds("waits")
    figures = settings(site)
    database, gunicorn = figures["database"], figures["gunicorn"]
    bounds.note(f"  gunicorn: {json.dumps(gunicorn)}")
    bounds.note(f"  database: {json.dumps(database)}")
    worker_timeout = float(gunicorn["timeout"])
    for name in ("statement_timeout", "lock_timeout"):
        seconds = postgres_seconds(database[name])
        bounds.check(
            f"{name} set, below the worker timeout ({worker_timeout:.0f} s)",
            database[name],
            0 < seconds < worker_timeout,
        )
    pool_timeout = database["pool_timeout"]
    bounds.check(
        "pool timeout below the worker timeout",
        f"{pool_timeout} s",
        pool_timeout is not None and pool_timeout < worker_timeout,
    )
    check_budget(bounds, database, gunicorn)
    lock_timeout = postgres_seconds(database["lock_timeout"])
    check_lock(bounds, site, lock_timeout, worker_timeout)
    return bounds


def check_budget(bounds: Bounds, database: dict, gunicorn: dict) -> None:
    per_worker = database["pool_size"] + database["max_overflow"]
    per_worker += database["rate_limit_pool"]
    workers = int(gunicorn["workers"])
    usable = int(database["max_connections"]) - int(
        database["superuser_reserved_connections"]
    )
    budget = workers * per_worker
    bounds.check(
        "connection budget within max_connections",
        f"{workers} workers x {per_worker} (pool {database['pool_size']} + overflow "
        f"{database['max_overflow']} + rate limits {database['rate_limit_pool']}) = "
        f"{budget} of {usable} usable ({2 * budget} while a SIGHUP reload "
        "overlaps old and new workers)",
        budget <= usable,
    )


def check_lock(bounds: Bounds, site: Site, lock_timeout: float, worker_timeout: float):
    """Holds ACCESS EXCLUSIVE on cleanings while the listing is asked for."""
    import psycopg2

    connection = psycopg2.connect(site.database.url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE cleanings IN ACCESS EXCLUSIVE MODE")
        recorder = Recorder()
        browser = Browser(site.port, recorder, threading.Event())
        browser.timeout = worker_timeout + 5  # no answer by then: it hung
        browser.get("/cleanings", "locked")
    finally:
        connection.rollback()
        connection.close()
    record = recorder.records[0]
    bounds.check(
        "a page waiting on a lock answers 503 once lock_timeout runs out",
        f"{record.status or record.error} after {record.seconds:.1f} s "
        f"(lock_timeout {lock_timeout:g} s)",
        record.status == 503 and record.seconds <= lock_timeout + 5,
    )
