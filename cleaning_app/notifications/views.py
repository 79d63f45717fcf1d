"""The notifications pages: the list (opening it marks everything read),
marking all read, the email choices, and one-click unsubscribe."""

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ..auth.redirects import safe_referrer
from ..extensions import csrf, db
from ..feed import cursor
from ..htmx import render
from ..models import NotificationKind, User
from . import preferences, services
from .emails import sentence
from .forms import EmailSettingsForm
from .links import target_path
from .queries import notification_page
from .tokens import read_token

bp = Blueprint("notifications", __name__)

BAD_CURSOR = (
    "That link to older notifications isn't valid. Start again from the newest."
)


@dataclass
class Entry:
    row: object  # a Core row of queries._PAGE
    text: str
    href: str


def _entry(row) -> Entry:
    kind = NotificationKind(row.kind)
    # A message leads to its thread, named by the offer's cleaner.
    cleaner = (
        row.actor_username if row.user_id == row.owner_id else current_user.username
    )
    return Entry(
        row,
        sentence(kind, row.actor_username, row.cleaning_name),
        target_path(kind, row.cleaning_id, cleaner),
    )


@bp.get("/notifications")
@login_required
def index():
    before = request.args.get("before")
    try:
        position = cursor.decode(before) if before is not None else None
    except cursor.BadCursor:
        return render("notifications/index.html", "page", 422, error=BAD_CURSOR)
    page = notification_page(current_user.id, position)
    # Opening the page reads them (CONTRACT): the rows above still say
    # which were new.
    if services.mark_all_read(current_user.id):
        db.session.commit()
    current_user.unread_notifications = 0
    return render(
        "notifications/index.html",
        "page",
        entries=[_entry(row) for row in page.items],
        next_cursor=page.next_cursor,
        first_page=position is None,
    )


@bp.post("/notifications/read")
@login_required
def read():
    services.mark_all_read(current_user.id)
    db.session.commit()
    default = url_for("notifications.index")
    return redirect(safe_referrer(request.referrer, request.host, default), 303)


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = EmailSettingsForm()
    if not form.is_submitted():
        for kind, email in preferences.email_choices(current_user.id).items():
            form[f"email_{kind.value}"].data = email
        return render("notifications/settings.html", form=form)
    if not form.validate():
        return render("notifications/settings.html", "form", 422, form=form)
    for kind, email in form.choices().items():
        preferences.set_email(current_user.id, kind, email)
    db.session.commit()
    flash("Your email choices are saved.", "success")
    return redirect(url_for("notifications.settings"), 303)


def _recipient(token: str) -> tuple[User, NotificationKind | None]:
    found = read_token(token)
    user = found and db.session.get(User, found[0])
    if user is None:
        abort(404)
    return user, found[1]


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    user, kind = _recipient(token)
    return render("notifications/unsubscribe.html", user=user, kind=kind, done=False)


# Mail clients send RFC 8058's one-click POST (`List-Unsubscribe=One-Click`)
# from their own servers: no cookie, no CSRF token, no form key. The signed
# token is the proof, and the only thing it can do, turning one kind of
# email off, is harmless to repeat or to have done by a forged request.
@csrf.exempt
@bp.post("/unsubscribe/<token>")
def unsubscribe_confirm(token: str):
    user, kind = _recipient(token)
    services.unsubscribe(user.id, kind)
    db.session.commit()
    return render("notifications/unsubscribe.html", user=user, kind=kind, done=True)
