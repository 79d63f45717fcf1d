"""The logged-in user's own account: changing the password."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from .. import ratelimits as limits
from ..auth import services
from ..auth.sessions import end_all_logins
from ..extensions import db, limiter
from ..htmx import render
from .forms import ChangePasswordForm

bp = Blueprint("account", __name__, url_prefix="/account")

WRONG_CURRENT = "That isn't your current password."


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
