"""The emails the account features send. They need absolute links, so
they are built here, next to the views, from text templates."""

from flask import render_template, url_for

from ..mail import send_mail
from ..models import User
from . import tokens


def send_verification(user: User) -> bool:
    link = url_for("auth.verify", token=tokens.make_verify_token(user), _external=True)
    body = render_template("auth/email/verify.txt", user=user, link=link)
    return send_mail(user.email, "Confirm your email address for Phresh", body)


def send_reset(user: User | None) -> None:
    """Email a reset link, if there is an active account to reset. Without
    one the link is still made, so both paths cost about the same."""
    target = user if user is not None and user.is_active else None
    token = tokens.make_reset_token(target or User(id=0, password=""))
    link = url_for("auth.reset_password", token=token, _external=True)
    body = render_template(
        "auth/email/reset.txt",
        user=target,
        link=link,
        hours=int(tokens.RESET_MAX_AGE.total_seconds() // 3600),
    )
    if target is not None:
        send_mail(target.email, "Reset your Phresh password", body)
