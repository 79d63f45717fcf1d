"""The job owner rates the cleaner who did the job."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from ..cleanings.access import own_cleaning
from ..errors import show_on_form
from ..extensions import db
from ..htmx import render
from ..rules import Refused
from . import services
from .forms import EvaluationForm

bp = Blueprint("evaluations", __name__)


def _page(cleaning, form, cleaner=None, status=200, error=None):
    return render(
        "evaluations/form.html",
        "form",
        status,
        cleaning=cleaning,
        cleaner=cleaner,
        form=form,
        error=error,
    )


@bp.route("/cleanings/<int:cleaning_id>/evaluation", methods=["GET", "POST"])
@login_required
def evaluate(cleaning_id: int):
    cleaning = own_cleaning(cleaning_id, current_user)
    form = EvaluationForm()
    try:
        cleaner = services.offer_to_evaluate(cleaning, current_user).user
    except Refused as refused:
        error = show_on_form(form, refused)
        return _page(cleaning, form, status=refused.status, error=error)
    if not form.is_submitted():
        return _page(cleaning, form, cleaner)
    if not form.validate():
        return _page(cleaning, form, cleaner, 422)
    try:
        services.evaluate(cleaning, current_user, form.to_input())
    except Refused as refused:
        db.session.rollback()
        error = show_on_form(form, refused)
        return _page(cleaning, form, cleaner, refused.status, error)
    db.session.commit()
    flash(f"Thanks! Your review of @{cleaner.username} is published.", "success")
    return redirect(url_for("profiles.show", username=cleaner.username), 303)
