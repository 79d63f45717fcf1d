"""Conversations: an offer's thread, its reply form and its poll."""

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..htmx import is_htmx, render
from ..models import MAX_BIGINT
from ..rules import Refused
from ..validators import whole_number
from . import queries, services
from .forms import MessageForm

bp = Blueprint("messages", __name__)

PATH = "/cleanings/<id:cleaning_id>/offers/<username>/messages"
# How often an open thread asks for new messages (htmx); the browser tests
# shorten it.
POLL_SECONDS = 10


@bp.get(PATH)
@login_required
def thread(cleaning_id: int, username: str):
    """The thread, oldest first; opening it marks the other side's
    messages read. htmx's poll asks with `after` (the last id it has) and
    gets 204 when nothing is new."""
    if is_htmx() and "after" in request.args:
        return _poll(cleaning_id, username, request.args["after"])
    found = _thread(cleaning_id, username)
    fresh = services.mark_read(found, current_user.id)
    db.session.commit()
    return _page(found, MessageForm(formdata=None), fresh=fresh)


@bp.post(PATH)
@login_required
def send(cleaning_id: int, username: str):
    """A new message; 303 back to the thread, or for htmx the messages
    after the sender's last one appended and the form cleared."""
    after = _after(request.form.get("after", "0"))
    found = _thread(cleaning_id, username, after)
    form = MessageForm()
    if not form.validate():
        return _page(found, form, status=422)
    try:
        services.send(found, current_user, form.body.data)
    except Refused as refused:
        db.session.rollback()
        if refused.status != 400:
            raise
        return _page(found, form, status=400, error=refused.message)
    db.session.commit()
    if not is_htmx():
        return redirect(
            url_for(".thread", cleaning_id=cleaning_id, username=username), 303
        )
    # The form again, empty, with a new submission key; what is new since
    # the sender's last message (theirs and the other side's) appended.
    found = _thread(cleaning_id, username, after)
    shown = _shown(found, MessageForm(formdata=None), poller_oob=True)
    services.mark_read(found, current_user.id)
    db.session.commit()
    return render(
        "messages/thread.html", "reply", oob_blocks=["poller", "appended"], **shown
    )


def _poll(cleaning_id: int, username: str, after: str):
    found = _thread(cleaning_id, username, _after(after))
    if not found.messages:
        return "", 204
    shown = _shown(found)
    services.mark_read(found, current_user.id)
    db.session.commit()
    return render("messages/thread.html", "poller", oob_blocks=["appended"], **shown)


def _thread(cleaning_id: int, username: str, after: int = 0) -> queries.Thread:
    found = queries.thread(cleaning_id, username, after)
    if found is None:
        abort(404)
    if not found.has(current_user.id):
        abort(403)
    return found


def _after(value: str) -> int:
    after = whole_number(value, 0, MAX_BIGINT)
    if after is None:
        abort(422)
    return after


def _page(found, form, status=200, error=None, fresh=()):
    """The whole thread page, or for htmx its reply form (a 400 or 422)."""
    shown = _shown(found, form, error=error, fresh=fresh)
    return render("messages/thread.html", "reply", status, **shown)


def _shown(found, form=None, **extra) -> dict:
    """What the thread's template needs; `fresh`: the ids of the messages
    the viewer had not read yet."""
    return {
        "thread": found,
        "form": form,
        "fresh": set(extra.pop("fresh", found.unread_for(current_user.id))),
        "poll_seconds": _poll_seconds(),
        **extra,
    }


def _poll_seconds() -> float:
    return current_app.config.get("MESSAGES_POLL_SECONDS", POLL_SECONDS)
