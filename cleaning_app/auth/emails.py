"""The emails the account features send. They need absolute links, so
they are built here, next to the views, from text templates, and queued
(cleaning_app/tasks/email.py) in the request's transaction: the view's
commit sends them, a rollback drops them."""

from flask import render_template, url_for

from ..extensions import db
from ..models import User
from ..notifications.emails import unsubscribe_headers, unsubscribe_url
from ..tasks.email import defer_email
from . import tokens

# CONTRACT: every email carries a one-click unsubscribe. An account email
# is no notification: its link and headers turn off every notification
# email (the account's own emails can't be refused: they are asked for).


def send_verification(user: User) -> None:
    """Queue the confirmation link; the caller commits."""
    link = url_for("auth.verify", token=tokens.make_verify_token(user), _external=True)
    body = render_template(
        "auth/email/verify.txt",
        user=user,
        link=link,
        unsubscribe=unsubscribe_url(user.id),
    )
    subject = "Confirm your email address for Phresh"
    defer_email(user.email, subject, body, unsubscribe_headers(user.id))


def send_reset(user: User | None) -> None:
    """Queue a reset link, if there is an active account to reset; the
    caller commits. Without one the link and the email's job are made all
    the same and the job is rolled back to its savepoint, so both paths do
    the same work and take about as long: nobody can time a probe."""
    target = user if user is not None and user.is_active else None
    someone = target or User(id=0, password="")
    token = tokens.make_reset_token(someone)
    link = url_for("auth.reset_password", token=token, _external=True)
    body = render_template(
        "auth/email/reset.txt",
        user=target,
        link=link,
        hours=int(tokens.RESET_MAX_AGE.total_seconds() // 3600),
        unsubscribe=unsubscribe_url(someone.id),
    )
    savepoint = db.session.begin_nested()
    headers = unsubscribe_headers(someone.id)
    defer_email(
        target.email if target else "", "Reset your Phresh password", body, headers
    )
    if target is None:
        savepoint.rollback()
    else:
        savepoint.commit()
