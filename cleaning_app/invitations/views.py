"""Inviting a cleaner to offer on one of your open jobs."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from ..auth.redirects import safe_next
from ..cleanings.access import own_cleaning
from ..extensions import db
from ..htmx import is_htmx, render
from ..models import Cleaning
from ..rules import Refused
from . import services
from .forms import ChosenJobInviteForm, InviteForm

bp = Blueprint("invitations", __name__)


@bp.post("/cleanings/<id:cleaning_id>/invite")
@login_required
def new(cleaning_id: int):
    cleaning = own_cleaning(cleaning_id, current_user)
    form = InviteForm()
    if not form.validate():
        return _refused(form, cleaning, 422, _first_error(form))
    return _invite(cleaning, form)


@bp.post("/invitations")
@login_required
def choose():
    """The "Invite to a job" control on profiles and directory cards."""
    form = ChosenJobInviteForm()
    if not form.validate():
        return _refused(form, None, 422, _first_error(form))
    return _invite(own_cleaning(form.cleaning_id.data, current_user), form)


def _invite(cleaning: Cleaning, form: InviteForm):
    """The invitation, once the job is the owner's and the form is valid."""
    try:
        cleaner = services.invite(cleaning, current_user, form.username.data)
    except Refused as refused:
        if refused.status != 400:
            raise  # no such user: the error page says so
        db.session.rollback()
        return _refused(form, cleaning, 400, refused.message)
    db.session.commit()
    if is_htmx():
        # The control becomes "Invited" in place; the page stays.
        return render(
            "invitations/result.html", "control", cleaning=cleaning, cleaner=cleaner
        )
    flash(f"You invited @{cleaner.username} to “{cleaning.name}”.", "success")
    return redirect(_back(form, cleaning.id), 303)


def _back(form: InviteForm, cleaning_id: int) -> str:
    return safe_next(form.next.data, url_for("cleanings.show", cleaning_id=cleaning_id))


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _refused(form: InviteForm, cleaning, status: int, error: str):
    """What went wrong, in place of the control (htmx) or on a page of its
    own with the way back."""
    back = _back(form, cleaning.id) if cleaning else safe_next(form.next.data, "/")
    return render(
        "invitations/result.html",
        "control",
        status,
        cleaning=cleaning,
        error=error,
        back=back,
    )
