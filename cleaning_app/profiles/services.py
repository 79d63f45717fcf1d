"""What a public profile shows, and the owner's edits to it. Every reader
here is one query, so the profile page costs the same however busy the
user is. The user is found by auth.services, their open jobs by
cleanings.queries."""

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import Cleaning, Evaluation, Profile, User

REVIEWS_PER_PAGE = 10


@dataclass(frozen=True)
class ReviewPage:
    evaluations: list[Evaluation]
    page: int
    has_more: bool


# Built once: building the statement and its cache key anew cost more CPU
# than the query.
_REVIEWS = (
    select(Evaluation)
    .join(Cleaning, Cleaning.id == Evaluation.cleaning_id)
    .join(User, User.id == Cleaning.owner_id)
    .options(contains_eager(Evaluation.cleaning).contains_eager(Cleaning.owner))
    .where(Evaluation.cleaner_id == bindparam("cleaner_id"))
    .order_by(Evaluation.created_at.desc(), Evaluation.cleaning_id.desc())
    .offset(bindparam("offset"))
    .limit(REVIEWS_PER_PAGE + 1)
)


def recent_evaluations(cleaner_id: int, page: int = 1) -> ReviewPage:
    """Newest first, with each job and its owner loaded in the same query.
    One extra row tells whether a next page exists."""
    values = {"cleaner_id": cleaner_id, "offset": (page - 1) * REVIEWS_PER_PAGE}
    rows = db.session.scalars(_REVIEWS, values).all()
    return ReviewPage(
        rows[:REVIEWS_PER_PAGE], page, has_more=len(rows) > REVIEWS_PER_PAGE
    )


@dataclass(frozen=True)
class ProfileInput:
    full_name: str
    phone_number: str
    bio: str
    image: str


def update_profile(user: User, data: ProfileInput) -> Profile:
    profile = user.profile
    if profile is None:
        # Users made before profiles existed (or by hand) get one on first edit.
        profile = user.profile = Profile()
    for name, value in vars(data).items():
        setattr(profile, name, value)
    return profile
