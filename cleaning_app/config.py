"""Configuration read from the environment.

`make run` and the tests use the defaults below; production (the Docker
image sets PHRESH_ENV=production) insists on a real SECRET_KEY and turns on
Secure cookies and HSTS.
"""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused in production)


class ConfigError(RuntimeError):
    pass


def engine_options(env) -> dict:
    """The app's database connections, with every wait bounded so a stuck
    database turns into a 503 (errors.py) rather than a worker held until
    gunicorn's 30 s timeout: a statement, a lock, a free connection in the
    pool, a new connection. A pooled connection is tested before use
    (pool_pre_ping), so the app recovers as soon as the database is back.
    Budget: workers x (pool size + overflow) connections, see the README."""
    statement_ms = int(env.get("DB_STATEMENT_TIMEOUT_MS", "5000"))
    lock_ms = int(env.get("DB_LOCK_TIMEOUT_MS", "2000"))
    return {
        "pool_pre_ping": True,
        "pool_size": int(env.get("DB_POOL_SIZE", "5")),
        "max_overflow": int(env.get("DB_MAX_OVERFLOW", "5")),
        "pool_timeout": float(env.get("DB_POOL_TIMEOUT", "10")),
        "connect_args": {
            "connect_timeout": int(env.get("DB_CONNECT_TIMEOUT", "5")),
            "options": f"-c statement_timeout={statement_ms} -c lock_timeout={lock_ms}",
        },
    }


def from_environment() -> dict:
    production = os.environ.get("PHRESH_ENV") == "production"
    secret_key = os.environ.get("SECRET_KEY", "")
    if production and (len(secret_key) < 32 or secret_key == DEV_SECRET_KEY):
        raise ConfigError(
            "SECRET_KEY must be set to a random value of 32+ characters in production"
        )
    timezone = os.environ.get("PHRESH_TIMEZONE", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"PHRESH_TIMEZONE must be an IANA time zone name, not {timezone!r}"
        ) from None
    return {
        "PRODUCTION": production,
        # Dates and times are typed and shown in this zone; stored in UTC.
        "PHRESH_TIMEZONE": timezone,
        "SECRET_KEY": secret_key or DEV_SECRET_KEY,
        # prepared.py: off for a pooler that moves sessions between servers.
        "PREPARED_STATEMENTS": os.environ.get("DB_PREPARED_STATEMENTS", "1") != "0",
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", "postgresql:///phresh"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(os.environ),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Unset: the counts live in the app's database, shared by every
        # worker (cleaning_app/ratelimit_storage.py).
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI"),
        "RATELIMIT_STRATEGY": "fixed-window",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": True,
        # OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
        "ARGON2_MEMORY_KIB": 19 * 1024,
        "ARGON2_TIME_COST": 2,
        "ARGON2_PARALLELISM": 1,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Phresh <no-reply@phresh.local>"),
        "READYZ_TIMEOUT_MS": 1000,
        # The site's address for links in emails to other people (and from
        # the worker, which has no request): e.g. https://phresh.example.
        # Unset, a request's own host is used (development), else localhost.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL"),
    }
