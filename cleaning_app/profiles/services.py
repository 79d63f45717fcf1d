"""What a public profile shows, and the owner's edits to it. Every reader
here is one query, so the profile page costs the same however busy the
user is. The user is found by auth.services, their open jobs by
cleanings.queries."""

from dataclasses import dataclass

from psycopg2 import errors as pg_errors
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert

from ..extensions import db
from ..models import CleanerProfile, Cleaning, Evaluation, Profile, Role, User
from ..rules import Refused, refused_as

REVIEWS_PER_PAGE = 10
# The form merges areas alike ignoring case (Python's casefold); the
# database's lower() can still find two alike ("İx" and "ix" in C.UTF-8).
AREAS_ALIKE = Refused(
    "Two of these areas are the same ignoring case; list each once.",
    422,
    "areas",
)


@dataclass(frozen=True)
class ReviewPage:
    evaluations: list  # Core rows: _REVIEWS's columns
    page: int
    has_more: bool


# Built once: building the statement and its cache key anew cost more CPU
# than the query. Core rows of what a review shows: the page only reads
# them, and three ORM objects a row cost more than the query.
_REVIEWS = (
    select(
        Evaluation.cleaning_id,
        Evaluation.overall_rating,
        Evaluation.professionalism,
        Evaluation.completeness,
        Evaluation.efficiency,
        Evaluation.no_show,
        Evaluation.headline,
        Evaluation.comment,
        Evaluation.created_at,
        Cleaning.name.label("cleaning_name"),
        User.username.label("owner_username"),
    )
    .join(Cleaning, Cleaning.id == Evaluation.cleaning_id)
    .join(User, User.id == Cleaning.owner_id)
    .where(Evaluation.cleaner_id == bindparam("cleaner_id"))
    .order_by(Evaluation.created_at.desc(), Evaluation.cleaning_id.desc())
    .offset(bindparam("offset"))
    .limit(REVIEWS_PER_PAGE + 1)
)


def recent_evaluations(cleaner_id: int, page: int = 1) -> ReviewPage:
    """Newest first, with each job's name and owner from the same query.
    One extra row tells whether a next page exists."""
    values = {"cleaner_id": cleaner_id, "offset": (page - 1) * REVIEWS_PER_PAGE}
    rows = db.session.execute(_REVIEWS, values).all()
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


def update_role(user: User, role: Role, cleaner: dict | None) -> None:
    """Set what the user is here for and, for a cleaner, their cleaner
    profile (`cleaner`: CleanerProfile's columns). A user who stops
    cleaning keeps the row; their role alone takes them out of the
    directory. An upsert, so two first saves at once can't clash."""
    user.role = role
    if cleaner is None:
        return
    upsert = insert(CleanerProfile).values(user_id=user.id, **cleaner)
    with refused_as(AREAS_ALIKE, violation=pg_errors.CheckViolation):
        db.session.execute(
            upsert.on_conflict_do_update(
                index_elements=[CleanerProfile.user_id], set_=cleaner
            )
        )
