"""Rate limits: tight per target (one account, one address), generous per
network address. A password-guessing or mail-bombing run stops quickly,
while many people behind one address (an office, a test suite) don't trip
each other."""

from flask import request
from flask_limiter.util import get_remote_address
from flask_login import current_user

PER_ADDRESS = "600 per minute"
REGISTER = "300 per minute; 3000 per hour"
# Each attempt checks a password or sends an email.
PER_ACCOUNT = "10 per minute; 60 per hour"
PER_EMAIL = "5 per minute; 30 per hour"
INLINE_CHECKS = "300 per minute"


def address_and(field: str):
    """A key of the network address and the submitted `field` (the login
    name, the email address), ignoring case."""

    def key() -> str:
        value = (request.form.get(field) or "")[:320].strip().lower()
        return f"{get_remote_address()}|{field}={value}"

    return key


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
