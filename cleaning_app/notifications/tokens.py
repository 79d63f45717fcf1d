"""Unsubscribe tokens: which user and which kind, signed with SECRET_KEY
(itsdangerous), so a link works without a login and can't be forged for
someone else. They don't expire: an old email's link must still work."""

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from ..models import NotificationKind

SALT = "phresh.unsubscribe"
# Instead of a kind: every kind. Account emails (verification, reset) are no
# notification, yet carry an unsubscribe link like every email; theirs
# turns off every notification email.
EVERY_KIND = "all"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user_id: int, kind: NotificationKind | None) -> str:
    """A link's token for one kind, or (None) for every kind."""
    return _serializer().dumps([user_id, kind.value if kind else EVERY_KIND])


def read_token(token: str) -> tuple[int, NotificationKind | None] | None:
    """(user id, kind or None for every kind), or None for anything this
    app did not sign."""
    try:
        user_id, kind = _serializer().loads(token)
        return int(user_id), None if kind == EVERY_KIND else NotificationKind(kind)
    except (BadData, TypeError, ValueError):
        return None
