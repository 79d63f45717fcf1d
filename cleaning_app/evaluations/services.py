"""Ratings: what other features need to show a cleaner's reputation."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from ..extensions import db
from ..models import Evaluation


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
