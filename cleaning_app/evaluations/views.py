"""After the booking: the hired cleaner marks the job done, the owner
rates the cleaner and the cleaner reviews the resident."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from ..cleanings.access import own_cleaning
from ..errors import show_on_form
from ..extensions import db
from ..htmx import render
from ..models import Cleaning
from ..rules import Refused
from . import lifecycle, services
from .forms import ClientReviewForm, EvaluationForm

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


@bp.route("/cleanings/<id:cleaning_id>/evaluation", methods=["GET", "POST"])
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


@bp.post("/cleanings/<id:cleaning_id>/done")
@login_required
def mark_done(cleaning_id: int):
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    # A refusal (403, 400) is the error page with its message (errors.py).
    lifecycle.mark_done(cleaning, current_user)
    db.session.commit()
    flash("Marked done. The owner can rate you now, and you them.", "success")
    return redirect(url_for("cleanings.show", cleaning_id=cleaning_id), 303)


def _review_page(cleaning, form, status=200, error=None, can_post=True):
    return render(
        "evaluations/client_review.html",
        "form",
        status,
        cleaning=cleaning,
        form=form,
        error=error,
        can_post=can_post,
    )


@bp.route("/cleanings/<id:cleaning_id>/client-review", methods=["GET", "POST"])
@login_required
def review_client(cleaning_id: int):
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    form = ClientReviewForm()
    try:
        lifecycle.offer_to_review(cleaning, current_user)
    except Refused as refused:
        if refused.status != 400:
            raise  # not the hired cleaner: the error page says so
        return _review_page(cleaning, form, 400, refused.message, can_post=False)
    if not form.is_submitted():
        return _review_page(cleaning, form)
    if not form.validate():
        return _review_page(cleaning, form, 422)
    try:
        lifecycle.review_client(
            cleaning, current_user, form.rating.data, form.comment.data or ""
        )
    except Refused as refused:
        db.session.rollback()
        return _review_page(cleaning, form, 400, refused.message, can_post=False)
    db.session.commit()
    owner = cleaning.owner.username
    flash(f"Thanks! Your review of @{owner} is published.", "success")
    return redirect(url_for("profiles.show", username=owner), 303)
