"""Cleaning jobs: the caller's own list, one job, create, update, delete."""

from flask import g

from ..cleanings import services
from ..cleanings.access import require_owner
from ..extensions import db
from ..models import Cleaning, User
from . import queries
from . import schemas as s
from .core import ApiError, Body, operation
from .present import Viewer, cleaning_public

NOT_FOUND = "No cleaning found with that id."
NOT_YOURS = "Users are only able to modify cleanings that they created."
NULL_TYPE = "Invalid cleaning type. Cannot be None."


def find(cleaning_id: int, with_owner: bool = False) -> Cleaning:
    """The job or the original's 404."""
    cleaning = queries.cleaning(cleaning_id, with_owner)
    if cleaning is None:
        raise ApiError(404, NOT_FOUND)
    return cleaning


def owned(user: User, cleaning_id: int, forbidden: str = NOT_YOURS) -> Cleaning:
    """The job for its owner: 404, then 403 with `forbidden`."""
    cleaning = find(cleaning_id)
    g.api_forbidden = forbidden
    require_owner(cleaning, user)
    return cleaning


@operation(
    "POST",
    "/cleanings/",
    status=201,
    response=s.CleaningPublic,
    body=Body(s.CleaningCreate, "new_cleaning"),
    errors=(401, 422),
    tag="cleanings",
)
def create(user: User, body):
    """Post a job; `owner` is the caller's id."""
    values = body().model_dump()
    values["description"] = values["description"] or ""
    values["address"] = values["address"] or ""
    cleaning = services.create(user.id, values)
    db.session.commit()
    return cleaning_public(cleaning, Viewer(user))


@operation(
    "GET",
    "/cleanings/",
    response=list[s.CleaningPublic],
    errors=(401,),
    tag="cleanings",
)
def mine(user: User):
    """The caller's own jobs, newest first."""
    viewer = Viewer(user)
    return [cleaning_public(c, viewer) for c in queries.cleanings_of(user.id)]


@operation(
    "GET",
    "/cleanings/{cleaning_id}/",
    response=s.CleaningPublic,
    errors=(401, 404, 422),
    tag="cleanings",
)
def show(user: User, cleaning_id: int):
    """One job, with its owner's public user object."""
    cleaning = find(cleaning_id, with_owner=True)
    viewer = Viewer.of(user, {cleaning.owner_id})
    offer = (
        None if viewer.is_me(cleaning.owner_id) else queries.offer(cleaning_id, user.id)
    )
    hired = offer is not None and offer.is_taken
    return cleaning_public(cleaning, viewer, expand_owner=True, hired=hired)


@operation(
    "PUT",
    "/cleanings/{cleaning_id}/",
    response=s.CleaningPublic,
    body=Body(s.CleaningUpdate, "cleaning_update"),
    errors=(400, 401, 403, 404, 422),
    tag="cleanings",
)
def update(user: User, cleaning_id: int, body):
    """Change the given fields; unknown keys (such as `owner`) are ignored."""
    cleaning = owned(user, cleaning_id)
    change = body().model_dump(exclude_unset=True)
    if "cleaning_type" in change and change["cleaning_type"] is None:
        raise ApiError(400, NULL_TYPE)
    for blank_is_empty in ("description", "address"):
        if blank_is_empty in change:
            change[blank_is_empty] = change[blank_is_empty] or ""
    values = {k: getattr(cleaning, k) for k in services.EDITABLE} | change
    services.update(cleaning, values)
    db.session.commit()
    return cleaning_public(cleaning, Viewer(user))


@operation(
    "DELETE",
    "/cleanings/{cleaning_id}/",
    response=int,
    errors=(400, 401, 403, 404, 422),
    tag="cleanings",
)
def delete(user: User, cleaning_id: int):
    """Delete a job that has no accepted or completed offer; answers its id."""
    cleaning = owned(user, cleaning_id)
    services.delete(cleaning)
    db.session.commit()
    return cleaning_id
