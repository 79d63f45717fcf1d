"""`make run`: database, migrations, demo data, then gunicorn.

Without DATABASE_URL an embedded PostgreSQL is started with its data under
instance/. Ctrl-C or SIGTERM stops gunicorn first, then that database.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from . import ROOT
from .localdb import ensure_database, start_server


def flask(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", *args], env=env, check=True)


def main() -> int:
    env = {**os.environ, "FLASK_APP": "wsgi"}
    server = None
    if not env.get("DATABASE_URL"):
        pgdata = Path(env.get("PHRESH_PGDATA") or ROOT / "instance" / "pgdata")
        server = start_server(pgdata)
        env["DATABASE_URL"] = ensure_database(server, "phresh")
        print(f"Embedded PostgreSQL running, data in {pgdata}", flush=True)
    try:
        flask("db", "upgrade", env=env)
        flask("seed", "--if-empty", env=env)
        return serve(env)
    finally:
        if server is not None:
            server.cleanup()
            print("Embedded PostgreSQL stopped.", flush=True)


def serve(env: dict) -> int:
    port = env.get("PORT", "8000")
    workers = env.get("WEB_CONCURRENCY", "2")
    command = [sys.executable, "-m", "gunicorn", "wsgi:app"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", workers]
    command += ["--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"]
    print(f"Phresh is at http://127.0.0.1:{port} (Ctrl-C to stop)", flush=True)
    gunicorn = subprocess.Popen(command, env=env)

    def stop(signum, frame):
        gunicorn.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return gunicorn.wait()


if __name__ == "__main__":
    sys.exit(main())
