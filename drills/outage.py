"""The database goes away under load: a `pg_ctl restart -m fast`, then the
server stopped for `--outage` seconds. Pages say 503 meanwhile (never 500),
/healthz keeps answering 200, the same gunicorn serves again within
seconds of the database accepting connections, and nothing written before
is lost."""

import time

from .browser import Probe
from .harness import Bounds, Record, describe, errors, now
from .load import describe_steps, traffic
from .site import Database, Site

WARM, SETTLE, AFTER = 10, 15, 20  # seconds of plain load around the events
RECOVERY = 5.0  # seconds after the database accepts connections
# Rows that must survive, by table: the columns that name one.
KEYS = {
    "users": "id",
    "profiles": "id",
    "cleanings": "id",
    "offers": "cleaning_id, user_id",
    "evaluations": "cleaning_id, cleaner_id",
}


def snapshot(database: Database) -> dict[str, set]:
    return {
        table: set(database.query(f"SELECT {columns} FROM {table}"))  # noqa: S608
        for table, columns in KEYS.items()
    }


def run(site: Site, users: int, outage: float, tag: str) -> Bounds:
    bounds = Bounds("database")
    bounds.note(
        f"database: {users} users; restart after {WARM} s, then down {outage:.0f} s"
    )
    database = site.database
    master, workers = site.master().pid, {w.pid for w in site.workers()}
    windows = []  # (what, database going away, database accepting again)
    with traffic(site, users, tag) as (recorder, crowd):
        probe = Probe(site.port, "/cleanings", "page probe", recorder).start()
        time.sleep(WARM)
        kept = snapshot(database)
        going = now()
        database.restart()
        windows.append(("restart", going, database.wait_accepting()))
        time.sleep(SETTLE)
        kept = merge(kept, snapshot(database))
        going = now()
        acknowledged = [j for t, j in crowd.market.jobs_posted if t < going]
        database.stop()
        time.sleep(outage)
        database.restart()
        windows.append(("outage", going, database.wait_accepting()))
        time.sleep(AFTER)
        probe.stop()
    records = recorder.records
    for line in describe(records):
        bounds.note(line)
    for number, (what, going, back) in enumerate(windows):
        # Until the next event: its failures are its own.
        until = windows[number + 1][1] if number + 1 < len(windows) else float("inf")
        after = [r for r in records if back <= r.started and r.ended < until]
        check_window(bounds, records, after, what, going, back)
    check_outside(bounds, records, windows)
    check_healthz(bounds, records)
    check_down_pages(bounds, records, windows[-1])
    kept_workers = {w.pid for w in site.workers()}
    bounds.check(
        "same gunicorn master and workers throughout",
        f"master {master} -> {site.master().pid}, workers {sorted(workers)} -> "
        f"{sorted(kept_workers)}",
        site.master().pid == master and kept_workers == workers,
    )
    check_rows(bounds, database, kept, acknowledged)
    # Not a bound here: with the database away for a while the users may
    # not get as far as accepting and rating (the load drill checks that).
    bounds.note(f"  completed (303s): {describe_steps(records)}")
    return bounds


def merge(first: dict[str, set], second: dict[str, set]) -> dict[str, set]:
    return {table: first[table] | second[table] for table in first}


def during(record: Record, going: float, back: float) -> bool:
    """Still running when the database went, or sent before RECOVERY
    seconds after it was back."""
    return record.ended >= going and record.started < back + RECOVERY


def check_window(bounds, records, after: list[Record], what, going, back) -> None:
    """From the database going away until RECOVERY seconds after it is back:
    503s are expected, anything else >= 500 or no answer is not."""
    inside = [r for r in records if during(r, going, back)]
    wrong = [r for r in inside if r.failed and r.status != 503]
    unavailable = sum(r.status == 503 for r in inside)
    bounds.note(
        f"  {what}: database back {back - going:.1f} s after it went; "
        f"{unavailable} answers 503 meanwhile"
    )
    bounds.check(f"{what}: no 500s, no unanswered requests", f"{len(wrong)}", not wrong)
    for line in errors(wrong):
        bounds.note(line)
    late = [r.started - back for r in after if r.failed]
    first_page = min(
        (r.ended - back for r in after if r.action == "page probe" and r.status == 200),
        default=float("inf"),
    )
    recovered = max(late, default=0.0)
    bounds.check(
        f"{what}: recovery within {RECOVERY:.0f} s of the database accepting",
        f"last 503 sent {recovered:.2f} s after, first page 200 at {first_page:.2f} s",
        recovered <= RECOVERY and first_page <= RECOVERY,
    )


def check_outside(bounds, records: list[Record], windows) -> None:
    def outside(record: Record) -> bool:
        return not any(during(record, going, back) for _, going, back in windows)

    failed = [r for r in records if outside(r) and r.failed]
    bounds.check(
        "outside the outages: responses >= 500 or unanswered",
        f"{len(failed)}",
        not failed,
    )
    for line in errors(failed):
        bounds.note(line)


def check_healthz(bounds, records: list[Record]) -> None:
    healthz = [r for r in records if r.action == "healthz"]
    bad = [r for r in healthz if r.status != 200]
    bounds.check(
        "/healthz 200 throughout",
        f"{len(healthz) - len(bad)} of {len(healthz)}",
        bool(healthz) and not bad,
    )


def check_down_pages(bounds, records: list[Record], window) -> None:
    """While the server is stopped, the page probe sees 503s only."""
    _, going, back = window
    down = [
        r
        for r in records
        if r.action == "page probe" and going + 1 <= r.started and r.ended < back
    ]
    wrong = [r for r in down if r.status != 503]
    bounds.check(
        "pages while the database is down answer 503",
        f"{len(down) - len(wrong)} of {len(down)}",
        bool(down) and not wrong,
    )


def check_rows(bounds, database: Database, kept, acknowledged: list[int]) -> None:
    after = snapshot(database)
    lost = {table: len(rows - after[table]) for table, rows in kept.items()}
    jobs = {row[0] for row in after["cleanings"]}
    lost_jobs = [j for j in acknowledged if j not in jobs]
    figure = ", ".join(f"{t} {n} of {len(kept[t])}" for t, n in lost.items())
    bounds.check(
        "rows written before the outages all still there",
        f"lost: {figure}; {len(lost_jobs)} of the {len(acknowledged)} jobs "
        "users were told were posted",
        not any(lost.values()) and not lost_jobs,
    )
