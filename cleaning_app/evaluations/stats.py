"""A cleaner's rating statistics and a resident's reputation as a client,
each computed by the database in one query."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from ..extensions import db
from ..models import Cleaning, ClientReview, Evaluation, Profile, User
from ..prepared import prepared

STARS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class CleanerStats:
    """Averages are exact numerics (`sum/count` of the ratings given;
    blanks are ignored, not counted as zero) and None when nothing was given."""

    overall: Decimal | None
    professionalism: Decimal | None
    completeness: Decimal | None
    efficiency: Decimal | None
    min_overall: int | None
    max_overall: int | None
    total: int
    no_shows: int
    star_counts: dict[int, int]

    @property
    def has_reviews(self) -> bool:
        return self.total > 0

    @property
    def histogram(self) -> list[tuple[int, int]]:
        """(stars, count) from five stars down to one, as the chart shows it."""
        return [(n, self.star_counts[n]) for n in reversed(STARS)]


def _count_where(condition):
    return func.count().filter(condition)


# Built once, as every statement of this module: building it and its cache
# key anew cost more CPU than the query.
_STATS = select(
    func.avg(Evaluation.overall_rating),
    func.avg(Evaluation.professionalism),
    func.avg(Evaluation.completeness),
    func.avg(Evaluation.efficiency),
    func.min(Evaluation.overall_rating),
    func.max(Evaluation.overall_rating),
    func.count(),
    _count_where(Evaluation.no_show),
    *(_count_where(Evaluation.overall_rating == n) for n in STARS),
).where(Evaluation.cleaner_id == bindparam("cleaner_id"))


def cleaner_stats(cleaner_id: int) -> CleanerStats:
    row = db.session.execute(_STATS, {"cleaner_id": cleaner_id}).one()
    return CleanerStats(*row[:8], star_counts=dict(zip(STARS, row[8:], strict=True)))


@dataclass(frozen=True)
class RatingSummary:
    average: Decimal | None
    count: int


NO_REVIEWS = RatingSummary(None, 0)


_IDS = ARRAY(Evaluation.cleaner_id.type)
_SUMMARIES = prepared(
    select(Evaluation.cleaner_id, func.avg(Evaluation.overall_rating), func.count())
    # One SQL text however many ids (an IN list writes one a length), so
    # it can be prepared.
    .where(Evaluation.cleaner_id == any_(bindparam("ids", type_=_IDS)))
    .group_by(Evaluation.cleaner_id)
)


def rating_summaries(user_ids) -> dict[int, RatingSummary]:
    """Average overall rating and number of evaluations for each cleaner, in
    one query; cleaners without evaluations map to NO_REVIEWS."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = db.session.execute(_SUMMARIES, {"ids": ids})
    found = {uid: RatingSummary(avg, count) for uid, avg, count in rows}
    return {uid: found.get(uid, NO_REVIEWS) for uid in ids}


CLIENT_REVIEWS_SHOWN = 5


@dataclass(frozen=True)
class ClientReputation:
    """What cleaners said of a resident: the average rating (exact numeric,
    None without reviews), how many reviews, and the newest few as Core
    rows (_CLIENT_REVIEWS's columns)."""

    average: Decimal | None
    count: int
    recent: list

    @property
    def has_reviews(self) -> bool:
        return self.count > 0


# The newest reviews, each with its job and cleaner, and the average and
# count over all of them as window columns: windows are computed before the
# LIMIT, so one query gives both.
_CLIENT_REVIEWS = (
    select(
        ClientReview.cleaning_id,
        ClientReview.rating,
        ClientReview.comment,
        ClientReview.created_at,
        Cleaning.name.label("cleaning_name"),
        User.username.label("cleaner_username"),
        Profile.full_name.label("cleaner_full_name"),
        func.avg(ClientReview.rating).over().label("average"),
        func.count().over().label("total"),
    )
    .join(Cleaning, Cleaning.id == ClientReview.cleaning_id)
    .join(User, User.id == ClientReview.cleaner_id)
    .outerjoin(Profile, Profile.user_id == User.id)
    .where(ClientReview.client_id == bindparam("client_id"))
    .order_by(ClientReview.created_at.desc(), ClientReview.cleaning_id.desc())
    .limit(CLIENT_REVIEWS_SHOWN)
)


def client_reputation(client_id: int) -> ClientReputation:
    rows = db.session.execute(_CLIENT_REVIEWS, {"client_id": client_id}).all()
    if not rows:
        return ClientReputation(None, 0, [])
    return ClientReputation(rows[0].average, rows[0].total, rows)
