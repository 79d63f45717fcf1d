"""One way for a use case to refuse.

A service that can't do what was asked raises `Refused` with the message a
person should read, the HTTP status the CONTRACT gives that case and, when
one form field is to blame, the field's name. Services never build
responses: the app's error handler (errors.py) answers with the friendly
error page, and a view that shows the refusal next to its form catches it
first. So a rule and its message are written once, in the service.
"""

from contextlib import contextmanager

from psycopg2 import errors as pg_errors
from sqlalchemy.exc import IntegrityError

from .extensions import db


class Refused(Exception):
    """Well-formed, but it conflicts with what exists (400 unless told)."""

    status = 400

    def __init__(
        self, message: str = "", status: int | None = None, field: str | None = None
    ):
        super().__init__(message)
        self.message = message
        self.status = status or self.status
        self.field = field


class NotFound(Refused):
    status = 404


class Forbidden(Refused):
    status = 403


@contextmanager
def refused_as(
    refusal: Refused,
    *,
    constraints: dict[str, Refused] | None = None,
    violation: type[Exception] = pg_errors.UniqueViolation,
):
    """Write the block's changes in a savepoint. When the database refuses
    them with `violation` (a race lost to a request that committed after
    our friendly check), the outer transaction stays usable and the caller
    gets the same refusal as that check: the one `constraints` names for
    the violated constraint, else `refusal`."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        if not isinstance(error.orig, violation):
            raise
        name = error.orig.diag.constraint_name
        raise (constraints or {}).get(name, refusal) from None
