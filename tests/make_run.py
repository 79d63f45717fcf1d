"""`make run` (python -m cleaning_app.run) started in a process of its own,
for the tests that drive it end to end."""

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_make_run(env: dict) -> subprocess.Popen:
    """`make run` with `env`, from the repository root; its output (stdout
    and stderr together) is the process's stdout, read as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "cleaning_app.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
