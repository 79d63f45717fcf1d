"""Friendly error pages (a fragment for htmx) for every status we send."""

from flask import Flask, current_app, request
from flask_login import current_user
from sqlalchemy.exc import (
    DBAPIError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, login_manager
from .htmx import render
from .rules import Refused

# How long a browser (or a client script) is asked to wait while the
# database is away; restarts and fail-overs take seconds.
RETRY_AFTER_SECONDS = 5

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
    503: "Phresh can't reach its database right now. Please try again in a moment.",
}


def is_database_unavailable(error: BaseException | None) -> bool:
    """The database failed rather than our code: it can't be reached, it
    dropped the connection, or a bounded wait ran out (statement or lock
    timeout, no free connection in the pool). Trying again later may work."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def handle_database_unavailable(error: SQLAlchemyError):
    """503 with Retry-After, on a page that asks the database nothing more.
    Who is logged in is itself a database question (Flask-Login's loader
    queries the session row), so the page is drawn as for an anonymous
    visitor; it is never cached, as it describes a moment."""
    if not is_database_unavailable(error):
        return handle_unexpected(error)
    reason = getattr(error, "orig", None) or error
    first_line = (str(reason).strip().splitlines() or [""])[0]
    # One line, no traceback and no SQL parameters: an outage logs this for
    # every request.
    current_app.logger.warning(
        "Database unavailable for %s %s: %s: %s",
        request.method,
        request.path,
        type(reason).__name__,
        first_line,
    )
    # Flask-Login's own way to set the request's user; without one, the
    # anonymous user, whom the templates and after_request hooks then see.
    login_manager._update_request_context_with_user()
    response = render(
        "errors/error.html", "content", 503, code=503, message=MESSAGES[503]
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _user_unloadable() -> SQLAlchemyError | None:
    """The error that stops an error page from knowing who is logged in, if
    the database is down; None when the user loads (or nobody is logged in)."""
    try:
        current_user._get_current_object()
    except SQLAlchemyError as error:
        if is_database_unavailable(error):
            return error
        raise
    return None


def handle_http_error(error: HTTPException):
    # Flask wraps an exception that escaped every handler (one raised in an
    # after_request function, say) in a 500; a database failure is a 503.
    original = getattr(error, "original_exception", None)
    if is_database_unavailable(original):
        return handle_database_unavailable(original)
    # A logged-in visitor's page shows their name, which the database knows:
    # while it is down every page says so instead.
    database_down = _user_unloadable()
    if database_down is not None:
        return handle_database_unavailable(database_down)
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


def release_database(_error=None) -> None:
    """End the request's session. When the server went away during the
    request, its rollback fails too: drop the dead connection instead, since
    an error raised here would reach the client as a bare 500 without any of
    our headers (teardown runs after every error handler)."""
    try:
        db.session.remove()
    except DBAPIError:
        db.session().invalidate()
        db.session.remove()


def register_error_handlers(app: Flask) -> None:
    app.teardown_request(release_database)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Refused, handle_refused)
    app.register_error_handler(SQLAlchemyError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
