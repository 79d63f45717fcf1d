"""The procrastinate App: where tasks are registered and what the worker
runs. Its connector (psycopg 3, a pool of its own) is opened by the worker
only; the web process defers through SQLAlchemy's connection instead
(defer.py), so it never opens a second pool."""

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from typing import Any

import procrastinate
from flask import Flask, current_app
from sqlalchemy.engine import make_url

_flask_app: Flask | None = None


def in_app_context(call_next: Callable[[], Any], context, worker) -> Any:
    """Every sync task runs in an app context of its own, as a request
    does: db.session and config work, and the session is removed after."""
    flask_app = _flask_app or current_app._get_current_object()
    with flask_app.app_context():
        return call_next()


app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(),
    worker_defaults={"task_middleware": [in_app_context]},
)


def bind(flask_app: Flask) -> None:
    """The Flask app the tasks run in (the worker's create_app())."""
    global _flask_app
    _flask_app = flask_app


def conninfo(database_url: str) -> str:
    """libpq's form of SQLAlchemy's URL (psycopg 3 reads no `+driver`)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def connector_for(
    flask_app: Flask, pool_size: int = 4
) -> procrastinate.PsycopgConnector:
    """The worker's connector, on the app's database (DATABASE_URL). The
    tasks themselves use db.session's engine, not this pool."""
    return procrastinate.PsycopgConnector(
        conninfo=conninfo(flask_app.config["SQLALCHEMY_DATABASE_URI"]),
        min_size=1,
        max_size=pool_size,
    )


def load_task_modules() -> None:
    """Import every feature's `tasks.py` (cleaning_app/<feature>/tasks.py),
    which registers its tasks and periodic tasks on `app`. Idempotent."""
    import cleaning_app

    for module in pkgutil.iter_modules(cleaning_app.__path__):
        if not module.ispkg:
            continue
        name = f"cleaning_app.{module.name}.tasks"
        if module.name != "tasks" and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    importlib.import_module("cleaning_app.tasks.email")
