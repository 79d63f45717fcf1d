"""Rate limits: tight per target (one account, one address), generous per
network address. A password-guessing or mail-bombing run stops quickly,
while many people behind one address (an office, a test suite) don't trip
each other."""

from contextlib import suppress

from email_validator import EmailNotValidError
from flask import Flask, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .extensions import limiter
from .validators import normalized_email

PER_ADDRESS = "600 per minute"
REGISTER = "300 per minute; 3000 per hour"
# Each attempt checks a password or sends an email.
PER_ACCOUNT = "10 per minute; 60 per hour"
PER_EMAIL = "5 per minute; 30 per hour"
INLINE_CHECKS = "300 per minute"


def address_and(field: str, account_of=None):
    """A key of the network address and the submitted `field` (the login
    name, the email address) as the account it names. With `account_of`
    (name -> user id or None), a name that belongs to an account counts as
    that account, so its username and its email share one allowance."""

    def key() -> str:
        # Flask-Limiter asks for the key twice (to check, and after the
        # answer to count a failure): the account is looked up once.
        keys = g.setdefault("limit_keys", {})
        if field not in keys:
            name = account_name(request.form.get(field))
            account = account_of(name) if account_of and name else None
            keys[field] = f"{get_remote_address()}|" + (
                f"account={account}" if account is not None else f"{field}={name}"
            )
        return keys[field]

    return key


def account_name(value: str | None) -> str:
    """A username or email address in the form the account stores it,
    ignoring case as the unique indexes do: `noah_9@ｅｘａｍｐｌｅ.com`
    (fullwidth letters) reaches noah_9@example.com's inbox, so it counts
    as that address."""
    value = (value or "")[:320].strip()
    if "@" in value:
        # Not an address: no account has it, and any spelling will do.
        with suppress(EmailNotValidError):
            value = normalized_email(value)
    return value.lower()


def failed(response) -> bool:
    """Count only refused attempts: a user who logs in often is not
    guessing, but someone who keeps getting 401 is."""
    return response.status_code == 401


def logged_in_user() -> str:
    """The account; anonymous requests (about to be sent to the login page)
    count against their network address."""
    if current_user.is_authenticated:
        return f"user={current_user.id}"
    return get_remote_address()


def check_declared_limits_only(app: Flask) -> None:
    """Flask-Limiter looks up every request's limits in a before_request
    hook: about 0.1 ms a request, a fifth of /healthz. That hook enforces
    only application-wide limits (default, application, meta); the limits
    declared on a view are checked by its decorator. So without
    application-wide limits, which we don't set, the hook goes."""
    manager = limiter.limit_manager
    if (
        manager.default_limits
        or manager.application_limits
        or app.config.get("RATELIMIT_META")
    ):
        return
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)
