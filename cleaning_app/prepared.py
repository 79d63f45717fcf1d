"""Server-side prepared statements for the queries every page runs.

PostgreSQL parses and plans a statement each time it is sent, and for our
pages' queries that is most of the database's work: the login's user query
costs 0.5 ms of server CPU sent as text and 0.1 ms prepared. psycopg2 has no
prepared statements of its own, so a statement built once and marked with
`prepared()` is PREPAREd on a connection the first time it runs there and
sent as `EXECUTE name (values)` after that.

- It happens in the dialect's `do_execute` step, after the engine's
  `before_cursor_execute` listeners, which still see the statement's own SQL.
- A prepared statement belongs to one connection and outlives its
  transactions (a rollback keeps it), so each connection keeps the names it
  has prepared; a new connection (the database came back) prepares again.
- The parameters' types come from the statement's binds, so PostgreSQL
  needn't guess (it would take `now() - $1` for two timestamps); values are
  sent as psycopg2 writes them for any query.
- Mark only statements whose SQL is fixed: an IN list of values given at
  run time writes a new SQL text, and so a new prepared statement, for each
  length (`= ANY(array)` is one text). A fixed list in the statement, such
  as `Offer.is_taken`'s statuses, is fine. A connection prepares at most
  MAX_PER_CONNECTION statements.
- `PREPARED_STATEMENTS = False` (env `DB_PREPARED_STATEMENTS=0`) turns it
  off, for a pooler such as PgBouncer in transaction mode, which moves a
  session between server connections.
"""

import hashlib
import re
import weakref
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import event
from sqlalchemy.types import NullType

from .extensions import db

OPTION = "phresh_prepared"
# Per connection, at most: a statement whose SQL holds a value the visitor
# chose (the feed's page size) has one text per value, each a prepared
# statement the server keeps until the connection closes. Past this many,
# new ones are sent as text.
MAX_PER_CONNECTION = 64
_PARAMETER = re.compile(r"%\((\w+)\)s|%%")


def prepared(statement):
    """The same statement, sent prepared."""
    return statement.execution_options(**{OPTION: True})


@dataclass(frozen=True)
class _Plan:
    name: str
    prepare: str  # PREPARE name (types) AS the SQL with $1, $2...
    execute: str  # EXECUTE name (%(a)s, %(b)s...) for psycopg2


# By SQL text (and so by statement): how to prepare and run it; None for a
# statement that can't be prepared.
_plans: dict[str, _Plan | None] = {}
# By psycopg2 connection: the names prepared on it.
_ready: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()


def _plan(statement: str, context) -> _Plan | None:
    binds = context.compiled.binds if context.compiled is not None else {}
    order: list[str] = []

    def positional(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in order:
            order.append(name)
        return f"${order.index(name) + 1}"

    text = _PARAMETER.sub(positional, statement)
    types = [_bind_type(name, binds) for name in order]
    if None in types:
        return None
    types = [_type_name(type_, context.dialect) for type_ in types]
    name = "phresh_" + hashlib.sha256(statement.encode()).hexdigest()[:24]
    arguments = f" ({', '.join(types)})" if types else ""
    values = f" ({', '.join(f'%({n})s' for n in order)})" if order else ""
    prepare = f"PREPARE {name}{arguments} AS {text}"
    return _Plan(name, prepare, f"EXECUTE {name}{values}")


def _bind_type(name: str, binds: dict):
    """The type of the bind named `name` in the SQL: its own, or for a
    value of an expanded IN list (`status_1_2` of `status_1`) its list's."""
    bind = binds.get(name)
    if bind is None:
        list_name, _, index = name.rpartition("_")
        bind = binds.get(list_name) if index.isdigit() else None
        if bind is None or not bind.expanding:
            return None
    return bind.type


def _type_name(type_, dialect) -> str:
    if isinstance(type_, NullType):
        return "unknown"  # PostgreSQL infers it from where it is used
    return type_.compile(dialect=dialect)


def _execute(cursor, statement, parameters, context) -> bool | None:
    """`do_execute`: True when the statement went as EXECUTE."""
    if context is None or not context.execution_options.get(OPTION):
        return None
    if statement not in _plans:
        _plans[statement] = _plan(statement, context)
    plan = _plans[statement]
    if plan is None or not isinstance(parameters, dict):
        return None
    ready = _ready.setdefault(cursor.connection, set())
    if plan.name not in ready:
        if len(ready) >= MAX_PER_CONNECTION:
            return None
        cursor.execute(plan.prepare)
        ready.add(plan.name)
    cursor.execute(plan.execute, parameters)
    return True


def register_prepared_statements(app: Flask) -> None:
    if not app.config.get("PREPARED_STATEMENTS", True):
        return
    with app.app_context():
        event.listen(db.engine, "do_execute", _execute, retval=True)
