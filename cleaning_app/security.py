"""Headers every response carries, error pages and static files included,
and the one that keeps a logged-in user's pages out of every cache."""

from flask import Flask, current_app, request
from flask_login import current_user

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
    if request.endpoint == "static":  # the same for everyone; don't load the user
        return response
    if current_user.is_authenticated or request.endpoint == "auth.logout":
        response.headers["Cache-Control"] = "no-store"
    return response


def register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.after_request(keep_private_pages_out_of_caches)
