"""`make drills`: run the reliability drills against `make run`'s serving
set-up and exit 1 when a figure misses its bound.

    .venv/bin/python -m drills [--only load,database] [--seconds 120] ...

Each drill prints its figures as it goes and a summary at the end
(docs/reliability.md keeps the last full run's). Minutes long; loopback
only; every count and duration is bounded.
"""

import argparse
import sys
import time
import traceback

from . import load, outage, signals, slow, waits
from .site import Site

ORDER = ["waits", "load", "database", "slow", "sighup", "kill9", "sigterm"]


def options(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help=f"comma-separated, of: {','.join(ORDER)}")
    parser.add_argument("--users", type=int, default=20, help="simulated users")
    parser.add_argument("--seconds", type=float, default=120, help="load duration")
    parser.add_argument("--outage", type=float, default=30, help="database down, s")
    parser.add_argument("--slow-connections", type=int, default=256)
    parser.add_argument("--slow-seconds", type=float, default=30)
    parser.add_argument("--seed-users", type=int, default=300)
    parser.add_argument("--seed-cleanings", type=int, default=3000)
    args = parser.parse_args(argv)
    args.users = min(max(args.users, 1), 100)
    args.seconds = min(max(args.seconds, 5), 600)
    args.outage = min(max(args.outage, 1), 120)
    chosen = args.only.split(",") if args.only else ORDER
    unknown = set(chosen) - set(ORDER)
    if unknown:
        parser.error(f"unknown drills: {', '.join(sorted(unknown))}")
    args.drills = [name for name in ORDER if name in chosen]
    return args


def drill(name: str, site: Site, args, tag: str):
    if name == "waits":
        return waits.run(site)
    if name == "load":
        return load.run(site, args.users, args.seconds, tag)
    if name == "database":
        return outage.run(site, args.users, args.outage, tag)
    if name == "slow":
        return slow.run(site, args.slow_connections, args.slow_seconds)
    return signals.run(name, site, args.users, tag)


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    run_tag = f"d{int(time.time()) % 100000}"
    print(
        f"Setting up: embedded PostgreSQL, migrations, seed "
        f"({args.seed_users} users, {args.seed_cleanings} jobs)...",
        flush=True,
    )
    site = Site(args.seed_users, args.seed_cleanings)
    results = {}
    try:
        for number, name in enumerate(args.drills):
            if site.process is None or site.process.poll() is not None:
                site.serve()
            print(f"\n== {name} ==", flush=True)
            started = time.monotonic()
            try:
                bounds = drill(name, site, args, f"{run_tag}{chr(97 + number)}")
            except Exception:  # one drill's crash is that drill's miss
                traceback.print_exc()
                print(site.log_tail(), flush=True)
                results[name] = ["the drill crashed"]
                continue
            results[name] = bounds.missed
            print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    finally:
        log = site.cleanup()
        if log:
            print(f"\ngunicorn's log: {log}")
    print("\n== summary ==")
    for name, missed in results.items():
        print(f"  {name}: {'ok' if not missed else 'MISSED ' + '; '.join(missed)}")
    return 1 if any(results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
