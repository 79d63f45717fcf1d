"""A cleaner's rating statistics, computed by the database in one query."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..models import Evaluation

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


_SUMMARIES = (
    select(Evaluation.cleaner_id, func.avg(Evaluation.overall_rating), func.count())
    .where(Evaluation.cleaner_id.in_(bindparam("ids", expanding=True)))
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
