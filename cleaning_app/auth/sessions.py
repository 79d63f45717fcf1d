"""Server-side login sessions.

The cookie holds a random token; the `user_sessions` row it names is what
makes it valid. Deleting rows is how logout, a password change and a
deactivation end sessions, even for someone who kept a copy of the cookie.
Sessions also end by themselves: LIFETIME after login, or, without
remember-me, IDLE after the last visit (a browser that restores its tabs
keeps a "session" cookie for ever, so the server decides).
"""

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, redirect, request, url_for
from flask_login import login_user
from sqlalchemy import (
    Text,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from ..errors import MESSAGES
from ..extensions import db
from ..htmx import is_htmx, render
from ..models import ApiToken, User, UserSession
from ..notifications.queries import unread_count
from ..prepared import prepared
from ..submissions.keys import clear_session

LIFETIME = timedelta(days=30)  # the remember-me cookie lasts as long
IDLE = timedelta(days=14)
# How stale `last_seen_at` may get before a visit writes it: an hour is
# precision enough for a 14-day limit, and most requests write nothing.
SEEN_EVERY = timedelta(hours=1)


def digest(token: str) -> str:
    """What is stored of a login's token (a session's or the API's)."""
    return hashlib.sha256(token.encode()).hexdigest()


# Built once and prepared: every login runs it. Core, on the table: the
# ORM's unit of work cost more CPU than the insert.
_START = prepared(
    insert(UserSession.__table__).values(
        token_hash=bindparam("digest"),
        user_id=bindparam("user_id"),
        remember=bindparam("remember"),
        expires_at=func.now() + LIFETIME,
    )
)


def start_session(user: User, remember: bool = False) -> None:
    token = secrets.token_urlsafe(32)
    values = {"digest": digest(token), "user_id": user.id, "remember": remember}
    db.session.execute(_START, values)
    user.session_token = token


def log_in(user: User, remember: bool = False) -> None:
    """Start a fresh session for an active user (every caller has checked):
    whatever the old cookie carried is dropped, the CSRF secret included
    (only the submission-key secret stays)."""
    clear_session()
    start_session(user, remember)
    db.session.commit()
    # force: is_active is checked, and Flask-Login asking again would load
    # the user anew after the commit.
    login_user(user, remember=remember, duration=LIFETIME, force=True)


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == digest(token))
        )


def end_all_logins(user: User, keep: str | None = None) -> None:
    """A new password or a deactivation: every cookie session of the user
    ends (but the one whose token is `keep`), and every API token."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != digest(keep))
    db.session.execute(query)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def load_user(token: str) -> User | None:
    found = db.session.execute(_LOAD_USER, {"digest": digest(token)}).first()
    if found is None:
        return None
    user, session_id, stale, unread, snapshot = found
    if stale:
        _seen(session_id)
    user.session_token = token
    user.unread_notifications = unread
    user.snapshot = snapshot
    return user


def _live():
    """A session that has not ended, in SQL: the loader's rule and the
    cleanup's (its negation)."""
    return and_(
        UserSession.expires_at > func.now(),
        or_(UserSession.remember, UserSession.last_seen_at > func.now() - IDLE),
    )


def _named_live_session():
    """The session the cookie's token names (`digest`), when it still logs
    its user in."""
    return and_(UserSession.token_hash == bindparam("digest"), User.is_active, _live())


def _visit_to_note():
    return UserSession.last_seen_at < func.now() - SEEN_EVERY


def snapshot():
    """The database snapshot a query is read in, as text: what kept pages
    and API answers are kept under (readerpages.py)."""
    return cast(func.pg_current_snapshot(), Text)


# Built once: every signed-in request runs it, and building the statement
# and its cache key cost more CPU than the query (1.8 ms against 0.7 ms a
# call, most of the rest being the connection and the User object). It
# also brings the navigation's unread count (capped, from a partial index),
# so no page spends a query of its own on it, and the database snapshot it
# was read in, which pages kept for a reader are kept under (readerpages.py).
# Prepared (prepared.py): planning it cost PostgreSQL five times what
# running it does.
_LOAD_USER = prepared(
    select(
        User,
        UserSession.id,
        _visit_to_note(),
        unread_count(User.id),
        snapshot(),
    )
    .join(UserSession, UserSession.user_id == User.id)
    .where(_named_live_session())
)


# What a page kept for its reader needs of a session (readerpages.py): who,
# and the snapshot, without the User object and the ORM session, which cost
# more than the rest of serving a kept page. Only a live session with a
# recent visit: any other is left to load_user, which notes the visit.
_READER = prepared(
    select(UserSession.user_id, snapshot())
    .join(User, User.id == UserSession.user_id)
    .where(_named_live_session(), ~_visit_to_note())
)


def reader_of(token: str) -> tuple[int, str] | None:
    """The user id a session token names and the database snapshot, or
    None (unknown, ended, or a visit to note: load_user's to handle)."""
    with db.engine.connect() as connection:
        return connection.execute(_READER, {"digest": digest(token)}).first()


def _seen(session_id: int) -> None:
    """Note the visit in a transaction of its own: a GET commits nothing,
    and the request's own work must not be committed early for this."""
    with db.engine.begin() as connection:
        connection.execute(
            update(UserSession)
            .where(UserSession.id == session_id)
            .values(last_seen_at=func.now())
        )


def delete_ended_sessions() -> int:
    """Delete the rows of sessions that have ended; how many there were."""
    return db.session.execute(delete(UserSession).where(~_live())).rowcount


def login_url() -> str:
    path = request.full_path if request.method == "GET" else request.path
    return url_for("auth.login", next=path.rstrip("?"))


def unauthorized():
    """Anonymous visitors go to the login page; htmx is told to go there."""
    if is_htmx():
        response = render(
            "errors/error.html", "content", 401, code=401, message=MESSAGES[401]
        )
        response.headers["HX-Redirect"] = login_url()
        return response
    return redirect(login_url())


def register_login(app: Flask) -> None:
    """Flask-Login asks here which user a cookie names and what an
    anonymous visitor to a login-only page gets."""
    app.login_manager.user_loader(load_user)
    app.login_manager.unauthorized_handler(unauthorized)
