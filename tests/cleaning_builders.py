"""Builders for cleaning-job tests: rows written straight to the database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, Offer


def make_cleaning(app, owner, minutes_ago=0, **fields) -> int:
    values = {
        "name": "Two-bedroom flat",
        "description": "Kitchen and bathroom need the most love.",
        "cleaning_type": "spot_clean",
        "price": Decimal("25.00"),
        **fields,
    }
    created = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    with app.app_context():
        cleaning = Cleaning(
            owner_id=owner.id, created_at=created, updated_at=created, **values
        )
        db.session.add(cleaning)
        db.session.commit()
        return cleaning.id


def make_offer(app, cleaning_id, cleaner, status="pending") -> None:
    with app.app_context():
        db.session.add(
            Offer(cleaning_id=cleaning_id, user_id=cleaner.id, status=status)
        )
        db.session.commit()


def get_cleaning(app, cleaning_id) -> Cleaning | None:
    with app.app_context():
        cleaning = db.session.get(Cleaning, cleaning_id)
        if cleaning is not None:
            db.session.expunge(cleaning)
        return cleaning


def all_cleanings(app) -> list[Cleaning]:
    with app.app_context():
        rows = list(db.session.scalars(select(Cleaning).order_by(Cleaning.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def activity_kinds(app) -> list[tuple[str, int, int]]:
    with app.app_context():
        return [
            (a.kind, a.actor_id, a.cleaning_id)
            for a in db.session.scalars(select(Activity).order_by(Activity.id))
        ]


def offer_count(app) -> int:
    with app.app_context():
        return len(list(db.session.scalars(select(Offer))))
