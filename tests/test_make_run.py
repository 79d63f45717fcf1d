"""`make run` end to end: the embedded database, migrations, demo data,
gunicorn, and a clean stop on SIGTERM that takes the database down too."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_line(process, text: str, seconds: float = 90) -> list[str]:
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"never printed {text!r}: {''.join(seen)}")


def get(url: str) -> tuple[int, str]:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.status, response.read().decode()
        except (ConnectionError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_make_run_serves_the_app_and_stops_cleanly(tmp_path):
    port = free_port()
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PORT=str(port), PHRESH_PGDATA=str(pgdata), WEB_CONCURRENCY="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaning_app.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = "".join(wait_for_line(process, "Phresh is at"))
        assert "resident_rita" in output and "cleaner_carlos" in output
        status, body = get(f"http://127.0.0.1:{port}/healthz")
        assert (status, body) == (200, "ok")
        status, body = get(f"http://127.0.0.1:{port}/cleanings")
        assert status == 200 and "job-card" in body
        assert (pgdata / "postmaster.pid").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=60)[0]
    assert process.returncode == 0, rest
    assert "Embedded PostgreSQL stopped." in rest
    assert not (pgdata / "postmaster.pid").exists()
