"""User administration, for superusers only."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ..auth.redirects import safe_referrer
from ..auth.services import find_by_username
from ..extensions import db
from ..htmx import render
from . import services
from .forms import UserSearchForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def superuser_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_superuser:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/users")
@superuser_required
def users():
    form = UserSearchForm(request.args)
    if not form.validate():
        return render("admin/users.html", "results", 422, form=form, pagination=None)
    pagination = services.search_users((form.q.data or "").strip(), form.page.data or 1)
    return render("admin/users.html", "results", form=form, pagination=pagination)


def _user_or_404(username: str):
    user = find_by_username(username)
    if user is None:
        abort(404)
    return user


def _back_to_list():
    """Back to the list, keeping its search and page when it was posted from there."""
    default = url_for("admin.users")
    back = safe_referrer(request.referrer, request.host, default)
    return redirect(back if back.split("?")[0] == default else default, 303)


@bp.post("/users/<username>/deactivate")
@superuser_required
def deactivate(username: str):
    user = _user_or_404(username)
    services.deactivate(user, acting=current_user)
    db.session.commit()
    flash(f"@{user.username} is deactivated and logged out everywhere.", "success")
    return _back_to_list()


@bp.post("/users/<username>/activate")
@superuser_required
def activate(username: str):
    user = _user_or_404(username)
    services.activate(user)
    db.session.commit()
    flash(f"@{user.username} is active again.", "success")
    return _back_to_list()
