"""Signals to gunicorn under load, as a process manager or an operator
sends them.

- SIGHUP (reload): new workers replace the old ones; no request fails.
- kill -9 of one worker: only what that worker had in flight may fail (with
  sync workers one request, with gevent or threads as many as it was
  serving); the master starts a new one.
- SIGTERM: the requests in flight complete and the master exits 0 (seen as
  `make run`'s exit status, which is gunicorn's).
"""

import signal
import time

from .harness import Bounds, describe, errors, now
from .load import traffic
from .site import Site

# Seconds of load before the signal (the users are past signing up, so
# every kind of request is in flight) and after its effect.
WARM, AFTER = 15, 8


def wait_for(condition, within: float) -> float | None:
    """Seconds until `condition()` held, None if it never did."""
    started = now()
    while now() - started < within:
        if condition():
            return now() - started
        time.sleep(0.05)
    return None


def sighup(site: Site, bounds: Bounds, recorder) -> None:
    old = {w.pid for w in site.workers()}
    site.master().send_signal(signal.SIGHUP)

    def replaced() -> bool:
        current = {w.pid for w in site.workers()}
        return not current & old and len(current) >= len(old)

    took = wait_for(replaced, 90)
    bounds.check("all workers replaced", _seconds(took), took is not None)
    time.sleep(AFTER)


def kill9(site: Site, bounds: Bounds, recorder) -> None:
    workers = site.workers()
    victim = workers[0]
    killed = now()
    victim.kill()
    took = wait_for(lambda: len(site.workers()) >= len(workers), 90)
    bounds.check("the master started a new worker", _seconds(took), took is not None)
    time.sleep(AFTER)
    records = recorder.records
    in_flight = [r for r in records if r.in_flight_at(killed)]
    failed = [r for r in records if r.failed]
    strays = [r for r in failed if not r.in_flight_at(killed)]
    # The other workers' requests complete, so what fails was the killed
    # worker's: a client can't tell whose its request was.
    bounds.check(
        "only requests in flight at the kill failed",
        f"{len(failed) - len(strays)} of the {len(in_flight)} in flight (all "
        f"workers) failed; {len(strays)} others failed",
        not strays,
    )
    for line in timings(failed, killed, "the kill"):
        bounds.note(line)


def sigterm(site: Site, bounds: Bounds, recorder) -> None:
    sent = now()
    site.master().send_signal(signal.SIGTERM)
    status = site.process.wait(timeout=120)
    bounds.check(
        "the master exits 0",
        f"exit status {status} after {now() - sent:.1f} s",
        status == 0,
    )
    in_flight = [r for r in recorder.records if r.in_flight_at(sent)]
    cut = [r for r in in_flight if r.failed]
    bounds.check(
        "requests in flight at SIGTERM complete",
        f"{len(in_flight) - len(cut)} of {len(in_flight)}",
        bool(in_flight) and not cut,
    )
    for line in timings(cut, sent, "the signal"):
        bounds.note(line)


def timings(records, moment: float, what: str) -> list[str]:
    """When each failed request was sent and failed, around `moment`."""
    return [
        f"    {r.action} {r.status or r.error}: sent {moment - r.started:.2f} s "
        f"before {what}, failed {r.ended - moment:.2f} s after"
        for r in records
    ]


DRILLS = {"sighup": sighup, "kill9": kill9, "sigterm": sigterm}


def run(name: str, site: Site, users: int, tag: str) -> Bounds:
    bounds = Bounds(name)
    bounds.note(f"{name}: {users} users, the signal after {WARM} s")
    with traffic(site, users, tag) as (recorder, _):
        time.sleep(WARM)
        started = now()
        DRILLS[name](site, bounds, recorder)
    records = recorder.records
    for line in describe(records):
        bounds.note(line)
    if name == "sighup":
        failed = [r for r in records if r.failed]
        bounds.check("failed requests", f"{len(failed)} of {len(records)}", not failed)
        for line in errors(failed):
            bounds.note(line)
    elif name == "sigterm":
        after = [r for r in records if r.started >= started]
        bounds.note(f"  ({len(after)} requests sent after the signal, not counted)")
    return bounds


def _seconds(took: float | None) -> str:
    return "never (90 s)" if took is None else f"after {took:.1f} s"
