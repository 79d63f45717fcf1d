"""Databases of their own, for tests that migrate, restore or drop: named
uniquely, so parallel workers (and their copies of the test database)
never meet."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
from psycopg2 import sql
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url

from cleaning_app.extensions import db


@contextmanager
def scratch_database(database_url: str, prefix: str = "scratch") -> Iterator[str]:
    """An empty database on the test server, dropped afterwards; its URL."""
    name = f"phresh_{prefix}_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(database_url)
    admin.autocommit = True
    try:
        admin.cursor().execute(
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        )
        yield (
            make_url(database_url)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        admin.cursor().execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        admin.close()


def row_counts() -> dict[str, int]:
    """How many rows each table of the current app's database holds."""
    names = inspect(db.engine).get_table_names()
    counts = {
        name: db.session.scalar(select(func.count()).select_from(table(name)))
        for name in names
    }
    db.session.commit()
    return counts


def table_digests() -> dict[str, tuple[int, str]]:
    """Each table of the current app's database: its row count and an md5
    of all its rows, so two databases can be compared row for row."""
    digests = {}
    for name in inspect(db.engine).get_table_names():
        digests[name] = tuple(
            db.session.execute(
                text(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|'"
                    f" ORDER BY t::text), '')) FROM \"{name}\" AS t"
                )
            ).one()
        )
    db.session.commit()
    return digests
