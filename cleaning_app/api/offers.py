"""Offers on a job: make, list, look at one, accept, cancel, rescind."""

from flask import g

from ..auth.services import find_by_username
from ..cleanings.access import require_owner
from ..extensions import db
from ..models import Offer, User
from ..offers import services
from ..offers.queries import offer_rows
from . import queries
from . import schemas as s
from .cleanings import find, owned
from .core import ApiError, Body, operation
from .errors import NO_OFFER, NO_USER
from .present import Viewer, offer_public

OFFERS_FORBIDDEN = "Unable to access offers."
OFFER_FORBIDDEN = "Unable to access offer."
ACCEPT_FORBIDDEN = "Only the owner of the cleaning may accept offers."


@operation(
    "POST",
    "/cleanings/{cleaning_id}/offers/",
    status=201,
    response=s.OfferPublic,
    body=Body(s.OfferCreate, required=False),
    errors=(400, 401, 404, 422),
    tag="offers",
)
def create(user: User, cleaning_id: int, body):
    """Offer to clean a job that isn't yours (optional `message`)."""
    cleaning = find(cleaning_id)
    try:
        message, problem = body().message or "", None
    except ApiError as invalid_body:
        # The job's own refusals (400) come before a bad body (422).
        message, problem = "", invalid_body
    offer = services.make_offer(cleaning, user, message)
    if problem is not None:
        raise problem
    db.session.commit()
    return offer_public(offer, Viewer(user))


@operation(
    "GET",
    "/cleanings/{cleaning_id}/offers/",
    response=list[s.OfferPublic],
    errors=(401, 403, 404, 422),
    tag="offers",
)
def index(user: User, cleaning_id: int):
    """Every offer on the caller's job, each with its cleaner."""
    owned(user, cleaning_id, OFFERS_FORBIDDEN)
    offers = [row.offer for row in offer_rows(cleaning_id)]
    viewer = Viewer.of(user, {o.user_id for o in offers})
    return [offer_public(o, viewer, with_user=True) for o in offers]


def _offer_of(cleaning_id: int, username: str) -> Offer:
    """404 for no such job, user or offer, in that order."""
    cleaning = find(cleaning_id)
    cleaner = find_by_username(username)
    if cleaner is None:
        raise ApiError(404, NO_USER)
    offer = queries.offer(cleaning.id, cleaner.id)
    if offer is None:
        raise ApiError(404, NO_OFFER)
    return offer


@operation(
    "GET",
    "/cleanings/{cleaning_id}/offers/{username}/",
    response=s.OfferPublic,
    errors=(401, 403, 404, 422),
    tag="offers",
)
def show(user: User, cleaning_id: int, username: str):
    """One offer, for the job's owner or the cleaner who made it."""
    offer = _offer_of(cleaning_id, username)
    if user.id != offer.user_id:
        g.api_forbidden = OFFER_FORBIDDEN
        require_owner(offer.cleaning, user)
    return offer_public(offer, Viewer(user))


@operation(
    "PUT",
    "/cleanings/{cleaning_id}/offers/{username}/",
    response=s.OfferPublic,
    errors=(400, 401, 403, 404, 422),
    tag="offers",
)
def accept(user: User, cleaning_id: int, username: str):
    """Accept a pending offer; the job's other pending offers are rejected."""
    offer = _offer_of(cleaning_id, username)
    g.api_forbidden = ACCEPT_FORBIDDEN
    offer = services.accept(offer.cleaning, user, username)
    db.session.commit()
    return offer_public(offer, Viewer(user))


@operation(
    "PUT",
    "/cleanings/{cleaning_id}/offers/",
    response=s.OfferPublic,
    errors=(400, 401, 404, 422),
    tag="offers",
)
def cancel(user: User, cleaning_id: int):
    """The accepted cleaner steps back; rejected offers are pending again."""
    offer = services.cancel(find(cleaning_id), user)
    db.session.commit()
    return offer_public(offer, Viewer(user))


@operation(
    "DELETE",
    "/cleanings/{cleaning_id}/offers/",
    response=None,
    errors=(400, 401, 404, 422),
    tag="offers",
)
def rescind(user: User, cleaning_id: int):
    """Withdraw a pending offer (it is deleted)."""
    services.rescind(find(cleaning_id), user)
    db.session.commit()
    return None
