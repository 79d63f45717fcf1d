"""Which kinds a user also gets by email.

A kind the user never changed takes its default: on for what asks for an
answer or a plan (an offer to consider, an accepted offer, a cancelled
booking, a message, a job marked done to rate, a reminder, an
invitation), off for news that needs nothing from them (a declined offer,
a review). Only changed choices are stored (notification_settings)."""

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from ..extensions import db
from ..models import NotificationKind, NotificationSetting

OFF_BY_DEFAULT = {NotificationKind.offer_rejected, NotificationKind.review_received}
DEFAULTS = {kind: kind not in OFF_BY_DEFAULT for kind in NotificationKind}


def email_choices(user_id: int) -> dict[NotificationKind, bool]:
    """Every kind, with whether the user gets it by email."""
    choices = dict(DEFAULTS)
    rows = db.session.execute(
        select(NotificationSetting.kind, NotificationSetting.email).where(
            NotificationSetting.user_id == user_id
        )
    )
    for kind, email in rows:
        choices[NotificationKind(kind)] = email
    return choices


def wants_email(user_id: int, kind: NotificationKind) -> bool:
    stored = db.session.scalar(
        select(NotificationSetting.email).where(
            NotificationSetting.user_id == user_id,
            NotificationSetting.kind == kind.value,
        )
    )
    return DEFAULTS[kind] if stored is None else stored


def set_email(user_id: int, kind: NotificationKind, email: bool) -> None:
    """Store one choice; a concurrent save of the same one is no conflict."""
    values = {"user_id": user_id, "kind": kind.value, "email": email}
    db.session.execute(
        insert(NotificationSetting)
        .values(values)
        .on_conflict_do_update(
            index_elements=["user_id", "kind"], set_={"email": email}
        )
    )
