"""Every failure under /api answers `{"detail": ...}`. A service's refusal
becomes the original backend's `detail` here, in one translation (the pages
show the service's own message, cleaning_app/errors.py)."""

from flask import Blueprint, current_app, g, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import RequestRedirect

from ..errors import RETRY_AFTER_SECONDS, is_database_unavailable
from ..evaluations import services as evaluations
from ..extensions import db
from ..models import OfferStatus
from ..offers import services as offers
from ..rules import Refused
from .core import ApiError, json_response


def _state_refusals(action: str, detail: str) -> dict[str, str]:
    return {
        offers.REFUSALS[action].format(status=status): detail for status in OfferStatus
    }


# The original's words that views also raise themselves (a lookup's 404
# before a service is asked, the order the original checks in).
NO_USER = "No user found with that username."
NO_OFFER = "Offer not found."
NOT_ACCEPTED = (
    "Users are unable to leave multiple evaluations jobs they did not accept."
)

# The service's message -> the original's detail. Refusals not named here
# (the pages' own rules, such as a job that is no longer open) keep their
# message.
DETAILS = {
    offers.OWN_JOB: "Users are unable to create offers for cleaning jobs they own.",
    offers.ALREADY_OFFERED: (
        "Users aren't allowed create more than one offer for a cleaning job."
    ),
    offers.ALREADY_ACCEPTED: "That cleaning job already has an accepted offer.",
    offers.NO_SUCH_USER: NO_USER,
    offers.NO_OFFER_BY_USER: NO_OFFER,
    offers.NO_OWN_OFFER: NO_OFFER,
    **_state_refusals("accept", "Can only accept offers that are currently pending."),
    **_state_refusals("cancel", "Can only cancel offers that have been accepted."),
    **_state_refusals("rescind", "Can only rescind currently pending offers."),
    evaluations.NO_ACCEPTED_OFFER: NOT_ACCEPTED,
    evaluations.ALREADY_EVALUATED: NOT_ACCEPTED,
}


def detail_of(refused: Refused) -> str:
    """The `detail` for a refusal: the original's words for it, else the
    operation's own 403 message for an unnamed Forbidden, else the
    service's message."""
    if refused.message in DETAILS:
        return DETAILS[refused.message]
    if refused.status == 403:
        return g.get("api_forbidden") or "Forbidden"
    return refused.message or HTTP_STATUS_CODES[refused.status]


def _answer(status: int, detail, headers=None):
    db.session.rollback()
    response = json_response({"detail": detail}, status, headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def api_error(error: ApiError):
    return _answer(error.status, error.detail, error.headers)


def refused(error: Refused):
    return _answer(error.status, detail_of(error))


def http_error(error: HTTPException):
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return _answer(error.code or 500, _phrase(error), headers)


def _phrase(error: HTTPException) -> str:
    return error.name if error.code != 429 else "Too Many Requests"


def database_error(error: SQLAlchemyError):
    if not is_database_unavailable(error):
        return unexpected(error)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return _answer(503, "Service Unavailable", headers)


def unexpected(error: Exception):
    current_app.logger.exception("Unhandled API error", exc_info=error)
    return _answer(500, InternalServerError.name)


def api_routing_errors():
    """A path under /api that no route takes (404), or a method it doesn't
    allow (405), answers in JSON too; the trailing-slash redirect stays."""
    error = request.routing_exception
    if error is None or isinstance(error, RequestRedirect):
        return None
    if not request.path.startswith("/api/") and request.path != "/api":
        return None
    return http_error(error)


def register_errors(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, api_error)
    bp.register_error_handler(Refused, refused)
    bp.register_error_handler(HTTPException, http_error)
    bp.register_error_handler(SQLAlchemyError, database_error)
    bp.register_error_handler(Exception, unexpected)
    bp.before_app_request(api_routing_errors)
