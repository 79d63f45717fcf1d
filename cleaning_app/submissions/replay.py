"""Claiming a submission key, and answering a repeat as the first post was.

A POST with a key claims it before the view runs, by inserting the key's
row into the request's own transaction. The view's commit makes the claim
final together with the action; a failed action never commits, so the key
stays free. A second POST with the key finds the row and gets the first
answer again; while the first is still running, its insert waits on the
primary key until the first commits or rolls back, in whichever worker.

The answer (the redirect's Location) is only known after the view, so it
is written just after it; a repeat that arrives in that instant polls for
it briefly. Htmx requests that were answered with a fragment are replayed
with a full load of the page they were sent from (`HX-Redirect`).
"""

import time
from datetime import timedelta

from flask import current_app, has_request_context, make_response, redirect, request
from flask import session as cookie
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import delete, event, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..auth.redirects import safe_referrer
from ..auth.sessions import log_in
from ..errors import handle_http_error
from ..extensions import db
from ..fragments import holed
from ..htmx import is_htmx
from ..models import FormSubmission, User
from . import keys

WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05
KEEP = timedelta(days=1)
PRUNE_BATCH = 100
REDIRECTS = (301, 302, 303, 307, 308)


def claim_or_replay():
    if request.method != "POST" or request.endpoint in (None, "static"):
        return None
    posted = keys.posted_digest()
    if posted is None:
        return None  # no key: handled as usual
    key, digest = posted
    first = _claim(digest)
    if first is None:
        keys.hold(keys.Claim(key, digest, started_as=cookie.get("_user_id")))
        return None
    _log_in_again(first.user_id)
    return _answer(first.location)


def _claim(digest: str):
    """None once this request holds the key; else the first post's row,
    as soon as its answer is known (or after WAIT_SECONDS, without it)."""
    give_up = time.monotonic() + WAIT_SECONDS
    while True:
        claimed = db.session.scalar(
            insert(FormSubmission)
            .values(key_hash=digest)
            .on_conflict_do_nothing()
            .returning(FormSubmission.key_hash)
        )
        if claimed:
            return None
        first = db.session.execute(
            select(FormSubmission.location, FormSubmission.user_id).where(
                FormSubmission.key_hash == digest
            )
        ).first()
        db.session.rollback()
        if first is None:
            continue  # the first rolled back meanwhile: claim the key again
        if first.location or time.monotonic() > give_up:
            return first
        time.sleep(POLL_SECONDS)


def _log_in_again(user_id: int | None) -> None:
    """A repeated sign-up or login: the browser may never have stored the
    first answer's cookie, so it is logged in here. Safe because the key is
    bound to this browser and its CSRF token was valid: the form was shown
    to this browser since its last login or logout."""
    if user_id is None or current_user.is_authenticated:
        return
    user = db.session.get(User, user_id)
    if user is not None and user.is_active:
        log_in(user, remember=request.form.get("remember", "") not in ("", "false"))


def _answer(location: str | None):
    location = location or _page_posted_from()
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
    else:
        response = redirect(location, 303)
    response.vary.add("HX-Request")
    return response


def _page_posted_from() -> str:
    page = request.headers.get("HX-Current-URL") or request.referrer
    return safe_referrer(page, request.host, "/")


def record_outcome(response):
    """Keep the key once the request acted (it committed, or answered 303)
    with the answer a repeat should get."""
    claim = keys.current_claim()
    if claim is None or not (claim.committed or response.status_code == 303):
        return response  # nothing done: the request's rollback frees the key
    if response.status_code in REDIRECTS and response.location:
        location = response.location
    else:
        location = _page_posted_from()
    try:
        _store(claim.digest, location, _logged_in_by(claim))
        db.session.commit()
    except SQLAlchemyError:
        # The action stands; a repeat just won't know where it led.
        db.session.rollback()
        current_app.logger.exception("Could not record a form submission")
    return response


def _logged_in_by(claim: keys.Claim) -> int | None:
    token = cookie.get("_user_id")
    if token and token != claim.started_as and current_user.is_authenticated:
        return current_user.id
    return None


def _store(digest: str, location: str, user_id: int | None) -> None:
    # An upsert: the view may have rolled back the claim and still succeeded.
    values = {"location": location, "user_id": user_id}
    db.session.execute(
        insert(FormSubmission)
        .values(key_hash=digest, **values)
        .on_conflict_do_update(index_elements=[FormSubmission.key_hash], set_=values)
    )
    # Keys older than a day are forgotten, a batch at a time, skipping rows
    # another request is pruning.
    old = (
        select(FormSubmission.key_hash)
        .where(FormSubmission.created_at < func.now() - KEEP)
        .limit(PRUNE_BATCH)
        .with_for_update(skip_locked=True)
    )
    db.session.execute(delete(FormSubmission).where(FormSubmission.key_hash.in_(old)))


def replay_after_csrf_error(error: CSRFError):
    """Login and logout change the CSRF secret, so a form posted again
    across them (Back and re-submit, a double-click that crossed the new
    cookie) fails CSRF. If it was posted before from this browser, it gets
    the first answer; nothing runs and nobody is logged in."""
    posted = keys.posted_digest() if request.method == "POST" else None
    if posted is not None:
        location = db.session.scalar(
            select(FormSubmission.location).where(FormSubmission.key_hash == posted[1])
        )
        if location:
            return _answer(location)
    return handle_http_error(error)


@event.listens_for(Session, "after_commit")
def _note_commit(session) -> None:
    claim = keys.current_claim() if has_request_context() else None
    if claim is not None:
        claim.committed = True


def register_submissions(app) -> None:
    # After CSRFProtect's check (registered with the extensions).
    app.before_request(claim_or_replay)
    app.after_request(record_outcome)
    app.register_error_handler(CSRFError, replay_after_csrf_error)
    # A hole inside a kept piece (fragments.py), filled per request.
    app.jinja_env.globals["submission_key"] = holed("key", keys.hidden_field)
