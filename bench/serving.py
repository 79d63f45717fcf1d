"""Serving set-ups compared: page throughput, and /healthz under slow clients.

    .venv/bin/python -m bench.serving [--rounds 3] [--seconds 10]

For each set-up, in turn and `--rounds` times over (so a busy machine
weighs on all alike): start gunicorn on a seeded database, run
`wrk -t2 -c16` on `/` and `/cleanings` for `--seconds`, and count the CPU
time gunicorn's processes spent per request (steadier than requests per
second on a shared machine); then time /healthz and /cleanings from another
client, first alone, then with 256 slow connections open
(bench/slowloris.py). Prints the medians. Asserts nothing about speed.

Without DATABASE_URL it starts a scratch embedded PostgreSQL under
/tmp/serving-scratch, migrates it and seeds the demo data. `wrk` comes from
apt (`apt-get install wrk`).
"""

import argparse
import asyncio
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from bench import slowloris
from bench.server import free_port, stop

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = Path(tempfile.gettempdir()) / "serving-scratch" / "data"
PAGES = ["/", "/cleanings"]
SLOW_CONNECTIONS = [0, 256]
SETUPS = {
    "before: 2 sync workers": ["--workers", "2"],
    "now: cleaning_app/gunicorn_conf.py": [
        "--config",
        "python:cleaning_app.gunicorn_conf",
    ],
}


def start(args: list[str], env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "wsgi:app", *args]
    command += ["--bind", f"127.0.0.1:{port}", "--no-control-socket"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn {args} never answered: {server.stderr.read()[-2000:]}")


def cpu_seconds(pid: int) -> float:
    processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def wrk(port: int, path: str, seconds: int, pid: int) -> tuple[float, float, int]:
    """Requests per second, CPU milliseconds per request, responses that
    were not 2xx/3xx or failed."""
    before = cpu_seconds(pid)
    output = subprocess.run(
        [
            shutil.which("wrk"),
            "-t2",
            "-c16",
            f"-d{seconds}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spent = cpu_seconds(pid) - before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", output)
    failed = int(bad.group(1)) if bad else 0
    failed += sum(map(int, errors.groups())) if errors else 0
    return rate, spent * 1000 / max(requests, 1), failed


def one_round(name, args, env, seconds, figures) -> None:
    server, port = start(args, env)
    try:
        for path in PAGES * 2:  # warm up: templates, connections
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # noqa: S310
        for path in PAGES:
            figures.setdefault((name, path), []).append(
                wrk(port, path, seconds, server.pid)
            )
        # The same timing without slow clients first: on a busy machine,
        # what the slow clients add is the difference.
        for connections in SLOW_CONNECTIONS:
            report = asyncio.run(
                slowloris.run(port, connections, seconds=seconds, timeout=5)
            )
            figures.setdefault((name, connections), []).append(report)
            print(f"  {name}: " + "; ".join(report.lines()), flush=True)
    finally:
        stop(server)


def summary(figures: dict, setups: dict) -> list[str]:
    lines = []
    for name in setups:
        lines.append(name)
        for path in PAGES:
            runs = figures[(name, path)]
            rate = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            failed = sum(r[2] for r in runs)
            lines.append(
                f"  {path}: {rate:.1f} requests/s, {cpu:.1f} ms CPU a request "
                f"(medians of {len(runs)}), {failed} failed"
            )
        for connections in SLOW_CONNECTIONS:
            line = slow_line(figures[(name, connections)])
            lines.append(f"  {connections} slow connections: {line}")
    return lines


def slow_line(reports: list) -> str:
    healthz = [r.healthz for r in reports]
    p99s = [h.percentile(0.99) * 1000 for h in healthz]
    answered = sum(len(h.seconds) for h in healthz)
    failed = sum(h.failures for h in healthz)
    page_failed = sum(r.page.failures for r in reports)
    p99 = statistics.median(p99s)
    return (
        f"/healthz {answered} answered, {failed} failed, p99 {p99:.0f} ms "
        f"(median of rounds; worst {max(p99s):.0f} ms); /cleanings {page_failed} failed"
    )


def database(env: dict):
    """The DATABASE_URL to use, and the scratch server to stop (or None)."""
    if env.get("DATABASE_URL"):
        return env["DATABASE_URL"], None
    from cleaning_app.localdb import ensure_database, start_server

    server = start_server(SCRATCH)
    return ensure_database(server, "phresh"), server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--setup",
        action="append",
        metavar="'NAME=GUNICORN ARGS'",
        help="compare these set-ups instead (repeatable)",
    )
    args = parser.parse_args(argv)
    setups = SETUPS
    if args.setup:
        setups = {n: shlex.split(a) for n, a in (s.split("=", 1) for s in args.setup)}
    if not shutil.which("wrk"):
        print("bench.serving needs wrk: apt-get install wrk")
        return 1
    env = {**os.environ, "FLASK_APP": "wsgi"}
    env["DATABASE_URL"], scratch = database(env)
    try:
        flask = [sys.executable, "-m", "flask"]
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)
        subprocess.run([*flask, "seed", "--if-empty"], cwd=ROOT, env=env, check=True)
        figures = {}
        for number in range(1, args.rounds + 1):
            print(f"round {number} of {args.rounds}", flush=True)
            for name, gunicorn_args in setups.items():
                one_round(name, gunicorn_args, env, args.seconds, figures)
        print("\n".join(summary(figures, setups)))
    finally:
        if scratch is not None:
            scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
