"""Server-side login sessions.

The cookie holds a random token; the `user_sessions` row it names is what
makes it valid. Deleting rows is how logout, a password change and a
deactivation end sessions, even for someone who kept a copy of the cookie.
"""

import hashlib
import secrets

from flask import redirect, request, url_for
from flask_login import login_user
from sqlalchemy import delete, select

from ..errors import MESSAGES
from ..extensions import db, login_manager
from ..htmx import is_htmx, render
from ..models import User, UserSession
from ..submissions.keys import clear_session


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=_digest(token), user_id=user.id))
    user.session_token = token


def log_in(user: User, remember: bool = False) -> None:
    """Start a fresh session: whatever the old cookie carried is dropped,
    the CSRF secret included (only the submission-key secret stays)."""
    clear_session()
    start_session(user)
    db.session.commit()
    login_user(user, remember=remember)


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == _digest(token))
        )


def end_all_sessions(user: User, keep: str | None = None) -> None:
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != _digest(keep))
    db.session.execute(query)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user = db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == _digest(token), User.is_active)
    )
    if user is not None:
        user.session_token = token
    return user


def login_url() -> str:
    path = request.full_path if request.method == "GET" else request.path
    return url_for("auth.login", next=path.rstrip("?"))


@login_manager.unauthorized_handler
def unauthorized():
    """Anonymous visitors go to the login page; htmx is told to go there."""
    if is_htmx():
        response = render(
            "errors/error.html", "content", 401, code=401, message=MESSAGES[401]
        )
        response.headers["HX-Redirect"] = login_url()
        return response
    return redirect(login_url())
