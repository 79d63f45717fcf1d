"""A cleaner's rating statistics, computed by the database in one query."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

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


def cleaner_stats(cleaner_id: int) -> CleanerStats:
    e = Evaluation
    row = db.session.execute(
        select(
            func.avg(e.overall_rating),
            func.avg(e.professionalism),
            func.avg(e.completeness),
            func.avg(e.efficiency),
            func.min(e.overall_rating),
            func.max(e.overall_rating),
            func.count(),
            _count_where(e.no_show),
            *(_count_where(e.overall_rating == n) for n in STARS),
        ).where(e.cleaner_id == cleaner_id)
    ).one()
    return CleanerStats(*row[:8], star_counts=dict(zip(STARS, row[8:], strict=True)))


@dataclass(frozen=True)
class RatingSummary:
    average: Decimal | None
    count: int


NO_REVIEWS = RatingSummary(None, 0)


def rating_summaries(user_ids) -> dict[int, RatingSummary]:
    """Average overall rating and number of evaluations for each cleaner, in
    one query; cleaners without evaluations map to NO_REVIEWS."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            Evaluation.cleaner_id,
            func.avg(Evaluation.overall_rating),
            func.count(),
        )
        .where(Evaluation.cleaner_id.in_(ids))
        .group_by(Evaluation.cleaner_id)
    )
    found = {uid: RatingSummary(avg, count) for uid, avg, count in rows}
    return {uid: found.get(uid, NO_REVIEWS) for uid in ids}
