"""Offers: a cleaner offers to clean a job; the owner accepts or rejects;
the cleaner rescinds a pending offer or cancels an accepted one."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required

from ..cleanings.access import own_cleaning
from ..errors import show_on_form
from ..evaluations.stats import rating_summaries
from ..extensions import db
from ..htmx import is_htmx, render
from ..models import Cleaning
from ..rules import Refused
from . import queries, services
from .forms import OfferForm

bp = Blueprint("offers", __name__)


def _job_page(cleaning_id: int):
    return redirect(url_for("cleanings.show", cleaning_id=cleaning_id), 303)


@bp.post("/cleanings/<id:cleaning_id>/offers")
@login_required
def new(cleaning_id: int):
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    form = OfferForm()
    if not form.validate():
        return _offer_form(cleaning, form, 422)
    try:
        services.make_offer(cleaning, current_user, form.message.data)
    except Refused as refused:
        db.session.rollback()
        error = show_on_form(form, refused)
        return _offer_form(cleaning, form, refused.status, error)
    db.session.commit()
    flash("Your offer is sent. The owner will see it on their job.", "success")
    return _job_page(cleaning_id)


def _offer_form(cleaning: Cleaning, form: OfferForm, status: int, error=None):
    """The "Offer to clean" form again, with the submitted message and what
    went wrong; htmx gets only the panel."""
    panel = queries.job_panel(cleaning, current_user)
    return render(
        "offers/new.html",
        "panel",
        status,
        cleaning=cleaning,
        panel=panel,
        offer_form=form,
        offer_error=error,
    )


@bp.get("/cleanings/<id:cleaning_id>/offers")
@login_required
def index(cleaning_id: int):
    cleaning = own_cleaning(cleaning_id, current_user)
    return _offers_page(cleaning)


def _offers_page(cleaning: Cleaning, status: int = 200, error=None, oob_blocks=()):
    panel = queries.job_panel(cleaning, current_user)
    return render(
        "offers/index.html",
        "table",
        status,
        cleaning=cleaning,
        panel=panel.rated(rating_summaries(panel.cleaner_ids)),
        error=error,
        oob_blocks=oob_blocks,
    )


def _answer(cleaning_id: int, username: str, transition, notice: str):
    """Accept or reject: 303 back to the job page, or for htmx the offers
    table again (every row's new status) with the job page's other parts
    that changed, the notice among them, out of band."""
    cleaning = own_cleaning(cleaning_id, current_user)
    try:
        offer = transition(cleaning, current_user, username)
    except Refused as refused:
        if refused.status != 400:
            raise  # no such cleaner or offer: the error page says so
        db.session.rollback()
        return _offers_page(cleaning, 400, error=refused.message)
    name = offer.user.username
    db.session.commit()
    flash(notice.format(name=name), "success")
    if is_htmx():
        return _offers_page(cleaning, oob_blocks=["job_updates"])
    return _job_page(cleaning_id)


@bp.post("/cleanings/<id:cleaning_id>/offers/<username>/accept")
@login_required
def accept(cleaning_id: int, username: str):
    notice = "You accepted @{name}'s offer. The other offers were declined."
    return _answer(cleaning_id, username, services.accept, notice)


@bp.get("/cleanings/<id:cleaning_id>/offers/<username>/accept/confirm")
@login_required
def confirm_accept(cleaning_id: int, username: str):
    """Accepting declines every other pending offer, so it asks first: with
    JavaScript in htmx's dialog, without it on this page, whose form posts
    to `accept`. What the accept would refuse is said here already."""
    cleaning = own_cleaning(cleaning_id, current_user)
    preview = queries.accept_preview(cleaning.id, username)
    if preview is None:
        abort(404)
    if preview.taken is not None:
        error = services.ALREADY_ACCEPTED
    else:
        error = services.accept_refusal(cleaning, preview.offer)
    return render(
        "offers/confirm_accept.html", cleaning=cleaning, preview=preview, error=error
    )


@bp.post("/cleanings/<id:cleaning_id>/offers/<username>/reject")
@login_required
def reject(cleaning_id: int, username: str):
    notice = "You declined @{name}'s offer."
    return _answer(cleaning_id, username, services.reject, notice)


def _my_offer(cleaning_id: int, transition, notice: str):
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    try:
        transition(cleaning, current_user)
    except Refused as refused:
        if refused.status != 400:
            raise  # no offer to change: the error page says so
        db.session.rollback()
        form = OfferForm(formdata=None)
        return _offer_form(cleaning, form, 400, refused.message)
    db.session.commit()
    flash(notice, "success")
    return _job_page(cleaning_id)


@bp.post("/cleanings/<id:cleaning_id>/my-offer/cancel")
@login_required
def cancel(cleaning_id: int):
    notice = "You cancelled your offer. The job is open to other cleaners again."
    return _my_offer(cleaning_id, services.cancel, notice)


@bp.post("/cleanings/<id:cleaning_id>/my-offer/rescind")
@login_required
def rescind(cleaning_id: int):
    return _my_offer(cleaning_id, services.rescind, "You withdrew your offer.")


@bp.get("/offers/mine")
@login_required
def mine():
    return render("offers/mine.html", offers=queries.offers_by(current_user.id))
