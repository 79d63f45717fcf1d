"""The logged-in user's own account: the account page with the private
calendar link, and changing the password."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from .. import ratelimits as limits
from ..auth import services
from ..auth.sessions import end_all_logins
from ..calendars import services as calendars
from ..extensions import db, limiter
from ..htmx import render
from .forms import ChangePasswordForm

bp = Blueprint("account", __name__, url_prefix="/account")

WRONG_CURRENT = "That isn't your current password."


@bp.get("")
@login_required
def index():
    token = calendars.link_token(current_user.id)
    if token is None:  # made the first time it is shown
        token = calendars.create_link(current_user.id)
        db.session.commit()
    link = url_for("calendars.feed", token=token, _external=True)
    return render("account/index.html", calendar_link=link)


@bp.post("/calendar")
@login_required
@limiter.limit(limits.PER_ACCOUNT, key_func=limits.logged_in_user)
def renew_calendar():
    calendars.renew_link(current_user.id)
    db.session.commit()
    flash("Your calendar link is renewed. The old one no longer works.", "success")
    return redirect(url_for("account.index"), 303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.PER_ACCOUNT, key_func=limits.logged_in_user, methods=["POST"])
def password():
    form = ChangePasswordForm(current_user)
    if not form.is_submitted():
        return render("account/password.html", form=form)
    if not form.validate():
        return render("account/password.html", "form", 422, form=form)
    if not services.password_matches(current_user, form.current_password.data):
        form.current_password.errors.append(WRONG_CURRENT)
        return render("account/password.html", "form", 401, form=form)
    services.set_password(current_user, form.new_password.data)
    end_all_logins(current_user, keep=current_user.session_token)
    db.session.commit()
    flash("Your password is changed. Your other devices are logged out.", "success")
    return redirect(url_for("account.password"), 303)
