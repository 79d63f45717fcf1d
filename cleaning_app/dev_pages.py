"""Pages for a developer's machine only: GET /dev/outbox and
/dev/outbox/<name>, the emails the app wrote to its outbox (no
MAIL_SERVER), newest first, each readable with its links clickable, so a
newcomer can click the verification link. Never in production: 404, as if
the pages did not exist."""

from flask import Blueprint, Flask, abort, current_app

from . import outbox
from .htmx import render
from .mail import outbox_path

bp = Blueprint("dev", __name__, url_prefix="/dev")


def register_dev_pages(app: Flask) -> None:
    """Off production only: there the routes don't exist at all."""
    if not app.config.get("PRODUCTION"):
        app.register_blueprint(bp)


@bp.before_request
def only_off_production():
    # Belt and braces, for an app whose config changed after create_app.
    if current_app.config.get("PRODUCTION"):
        abort(404)


@bp.get("/outbox")
def emails():
    return render("dev/outbox.html", emails=outbox.newest(outbox_path()))


@bp.get("/outbox/<name>")
def email(name: str):
    found = outbox.one(outbox_path(), name)
    if found is None:
        abort(404)
    message, parts = found
    return render("dev/email.html", email=message, parts=parts)
