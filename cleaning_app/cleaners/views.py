"""The cleaners' directory: who cleans, where, and how well."""

from flask import Blueprint, request
from flask_login import current_user

from ..cleanings.forms import filled
from ..htmx import render
from ..invitations.queries import jobs_to_invite_to
from ..readerpages import kept_for_reader
from . import queries
from .forms import FilterForm

bp = Blueprint("cleaners", __name__, url_prefix="/cleaners")


@bp.get("")
@kept_for_reader
def index():
    form = FilterForm(filled(request.args))
    page, status = None, 422
    if form.validate():
        page = queries.directory(form.page.data or 1, **form.criteria())
        status = 200
    return render(
        "cleaners/index.html",
        "results",
        status,
        oob_blocks=["filter_state"],
        form=form,
        page=page,
        # "Invite to a job" on each card: the viewer's open jobs, one query.
        invite_jobs=jobs_to_invite_to(current_user),
    )
