"""Bearer tokens for the JSON API.

A token is an opaque random string handed out once; only its SHA-256 is
stored, with an expiry. Deleting rows is how logout, a password change and
a deactivation end tokens (`sessions.end_all_logins`), as for cookies. Callers
commit.
"""

import secrets
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, insert, select

from ..extensions import db
from ..models import ApiToken, User
from ..prepared import prepared
from .sessions import digest, snapshot

LIFETIME = timedelta(days=7)


# Built once and prepared: every token login runs it. Core, on the table:
# the ORM's unit of work cost more CPU than the insert.
_ISSUE = prepared(
    insert(ApiToken.__table__).values(
        token_hash=bindparam("digest"),
        user_id=bindparam("user_id"),
        expires_at=func.now() + LIFETIME,
    )
)


def issue(user: User) -> str:
    token = secrets.token_urlsafe(32)
    db.session.execute(_ISSUE, {"digest": digest(token), "user_id": user.id})
    return token


# Built once and prepared: every API request runs it. With the database
# snapshot it was read in, which answers kept for the holder are kept under
# (readerpages.py).
_LOAD = prepared(
    select(User, snapshot())
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"), ApiToken.expires_at > func.now())
)


def holder(token: str) -> User | None:
    """The token's holder, or None for an unknown, expired or revoked one.
    The holder may be deactivated, which the API reports apart."""
    if not token:
        return None
    found = db.session.execute(_LOAD, {"digest": digest(token)}).first()
    if found is None:
        return None
    user, user.snapshot = found
    return user


def revoke(token: str) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.token_hash == digest(token)))


def delete_expired() -> int:
    """`flask cleanup`: an expired token authenticates nobody; drop its row."""
    return db.session.execute(
        delete(ApiToken).where(ApiToken.expires_at <= func.now())
    ).rowcount
