"""Public profiles and the owner's edit form."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required

from .. import ratelimits as limits
from ..auth.services import find_by_username
from ..auth.views import render_field_message
from ..cleanings.queries import open_jobs_of
from ..errors import show_on_form
from ..evaluations.stats import cleaner_stats, client_reputation
from ..extensions import db, limiter
from ..htmx import is_htmx, render
from ..invitations.queries import jobs_to_invite_to
from ..models import Role
from ..readerpages import kept_for_reader
from ..rules import Refused
from ..validators import whole_number
from . import avatars, services
from .forms import ProfileForm

bp = Blueprint("profiles", __name__, url_prefix="/profiles")

OPEN_JOBS_SHOWN = 20
# The cleaner fields, checked as they are typed (as sign-up's are).
CHECKED = ("services", "hourly_rate", "areas", "available_days")

MAX_PAGE = 999_999


@bp.app_template_global()
def avatar_initials(user) -> str:
    profile = user.profile
    return avatars.initials(user.username, profile.full_name if profile else "")


@bp.app_template_global()
def avatar_colour(user) -> str:
    return avatars.colour_class(user.username)


def _page_number() -> int:
    page = whole_number(request.args.get("page", "1"), 1, MAX_PAGE)
    if page is None:
        abort(422)
    return page


@bp.get("/<username>")
@kept_for_reader
def show(username: str):
    page = _page_number()
    user = find_by_username(username, with_profile=True)
    if user is None:
        abort(404)
    reviews = services.recent_evaluations(user.id, page)
    if is_htmx():
        # "Load more" only needs the next reviews, not the whole profile.
        return render("profiles/show.html", "reviews", user=user, reviews=reviews)
    return render(
        "profiles/show.html",
        user=user,
        reviews=reviews,
        stats=cleaner_stats(user.id),
        client=client_reputation(user.id),
        # A deactivated user's jobs leave public view with the listing.
        jobs=open_jobs_of(user.id, OPEN_JOBS_SHOWN),
        invite_jobs=_invite_jobs(user),
    )


def _invite_jobs(user) -> list:
    """The viewer's open jobs for "Invite to a job", when `user` is a
    cleaner they could invite; else none, and no query."""
    viewer = current_user
    if not viewer.is_authenticated or viewer.id == user.id:
        return []
    if not (user.is_active and user.role.cleans and user.cleaner_profile):
        return []
    return jobs_to_invite_to(viewer)


@bp.route("/me/edit", methods=["GET", "POST"])
@login_required
def edit():
    form = ProfileForm.for_user(current_user)
    if not form.is_submitted():
        return render("profiles/edit.html", form=form)
    if not form.validate():
        return render("profiles/edit.html", "form", 422, form=form)
    services.update_profile(current_user, form.to_input())
    try:
        services.update_role(
            current_user,
            Role(form.role.data),
            form.cleaner_values() if form.cleans else None,
        )
    except Refused as refused:
        show_on_form(form, refused)
        return render("profiles/edit.html", "form", refused.status, form=form)
    db.session.commit()
    return redirect(url_for("profiles.show", username=current_user.username), 303)


@bp.post("/me/check/<field>")
@login_required
@limiter.limit(limits.INLINE_CHECKS)
def check_field(field: str):
    """Inline validation while typing or ticking: the profile form's own
    rules, answered as the message under one field."""
    if field not in CHECKED:
        abort(404)
    form = ProfileForm.for_user(current_user)
    form.validate()
    return render_field_message(form[field])
