"""Friendly error pages (a fragment for htmx) for every status we send."""

from flask import Flask, current_app
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .htmx import render
from .rules import Refused

MESSAGES = {
    400: "That request couldn't be processed. Please reload the page and try again.",
    401: "Please log in to continue.",
    403: "You don't have permission to do that.",
    404: "We couldn't find that page.",
    405: "That action isn't allowed here.",
    413: "That was more than we can accept (the limit is 1 MiB).",
    422: "Some of what you sent isn't valid.",
    429: "Too many attempts. Please wait a moment and try again.",
    500: "Something went wrong on our side. Please try again.",
}


def handle_http_error(error: HTTPException):
    code = error.code or 500
    message = MESSAGES.get(code, error.description)
    if code == 400 and error.description and "CSRF" in error.description:
        message = "Your form expired. Please reload the page and try again."
    response = render(
        "errors/error.html", block="content", status=code, code=code, message=message
    )
    # Keep what Werkzeug adds, such as Allow on 405 and Retry-After on 429.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_refused(refused: Refused):
    """A service's refusal that no view showed in place: the error page with
    its message (or the status's usual one), and nothing written."""
    db.session.rollback()
    message = refused.message or MESSAGES[refused.status]
    return render(
        "errors/error.html",
        "content",
        refused.status,
        code=refused.status,
        message=message,
    )


def show_on_form(form, refused: Refused) -> str | None:
    """For a view that shows a refusal next to its form: the message goes
    under the field it names (None is returned), else it is returned for
    the page to show over the form."""
    if refused.field is None:
        return refused.message
    field = form[refused.field]
    field.errors = [*field.errors, refused.message]
    return None


def handle_unexpected(error: Exception):
    current_app.logger.exception("Unhandled error", exc_info=error)
    return handle_http_error(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Refused, handle_refused)
    app.register_error_handler(Exception, handle_unexpected)
