"""The landing page and the probes a load balancer asks."""

from flask import Blueprint, current_app
from sqlalchemy import text

from ..cleanings.queries import newest_open
from ..extensions import db
from ..feed.queries import feed_page
from ..htmx import render
from ..readerpages import kept_for_reader

bp = Blueprint("main", __name__)

PLAIN_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/")
@kept_for_reader
def index():
    return render(
        "main/index.html",
        events=feed_page(None, 5).events,
        cleanings=newest_open(6),
    )


@bp.get("/healthz")
def healthz():
    return "ok", 200, PLAIN_TEXT


@bp.get("/readyz")
def readyz():
    timeout_ms = int(current_app.config["READYZ_TIMEOUT_MS"])
    try:
        with db.engine.connect() as connection:
            connection.execute(text(f"SET LOCAL statement_timeout = {timeout_ms}"))
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure at all means "not ready"
        return "database unavailable", 503, PLAIN_TEXT
    return "ready", 200, PLAIN_TEXT
