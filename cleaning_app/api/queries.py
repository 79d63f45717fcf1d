"""What the API reads beyond the pages' queries. Each function is one SQL
statement, so an answer costs the same however many items it holds."""

from datetime import datetime

from sqlalchemy import and_, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import MAX_INTEGER, Cleaning, Evaluation, Offer, User


def contacts(viewer_id: int, user_ids: set[int]) -> set[int]:
    """Those of `user_ids` on the other side of an accepted or completed
    offer with the viewer: the people whose phone number they may see."""
    rows = db.session.execute(
        select(Cleaning.owner_id, Offer.user_id)
        .join(Offer, Offer.cleaning_id == Cleaning.id)
        .where(
            Offer.is_taken,
            or_(
                and_(Cleaning.owner_id == viewer_id, Offer.user_id.in_(user_ids)),
                and_(Offer.user_id == viewer_id, Cleaning.owner_id.in_(user_ids)),
            ),
        )
    )
    return {cleaner if owner == viewer_id else owner for owner, cleaner in rows}


def cleaning(cleaning_id: int, with_owner: bool = False) -> Cleaning | None:
    if cleaning_id > MAX_INTEGER:
        return None
    query = select(Cleaning).where(Cleaning.id == cleaning_id)
    if with_owner:
        query = query.options(joinedload(Cleaning.owner).joinedload(User.profile))
    return db.session.scalar(query)


def cleanings_of(owner_id: int) -> list[Cleaning]:
    return list(
        db.session.scalars(
            select(Cleaning)
            .where(Cleaning.owner_id == owner_id)
            .order_by(Cleaning.created_at.desc(), Cleaning.id.desc())
        )
    )


def offer(cleaning_id: int, user_id: int) -> Offer | None:
    return db.session.get(Offer, (cleaning_id, user_id))


def evaluations_of(cleaner_id: int) -> list[tuple[Evaluation, int]]:
    """The cleaner's evaluations, newest first, each with its job's owner id."""
    rows = db.session.execute(
        select(Evaluation, Cleaning.owner_id)
        .join(Cleaning, Cleaning.id == Evaluation.cleaning_id)
        .where(Evaluation.cleaner_id == cleaner_id)
        .order_by(Evaluation.created_at.desc(), Evaluation.cleaning_id.desc())
    )
    return [tuple(row) for row in rows]


def evaluation(cleaner_id: int, cleaning_id: int) -> tuple[Evaluation, int] | None:
    if cleaning_id > MAX_INTEGER:
        return None
    row = db.session.execute(
        select(Evaluation, Cleaning.owner_id)
        .join(Cleaning, Cleaning.id == Evaluation.cleaning_id)
        .where(
            Evaluation.cleaner_id == cleaner_id, Evaluation.cleaning_id == cleaning_id
        )
    ).first()
    return None if row is None else tuple(row)


def feed(starting_date: datetime, limit: int) -> list[tuple[Cleaning, datetime, str]]:
    """The original's feed: every job yields an `is_create` event at its
    `created_at` and, once edited, an `is_update` event at its `updated_at`;
    the newest `limit` events strictly before `starting_date`, each with
    its job, owner and owner's profile, in one statement. Each kind's newest
    `limit` come from its own index (`ix_cleanings_created_at_id`,
    `ix_cleanings_edited_updated_at_id`), so no page sorts every job. Jobs
    of deactivated owners leave it, as they leave the pages' feed."""
    c = Cleaning.__table__.c

    def newest(at, kind: str, *conditions):
        return (
            select(
                c.id.label("cleaning_id"), at.label("at"), literal(kind).label("kind")
            )
            .join(User, User.id == c.owner_id)
            .where(at < starting_date, User.is_active, *conditions)
            .order_by(at.desc(), c.id.desc())
            .limit(limit)
        )

    created = newest(c.created_at, "is_create")
    updated = newest(c.updated_at, "is_update", c.updated_at != c.created_at)
    events = union_all(created, updated).subquery("events")
    query = (
        select(Cleaning, events.c.at, events.c.kind)
        .join(events, events.c.cleaning_id == Cleaning.id)
        .options(joinedload(Cleaning.owner).joinedload(User.profile))
        .order_by(events.c.at.desc(), events.c.kind.desc(), Cleaning.id.desc())
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(query)]
