"""Private calendar links.

A link's token is `<user id>-<HMAC-SHA256 of the user id and a random
nonce under SECRET_KEY>`. Only the nonce is stored (`calendar_links`), so
the table alone opens nobody's calendar; renewing draws a new nonce, which
turns the old token into an unknown one. Changing SECRET_KEY renews every
link at once.
"""

import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from ..extensions import db
from ..models import MAX_INTEGER, CalendarLink, User

NONCE_BYTES = 16  # 32 hex digits: calendar_links.nonce
# A user id that fits PostgreSQL's integer, then the MAC: anything else is
# refused before it reaches the database.
_TOKEN = re.compile(r"([1-9][0-9]{0,9})-([0-9a-f]{64})")
_ACTIVE_LINK = (
    select(User.id, User.username, CalendarLink.nonce)
    .join(User, User.id == CalendarLink.user_id)
    .where(User.is_active)
)


def _mac(user_id: int, nonce: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else key.encode()
    message = f"phresh calendar link\0{user_id}\0{nonce}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _token(user_id: int, nonce: str) -> str:
    return f"{user_id}-{_mac(user_id, nonce)}"


def link_token(user_id: int) -> str | None:
    """The user's current token; None before their link exists."""
    nonce = db.session.scalar(
        select(CalendarLink.nonce).where(CalendarLink.user_id == user_id)
    )
    return None if nonce is None else _token(user_id, nonce)


def create_link(user_id: int) -> str:
    """The user's token, making their link if they have none. Two requests
    racing here agree: the second keeps the first one's nonce."""
    db.session.execute(
        insert(CalendarLink)
        .values(user_id=user_id, nonce=secrets.token_hex(NONCE_BYTES))
        .on_conflict_do_nothing(index_elements=[CalendarLink.user_id])
    )
    return link_token(user_id)


def renew_link(user_id: int) -> str:
    """A new token for the user; the old one stops working."""
    nonce = secrets.token_hex(NONCE_BYTES)
    db.session.execute(
        insert(CalendarLink)
        .values(user_id=user_id, nonce=nonce)
        .on_conflict_do_update(
            index_elements=[CalendarLink.user_id], set_={"nonce": nonce}
        )
    )
    return _token(user_id, nonce)


def user_for_token(token: str):
    """The active user (id, username) whose current token this is; None
    for anything else, whatever it holds (compared in constant time)."""
    match = _TOKEN.fullmatch(token)
    if match is None or int(match.group(1)) > MAX_INTEGER:
        return None
    user_id = int(match.group(1))
    found = db.session.execute(
        _ACTIVE_LINK.where(CalendarLink.user_id == user_id)
    ).first()
    if found is None or not hmac.compare_digest(
        _mac(user_id, found.nonce), match.group(2)
    ):
        return None
    return found
