"""Headers every response carries, error pages and static files included,
and the one that keeps a logged-in user's pages out of every cache."""

from flask import Flask, current_app, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from .errors import is_database_unavailable

# Static files and the probes answer alike for everyone, and the probes must
# not depend on the database (a load balancer may send a session cookie).
UNPERSONAL = {"static", "main.healthz", "main.readyz"}

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Profile pictures are links to images elsewhere.
        "img-src 'self' data: https: http:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if current_app.config.get("PRODUCTION"):
        response.headers["Strict-Transport-Security"] = (
            "max-age=31536000; includeSubDomains"
        )
    return response


def keep_private_pages_out_of_caches(response):
    """A page made for a logged-in user is never stored, neither in the HTTP
    cache nor in the browser's back-forward cache: after logging out, Back
    must ask the server again (which answers with the login page), not show
    the old session's page. Logging out is a page of that session too."""
    if request.endpoint in UNPERSONAL:  # the same for everyone; don't load the user
        return response
    if request.endpoint == "auth.logout" or _maybe_logged_in():
        response.headers["Cache-Control"] = "no-store"
    return response


def _maybe_logged_in() -> bool:
    """Whether a user is logged in; when the database can't say (it is
    down), the answer is kept private rather than turned into an error."""
    try:
        return current_user.is_authenticated
    except SQLAlchemyError as error:
        if not is_database_unavailable(error):
            raise
        return True


def register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.after_request(keep_private_pages_out_of_caches)
