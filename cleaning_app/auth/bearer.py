"""Bearer tokens for the JSON API.

A token is an opaque random string handed out once; only its SHA-256 is
stored, with an expiry. Deleting rows is how logout, a password change and
a deactivation end tokens, as `sessions.py` does for cookies. Callers
commit.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select

from ..extensions import db
from ..models import ApiToken, User

LIFETIME = timedelta(days=7)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            token_hash=_digest(token),
            user_id=user.id,
            expires_at=func.now() + LIFETIME,
        )
    )
    return token


# Built once: every API request runs it.
_LOAD = (
    select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"), ApiToken.expires_at > func.now())
)


def holder(token: str) -> User | None:
    """The token's holder, or None for an unknown, expired or revoked one.
    The holder may be deactivated, which the API reports apart."""
    if not token:
        return None
    return db.session.scalar(_LOAD, {"digest": _digest(token)})


def revoke(token: str) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.token_hash == _digest(token)))


def revoke_all(user: User) -> None:
    """End every token of the user: a new password or a deactivation."""
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def delete_expired() -> int:
    return db.session.execute(
        delete(ApiToken).where(ApiToken.expires_at <= func.now())
    ).rowcount
