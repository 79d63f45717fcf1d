"""Headers every response carries, error pages and static files included,
and the one that keeps a logged-in user's pages out of every cache."""

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
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
    elif "Cache-Control" not in response.headers:
        # Kept, but asked about again each time (an ETag makes that a 304,
        # pagecache.py): so an anonymous copy is never shown to a visitor
        # who has since logged in, without a `Vary: Cookie`.
        response.headers["Cache-Control"] = "no-cache"
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


class CookieSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions, minus `Vary: Cookie` on an answer to a
    visitor without a session (who sent none and gets none): Flask adds it
    whenever the session was looked at, which Flask-Login does on every
    request, and it would split every cache by cookie. Such an answer is
    `no-cache` above, so a cache asks again before reusing it, and a
    logged-in visitor's request gets its own page then."""

    def save_session(self, app, session, response) -> None:
        if session or session.modified:
            super().save_session(app, session, response)


def register_security_headers(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.after_request(add_security_headers)
    app.after_request(keep_private_pages_out_of_caches)
