"""The job owner rates the cleaner who did the job."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..htmx import render
from ..models import Cleaning
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
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    form = EvaluationForm()
    try:
        cleaner = services.offer_to_evaluate(cleaning, current_user).user
    except services.NotOwner:
        abort(403)
    except services.CannotEvaluate as problem:
        return _page(cleaning, form, status=400, error=str(problem))
    if not form.is_submitted():
        return _page(cleaning, form, cleaner)
    if not form.validate():
        return _page(cleaning, form, cleaner, 422)
    try:
        services.evaluate(cleaning, current_user, form.to_input())
    except services.CannotEvaluate as problem:
        db.session.rollback()
        return _page(cleaning, form, cleaner, 400, str(problem))
    db.session.commit()
    flash(f"Thanks! Your review of @{cleaner.username} is published.", "success")
    return redirect(url_for("profiles.show", username=cleaner.username), 303)
