"""Configuration read from the environment.

`make run` and the tests use the defaults below; production (the Docker
image sets PHRESH_ENV=production) insists on a real SECRET_KEY and turns on
Secure cookies and HSTS.
"""

import os

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused in production)


class ConfigError(RuntimeError):
    pass


def from_environment() -> dict:
    production = os.environ.get("PHRESH_ENV") == "production"
    secret_key = os.environ.get("SECRET_KEY", "")
    if production and (len(secret_key) < 32 or secret_key == DEV_SECRET_KEY):
        raise ConfigError(
            "SECRET_KEY must be set to a random value of 32+ characters in production"
        )
    return {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key or DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", "postgresql:///phresh"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
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
    }
