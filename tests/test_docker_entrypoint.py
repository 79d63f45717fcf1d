"""The image's entry (docker-entrypoint.sh, the Dockerfile's ENTRYPOINT):
web by default, `worker` for a queue worker, anything else as given. The
commands it runs are stubs here that print what they were asked."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def stubs(tmp_path):
    for name in ("gunicorn", "python", "flask"):
        stub = tmp_path / name
        stub.write_text(f'#!/bin/sh\necho {name} "$@"\n')
        stub.chmod(0o755)
    return tmp_path


def entry(stubs, *args) -> str:
    env = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin", "PORT": "8123"}
    done = subprocess.run(
        ["/bin/sh", str(ROOT / "docker-entrypoint.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_default_serves_the_web_on_port(stubs):
    out = entry(stubs)
    assert out.startswith(
        "gunicorn wsgi:app --config python:cleaning_app.gunicorn_conf"
    )
    assert "--bind 0.0.0.0:8123" in out
    assert entry(stubs, "web") == out


def test_worker_runs_one_queue_worker(stubs):
    assert entry(stubs, "worker") == "python -m cleaning_app.tasks.worker"


def test_anything_else_runs_as_given(stubs):
    assert entry(stubs, "flask", "db", "upgrade") == "flask db upgrade"


def test_the_image_uses_it():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["sh", "/app/docker-entrypoint.sh"]' in dockerfile
    assert "docker-entrypoint.sh ./" in dockerfile
    assert 'CMD ["web"]' in dockerfile
