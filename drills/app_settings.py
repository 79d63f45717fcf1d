"""Prints, as JSON, the waits and pools the app's own connections get, and
gunicorn's settings for a command line: `python -m drills.app_settings
GUNICORN_ARGS...` in the app's environment (drills/waits.py runs it).

The settings are read inside a request, after the app's before-request
hooks, through the app's engine: what a view's queries run under."""

import json
import sys

SETTINGS = (
    "statement_timeout",
    "lock_timeout",
    "idle_in_transaction_session_timeout",
    "max_connections",
    "superuser_reserved_connections",
)


def database_settings() -> dict:
    from sqlalchemy import text

    from cleaning_app import create_app
    from cleaning_app.extensions import db

    app = create_app()
    with app.test_request_context("/cleanings"):
        app.preprocess_request()
        shown = {n: db.session.scalar(text(f"SHOW {n}")) for n in SETTINGS}
        pool = db.engine.pool
        shown["pool_size"] = pool.size()
        shown["max_overflow"] = getattr(pool, "_max_overflow", 0)
        shown["pool_timeout"] = pool.timeout() if hasattr(pool, "timeout") else None
        db.session.rollback()
    shown["rate_limit_pool"] = rate_limit_pool(app)
    return shown


def rate_limit_pool(app) -> int:
    """Connections the database-backed rate-limit storage may hold per
    worker, when the app uses it (it has a pool of its own)."""
    try:
        from cleaning_app import ratelimit_storage
    except ImportError:
        return 0
    uri = app.config.get("RATELIMIT_STORAGE_URI") or ""
    options = getattr(ratelimit_storage, "ENGINE_OPTIONS", {})
    if not uri.startswith(getattr(ratelimit_storage, "SCHEME", "-")):
        return 0
    return options.get("pool_size", 5) + options.get("max_overflow", 10)


def gunicorn_settings(args: list[str]) -> dict:
    """gunicorn's own reading of its command line (and config file)."""
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = ["gunicorn", *args]
    cfg = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg
    return {
        "worker_class": cfg.worker_class_str,
        "workers": cfg.workers,
        "threads": cfg.threads,
        "worker_connections": cfg.worker_connections,
        "timeout": cfg.timeout,
        "graceful_timeout": cfg.graceful_timeout,
    }


if __name__ == "__main__":
    figures = {
        "database": database_settings(),
        "gunicorn": gunicorn_settings(sys.argv[1:]),
    }
    print(json.dumps(figures))
