"""Cleaning jobs: the public listing, posting, editing and deleting a job."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from .. import ratelimits as limits
from ..auth.views import render_field_message
from ..errors import show_on_form
from ..evaluations.stats import rating_summaries
from ..extensions import db, limiter
from ..htmx import render
from ..invitations.queries import invited_to, is_invited
from ..offers.forms import OfferForm
from ..offers.queries import job_panel
from ..readerpages import kept_for_reader
from ..rules import Refused
from . import queries, services
from .access import own_cleaning
from .forms import CleaningForm, FilterForm, filled

bp = Blueprint("cleanings", __name__, url_prefix="/cleanings")
# The job form's fields checked as they are typed (as sign-up's are).
CHECKED = ("date", "start_time", "hours", "area", "address", "bedrooms", "bathrooms")


@bp.get("")
@kept_for_reader
def index():
    form = FilterForm(filled(request.args))
    page, status = None, 422
    if form.validate():
        page, status = queries.listing(form.page.data or 1, **form.criteria()), 200
    return render(
        "cleanings/index.html",
        "results",
        status,
        oob_blocks=["filter_state"],
        form=form,
        page=page,
    )


@bp.get("/mine")
@login_required
@kept_for_reader
def mine():
    jobs = queries.owned_by(current_user.id)
    ratings = rating_summaries(job.cleaner.id for job in jobs if job.cleaner)
    return render("cleanings/mine.html", jobs=[job.rated(ratings) for job in jobs])


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = CleaningForm()
    if not form.is_submitted():
        return render("cleanings/form.html", form=form, cleaning=None)
    if not form.validate():
        return render("cleanings/form.html", "form", 422, form=form, cleaning=None)
    cleaning = services.create(current_user.id, form.values())
    db.session.commit()
    flash("Your job is posted. Cleaners can make offers now.", "success")
    return redirect(url_for(".show", cleaning_id=cleaning.id), 303)


@bp.post("/check/<field>")
@bp.post("/<id:cleaning_id>/check/<field>")
@login_required
@limiter.limit(limits.INLINE_CHECKS)
def check_field(field: str, cleaning_id: int | None = None):
    """Inline validation while typing: the job form's own rules, answered
    as the message under one field. The edit form names its job, so its
    start may stay as it is once passed, as saving the edit allows."""
    kept = None
    if cleaning_id is not None:
        kept = own_cleaning(cleaning_id, current_user).starts_at
    if field not in CHECKED:
        abort(404)
    form = CleaningForm(kept_start=kept)
    form.validate()
    return render_field_message(form[field])


@bp.get("/<id:cleaning_id>")
@kept_for_reader
def show(cleaning_id: int):
    found = queries.job_and_state(cleaning_id)
    if found is None:
        abort(404)
    cleaning, state = found
    is_owner = current_user.is_authenticated and current_user.id == cleaning.owner_id
    is_open = queries.takes_offers(cleaning, state)
    panel = job_panel(cleaning, current_user, is_open=is_open)
    # The street address, like a phone number, only for the two sides.
    hired = panel.mine is not None and panel.mine.is_taken
    return render(
        "cleanings/show.html",
        cleaning=cleaning,
        state=state,
        is_owner=is_owner,
        address=cleaning.address if is_owner or hired else None,
        expired=queries.is_expired(cleaning, state),
        # Only a cleaner's panel has the form; making one mints a CSRF
        # token, which would start a session for every visitor.
        offer_form=OfferForm(formdata=None) if panel.role == "cleaner" else None,
        panel=panel.rated(rating_summaries(panel.cleaner_ids)),
        # Whom the owner invited; "You're invited" for a cleaner yet to offer.
        invited=invited_to(cleaning.id) if is_owner else (),
        invites_me=panel.role == "cleaner"
        and panel.mine is None
        and is_invited(cleaning.id, current_user.id),
    )


@bp.route("/<id:cleaning_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cleaning_id: int):
    cleaning = own_cleaning(cleaning_id, current_user)
    # A POST replaces every field, so a left-out field is blank (or the
    # default kind of clean), never silently kept.
    if request.method == "POST":
        form = CleaningForm(kept_start=cleaning.starts_at)
    else:
        form = CleaningForm.for_job(cleaning)
    if not form.is_submitted():
        return render("cleanings/form.html", form=form, cleaning=cleaning)
    if not form.validate():
        return render("cleanings/form.html", "form", 422, form=form, cleaning=cleaning)
    try:
        changed = services.update(cleaning, form.values())
    except Refused as refused:
        show_on_form(form, refused)
        return render(
            "cleanings/form.html", "form", refused.status, form=form, cleaning=cleaning
        )
    if changed:
        flash("Your changes are saved.", "success")
    db.session.commit()
    return redirect(url_for(".show", cleaning_id=cleaning.id), 303)


@bp.route("/<id:cleaning_id>/delete", methods=["GET", "POST"])
@login_required
def delete(cleaning_id: int):
    """GET asks for confirmation (the no-JavaScript path); POST deletes."""
    cleaning = own_cleaning(cleaning_id, current_user)
    name = cleaning.name
    if request.method == "GET":
        state = queries.state_of(cleaning.id)
        error = services.DELETE_REFUSED if state != queries.OPEN else None
        return render("cleanings/delete.html", cleaning=cleaning, error=error)
    try:
        services.delete(cleaning)
    except Refused as refused:
        return render(
            "cleanings/delete.html",
            status=refused.status,
            cleaning=cleaning,
            error=refused.message,
        )
    db.session.commit()
    flash(f"“{name}” was deleted.", "success")
    return redirect(url_for(".mine"), 303)
