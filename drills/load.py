"""Load: simulated users for a while on the seeded site. Not one server
error and not one request left without an answer."""

import time
from collections import Counter
from contextlib import contextmanager

from .browser import Probe
from .harness import Bounds, Record, Recorder, describe, errors
from .site import Site
from .users import Crowd

# What each user step sends when it works (the POST's 303).
STEPS = ("sign up", "log in", "log out", "post", "offer", "accept", "rate")


@contextmanager
def traffic(site: Site, users: int, tag: str):
    """`users` simulated users and a /healthz probe, stopped on leaving."""
    recorder = Recorder()
    crowd = Crowd(site.port, users, tag, recorder).start()
    healthz = Probe(site.port, "/healthz", "healthz", recorder).start()
    try:
        yield recorder, crowd
    finally:
        crowd.stop()
        healthz.stop()


def completed(records: list[Record]) -> Counter:
    return Counter(r.action for r in records if r.status == 303)


def describe_steps(records: list[Record]) -> str:
    done = completed(records)
    return ", ".join(f"{step} {done[step]}" for step in STEPS)


def check_every_step_ran(bounds: Bounds, records: list[Record]) -> None:
    """The drill drives the whole flow, or its figures mean little."""
    done = completed(records)
    held = all(done[step] for step in STEPS)
    bounds.check("every step completed (303s)", describe_steps(records), held)


def check_no_failures(bounds: Bounds, records: list[Record], what: str) -> None:
    answered = [r for r in records if r.status is not None]
    server_errors = [r for r in answered if r.status >= 500]
    unanswered = [r for r in records if r.status is None]
    bounds.check(
        f"responses >= 500 {what}",
        f"{len(server_errors)} of {len(answered)}",
        not server_errors,
    )
    bounds.check(f"connection errors {what}", f"{len(unanswered)}", not unanswered)
    for line in errors(records):
        bounds.note(line)


def run(site: Site, users: int, seconds: float, tag: str) -> Bounds:
    bounds = Bounds("load")
    bounds.note(f"load: {users} users for {seconds:.0f} s")
    with traffic(site, users, tag) as (recorder, _):
        time.sleep(seconds)
    records = recorder.records
    requests = [r for r in records if r.action != "healthz"]
    rate = len(requests) / seconds
    bounds.note(f"  {len(requests)} requests, {rate:.1f} a second; per action:")
    for line in describe(records):
        bounds.note(line)
    check_no_failures(bounds, records, "(pages and /healthz)")
    check_every_step_ran(bounds, records)
    return bounds
