"""The activity feed is written by the services that change things, in the
same transaction as the change itself."""

from ..extensions import db
from ..models import Activity, ActivityKind


def record(kind: ActivityKind, actor_id: int, cleaning_id: int) -> None:
    db.session.add(
        Activity(kind=kind.value, actor_id=actor_id, cleaning_id=cleaning_id)
    )
