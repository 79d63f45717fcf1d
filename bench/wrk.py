"""Running `wrk -t2 -c16` once and reading what it printed."""

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Run:
    requests: int
    rate: float  # requests a second
    p50_ms: float
    p99_ms: float
    # Responses that were not 2xx/3xx, and connect/read/write/timeout errors.
    bad_responses: int
    socket_errors: int
    # CPU the server's processes (gunicorn and, when local, PostgreSQL)
    # spent a request: steadier than req/s on a shared machine.
    cpu_ms: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def run(url: str, seconds: float, env: dict, script: str = "page.lua", cpu=None) -> Run:
    """`cpu`: a function giving the server's CPU seconds so far, by process."""
    before = cpu() if cpu else {}
    command = [shutil.which("wrk") or "wrk", "-t2", "-c16", f"-d{seconds}s"]
    # A slow page is measured, not counted as failed at wrk's default 2 s.
    command += ["--timeout", "30s", "--latency", "-s", str(HERE / script), url]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {done.stderr or done.stdout}")
    figures = parse(done.stdout)
    if cpu:
        spent = sum(t - before.get(key, 0.0) for key, t in cpu().items())
        figures.cpu_ms = spent * 1000 / max(figures.requests, 1)
    return figures


def parse(output: str) -> Run:
    def number(pattern: str) -> float:
        found = re.search(pattern, output)
        return float(found.group(1)) if found else 0.0

    def latency(percent: int) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(found.group(1)) * UNITS[found.group(2)] if found else 0.0

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Run(
        requests=int(number(r"(\d+) requests in")),
        rate=number(r"Requests/sec:\s+([\d.]+)"),
        p50_ms=latency(50),
        p99_ms=latency(99),
        bad_responses=int(number(r"Non-2xx or 3xx responses: (\d+)")),
        socket_errors=sum(map(int, errors.groups())) if errors else 0,
    )
