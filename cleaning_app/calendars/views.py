"""Calendar downloads: one booked clean's event for its two sides, and a
user's private feed, which calendar apps fetch without a session."""

from datetime import timedelta

from flask import Blueprint, abort, request, url_for
from flask_login import current_user, login_required

from .. import ratelimits as limits
from ..cleanings import booking
from ..extensions import limiter
from . import ics, queries, services

bp = Blueprint("calendars", __name__)

# A feed keeps the past week's cleans too: one that just ended does not
# vanish from the calendar the moment it starts.
RECENT = timedelta(days=7)


@bp.get("/cleanings/<id:cleaning_id>/calendar.ics")
@login_required
def download(cleaning_id: int):
    clean = queries.clean(cleaning_id)
    if clean is None:
        abort(404)
    if current_user.id not in (clean.owner_id, clean.cleaner_id):
        abort(403)
    if clean.cleaner_id is None or clean.starts_at is None:
        abort(404)  # nobody hired or no date: nothing to put in a calendar
    body = ics.calendar([ics.event(clean, _where(clean, current_user.id))])
    return _ics(body, f"phresh-cleaning-{cleaning_id}.ics")


@bp.get("/calendar/<token>.ics")
@limiter.limit(limits.PER_ADDRESS)
def feed(token: str):
    user = services.user_for_token(token)
    if user is None:
        abort(404)
    cleans = queries.booked_cleans(user.id, since=booking.now() - RECENT)
    events = [ics.event(clean, _where(clean, user.id)) for clean in cleans]
    return _ics(ics.calendar(events, name=f"Phresh cleans (@{user.username})"))


def _where(clean, viewer_id: int) -> ics.Where:
    job_url = url_for("cleanings.show", cleaning_id=clean.id, _external=True)
    return ics.Where(viewer_id, job_url, request.host.partition(":")[0])


def _ics(body: bytes, filename: str = "phresh.ics"):
    # The address is in it: no shared cache may keep a copy.
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    }
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", **headers}
