"""Signed, expiring tokens for the links we email. Nothing is stored: the
signature (SECRET_KEY plus a salt per purpose) proves we made the token,
and what it carries proves it still applies.

* Verification carries the email address, so a link stops working once the
  address changes.
* A reset carries a fingerprint of the current password hash, so it works
  once: setting the password changes the hash and voids every older link.
"""

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..models import User

VERIFY_SALT = "phresh.auth.verify-email"
RESET_SALT = "phresh.auth.reset-password"
VERIFY_MAX_AGE = timedelta(days=3)
RESET_MAX_AGE = timedelta(hours=1)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def make_verify_token(user: User) -> str:
    return _serializer(VERIFY_SALT).dumps({"user": user.id, "email": user.email})


def make_reset_token(user: User) -> str:
    fingerprint = password_fingerprint(user.password)
    return _serializer(RESET_SALT).dumps({"user": user.id, "password": fingerprint})


def _payload(token: str, salt: str, max_age: timedelta) -> dict | None:
    """The token's contents, or None when it is forged, garbled or expired."""
    try:
        data = _serializer(salt).loads(token, max_age=int(max_age.total_seconds()))
    except BadData:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    return data


def _user(user_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.id == user_id))


def user_to_verify(token: str) -> User | None:
    data = _payload(token, VERIFY_SALT, VERIFY_MAX_AGE)
    user = _user(data["user"]) if data else None
    if user is None or user.email.lower() != str(data.get("email", "")).lower():
        return None
    return user


def user_to_reset(token: str) -> User | None:
    """The active user the token was made for, if their password is still
    the one it was made against."""
    data = _payload(token, RESET_SALT, RESET_MAX_AGE)
    user = _user(data["user"]) if data else None
    if user is None or not user.is_active:
        return None
    if data.get("password") != password_fingerprint(user.password):
        return None
    return user
