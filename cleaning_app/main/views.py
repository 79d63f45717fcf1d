"""The landing page and the probes a load balancer asks."""

from flask import Blueprint
from sqlalchemy import text

from ..cleanings.queries import newest_open
from ..extensions import db
from ..feed.queries import feed_page
from ..htmx import render

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render(
        "main/index.html",
        events=feed_page(None, 5).events,
        cleanings=newest_open(6),
    )


@bp.get("/healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/readyz")
def readyz():
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SET LOCAL statement_timeout = 1000"))
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure at all means "not ready"
        return (
            "database unavailable",
            503,
            {"Content-Type": "text/plain; charset=utf-8"},
        )
    return "ready", 200, {"Content-Type": "text/plain; charset=utf-8"}
